// UTC instants and durations (Boost.Date_Time), with the conversions storage and export need.
// Thread-safety: free functions on values; safe from any thread.
#pragma once

#include <boost/date_time/posix_time/posix_time_types.hpp>
#include <cstdint>
#include <string>
#include <string_view>

namespace itsm {

using timestamp = boost::posix_time::ptime;          // always UTC
using duration = boost::posix_time::time_duration;

// Microseconds since 1970-01-01T00:00:00Z: the storage encoding of a timestamp.
std::int64_t to_unix_micros(timestamp t);
timestamp from_unix_micros(std::int64_t us);

// ISO 8601 in UTC: "2026-03-01T08:00:00Z" (fraction only when non-zero).
std::string to_iso(timestamp t);
// Accepts "YYYY-MM-DDTHH:MM:SS[.ffffff]Z"; throws itsm::error(invalid_argument) otherwise.
timestamp parse_iso(std::string_view text);

inline duration seconds(std::int64_t s) { return boost::posix_time::seconds(s); }
inline duration minutes(std::int64_t m) { return boost::posix_time::minutes(m); }
inline duration hours(std::int64_t h) { return boost::posix_time::hours(h); }

}  // namespace itsm
