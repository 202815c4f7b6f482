#!/usr/bin/env bash
# CI's hardening step (docs/hardening.md): the whole test suite under ASan + UBSan and under
# TSan, then every fuzz target in quick mode. Installs clang-14 when missing.
#   scripts/hardening.sh quick     (CI)      the three steps, fuzz targets 30 s each
#   scripts/hardening.sh full                the same with scripts/fuzz.sh full
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
mode=${1:-}
case "$mode" in
  quick | full) ;;
  *) echo "usage: scripts/hardening.sh quick|full" >&2; exit 2 ;;
esac
bash scripts/install-deps.sh clang-14 libclang-rt-14-dev
jobs=$(nproc)
step() {  # step NAME COMMAND…: runs it, says how long it took
  local start=$SECONDS
  "${@:2}"
  echo "hardening: $1 took $((SECONDS - start)) s"
}
for preset in asan tsan; do
  cmake --preset "$preset" >/dev/null
  step "$preset build" cmake --build --preset "$preset" -j"$jobs"
  step "$preset tests" ctest --preset "$preset"
done
step "fuzz $mode" bash scripts/fuzz.sh "$mode"
