// Clause 6.5 checks: capacity monitored — every metric in force measured in the period without a
// gap longer than its expected interval, every breach that by its metric raises an incident did
// (R-6.5-monitor); capacity planned — metrics are planned from by a capacity plan reviewed
// within its interval (R-6.5-plan).
#include <algorithm>
#include <map>

#include "evidence.hpp"

namespace itsm::report::detail {

namespace {

check_result monitored(const check_context& c) {
  std::map<capacity_metric_id, std::vector<const model::capacity_measurement*>> in_period;
  for (const auto& m : c.s.capacity_measurements)
    if (c.in_period(m.at)) in_period[m.metric].push_back(&m);
  std::vector<std::string> ok, bad;
  for (const auto& metric : c.s.capacity_metrics) {
    if (metric.retired) continue;
    auto& seen = in_period[metric.id];
    std::sort(seen.begin(), seen.end(), [](const auto* a, const auto* b) { return a->at < b->at; });
    bool sound = !seen.empty();
    for (std::size_t i = 1; i < seen.size(); ++i)
      sound = sound && !(seen[i - 1]->at + hours(metric.expected_interval_hours) < seen[i]->at);
    (sound ? ok : bad).push_back(metric.id.key());
    for (const auto* m : seen)
      if (m->breached && metric.raise_incident) (m->incident.valid() ? ok : bad).push_back(m->id.key());
  }
  return c.judge(ok, bad, "capacity metrics measured at their interval, breaches raised as incidents",
                 "capacity metrics not measured at their interval, or breaches without their incident",
                 "no capacity metric is recorded");
}

check_result planned(const check_context& c) {
  std::vector<std::string> ok, bad;
  std::vector<capacity_metric_id> planned_from;
  for (const auto& p : c.s.capacity_plans) {
    if (p.retired || p.reviewed_at.is_special() || !(p.reviewed_at < c.p.end)) continue;
    const bool current = !(p.reviewed_at + hours(24 * p.review_interval_days) < c.p.end);
    (current ? ok : bad).push_back(p.id.key());
    if (current) planned_from.insert(planned_from.end(), p.metrics.begin(), p.metrics.end());
  }
  for (const auto& m : c.s.capacity_metrics)
    if (!m.retired && std::find(planned_from.begin(), planned_from.end(), m.id) == planned_from.end())
      bad.push_back(m.id.key());
  return c.judge(ok, bad, "capacity plans reviewed within their interval, planning from every metric in force",
                 "capacity plans overdue for review, or metrics no current plan plans from",
                 "no capacity plan or metric is recorded");
}

}  // namespace

std::vector<check_def> capacity_checks() { return {{"R-6.5-plan", planned}, {"R-6.5-monitor", monitored}}; }

}  // namespace itsm::report::detail
