#!/usr/bin/env bash
# Bounded model checking of the workflows (docs/model-checking.md) at full depth:
#   scripts/model-check.sh [full|DEPTH] [catch2 test spec…]
# "full" (the default) is depth 8; the ctest run (unit.workflows) uses each model's quick depth.
# Prints one "MODELCHECK <workflow> depth=… states=… sequences=…" line per model; exits non-zero
# when a check breaks.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
depth=${1:-full}
shift || true
[ "$depth" = full ] && depth=8
cmake --preset dev >/dev/null
cmake --build --preset dev -j2 --target itsm_tests_workflows
ITSM_MODEL_DEPTH="$depth" ./build/dev/tests/itsm_tests_workflows "$@"
