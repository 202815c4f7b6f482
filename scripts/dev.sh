#!/usr/bin/env bash
# One entry point for the README's commands:
#   scripts/dev.sh example   install deps, build (Release), run the flagship example on SQLite
#   scripts/dev.sh test      install deps, build (Debug + tests), run the whole test suite (the
#                            PostgreSQL tests against a throwaway server: scripts/postgres.sh)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
what=${1:-}
shift || true
bash scripts/install-deps.sh
jobs=$(nproc)
flagship=service_provider_month   # the flagship: a month in the life of a service provider, on SQLite
case "$what" in
  example)
    cmake --preset release >/dev/null
    cmake --build --preset release -j"$jobs" --target "$flagship"
    ./build/release/examples/"$flagship" "$@"
    ;;
  test)
    cmake --preset dev >/dev/null
    cmake --build --preset dev -j"$jobs"
    bash scripts/postgres.sh run ctest --preset dev "$@"
    ;;
  *)
    echo "usage: scripts/dev.sh example|test [args]" >&2
    exit 2
    ;;
esac
