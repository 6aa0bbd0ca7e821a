// A short program written against the TypeScript client that @hey-api/openapi-ts generates
// from the /openapi.json a running restrictd serves (tests/contract/client.sh BASE_URL). It
// uses the client's own types without a single type assertion: if the contract does not
// say what the server answers, it fails to compile (tsc --strict) or fails here.
import {
  changes,
  check,
  getRuling,
  getSubject,
  listSubjects,
  readyz,
  type CheckAnswer,
} from './client';
import { client } from './client/client.gen';

const base = process.argv[2];
if (!base) {
  console.error('usage: main.ts BASE_URL (a token in RESTRICTD_TOKEN)');
  process.exit(2);
}
// The token goes only where the contract declares security (every route but the open ones):
// with RESTRICTD_READ_TOKENS=1 the public routes answer 401 without it.
const token = process.env['RESTRICTD_TOKEN'];
client.setConfig(token ? { baseUrl: base, auth: token } : { baseUrl: base });

const failures: string[] = [];
let passed = 0;
function expect(ok: boolean, what: string): void {
  if (ok) passed++;
  else failures.push(what);
}

// The answer of a call, or a failure naming the problem the server gave instead.
function ok<T>(what: string, r: { data?: T; error?: unknown; response?: Response }): T | undefined {
  if (r.data === undefined) {
    failures.push(`${what}: HTTP ${r.response?.status ?? 'no answer'}: ${JSON.stringify(r.error)}`);
    return undefined;
  }
  return r.data;
}

// GET /v1/check: Kaspersky Lab on 2024-10-01 is restricted.
const checked = await check({ query: { name: 'Kaspersky Lab', as_of: '2024-10-01' } });
const verdict = ok('check Kaspersky Lab', checked);
let answer: CheckAnswer | undefined;
if (verdict !== undefined) {
  if ('view' in verdict) failures.push('check: the compact view without view=compact');
  else answer = verdict;
}
if (answer) {
  expect(answer.verdict === 'restricted', `check: verdict ${answer.verdict}, not restricted`);
  expect(answer.restricted, 'check: restricted is false');
  expect(answer.match?.id === 'ao-kaspersky-lab', `check: matched ${answer.match?.id}`);
  expect(answer.since !== null && answer.since < '2024-10-01', `check: since ${answer.since}`);
  expect(answer.rulings.length > 0, 'check: no rulings in effect');
  expect(answer.query.as_of === '2024-10-01T23:59:59Z', `check: as_of ${answer.query.as_of}`);
  const revision = checked.response.headers.get('X-Data-Revision');
  expect(revision === String(answer.revision), `check: X-Data-Revision ${revision}, revision ${answer.revision}`);
  expect(/^"[0-9a-f]{16}(-gzip)?"$/.test(checked.response.headers.get('ETag') ?? ''), 'check: no ETag');
}

// A refused question is a problem document naming the parameter.
const refused = await check({ query: { name: 'Kaspersky Lab', as_of: 'yesterday' } });
expect(refused.response.status === 400, `check as_of=yesterday: HTTP ${refused.response.status}`);
const problem = refused.error;
expect(problem?.type === '/problems/invalid-parameter', `check as_of=yesterday: type ${problem?.type}`);
expect(problem?.errors?.some((e) => e.field === 'as_of') ?? false, 'check as_of=yesterday: as_of not named');

// GET /v1/subjects: a search, then its next page through the cursor.
const page = ok('subjects q=kaspersky', await listSubjects({ query: { q: 'kaspersky', limit: 2 } }));
if (page !== undefined) {
  expect(page.items.length === 2, `subjects: ${page.items.length} items`);
  expect(page.items.every((s) => s.match !== null && s.name.length > 0), 'subjects: an item without match');
  const cursor = page.next_cursor;
  if (cursor === null) {
    failures.push('subjects: no next page');
  } else {
    const next = ok('subjects, page 2', await listSubjects({ query: { q: 'kaspersky', limit: 2, cursor } }));
    const first = new Set(page.items.map((s) => s.id));
    expect(next !== undefined && next.items.every((s) => !first.has(s.id)), 'subjects: page 2 repeats page 1');
  }
}

// GET /v1/subjects/{id}: one that does not exist is 404 /problems/not-found.
const missing = await getSubject({ path: { id: 'no-such-subject' } });
expect(missing.response.status === 404 && missing.error?.type === '/problems/not-found', 'subject: not a 404');

// GET /v1/rulings/{id}: a ruling the check answer named.
const rulingId = answer?.rulings[0]?.id;
if (rulingId !== undefined) {
  const ruling = ok(`ruling ${rulingId}`, await getRuling({ path: { id: rulingId } }));
  if (ruling !== undefined) {
    expect(ruling.id === rulingId, `ruling: id ${ruling.id}`);
    expect(ruling.source.id.length > 0 && ruling.effective_from.length > 0, 'ruling: no source or start');
    expect(['prohibited', 'restricted', 'advisory', 'exempt'].includes(ruling.status), `ruling: status ${ruling.status}`);
  }
}

// GET /v1/changes: the feed from the start, a page of five.
const feed = ok('changes', await changes({ query: { since: 0, limit: 5 } }));
if (feed !== undefined) {
  expect(feed.changes.length === 5, `changes: ${feed.changes.length} changes`);
  const revisions = feed.changes.map((c) => c.revision);
  expect(revisions.every((r, i) => i === 0 || r > (revisions[i - 1] ?? r)), 'changes: revisions not increasing');
  expect(feed.last_revision === revisions[revisions.length - 1], 'changes: last_revision');
  expect(feed.next !== null, 'changes: no next link');
}

// GET /readyz: ready, with rulings.
const ready = ok('readyz', await readyz());
if (ready !== undefined) {
  expect(ready.status === 'ready' && ready.rulings > 0 && ready.subjects > 0, 'readyz: not ready');
  expect(ready.database === 'reachable', `readyz: database ${ready.database}`);
}

for (const f of failures) console.error(`FAIL ${f}`);
console.log(`generated client: ${passed} checks passed, ${failures.length} failed`);
process.exit(failures.length ? 1 : 0);
