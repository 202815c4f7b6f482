// Checks on text entering the library: every stored or audited text is well-formed UTF-8, so
// encoding it (JSON export, audit diffs, baselines) never fails later. Thread-safety: pure
// functions.
#pragma once

#include <cstddef>
#include <string_view>

#include "itsm/core/export.hpp"

namespace itsm {

// Length (1-4) of the well-formed UTF-8 sequence starting at s[i], or 0 when none starts there
// (stray continuation byte, overlong form, surrogate, code point above U+10FFFF, cut short).
// REQUIRES: i < s.size().
ITSM_API std::size_t utf8_sequence_length(std::string_view s, std::size_t i) noexcept;

// True if the whole of `s` is well-formed UTF-8 (embedded NULs are allowed).
ITSM_API bool is_valid_utf8(std::string_view s) noexcept;

// Throws itsm::error(invalid_argument) "<what> is not valid UTF-8 (bad byte at offset N)"
// unless is_valid_utf8(s).
ITSM_API void require_utf8(std::string_view s, std::string_view what);

}  // namespace itsm
