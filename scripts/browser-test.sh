#!/usr/bin/env bash
# Renders the flagship's HTML service report in real headless Chromium and checks the screenshot
# (docs/reports.md): not blank, every chart drawn in its colours. Installs Debian's chromium
# through install-deps.sh. Needs the dev build (scripts/dev.sh test builds it).
#   scripts/browser-test.sh            check
#   scripts/browser-test.sh --docs     check, then copy the screenshot to docs/images/report.png
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
if ! bash scripts/install-deps.sh chromium; then
  echo "browser test FAILED: Debian's chromium package could not be installed (see apt's message above)" >&2
  exit 1
fi
browser=$(command -v chromium || true)
if [ -z "$browser" ]; then
  echo "browser test FAILED: chromium is installed but not on PATH" >&2
  exit 1
fi
out=build/browser
mkdir -p "$out"
example=build/dev/examples/service_provider_month
[ -x "$example" ] || cmake --build --preset dev -j2 --target service_provider_month
"$example" --small --fresh --db "sqlite:$out/report.db" >"$out/example.log"
# --no-sandbox: CI runs as root; the page is our own file with no script and no network access.
timeout 120 "$browser" --headless=new --no-sandbox --disable-gpu --hide-scrollbars --force-device-scale-factor=1 \
  --window-size=1200,2600 --screenshot="$out/report.png" "file://$here/$out/report.html" 2>"$out/chromium.log" || {
  echo "browser test FAILED: chromium did not render the page:" >&2
  tail -5 "$out/chromium.log" >&2
  exit 1
}
python3 scripts/screenshot_check.py "$out/report.png"
if [ "${1:-}" = "--docs" ]; then
  mkdir -p docs/images
  cp "$out/report.png" docs/images/report.png
  echo "updated docs/images/report.png"
fi
