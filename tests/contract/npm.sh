# shellcheck shell=bash
# Sourced by tests/contract/lint.sh and client.sh (with $root set): node and npm, the Debian
# packages of tests/lib/deps.sh, then the tools pinned in tests/contract/package.json and
# package-lock.json, installed with `npm ci` into build/npm (never into the tree) and again
# only when those two files change. Sets $contract_dir (build/npm) and $contract_bin.

# shellcheck disable=SC2154 # $root is the sourcing script's
# shellcheck source=../lib/deps.sh
. "$root/tests/lib/deps.sh"

# contract_tools GROUP: GROUP is the tests/lib/deps.sh group that lists nodejs and npm
# (LINT for the lint step, TEST for the test run).
contract_tools() {
  local group=$1 want have
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    deps_install "$group" || return 1
  fi
  # the oldest Node.js the pinned tools run on: 18.18 (Debian 12's nodejs is 18.20)
  if ! node -e 'const [a, b] = process.versions.node.split(".").map(Number);
                process.exit(a > 18 || (a === 18 && b >= 18) ? 0 : 1)'; then
    echo "Node.js $(node --version) is too old: the contract tools need 18.18 or later" >&2
    return 1
  fi
  contract_dir=$root/build/npm
  contract_bin=$contract_dir/node_modules/.bin
  mkdir -p "$contract_dir"
  want=$(cat "$root/tests/contract/package.json" "$root/tests/contract/package-lock.json" |
    sha256sum | cut -d' ' -f1)
  # one installer at a time (two checkouts' runs may share nothing else, but one may race
  # the other's lint and test steps)
  exec {contract_lock}>"$contract_dir/.lock"
  flock -w 600 "$contract_lock" || return 1
  have=$(cat "$contract_dir/.installed" 2>/dev/null || true)
  if [ "$want" != "$have" ] || [ ! -x "$contract_bin/redocly" ]; then
    echo "installing the contract tools (npm ci into $contract_dir)"
    cp "$root/tests/contract/package.json" "$root/tests/contract/package-lock.json" "$contract_dir/"
    # --ignore-scripts: none of the tools needs an install script (esbuild, under tsx, finds
    # its binary in its optional dependency); none runs from the registry's word alone
    (cd "$contract_dir" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error) || {
      flock -u "$contract_lock"
      return 1
    }
    echo "$want" >"$contract_dir/.installed"
  fi
  flock -u "$contract_lock"
}
