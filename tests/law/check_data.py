#!/usr/bin/env python3
"""Checks a data set in format restrictd-rulings/2 (docs/decisions/0007) without the server.

    tests/law/check_data.py [deploy/rulings.json] [rulings/parties.c]

Checks the JSON shape of every record (unknown fields are errors, as in the C parser), that
ids are unique slugs, that every reference resolves (parents, a ruling's subject and source,
quote_source, exempts), that every party, purpose and category code is in the tables of
rulings/parties.c, that instants are UTC RFC 3339 and effective_until > effective_from, that
suspensions lie inside the ruling's window, that exempt rulings name what they carve out of,
and that a quote always says whether it is verbatim. Prints every problem with its path and
exits 1 if there is any, else prints the counts and exits 0.
"""
import datetime
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SLUG = re.compile(r'^[a-z0-9][a-z0-9._-]{0,99}$')
CODE = re.compile(r'^[a-z0-9][a-z0-9-]*$')
INSTANT = re.compile(r'^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$')
DAY = re.compile(r'^\d{4}-\d{2}-\d{2}$')
COUNTRY = re.compile(r'^[A-Z]{2}$')

SOURCE_KINDS = {'final_determination', 'entity_list', 'statute', 'directive', 'sanctions', 'advisory',
                'regulation', 'covered_list', 'government_decision', 'press_release'}
SUBJECT_KINDS = {'organization', 'product', 'person', 'category'}
RELATIONS = {'subsidiary_of', 'product_of', 'incorporates', 'successor_of'}
ALIAS_KINDS = {'legal', 'former', 'brand', 'transliteration', 'domain', 'typo'}
STATUSES = {'prohibited', 'restricted', 'advisory', 'exempt'}

SOURCE_FIELDS = ({'id', 'authority', 'jurisdiction', 'kind', 'title', 'citation'},
                 {'document', 'signed_on', 'published_on', 'url', 'summary'})
SUBJECT_FIELDS = ({'id', 'kind', 'name'}, {'country', 'parent', 'relation', 'note', 'aliases', 'categories', 'identifiers'})
ALIAS_FIELDS = ({'alias', 'kind'}, {'lang'})
RULING_FIELDS = ({'id', 'subject', 'source', 'status', 'measure', 'binds', 'effective_from'},
                 {'affects', 'reach', 'condition', 'effective_until', 'suspensions', 'certainty', 'exempts',
                  'quote', 'quote_verbatim', 'quote_source', 'note'})


def vocabularies(parties_c):
    """The codes of the three tables in rulings/parties.c, read from the C source so that the
    check and the server cannot disagree."""
    text = Path(parties_c).read_text(encoding='utf-8')
    tables = {}
    for name in ('party_entries', 'purpose_entries', 'category_entries'):
        m = re.search(r'\b' + name + r'\[\]\s*=\s*\{(.*?)\n\};', text, re.S)
        if not m:
            sys.exit(f'{parties_c}: table {name} not found')
        body = re.sub(r'/\*.*?\*/', '', m.group(1), flags=re.S)
        tables[name] = re.findall(r'\{\s*"([a-z0-9-]+)"\s*,', body)
    return set(tables['party_entries']), set(tables['purpose_entries']), set(tables['category_entries'])


class Checker:
    def __init__(self, parties, purposes, categories):
        self.parties, self.purposes, self.categories = parties, purposes, categories
        self.problems = []

    def bad(self, path, message):
        self.problems.append(f'{path}: {message}')

    def fields(self, obj, path, spec):
        required, optional = spec
        if not isinstance(obj, dict):
            self.bad(path, 'must be an object')
            return False
        for k in required - obj.keys():
            self.bad(f'{path}.{k}', 'required')
        for k in obj.keys() - required - optional:
            self.bad(f'{path}.{k}', 'unknown field')
        return True

    def text(self, obj, key, path, required=True):
        v = obj.get(key)
        if v is None:
            if required:
                self.bad(f'{path}.{key}', 'required')
            return
        if not isinstance(v, str) or not v.strip():
            self.bad(f'{path}.{key}', 'must be a non-empty string')

    def day(self, v, path):
        if not isinstance(v, str) or not DAY.match(v):
            self.bad(path, 'must be YYYY-MM-DD')
            return
        try:
            datetime.date.fromisoformat(v)
        except ValueError:
            self.bad(path, 'not a calendar date')

    def instant(self, v, path):
        if not isinstance(v, str) or not INSTANT.match(v):
            self.bad(path, 'must be an instant YYYY-MM-DDTHH:MM:SSZ')
            return None
        try:
            return datetime.datetime.strptime(v, '%Y-%m-%dT%H:%M:%SZ')
        except ValueError:
            self.bad(path, 'not a valid instant')
            return None

    def codes(self, v, path, vocab, what):
        if not isinstance(v, list) or not all(isinstance(c, str) for c in v):
            self.bad(path, 'must be an array of codes')
            return []
        for i, c in enumerate(v):
            if c not in vocab:
                self.bad(f'{path}[{i}]', f'unknown {what} code "{c}"')
        if len(set(v)) != len(v):
            self.bad(path, 'repeats a code')
        return v


def check_source(ck, s, path):
    if not ck.fields(s, path, SOURCE_FIELDS):
        return
    for k in ('authority', 'title', 'citation'):
        ck.text(s, k, path)
    for k in ('document', 'summary'):
        ck.text(s, k, path, required=False)
    if s.get('kind') not in SOURCE_KINDS:
        ck.bad(f'{path}.kind', f'unknown source kind "{s.get("kind")}"')
    j = s.get('jurisdiction')
    if not (isinstance(j, str) and (COUNTRY.match(j) or j == 'EU')):
        ck.bad(f'{path}.jurisdiction', 'must be ISO 3166-1 alpha-2 or EU')
    for k in ('signed_on', 'published_on'):
        if k in s:
            ck.day(s[k], f'{path}.{k}')
    if 'url' in s and not re.match(r'^https?://\S+$', str(s['url'])):
        ck.bad(f'{path}.url', 'must be an http(s) URL')


def check_subject(ck, s, path):
    if not ck.fields(s, path, SUBJECT_FIELDS):
        return
    ck.text(s, 'name', path)
    kind = s.get('kind')
    if kind not in SUBJECT_KINDS:
        ck.bad(f'{path}.kind', f'unknown subject kind "{kind}"')
    if ('parent' in s) != ('relation' in s):
        ck.bad(path, 'parent and relation go together')
    if 'relation' in s and s['relation'] not in RELATIONS:
        ck.bad(f'{path}.relation', f'unknown relation "{s["relation"]}"')
    if s.get('parent') == s.get('id'):
        ck.bad(f'{path}.parent', 'a subject is not its own parent')
    if 'country' in s and not COUNTRY.match(str(s['country'])):
        ck.bad(f'{path}.country', 'must be ISO 3166-1 alpha-2')
    if 'categories' in s:
        ck.codes(s['categories'], f'{path}.categories', ck.categories, 'category')
        if kind not in ('product', 'category'):
            ck.bad(f'{path}.categories', 'only products and categories have categories')
    if kind == 'category':
        if not s.get('categories'):
            ck.bad(f'{path}.categories', 'a category subject needs at least one category')
        for k in ('parent', 'aliases'):
            if k in s:
                ck.bad(f'{path}.{k}', 'a category subject is never found by name and has no group')
    for i, a in enumerate(s.get('aliases', [])):
        apath = f'{path}.aliases[{i}]'
        if ck.fields(a, apath, ALIAS_FIELDS):
            ck.text(a, 'alias', apath)
            if a.get('kind') not in ALIAS_KINDS:
                ck.bad(f'{apath}.kind', f'unknown alias kind "{a.get("kind")}"')


def check_reach(ck, r, path):
    if not isinstance(r, dict):
        ck.bad(path, 'must be an object')
        return
    for k in r.keys() - {'group', 'products', 'incorporating'}:
        ck.bad(f'{path}.{k}', 'unknown field')
    for k in ('group', 'incorporating'):
        if k in r and not isinstance(r[k], bool):
            ck.bad(f'{path}.{k}', 'must be true or false')
    p = r.get('products', 'all')
    if isinstance(p, list):
        if not p:
            ck.bad(f'{path}.products', 'an empty list: write "none"')
        ck.codes(p, f'{path}.products', ck.categories, 'category')
    elif p not in ('all', 'none'):
        ck.bad(f'{path}.products', 'must be "all", "none" or an array of categories')


def check_condition(ck, c, path):
    if not isinstance(c, dict):
        ck.bad(path, 'must be an object')
        return
    for k in c.keys() - {'code', 'text', 'purposes'}:
        ck.bad(f'{path}.{k}', 'unknown field')
    if not CODE.match(str(c.get('code', ''))):
        ck.bad(f'{path}.code', 'must be a lower-case code')
    ck.text(c, 'text', path)
    if 'purposes' in c:
        if not c['purposes']:
            ck.bad(f'{path}.purposes', 'must not be empty (leave it out instead)')
        ck.codes(c['purposes'], f'{path}.purposes', ck.purposes, 'purpose')


def check_ruling(ck, r, path, ids):
    if not ck.fields(r, path, RULING_FIELDS):
        return
    if r.get('subject') not in ids['subjects']:
        ck.bad(f'{path}.subject', f'no subject "{r.get("subject")}"')
    if r.get('source') not in ids['sources']:
        ck.bad(f'{path}.source', f'no source "{r.get("source")}"')
    if r.get('status') not in STATUSES:
        ck.bad(f'{path}.status', f'unknown status "{r.get("status")}"')
    m = r.get('measure')
    if not isinstance(m, dict) or m.keys() != {'code', 'text'}:
        ck.bad(f'{path}.measure', 'must be {"code", "text"}')
    else:
        if not CODE.match(str(m['code'])):
            ck.bad(f'{path}.measure.code', 'must be a lower-case code')
        ck.text(m, 'text', f'{path}.measure')
    binds = ck.codes(r.get('binds', []), f'{path}.binds', ck.parties, 'party')
    affects = ck.codes(r.get('affects', []), f'{path}.affects', ck.parties, 'party')
    if not binds and not affects:
        ck.bad(f'{path}.binds', 'binds and affects are both empty: say whom the ruling concerns')
    if set(binds) & set(affects):
        ck.bad(f'{path}.affects', 'a party is either bound or affected, not both')
    if 'reach' in r:
        check_reach(ck, r['reach'], f'{path}.reach')
    if 'condition' in r:
        check_condition(ck, r['condition'], f'{path}.condition')
    start = ck.instant(r.get('effective_from'), f'{path}.effective_from')
    end = None
    if r.get('effective_until') is not None:
        end = ck.instant(r['effective_until'], f'{path}.effective_until')
        if start and end and end <= start:
            ck.bad(f'{path}.effective_until', 'must be after effective_from')
    for i, w in enumerate(r.get('suspensions', [])):
        wpath = f'{path}.suspensions[{i}]'
        if not isinstance(w, dict) or w.keys() - {'from', 'until', 'note'} or 'from' not in w:
            ck.bad(wpath, 'must be {"from", "until", "note"}')
            continue
        a = ck.instant(w['from'], f'{wpath}.from')
        b = ck.instant(w['until'], f'{wpath}.until') if w.get('until') is not None else None
        if a and start and a < start:
            ck.bad(f'{wpath}.from', 'before effective_from')
        if a and b and b <= a:
            ck.bad(f'{wpath}.until', 'must be after from')
        if end and (b is None or b > end):
            ck.bad(f'{wpath}.until', 'after effective_until')
    if r.get('certainty', 'known') not in ('known', 'unknown'):
        ck.bad(f'{path}.certainty', 'must be "known" or "unknown"')
    if r.get('status') == 'exempt':
        ex = r.get('exempts')
        if not isinstance(ex, list) or not ex:
            ck.bad(f'{path}.exempts', 'an exempt ruling names the rulings it carves out of')
        else:
            for i, e in enumerate(ex):
                if e not in ids['rulings']:
                    ck.bad(f'{path}.exempts[{i}]', f'no ruling "{e}"')
                elif ids['rulings'][e].get('status') == 'exempt':
                    ck.bad(f'{path}.exempts[{i}]', f'"{e}" is itself an exemption')
    elif 'exempts' in r:
        ck.bad(f'{path}.exempts', 'only exempt rulings carve out')
    if 'quote' in r:
        ck.text(r, 'quote', path)
        if not isinstance(r.get('quote_verbatim'), bool):
            ck.bad(f'{path}.quote_verbatim', 'a quote says whether it is verbatim (true or false)')
    else:
        for k in ('quote_verbatim', 'quote_source'):
            if k in r:
                ck.bad(f'{path}.{k}', 'without a quote')
    if 'quote_source' in r:
        if r['quote_source'] not in ids['sources']:
            ck.bad(f'{path}.quote_source', f'no source "{r["quote_source"]}"')
        elif r['quote_source'] == r.get('source'):
            ck.bad(f'{path}.quote_source', 'is the ruling\'s own source: leave it out')
    ck.text(r, 'note', path, required=False)


def check_unique(ck, records, what):
    seen = {}
    for i, rec in enumerate(records):
        rid = rec.get('id') if isinstance(rec, dict) else None
        if not isinstance(rid, str) or not SLUG.match(rid):
            ck.bad(f'{what}[{i}].id', 'must be a slug [a-z0-9][a-z0-9._-]*, at most 100 bytes')
        elif rid in seen:
            ck.bad(f'{what}[{i}].id', f'duplicate id "{rid}" (also {what}[{seen[rid]}])')
        else:
            seen[rid] = i
    return {r['id']: r for r in records if isinstance(r, dict) and isinstance(r.get('id'), str)}


def check_cycles(ck, subjects):
    for sid, s in subjects.items():
        seen, cur = {sid}, s.get('parent')
        while cur:
            if cur in seen:
                ck.bad(f'subjects["{sid}"].parent', 'parents form a cycle')
                break
            seen.add(cur)
            if cur not in subjects:
                ck.bad(f'subjects["{sid}"].parent', f'no subject "{cur}"')
                break
            cur = subjects[cur].get('parent')


def no_duplicate_keys(pairs):
    keys = [k for k, _ in pairs]
    dup = {k for k in keys if keys.count(k) > 1}
    if dup:
        raise ValueError(f'duplicate keys {sorted(dup)}')
    return dict(pairs)


def main(argv):
    data_path = Path(argv[1]) if len(argv) > 1 else ROOT / 'deploy/rulings.json'
    parties_c = Path(argv[2]) if len(argv) > 2 else ROOT / 'rulings/parties.c'
    try:
        data = json.loads(data_path.read_text(encoding='utf-8'), object_pairs_hook=no_duplicate_keys)
    except (OSError, ValueError) as e:
        print(f'{data_path}: {e}')
        return 1
    ck = Checker(*vocabularies(parties_c))
    if data.get('format') != 'restrictd-rulings/2':
        ck.bad('format', 'must be "restrictd-rulings/2"')
    for k in data.keys() - {'format', 'sources', 'subjects', 'rulings'}:
        ck.bad(k, 'unknown field')
    ids = {w: check_unique(ck, data.get(w, []), w) for w in ('sources', 'subjects', 'rulings')}
    for i, s in enumerate(data.get('sources', [])):
        check_source(ck, s, f'sources[{i}]')
    for i, s in enumerate(data.get('subjects', [])):
        check_subject(ck, s, f'subjects[{i}]')
    check_cycles(ck, ids['subjects'])
    for i, r in enumerate(data.get('rulings', [])):
        check_ruling(ck, r, f'rulings[{i}]', ids)
    for p in ck.problems:
        print(p)
    if ck.problems:
        print(f'{data_path}: {len(ck.problems)} problem(s)')
        return 1
    print(f'{data_path}: ok: {len(ids["sources"])} sources, {len(ids["subjects"])} subjects, '
          f'{sum(len(s.get("aliases", [])) for s in data["subjects"])} aliases, {len(ids["rulings"])} rulings')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
