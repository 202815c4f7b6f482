// UTC instants and durations (Boost.Date_Time), with the conversions storage and export need.
// Thread-safety: free functions on values; safe from any thread.
#pragma once

#include <boost/date_time/posix_time/posix_time_types.hpp>
#include <cstdint>
#include <string>
#include <string_view>

#include "itsm/core/export.hpp"

namespace itsm {

using timestamp = boost::posix_time::ptime;          // always UTC
using duration = boost::posix_time::time_duration;

// Supported instants: 1400-01-01T00:00:00Z up to and including 9999-12-31T23:59:59.999999Z
// (Boost.Date_Time's Gregorian years; business calendars cover less, see calendar/). ptime
// arithmetic can leave that range without an error; the functions below then throw
// itsm::error(invalid_argument), never a Boost exception.

// Microseconds since 1970-01-01T00:00:00Z: the storage encoding of a timestamp.
// Errors: invalid_argument (special value, instant outside the supported range).
ITSM_API std::int64_t to_unix_micros(timestamp t);
ITSM_API timestamp from_unix_micros(std::int64_t us);

// ISO 8601 in UTC: "2026-03-01T08:00:00Z" (fraction only when non-zero); "not-a-date-time" for
// a special value. Errors: invalid_argument (instant outside the supported range).
ITSM_API std::string to_iso(timestamp t);
// Accepts exactly "YYYY-MM-DDTHH:MM:SS[.f…]Z" with 1 to 6 fraction digits, a real calendar day,
// hours 00-23, minutes and seconds 00-59 and years 1400-9999: no blanks, signs, offsets or
// other forms. Throws itsm::error(invalid_argument) otherwise.
ITSM_API timestamp parse_iso(std::string_view text);

inline duration seconds(std::int64_t s) { return boost::posix_time::seconds(s); }
inline duration minutes(std::int64_t m) { return boost::posix_time::minutes(m); }
inline duration hours(std::int64_t h) { return boost::posix_time::hours(h); }

}  // namespace itsm
