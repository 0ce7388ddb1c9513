#!/usr/bin/env bash
# The whole test suite: installs what it needs, builds, runs every Swift Testing suite.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --test
swift build --build-tests
swift test --skip-build --parallel
