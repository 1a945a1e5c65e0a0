#!/usr/bin/env bash
# Loads a conformance.html in headless Chromium and fails unless
#   - the page references nothing outside itself (no src/href but #fragments, no url(), no @import),
#   - the page logs nothing to the console (no errors, no uncaught exceptions: it logs nothing by design),
#   - its inline script ran to its end (it marks <html data-script="ok">),
#   - at 1440 x 900 no two family tables of the matrix overlap and the header links fit (report.js
#     measures and marks <html data-layout="ok">),
#   - every catalog id appears in the matrix section of the rendered DOM.
# Then takes a 1440x900 screenshot.
#
# usage: scripts/check-report-in-chromium.sh REPORT.html [SCREENSHOT.png]
#   ids come from `java -jar target/refcheck.jar formulas --json` (build first), or from $REFCHECK_IDS
#   (space-separated). Chromium: $CHROMIUM, else chromium or chromium-browser on the PATH
#   (Debian: apt-get install -y chromium chromium-driver). Exit 0 ok, 1 a check failed, 2 usage.
set -euo pipefail

report="${1:-}"
shot="${2:-}"
if [[ -z "$report" || ! -f "$report" ]]; then
  echo "usage: $0 REPORT.html [SCREENSHOT.png]" >&2
  exit 2
fi
repo="$(cd "$(dirname "$0")/.." && pwd)"
report="$(cd "$(dirname "$report")" && pwd)/$(basename "$report")"
shot="${shot:-$(mktemp -d)/conformance.png}"

chromium="${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}"
if [[ -z "$chromium" ]]; then
  echo "chromium not found (apt-get install -y chromium chromium-driver, or set CHROMIUM)" >&2
  exit 2
fi

if [[ -n "${REFCHECK_IDS:-}" ]]; then
  ids="$REFCHECK_IDS"
elif [[ -f "$repo/target/refcheck.jar" ]]; then
  ids="$(java -jar "$repo/target/refcheck.jar" formulas --json | sed -n 's/^ *"id" *: *"\([^"]*\)".*/\1/p')"
else
  echo "no ids: build target/refcheck.jar (mvn -B package -DskipTests) or set REFCHECK_IDS" >&2
  exit 2
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fail=0

# 1. Self-contained: every src/href is a fragment; no CSS url() or @import.
if grep -Eo '(src|href)="[^"#][^"]*"' "$report" > "$work/external.txt"; then
  echo "FAIL the page references outside itself:" >&2
  sort -u "$work/external.txt" | head -5 >&2
  fail=1
fi
if grep -Eq 'url\(|@import' "$report"; then
  echo "FAIL the page's CSS loads something (url() or @import)" >&2
  fail=1
fi

flags=(--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update
       --disable-sync --no-first-run --hide-scrollbars --enable-logging=stderr --v=0)

# 2. Load it, dump the DOM after the inline script ran, and collect the console.
timeout 120 "$chromium" "${flags[@]}" --user-data-dir="$work/profile-dom" --window-size=1440,900 --dump-dom "file://$report" \
  > "$work/dom.html" 2> "$work/console.txt" || { echo "FAIL chromium could not load $report" >&2; tail -5 "$work/console.txt" >&2; exit 1; }
if grep -q 'CONSOLE' "$work/console.txt"; then
  echo "FAIL the page wrote to the console:" >&2
  grep 'CONSOLE' "$work/console.txt" | head -10 >&2
  fail=1
fi
if ! grep -q '<html[^>]*data-script="ok"' "$work/dom.html"; then
  echo "FAIL the page's script did not run to its end" >&2
  fail=1
fi

# 3. Laid out at 1440 x 900 without overlapping tables or header links past the edge (report.js measures).
if ! grep -q '<html[^>]*data-layout="ok"' "$work/dom.html"; then
  echo "FAIL layout at 1440x900: $(grep -o 'data-layout="[^"]*"' "$work/dom.html" | head -1)" >&2
  fail=1
fi

# 4. Every catalog id in the matrix.
sed -n '/<section id="matrix">/,/<\/section>/p' "$work/dom.html" > "$work/matrix.html"
missing=0
count=0
for id in $ids; do
  count=$((count + 1))
  if ! grep -q "data-id=\"$id\"" "$work/matrix.html"; then
    echo "FAIL $id is not in the matrix" >&2
    missing=$((missing + 1))
  fi
done
[[ $missing -eq 0 ]] || fail=1

# 5. A screenshot of the first screen, as a laptop shows it.
timeout 120 "$chromium" "${flags[@]}" --user-data-dir="$work/profile-shot" --window-size=1440,900 \
  --screenshot="$shot" "file://$report" > /dev/null 2>&1 || { echo "FAIL no screenshot" >&2; fail=1; }

if [[ $fail -eq 0 ]]; then
  echo "ok: $report opens offline in $("$chromium" --version 2>/dev/null | awk '{print $1, $2; exit}'), no console output, laid out without overlaps at 1440x900, all $count ids in the matrix; screenshot $shot"
fi
exit $fail
