#!/usr/bin/env bash
# The shared libraries' exported symbols against their allow-lists abi/<library>.symbols, so that
# an ABI change is a visible diff in review (docs/architecture.md, "Shared libraries and the ABI").
#   scripts/abi-update.sh [BUILD_DIR]      rewrites abi/*.symbols from BUILD_DIR's libraries
#                                          (Default: build/dev), after a build
#   scripts/abi-update.sh --check LIB...   fails, printing the diff, when a library's exports
#                                          differ from its list (ctest's abi.* tests)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)

exports() {  # the defined dynamic symbols of library $1, demangled, one per line, sorted
  nm -DC --defined-only "$1" | sed -E 's/^[0-9a-f]+ [A-Za-z] //' | LC_ALL=C sort -u
}
list_of() {  # build/dev/src/libitsm_sqlite.so.0.1.0 -> abi/libitsm_sqlite.symbols
  local name
  name=$(basename "$1")
  echo "$here/abi/${name%%.so*}.symbols"
}

if [ "${1:-}" = --check ]; then
  shift
  status=0
  for lib in "$@"; do
    list=$(list_of "$lib")
    if ! diff -u --label "listed: abi/$(basename "$list")" --label "exported: $(basename "$lib")" \
        "$list" <(exports "$lib"); then
      echo "abi: $(basename "$lib") does not export what abi/$(basename "$list") lists." \
           "If the change is meant, run scripts/abi-update.sh and commit the list." >&2
      status=1
    fi
  done
  exit "$status"
fi

build=${1:-$here/build/dev}
found=0
for lib in "$build"/src/libitsm*.so; do
  [ -e "$lib" ] || continue
  found=1
  exports "$lib" > "$(list_of "$lib")"
  echo "abi: abi/$(basename "$(list_of "$lib")"): $(wc -l < "$(list_of "$lib")") symbols"
done
if [ "$found" = 0 ]; then
  echo "abi: no shared library in $build/src (build with ITSM_BUILD_SHARED=ON first)" >&2
  exit 1
fi
