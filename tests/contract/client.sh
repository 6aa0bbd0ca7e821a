#!/usr/bin/env bash
# A TypeScript client generated from the contract a running server serves, driven by a
# short program (client/main.ts): the contract is what a client author gets.
#
#   tests/contract/client.sh BASE_URL        # e.g. http://127.0.0.1:8080
#   RESTRICTD_TOKEN=rdt_... tests/contract/client.sh BASE_URL   # RESTRICTD_READ_TOKENS=1
#
# Fetches BASE_URL/openapi.json, generates a client with @hey-api/openapi-ts (fetch), type-
# checks main.ts against it with tsc --strict, refuses any type assertion in main.ts (`as`
# casts and `<T>` ones; counted and printed), then runs main.ts with tsx against BASE_URL:
# GET /v1/check, /v1/subjects, /v1/subjects/{id}, /v1/rulings/{id}, /v1/changes, /readyz.
# Exits 1 on any mismatch. Tools pinned by package-lock.json, installed into build/npm.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
base=${1:?usage: tests/contract/client.sh BASE_URL}
base=${base%/}
# shellcheck source=npm.sh
. "$root/tests/contract/npm.sh"
contract_tools TEST
here=$root/tests/contract/client
work=$contract_dir/client # under build/npm, so that node_modules is found from it
rm -rf "$work"
mkdir -p "$work"
started=$(date +%s)

auth=()
[ -n "${RESTRICTD_TOKEN:-}" ] && auth=(-H "Authorization: Bearer $RESTRICTD_TOKEN")
curl -sSf "${auth[@]}" "$base/openapi.json" -o "$work/openapi.json"
"$contract_bin/openapi-ts" --input "$work/openapi.json" --output "$work/client" \
  --client @hey-api/client-fetch --no-log-file --silent
cp "$here/main.ts" "$here/tsconfig.json" "$work/"
echo '{"private": true, "type": "module"}' >"$work/package.json" # main.ts awaits at top level

# Type assertions in the program, comments left out: `x as T`, `<T>x`, and `x!` (non-null).
casts=$(sed 's://.*$::' "$here/main.ts" |
  { grep -oE '\bas[[:space:]]+[A-Za-z_{[(]|(^|[^A-Za-z0-9_])<[A-Z][A-Za-z0-9_]*>|[A-Za-z0-9_)]![.[]' || true; } |
  wc -l)
echo "type assertions in client/main.ts: $casts"
[ "$casts" -eq 0 ] || { echo "main.ts must use the generated types as they are" >&2; exit 1; }

"$contract_bin/tsc" -p "$work/tsconfig.json"
echo "main.ts type-checks against the generated client (tsc --strict)"
"$contract_bin/tsx" "$work/main.ts" "$base"
echo "took $(($(date +%s) - started)) s"
