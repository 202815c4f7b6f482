// Fixed-width ISO 8601 UTC text of a real instant without printf: every stored time, audit entry
// and event passes through here, and snprintf's format parsing was a measurable share of a write
// (bench/run transitions). Internal, header-only so that every library layer can use it.
#pragma once

#include <cstddef>

#include "itsm/core/time.hpp"

namespace itsm::detail {

// Writes `width` decimal digits of `v` (0 <= v < 10^width) at `out`.
inline char* put_digits(char* out, long long v, int width) noexcept {
  for (int i = width - 1; i >= 0; --i) {
    out[i] = static_cast<char>('0' + v % 10);
    v /= 10;
  }
  return out + width;
}

// "YYYY-MM-DDTHH:MM:SS.ffffffZ" (27 characters), or without ".ffffff" when `micros` is false.
// REQUIRES: t is a real instant of years 0..9999. Returns the length written into `out` (>= 28 bytes).
inline std::size_t put_iso(char* out, timestamp t, bool micros) noexcept {
  const auto d = t.date();
  const auto tod = t.time_of_day();
  char* p = out;
  p = put_digits(p, static_cast<int>(d.year()), 4);
  *p++ = '-';
  p = put_digits(p, static_cast<int>(d.month()), 2);
  *p++ = '-';
  p = put_digits(p, static_cast<int>(d.day()), 2);
  *p++ = 'T';
  p = put_digits(p, tod.hours(), 2);
  *p++ = ':';
  p = put_digits(p, tod.minutes(), 2);
  *p++ = ':';
  p = put_digits(p, tod.seconds(), 2);
  if (micros) {
    *p++ = '.';
    p = put_digits(p, tod.fractional_seconds(), 6);
  }
  *p++ = 'Z';
  return static_cast<std::size_t>(p - out);
}

}  // namespace itsm::detail
