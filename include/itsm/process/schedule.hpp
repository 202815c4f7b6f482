// The schedule of change and its conflict detection (R-9.2-schedule, R-9.2-assess): a pure
// function over scheduled changes (windows, scope and impact sets) and the calendar rules
// (freeze periods, services' maintenance windows). Thread-safety: change_schedule is immutable
// after construction; any number of threads may query it at once.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "itsm/core/export.hpp"
#include "itsm/core/time.hpp"

namespace itsm {

// A half-open interval [start, end).
struct ITSM_API period {
  timestamp start;
  timestamp end;
  bool overlaps(const period& o) const { return start < o.end && o.start < end; }
  bool contains(const period& o) const { return start <= o.start && o.end <= end; }
};

// A blackout / change freeze: no change may be implemented inside it.
struct ITSM_API freeze_period {
  std::string name;
  period when;
};

// A weekly maintenance slot: `weekday` 0 = Sunday … 6 = Saturday; minutes from that day's
// midnight, in the service's maintenance time zone (UTC unless schedule_calendar names one);
// end_minute may exceed 1440 to run past midnight. REQUIRES: start < end <= 2880.
struct ITSM_API weekly_slot {
  int weekday = 0;        // Default: 0 (Sunday)
  int start_minute = 0;   // Default: 0
  int end_minute = 0;     // Default: 0 (an empty slot)
};

struct ITSM_API schedule_calendar {
  std::vector<freeze_period> freezes;  // Default: none
  // Service number (SVC-n → n) → its agreed maintenance slots. A service without an entry may
  // be changed at any time. Default: none.
  std::map<std::int64_t, std::vector<weekly_slot>> maintenance;
  // Service number → the IANA time zone its slots are agreed in ("Europe/Berlin"), so a slot
  // keeps its wall-clock times across daylight saving time. No entry: UTC. Default: none.
  std::map<std::int64_t, std::string> maintenance_zones;
};

// One change on the schedule, reduced to what conflict detection needs. CIs and services are
// their id numbers (CI-7 → 7); all three lists sorted and without duplicates.
struct ITSM_API scheduled_change {
  std::int64_t rfc = 0;                // the RFC's number
  period window;
  std::vector<std::int64_t> cis;       // the RFC's scope
  std::vector<std::int64_t> impact;    // its impact set (blast radius) without the scope
  std::vector<std::int64_t> services;  // services affected (scope and impact)
};

enum class conflict_kind {
  same_ci,              // both changes touch the same CI in overlapping windows
  impact,               // one touches a CI in the other's impact set, windows overlapping
  freeze,               // the window overlaps a freeze period
  outside_maintenance,  // the window is not inside a maintenance slot of an affected service
};
ITSM_API std::string_view to_string(conflict_kind k) noexcept;

struct ITSM_API schedule_conflict {
  conflict_kind kind = conflict_kind::same_ci;
  std::int64_t other_rfc = 0;  // same_ci / impact: the other change
  std::int64_t ci = 0;         // same_ci / impact: one CI they share
  std::int64_t service = 0;    // outside_maintenance: the service
  std::string freeze;          // freeze: its name
  bool operator==(const schedule_conflict&) const = default;
};
// "conflicts with RFC-4 on CI-7 (same CI)" etc., citing R-9.2-schedule.
ITSM_API std::string describe(const schedule_conflict& c);

// Does `window` lie inside one occurrence of one of `slots`?
// `time_zone`: the IANA zone the slots are in ("" or "UTC": UTC). Throws itsm::error
// (invalid_argument) for an unknown zone.
ITSM_API bool inside_maintenance(const period& window, const std::vector<weekly_slot>& slots,
                                 std::string_view time_zone = {});

class ITSM_API change_schedule {
 public:
  change_schedule() = default;
  // REQUIRES: each change's lists sorted and unique, window.start < window.end.
  explicit change_schedule(std::vector<scheduled_change> changes);

  const std::vector<scheduled_change>& changes() const noexcept { return by_start_; }  // by start

  // Every conflict of `candidate` with the other changes (a change with the candidate's RFC
  // number is skipped) and with the calendar: at most one same_ci/impact conflict per other
  // change (same_ci preferred), in the schedule's start order, then freezes, then services.
  // O(log n + k·s) for k changes with overlapping windows and intersection cost s.
  std::vector<schedule_conflict> conflicts(const scheduled_change& candidate,
                                           const schedule_calendar& calendar) const;

  // Changes whose window overlaps `p`, by start.
  std::vector<const scheduled_change*> in_period(const period& p) const;

 private:
  template <class F>
  void for_overlapping(const period& p, F&& f) const;
  std::vector<scheduled_change> by_start_;
  std::vector<timestamp> max_end_;  // max_end_[i] = latest end among by_start_[0..i]
};

}  // namespace itsm
