#!/usr/bin/env bash
# Nadir's main job on the embedded defaults: bundled SampleScans and the seed study.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build -c release --static-swift-stdlib --product nadir
.build/release/nadir demo "$@"
