#!/usr/bin/env bash
# Builds and runs the libFuzzer targets of fuzz/ (fuzz/README.md):
#   scripts/fuzz.sh quick [target…]   each target 20 s from its seed corpus, fixed seed (CI)
#   scripts/fuzz.sh full  [target…]   each target 10,000,000 executions (FUZZ_MAX_SECONDS caps it)
# Prints per target "FUZZ <target> execs=<n> secs=<s> result=ok|crash"; exits 1 when any
# target crashed (the input is kept in build/fuzz/crashes/<target>/). The committed corpus is
# never written: quick works on a temporary copy, full on build/fuzz/work/<target>.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
mode=${1:-}
shift || true
case "$mode" in
  quick) limit=(-max_total_time="${FUZZ_QUICK_SECONDS:-20}" -seed="${FUZZ_SEED:-1}") ;;
  full) limit=(-runs=10000000 -max_total_time="${FUZZ_MAX_SECONDS:-0}") ;;
  *) echo "usage: scripts/fuzz.sh quick|full [target…]" >&2; exit 2 ;;
esac
if [ -z "${FUZZ_NO_BUILD:-}" ]; then  # FUZZ_NO_BUILD=1: run the targets as last built
  bash scripts/install-deps.sh clang-14 libclang-rt-14-dev
  # The targets live in the asan build (clang-14, ITSM_FUZZ=ON), which the sanitizer tests share.
  cmake --preset asan >/dev/null
  cmake --build --preset asan --target itsm_fuzz_targets -j"${FUZZ_BUILD_JOBS:-$(nproc)}" >/dev/null
fi

targets=("$@")
if ((${#targets[@]} == 0)); then
  for f in fuzz/*_fuzz.cpp; do t=$(basename "$f" _fuzz.cpp); targets+=("$t"); done
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0
for t in "${targets[@]}"; do
  bin=build/asan/fuzz/${t}_fuzz
  [ -x "$bin" ] || { echo "fuzz.sh: no target '$t'" >&2; exit 2; }
  if [ "$mode" = quick ]; then work=$tmp/$t; else work=build/fuzz/work/$t; fi
  mkdir -p "$work" "build/fuzz/crashes/$t"
  cp -n fuzz/corpus/"$t"/* "$work"/ 2>/dev/null || true
  log=build/fuzz/$t.log
  start=$(date +%s)
  rc=0
  "$bin" "${limit[@]}" -timeout=25 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="build/fuzz/crashes/$t/" "$work" >"$log" 2>&1 || rc=$?
  secs=$(($(date +%s) - start))
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  if ((rc == 0)); then result=ok; else result=crash; failed=1; fi
  echo "FUZZ $t execs=${execs:-0} secs=$secs result=$result"
  if ((rc != 0)); then
    grep -E "ERROR|INVARIANT|runtime error|uncaught|Test unit written" "$log" | head -5 | sed 's/^/  /'
  fi
done
exit $failed
