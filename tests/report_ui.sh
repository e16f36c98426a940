#!/bin/sh
# report.html as a reviewer uses it (tests/report_ui.py, Selenium driving
# headless Chromium) over a batch of the bundled samples.
cd "$(dirname "$0")/.." || exit 2
bin=${EUCHECK_BIN:-./eucheck}
out=$(mktemp -d) || exit 2
trap 'rm -rf "$out"' EXIT
"$bin" batch -o "$out/b" samples >/dev/null 2>&1
[ -f "$out/b/report.html" ] || { echo "report_ui: the batch wrote no report.html"; exit 1; }
/usr/bin/python3 tests/report_ui.py "$out/b/report.html"
