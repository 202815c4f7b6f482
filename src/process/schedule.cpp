#include "itsm/process/schedule.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <memory>
#include <mutex>
#include <optional>

#include "itsm/calendar/business_calendar.hpp"

namespace itsm {

std::string_view to_string(conflict_kind k) noexcept {
  switch (k) {
    case conflict_kind::same_ci: return "same_ci";
    case conflict_kind::impact: return "impact";
    case conflict_kind::freeze: return "freeze";
    case conflict_kind::outside_maintenance: return "outside_maintenance";
  }
  return "?";
}

std::string describe(const schedule_conflict& c) {
  switch (c.kind) {
    case conflict_kind::same_ci:
      return fmt::format("R-9.2-schedule: overlaps RFC-{} on the same CI CI-{}", c.other_rfc, c.ci);
    case conflict_kind::impact:
      return fmt::format("R-9.2-schedule: overlaps RFC-{}, CI-{} is in one's scope and the other's impact",
                         c.other_rfc, c.ci);
    case conflict_kind::freeze:
      return fmt::format("R-9.2-schedule: window falls in the change freeze '{}'", c.freeze);
    case conflict_kind::outside_maintenance:
      return fmt::format("R-9.2-schedule: window is outside the maintenance windows of SVC-{}", c.service);
  }
  return "?";
}

namespace {
// The slots as a business calendar in their zone: the window is inside a slot when all of it is
// business time (touching intervals merge, so a slot past midnight stays one stretch).
calendar::calendar_definition slot_calendar(const std::vector<weekly_slot>& slots, std::string_view zone) {
  calendar::calendar_definition def;
  def.time_zone = std::string(zone);
  auto add = [&](int weekday, int from, int to) {  // weekday 0 = Sunday; calendar week [0] = Monday
    if (from < to) def.week[static_cast<std::size_t>((weekday + 6) % 7)].push_back({minutes(from), minutes(to)});
  };
  for (const auto& s : slots) {
    if (s.end_minute <= s.start_minute) continue;
    add(s.weekday, s.start_minute, std::min(s.end_minute, 1440));
    if (s.end_minute > 1440) add((s.weekday + 1) % 7, 0, s.end_minute - 1440);
  }
  for (auto& day : def.week) {  // merge overlapping slots of one day
    std::sort(day.begin(), day.end(), [](const auto& a, const auto& b) { return a.start < b.start; });
    std::vector<calendar::daily_interval> merged;
    for (const auto& i : day)
      if (!merged.empty() && i.start <= merged.back().end) merged.back().end = std::max(merged.back().end, i.end);
      else merged.push_back(i);
    day = std::move(merged);
  }
  return def;
}

// Compiled once per zone and slots; bounded, since a provider has few distinct slot sets.
std::shared_ptr<const calendar::business_calendar> compiled_slots(const std::vector<weekly_slot>& slots,
                                                                  std::string_view zone) {
  std::string key(zone);
  for (const auto& s : slots) key += fmt::format("|{},{},{}", s.weekday, s.start_minute, s.end_minute);
  static std::mutex mu;
  static std::map<std::string, std::shared_ptr<const calendar::business_calendar>> cache;
  std::lock_guard lock(mu);
  if (auto it = cache.find(key); it != cache.end()) return it->second;
  if (cache.size() >= 256) cache.clear();
  auto cal = std::make_shared<const calendar::business_calendar>(slot_calendar(slots, zone));
  cache.emplace(std::move(key), cal);
  return cal;
}
}  // namespace

bool inside_maintenance(const period& window, const std::vector<weekly_slot>& slots, std::string_view time_zone) {
  if (window.start.is_special() || window.end.is_special()) return false;
  if (!time_zone.empty() && time_zone != "UTC") {
    const auto cal = compiled_slots(slots, time_zone);
    return window.start < window.end && cal->business_time(window.start, window.end) == window.end - window.start;
  }
  const auto day = window.start.date();
  // A slot may start the day before (running past midnight) or on the window's first day.
  for (auto d : {day - boost::gregorian::days(1), day}) {
    const int wd = d.day_of_week().as_number();  // 0 = Sunday
    for (const auto& s : slots) {
      if (s.weekday != wd || s.end_minute <= s.start_minute) continue;
      const timestamp midnight(d);
      const period occ{midnight + minutes(s.start_minute), midnight + minutes(s.end_minute)};
      if (occ.contains(window)) return true;
    }
  }
  return false;
}

namespace {
// The first element common to two sorted vectors, galloping through the larger when the sizes
// are lopsided.
std::optional<std::int64_t> first_common(const std::vector<std::int64_t>& a,
                                         const std::vector<std::int64_t>& b) {
  if (a.empty() || b.empty()) return std::nullopt;
  const auto& small = a.size() <= b.size() ? a : b;
  const auto& large = a.size() <= b.size() ? b : a;
  if (small.size() * 16 < large.size()) {
    auto from = large.begin();
    for (auto x : small) {
      from = std::lower_bound(from, large.end(), x);
      if (from == large.end()) return std::nullopt;
      if (*from == x) return x;
    }
    return std::nullopt;
  }
  auto i = a.begin(), j = b.begin();
  while (i != a.end() && j != b.end()) {
    if (*i < *j) ++i;
    else if (*j < *i) ++j;
    else return *i;
  }
  return std::nullopt;
}
}  // namespace

change_schedule::change_schedule(std::vector<scheduled_change> changes) : by_start_(std::move(changes)) {
  std::stable_sort(by_start_.begin(), by_start_.end(),
                   [](const auto& a, const auto& b) { return a.window.start < b.window.start; });
  max_end_.reserve(by_start_.size());
  for (const auto& c : by_start_)
    max_end_.push_back(max_end_.empty() ? c.window.end : std::max(max_end_.back(), c.window.end));
}

template <class F>
void change_schedule::for_overlapping(const period& p, F&& f) const {
  // Changes before `lo` all end by p.start (max_end_ is monotonic); from `hi` on they start at
  // or after p.end. Only [lo, hi) can overlap.
  const auto lo = std::upper_bound(max_end_.begin(), max_end_.end(), p.start) - max_end_.begin();
  const auto hi = std::lower_bound(by_start_.begin(), by_start_.end(), p.end,
                                   [](const auto& c, const timestamp& t) { return c.window.start < t; }) -
                  by_start_.begin();
  for (auto i = lo; i < hi; ++i)
    if (by_start_[i].window.end > p.start) f(by_start_[i]);
}

std::vector<schedule_conflict> change_schedule::conflicts(const scheduled_change& cand,
                                                          const schedule_calendar& cal) const {
  std::vector<schedule_conflict> out;
  for_overlapping(cand.window, [&](const scheduled_change& other) {
    if (other.rfc == cand.rfc) return;
    if (auto ci = first_common(cand.cis, other.cis)) {
      out.push_back({conflict_kind::same_ci, other.rfc, *ci, 0, {}});
    } else if (auto ci2 = first_common(cand.cis, other.impact)) {
      out.push_back({conflict_kind::impact, other.rfc, *ci2, 0, {}});
    } else if (auto ci3 = first_common(cand.impact, other.cis)) {
      out.push_back({conflict_kind::impact, other.rfc, *ci3, 0, {}});
    }
  });
  for (const auto& f : cal.freezes)
    if (f.when.overlaps(cand.window)) out.push_back({conflict_kind::freeze, 0, 0, 0, f.name});
  for (auto s : cand.services) {
    auto it = cal.maintenance.find(s);
    if (it == cal.maintenance.end()) continue;
    const auto zone = cal.maintenance_zones.find(s);
    if (!inside_maintenance(cand.window, it->second, zone == cal.maintenance_zones.end() ? "" : zone->second))
      out.push_back({conflict_kind::outside_maintenance, 0, 0, s, {}});
  }
  return out;
}

std::vector<const scheduled_change*> change_schedule::in_period(const period& p) const {
  std::vector<const scheduled_change*> out;
  for_overlapping(p, [&](const scheduled_change& c) { out.push_back(&c); });
  return out;
}

}  // namespace itsm
