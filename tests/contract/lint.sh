#!/usr/bin/env bash
# The OpenAPI contract linted by Redocly CLI (its recommended rules: redocly.yaml) and by
# Spectral (spectral:oas: .spectral.yaml), at the versions package-lock.json pins
# (installed into build/npm when missing: npm.sh). Prints every problem and the counts of
# each tool; exits 1 when either reports an error (warnings are listed, not fatal).
#
#   tests/contract/lint.sh [OPENAPI_FILE]     # default docs/openapi.yaml
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=npm.sh
. "$root/tests/contract/npm.sh"
contract_tools LINT
doc=${1:-$root/docs/openapi.yaml}
here=$root/tests/contract
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# Neither tool may phone home or ask to be updated from a CI run.
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true NO_UPDATE_NOTIFIER=1

# Both write JSON reports; their exit status only says whether they found errors, which the
# reports say too (and a tool that fails to run writes no report: counted as an error).
"$contract_bin/redocly" lint "$doc" --config "$here/redocly.yaml" --format=json \
  >"$out/redocly.json" 2>"$out/redocly.log" || true
"$contract_bin/spectral" lint "$doc" --ruleset "$here/.spectral.yaml" --format=json \
  --output "$out/spectral.json" >"$out/spectral.log" 2>&1 || true

# One line per problem, then "tool: N errors, M warnings"; exit 1 when a tool's errors > 0.
node - "$out" "$(basename "$doc")" <<'JS'
const fs = require('fs');
const [dir, name] = process.argv.slice(2);
function read(tool) {
  try {
    return JSON.parse(fs.readFileSync(`${dir}/${tool}.json`, 'utf8'));
  } catch (e) {
    const log = fs.existsSync(`${dir}/${tool}.log`) ? fs.readFileSync(`${dir}/${tool}.log`, 'utf8') : '';
    console.log(`${tool}: no report (${e.message})\n${log}`);
    return null;
  }
}
const tools = {
  redocly: (r) => r.problems.map((p) => ({
    error: p.severity === 'error', rule: p.ruleId, message: p.message,
    at: (p.location && p.location[0] && p.location[0].pointer) || '',
  })),
  spectral: (r) => r.map((p) => ({
    error: p.severity === 0, rule: p.code, message: p.message,
    at: `${name}:${p.range.start.line + 1} #/${p.path.join('/')}`,
  })),
};
let failed = false;
for (const [tool, list] of Object.entries(tools)) {
  const report = read(tool);
  if (report === null) { failed = true; continue; }
  const problems = list(report);
  for (const p of problems) console.log(`  ${tool} ${p.error ? 'error  ' : 'warning'} ${p.rule}: ${p.message} (${p.at})`);
  const errors = problems.filter((p) => p.error).length;
  console.log(`${tool}: ${errors} errors, ${problems.length - errors} warnings`);
  if (errors) failed = true;
}
process.exit(failed ? 1 : 0);
JS
