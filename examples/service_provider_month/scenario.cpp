#include "scenario.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "runner.hpp"

namespace spm {

using namespace itsm;

month month_at(timestamp start) {
  month m;
  const auto d = start.date();
  m.start = timestamp(boost::gregorian::date(d.year(), d.month(), 1));
  const auto next = boost::gregorian::date(d.year(), d.month(), 1) + boost::gregorian::months(1);
  m.end = timestamp(next);
  const auto first = parse_iso(first_month).date();
  m.index = (d.year() - first.year()) * 12 + (d.month() - first.month());
  m.label = fmt::format("{:04}-{:02}", static_cast<int>(d.year()), static_cast<int>(d.month()));
  return m;
}

timestamp business_day(const world& w, const month& m, int k) {
  const auto& cal = w.service(workplace).hours;
  std::vector<timestamp> days;
  for (auto t = m.start; t < m.end; t += hours(24)) {
    auto o = cal.next_opening(t);
    if (o && *o < t + hours(24) && (days.empty() || days.back().date() != o->date())) days.push_back(*o);
  }
  if (days.empty()) return m.start;
  return days[static_cast<std::size_t>(std::clamp(k, 1, static_cast<int>(days.size())) - 1)];
}

timestamp next_slot(timestamp after, int weekday, int minute) {
  auto day = after.date();
  for (int i = 0; i < 8; ++i, day += boost::gregorian::days(1)) {
    const timestamp t = timestamp(day) + minutes(minute);
    if (day.day_of_week().as_number() == weekday && t >= after) return t;
  }
  return after;
}

story runner::run() {
  carry_over();
  auto incidents = plan_incidents(w_, size_.incidents, rng_, m_.start, m_.end - hours(12));
  auto requests = plan_requests(w_, size_.requests, rng_, m_.start, m_.end - hours(12));
  for (const auto& p : incidents) background_incident(p);
  for (const auto& p : requests) background_request(p);
  recurring_problem();
  failed_change();
  major_incident();
  security_incident();
  cluster_outage();
  conflicting_changes();
  trend_review();
  // The escalation sweep a product would run from a scheduler: every four hours.
  for (auto t = m_.start + hours(4); t < m_.end; t += hours(4))
    tl_.at(t, [this] {
      sys_.incidents().escalate(w_.who.irene);
      sys_.requests().escalate(w_.who.irene);
    });
  st_.steps = tl_.run(clk_, m_.end);
  return std::move(st_);
}

story run_month(sms& system, manual_clock& clk, const world& w, const month& m, const sizes& size, std::uint64_t seed) {
  return runner(system, clk, w, m, size, seed).run();
}

}  // namespace spm
