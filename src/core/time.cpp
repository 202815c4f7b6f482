#include "itsm/core/time.hpp"

#include <boost/date_time/gregorian/gregorian_types.hpp>
#include <cstdio>

#include "itsm/core/error.hpp"

namespace itsm {

namespace {
const timestamp& epoch() {
  static const timestamp e(boost::gregorian::date(1970, 1, 1));
  return e;
}
}  // namespace

std::int64_t to_unix_micros(timestamp t) {
  if (t.is_special()) throw_error(errc::invalid_argument, "timestamp is not a valid instant");
  return (t - epoch()).total_microseconds();
}

timestamp from_unix_micros(std::int64_t us) { return epoch() + boost::posix_time::microseconds(us); }

std::string to_iso(timestamp t) {
  if (t.is_special()) return "not-a-date-time";
  const auto d = t.date();
  const auto tod = t.time_of_day();
  char buf[48];
  const auto frac = tod.fractional_seconds();
  if (frac == 0) {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", int(d.year()), int(d.month()),
                  int(d.day()), int(tod.hours()), int(tod.minutes()), int(tod.seconds()));
  } else {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%06lldZ", int(d.year()),
                  int(d.month()), int(d.day()), int(tod.hours()), int(tod.minutes()),
                  int(tod.seconds()), static_cast<long long>(frac));
  }
  return buf;
}

timestamp parse_iso(std::string_view text) {
  int y, mo, d, h, mi, s, n = 0;
  std::string str(text);
  if (std::sscanf(str.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &s, &n) != 6)
    throw_error(errc::invalid_argument, "not an ISO 8601 UTC timestamp: '" + str + "'");
  long long micros = 0;
  std::size_t pos = static_cast<std::size_t>(n);
  if (pos < str.size() && str[pos] == '.') {
    int digits = 0;
    ++pos;
    while (pos < str.size() && str[pos] >= '0' && str[pos] <= '9') {
      if (digits < 6) micros = micros * 10 + (str[pos] - '0'), ++digits;
      ++pos;
    }
    while (digits++ < 6) micros *= 10;
  }
  if (pos + 1 != str.size() || str[pos] != 'Z')
    throw_error(errc::invalid_argument, "timestamp must end in 'Z' (UTC): '" + str + "'");
  try {
    return timestamp(boost::gregorian::date(y, mo, d),
                     boost::posix_time::hours(h) + boost::posix_time::minutes(mi) +
                         boost::posix_time::seconds(s) + boost::posix_time::microseconds(micros));
  } catch (const std::exception&) {
    throw_error(errc::invalid_argument, "timestamp out of range: '" + str + "'");
  }
}

}  // namespace itsm
