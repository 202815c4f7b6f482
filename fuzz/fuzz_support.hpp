// Shared by the fuzz targets: the input as text, invariant checks that abort (libFuzzer then
// saves the input as a crash), and the rule that a parser may only fail with itsm::error.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "itsm/core/error.hpp"

namespace itsm::fuzz {

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// A broken invariant: print why and abort, so libFuzzer reports and keeps the input.
[[noreturn]] inline void fail(const char* what, std::string_view detail = {}) {
  std::fprintf(stderr, "FUZZ INVARIANT BROKEN: %s %.*s\n", what, static_cast<int>(detail.size()),
               detail.data());
  std::abort();
}

inline void check(bool ok, const char* what, std::string_view detail = {}) {
  if (!ok) fail(what, detail);
}

// Runs f(); an itsm::error is an accepted outcome for bad input. Any other exception escapes
// on purpose: libFuzzer reports it as a crash (a foreign exception must never reach a caller).
// Returns true when f() completed.
template <class F>
bool accepts(F&& f) {
  try {
    f();
    return true;
  } catch (const itsm::error&) {
    return false;
  }
}

}  // namespace itsm::fuzz
