#include "itsm/core/text.hpp"

#include <fmt/format.h>

#include <cstdint>
#include <cstring>

#include "itsm/core/error.hpp"

namespace itsm {

std::size_t utf8_sequence_length(std::string_view s, std::size_t i) noexcept {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const auto cont = [&](std::size_t k, unsigned lo = 0x80, unsigned hi = 0xBF) {
    return k < s.size() && b(k) >= lo && b(k) <= hi;
  };
  const unsigned c = b(i);
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) return cont(i + 1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    const unsigned lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
    return cont(i + 1, lo, hi) && cont(i + 2) ? 3 : 0;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    const unsigned lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
    return cont(i + 1, lo, hi) && cont(i + 2) && cont(i + 3) ? 4 : 0;
  }
  return 0;
}

namespace {
// Offset of the first byte that does not start a well-formed sequence, or s.size().
// Runs of ASCII (most of what is checked: ids, names, JSON) are skipped eight bytes at a time.
std::size_t first_invalid(std::string_view s) noexcept {
  std::size_t i = 0;
  while (i < s.size()) {
    std::uint64_t eight = 0;
    if (i + 8 <= s.size() && (std::memcpy(&eight, s.data() + i, 8), (eight & 0x8080808080808080ULL) == 0)) {
      i += 8;
      continue;
    }
    const std::size_t n = utf8_sequence_length(s, i);
    if (n == 0) return i;
    i += n;
  }
  return i;
}
}  // namespace

bool is_valid_utf8(std::string_view s) noexcept { return first_invalid(s) == s.size(); }

void require_utf8(std::string_view s, std::string_view what) {
  const std::size_t bad = first_invalid(s);
  if (bad != s.size())
    throw_error(errc::invalid_argument,
                fmt::format("{} is not valid UTF-8 (bad byte at offset {})", what, bad));
}

}  // namespace itsm
