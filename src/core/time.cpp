#include "itsm/core/time.hpp"

#include "iso_digits.hpp"

#include <boost/date_time/gregorian/gregorian_types.hpp>
#include <cstdio>

#include "itsm/core/error.hpp"

namespace itsm {

namespace {

const timestamp& epoch() {
  static const timestamp e(boost::gregorian::date(1970, 1, 1));
  return e;
}

// The supported range in microseconds since the epoch: 1400-01-01T00:00:00Z up to and
// including 9999-12-31T23:59:59.999999Z (Boost.Date_Time's Gregorian years).
constexpr std::int64_t min_micros = -17'987'443'200'000'000;
constexpr std::int64_t max_micros = 253'402'300'799'999'999;

[[noreturn]] void out_of_range(std::string_view what) {
  throw_error(errc::invalid_argument,
              std::string(what) + " is outside the supported range 1400-01-01T00:00:00Z.."
                                  "9999-12-31T23:59:59.999999Z");
}

// Microseconds since the epoch of a real instant; ptime arithmetic itself never throws, only
// its calendar conversions do, so an instant pushed out of range is caught here.
std::int64_t checked_micros(timestamp t) {
  if (t.is_special()) throw_error(errc::invalid_argument, "timestamp is not a valid instant");
  const std::int64_t us = (t - epoch()).total_microseconds();
  if (us < min_micros || us > max_micros) out_of_range("timestamp");
  return us;
}

// Reads exactly `n` ASCII digits at text[pos]; false if any is not a digit.
bool digits(std::string_view text, std::size_t pos, std::size_t n, int& out) {
  if (pos + n > text.size()) return false;
  out = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    out = out * 10 + (text[i] - '0');
  }
  return true;
}

}  // namespace

std::int64_t to_unix_micros(timestamp t) { return checked_micros(t); }

timestamp from_unix_micros(std::int64_t us) {
  if (us < min_micros || us > max_micros) out_of_range(std::to_string(us) + " µs since the epoch");
  return epoch() + boost::posix_time::microseconds(us);
}

std::string to_iso(timestamp t) {
  if (t.is_special()) return "not-a-date-time";
  checked_micros(t);
  char buf[32];
  return std::string(buf, detail::put_iso(buf, t, t.time_of_day().fractional_seconds() != 0));
}

timestamp parse_iso(std::string_view text) {
  const auto bad = [&](std::string_view why) -> timestamp {
    throw_error(errc::invalid_argument,
                "not an ISO 8601 UTC timestamp (YYYY-MM-DDTHH:MM:SS[.ffffff]Z, " + std::string(why) +
                    "): '" + std::string(text) + "'");
  };
  int y, mo, d, h, mi, s;
  const bool shape = digits(text, 0, 4, y) && text.size() > 4 && text[4] == '-' &&
                     digits(text, 5, 2, mo) && text.size() > 7 && text[7] == '-' &&
                     digits(text, 8, 2, d) && text.size() > 10 && text[10] == 'T' &&
                     digits(text, 11, 2, h) && text.size() > 13 && text[13] == ':' &&
                     digits(text, 14, 2, mi) && text.size() > 16 && text[16] == ':' &&
                     digits(text, 17, 2, s);
  if (!shape) return bad("wrong format");
  std::size_t pos = 19;
  long long micros = 0;
  if (pos < text.size() && text[pos] == '.') {
    int n = 0;
    for (++pos; pos < text.size() && text[pos] >= '0' && text[pos] <= '9'; ++pos, ++n)
      if (n < 6) micros = micros * 10 + (text[pos] - '0');
    if (n == 0 || n > 6) return bad("1 to 6 fraction digits");
    for (; n < 6; ++n) micros *= 10;
  }
  if (pos + 1 != text.size() || text[pos] != 'Z') return bad("must end in 'Z' (UTC)");
  if (y < 1400 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59)
    return bad("field out of range");
  if (d > boost::gregorian::gregorian_calendar::end_of_month_day(static_cast<unsigned short>(y),
                                                                 static_cast<unsigned short>(mo)))
    return bad("no such day in that month");
  return timestamp(boost::gregorian::date(y, mo, d),
                   boost::posix_time::hours(h) + boost::posix_time::minutes(mi) +
                       boost::posix_time::seconds(s) + boost::posix_time::microseconds(micros));
}

}  // namespace itsm
