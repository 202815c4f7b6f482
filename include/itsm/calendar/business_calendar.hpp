// A compiled business calendar: answers "is t in service hours", "business time between two
// instants" and "when does a business duration elapse" (the deadline) by binary search over
// precomputed UTC working intervals with prefix sums of business time.
// Thread-safety: every const member may be called from any number of threads at once. The
// precomputed horizon grows on demand under an internal mutex; built blocks are immutable and
// published atomically, so queries inside the built horizon take no lock. Copies share one
// horizon (a copy is a cheap handle).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "itsm/calendar/definition.hpp"
#include "itsm/core/export.hpp"
#include "itsm/core/time.hpp"

namespace itsm::calendar {

namespace detail {
struct calendar_state;
}

struct ITSM_API utc_interval {
  timestamp start;
  timestamp end;  // exclusive
  bool operator==(const utc_interval&) const = default;
};

// Conventions (docs/calendar.md):
// - Working intervals are half-open [open, close): `is_open(close)` is false.
// - deadline(start, d) is the earliest instant t >= start with business_time(start, t) >= d.
//   So a deadline that uses up an interval exactly falls on that interval's closing time, not
//   on the next opening; deadline(start, 0) == start, even outside service hours.
// - A local day containing a DST switch has its true length: wall-clock hours that do not
//   exist that day are not counted, repeated hours count twice.
// Supported instants: 1900-01-01T00:00Z up to (excluding) about 2501; outside that range the
// queries throw itsm::error(invalid_argument).
class ITSM_API business_calendar {
 public:
  // Validates (calendar_definition::validate) and resolves the time zone; throws
  // itsm::error(invalid_argument) on an invalid definition. Builds nothing yet.
  explicit business_calendar(calendar_definition def);

  const calendar_definition& definition() const noexcept;

  // Precompute the horizon covering [from, to) now, so later queries there never build.
  void prepare(timestamp from, timestamp to) const;

  // True if t lies inside a working interval.
  bool is_open(timestamp t) const;
  // t itself when open, else the next opening after t; nullopt if the calendar never opens
  // again before the end of the supported range.
  std::optional<timestamp> next_opening(timestamp t) const;
  // Business time in [from, to); negative when to < from.
  duration business_time(timestamp from, timestamp to) const;
  // The instant at which `business` elapses from `start` (see conventions above).
  // REQUIRES: business >= 0, else itsm::error(invalid_argument). Throws
  // itsm::error(invalid_argument) when the calendar has no working time at all, or none left
  // after `start` to cover `business` (e.g. only past exception days) — never loops forever.
  timestamp deadline(timestamp start, duration business) const;
  // The working intervals overlapping [from, to), clipped to it, in order.
  std::vector<utc_interval> working_intervals(timestamp from, timestamp to) const;

  // The same queries on microseconds since the Unix epoch (UTC) for bulk work.
  bool is_open_us(std::int64_t t) const;
  std::int64_t business_time_us(std::int64_t from, std::int64_t to) const;
  std::int64_t deadline_us(std::int64_t start, std::int64_t business) const;
  // Business µs from a fixed origin private to this calendar (and its copies) to t; may be
  // negative. Only differences mean anything: business_time_us(a, b) ==
  // business_offset_us(b) - business_offset_us(a). Lets a caller walking many consecutive
  // instants (an SLA log) look each one up once.
  std::int64_t business_offset_us(std::int64_t t) const;

 private:
  std::shared_ptr<detail::calendar_state> state_;
};

}  // namespace itsm::calendar
