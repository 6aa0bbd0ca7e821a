#!/usr/bin/env bash
# The analysts' page in a real browser: headless Chromium (Debian's `chromium`) loads the
# page for Kaspersky Lab on 2024-10-01 and the subject's time line picture from a running
# server (seeded with deploy/rulings.json), and checks what a person would see:
#   - the verdict "restricted";
#   - at least as many lanes as /v1/check has rulings in effect and upcoming, the upcoming
#     ones marked, and the as-of line;
#   - no Content-Security-Policy violation (the page's inline style sheet is allowed by its
#     hash, nothing else runs or loads);
#   - the SVG parsed as an SVG document, with its lanes, and drawn (a screenshot).
# A screenshot of the page goes to SCREENSHOT (default docs/page.png, the one in the docs;
# tests/run.sh passes a scratch path so that a test run leaves the tree as it was).
#
#   tests/browser/run.sh http://127.0.0.1:8080 [SCREENSHOT]
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
base=${1:?usage: tests/browser/run.sh SERVER_URL [SCREENSHOT]}
base=${base%/}
shot=${2:-$root/docs/page.png}
page_path='/?name=Kaspersky%20Lab&as_of=2024-10-01'
svg_path='/v1/subjects/ao-kaspersky-lab/timeline.svg?as_of=2024-10-01'
check_path='/v1/check?name=Kaspersky%20Lab&as_of=2024-10-01'

command -v chromium >/dev/null || { echo "chromium is not installed (tests/lib/deps.sh TEST)" >&2; exit 1; }
work=$(mktemp -d /tmp/restrictd-browser.XXXXXX)
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
pass() { echo "ok: $*"; }
# expect WHAT COMMAND...: one check, passed when COMMAND succeeds.
expect() {
  local what=$1
  shift
  if "$@"; then pass "$what"; else fail "$what"; fi
}
not() { ! "$@"; }

# One headless Chromium run, its own profile; the browser's log (console messages
# included) goes to $work/NAME.log.
browse() {
  local name=$1
  shift
  timeout 90 chromium --headless --disable-gpu --no-sandbox --hide-scrollbars \
    --user-data-dir="$work/profile-$name" --enable-logging=stderr --v=0 "$@" \
    2>"$work/$name.log"
}

count() { grep -o "$1" "$2" | wc -l; }

# What the API says the picture must hold: every ruling in effect and every upcoming one.
expected=$(curl -sf "$base$check_path" | jq '(.rulings | length) + (.upcoming | length)')
upcoming=$(curl -sf "$base$check_path" | jq '.upcoming | length')
echo "/v1/check: $expected rulings in effect or upcoming, $upcoming upcoming"

# --- the page ---
browse page --dump-dom "$base$page_path" >"$work/page.html" || fail "chromium could not load the page"
if grep -q 'data-verdict="restricted"' "$work/page.html" &&
  grep -q 'class="verdict-word">restricted<' "$work/page.html"; then
  pass "verdict restricted"
else
  fail "the page does not show the verdict restricted"
fi
lanes=$(count '<g class="lane ' "$work/page.html")
if [ "$lanes" -ge "$expected" ] && [ "$expected" -gt 0 ]; then
  pass "$lanes lanes (at least $expected)"
else
  fail "$lanes lanes in the page, $expected expected at least"
fi
marked=$(count 'class="lane lane-upcoming"' "$work/page.html")
expect "$marked upcoming lanes marked (/v1/check: $upcoming)" [ "$marked" -eq "$upcoming" ]
expect "the as-of line" grep -q '<g class="as-of"><line .*as of 2024-10-01' "$work/page.html"
articles=$(count '<article class="ruling' "$work/page.html")
expect "$articles rulings cited (one per lane)" [ "$articles" -eq "$lanes" ]
expect "their sources cited" grep -q '<cite>' "$work/page.html"
if grep -qi 'Content Security Policy' "$work/page.log"; then
  grep -i 'Content Security Policy' "$work/page.log" >&2
  fail "the browser reports a Content-Security-Policy violation"
else
  pass "no Content-Security-Policy violation"
fi
expect "no script" not grep -qi '<script' "$work/page.html"

# --- the picture for reports ---
browse svg --dump-dom "$base$svg_path" >"$work/timeline.svg" || fail "chromium could not load the SVG"
svg_lanes=$(count '<g class="lane ' "$work/timeline.svg")
if head -c 200 "$work/timeline.svg" | grep -q '^<svg xmlns="http://www.w3.org/2000/svg"' &&
  [ "$svg_lanes" -eq "$lanes" ]; then
  pass "the SVG is an SVG document with $svg_lanes lanes"
else
  fail "the SVG: $svg_lanes lanes (the page has $lanes), starts: $(head -c 80 "$work/timeline.svg")"
fi
browse svg-shot --window-size=960,820 --screenshot="$work/timeline.png" "$base$svg_path" >/dev/null ||
  fail "chromium could not draw the SVG"
svg_bytes=$(wc -c <"$work/timeline.png" 2>/dev/null || echo 0)
expect "the SVG drawn ($svg_bytes bytes of PNG)" [ "$svg_bytes" -gt 20000 ]

# --- the screenshot of the page ---
mkdir -p "$(dirname "$shot")"
browse shot --window-size=1024,1240 --screenshot="$shot" "$base$page_path" >/dev/null ||
  fail "chromium could not take the screenshot"
if [ "$(head -c 8 "$shot" 2>/dev/null | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ]; then
  pass "screenshot $shot ($(wc -c <"$shot") bytes)"
else
  fail "no PNG screenshot at $shot"
fi

if [ "$failures" -gt 0 ]; then
  echo "$failures browser checks failed; the browser's logs:" >&2
  tail -n 5 "$work"/*.log >&2
  exit 1
fi
echo "the page in a headless browser: all checks passed"
