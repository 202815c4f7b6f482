#!/usr/bin/env bash
# CI's hardening step (docs/hardening.md): the whole test suite under ASan + UBSan (and under
# TSan), then every fuzz target. Installs clang-14 when missing.
#   scripts/hardening.sh quick     (CI)      asan suite, fuzz targets 20 s each (TSan too with ITSM_CI_TSAN=1)
#   scripts/hardening.sh full                asan and tsan suites, scripts/fuzz.sh full
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
# TSan doubles the step's cold build time, so CI's quick mode runs it only under the label
# ITSM_CI_TSAN=1 (docs/hardening.md); full mode always does.
presets="asan"
if [ "$mode" = full ] || [ "${ITSM_CI_TSAN:-0}" = 1 ]; then presets="asan tsan"; fi
for preset in $presets; do
  cmake --preset "$preset" >/dev/null
  step "$preset build" cmake --build --preset "$preset" -j"$jobs"
  # Under ASan the PostgreSQL tests run too, against the throwaway server of scripts/postgres.sh.
  if [ "$preset" = asan ]; then
    step "$preset tests" bash scripts/postgres.sh run ctest --preset "$preset"
  else
    step "$preset tests" ctest --preset "$preset"
  fi
done
step "fuzz $mode" bash scripts/fuzz.sh "$mode"
