#!/usr/bin/env bash
# Regenerates the screenshots in docs/images/ from the demo report (the same script the browser
# test uses): run after changing the report or the seed study.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --test
swift build -c release --static-swift-stdlib --product nadir
tmp=$(mktemp -d)
.build/release/nadir demo --out "$tmp/report" >/dev/null
python3 scripts/report-screenshots.py "$tmp/report/index.html" --out "$tmp/png" --extra
mkdir -p docs/images
for f in plot-waterfall plot-spider plot-swimmer plot-km-pfs plot-km-os endpoints patient-page; do
  cp "$tmp/png/$f.png" "docs/images/report-$f.png"
done
rm -rf "$tmp"
echo "Updated docs/images/report-*.png"
