// The capacity and cost sections of a service report (R-6.2-content): capacity metrics with
// breaches and forecasts (R-6.5-monitor), cost per service against budget (R-6.4-costs).
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <optional>

#include "itsm/process/capacity.hpp"
#include "itsm/process/finance.hpp"
#include "parts.hpp"

namespace itsm::report::detail {

namespace {

bool metric_in_scope(const store_snapshot& s, const scope_filter& f, const model::capacity_metric& m) {
  if (f.all()) return true;
  if (m.service.valid()) return f.covers_service(m.service);
  for (const auto& ci : s.cis)
    if (ci.id == m.ci) return std::any_of(ci.services.begin(), ci.services.end(), [&](auto x) { return f.covers_service(x); });
  return false;
}

// Which rules apportioned a service's shared costs (cost_row::apportioned_by).
std::string rules_of(const service_cost& x) {
  std::vector<std::string> rules;
  for (const auto& share : x.shares) {
    const auto method = model::enum_to_string(share.method);
    auto rule = share.rule_from.empty()
                    ? fmt::format("{} (default, policy revision {})", method, share.policy_revision)
                    : fmt::format("{} from {} (policy revision {})", method, share.rule_from, share.policy_revision);
    if (std::find(rules.begin(), rules.end(), rule) == rules.end()) rules.push_back(std::move(rule));
  }
  std::string out;
  for (const auto& r : rules) out += (out.empty() ? "" : "; ") + r;
  return out;
}

// The month `p` lies in, else its year, else "".
std::string accounting_period(const period& p) {
  const auto first = to_iso(p.start), last = to_iso(p.end - seconds(1));
  if (first.substr(0, 7) == last.substr(0, 7)) return first.substr(0, 7);
  if (first.substr(0, 4) == last.substr(0, 4)) return first.substr(0, 4);
  return {};
}

}  // namespace

void add_capacity(const store_snapshot& s, const report_options& o, const scope_filter& f, service_report& r) {
  std::map<std::int64_t, std::vector<model::capacity_measurement>> by_metric;
  for (const auto& m : s.capacity_measurements)
    if (within(m.at, o.covered.start, o.covered.end)) by_metric[m.metric.number()].push_back(m);
  const auto horizon = o.covered.end + hours(24 * o.forecast_horizon_days);
  for (const auto& m : s.capacity_metrics) {
    if (m.retired || !metric_in_scope(s, f, m)) continue;
    capacity_row row;
    row.metric = m.id.key();
    row.name = m.name;
    row.subject = m.ci.valid() ? m.ci.key() : m.service.key();
    row.unit = m.unit;
    row.threshold = m.threshold;
    auto& points = by_metric[m.id.number()];
    std::sort(points.begin(), points.end(), [](const auto& a, const auto& b) { return a.at < b.at; });
    row.measurements = static_cast<int>(points.size());
    for (const auto& x : points) {
      row.breaches += x.breached ? 1 : 0;
      row.peak = std::max(row.peak.value_or(x.value), x.value);
    }
    if (!points.empty()) row.latest = points.back().value;
    if (points.size() >= 2 && points.front().at < points.back().at) {
      const auto fc = fit_forecast(points, m.threshold);
      row.slope_per_day = fc.slope_per_day;
      if (fc.crosses_at && *fc.crosses_at < horizon) {
        row.crosses_at = *fc.crosses_at;
        r.capacity.crossing.push_back(row.metric);
      }
    }
    r.capacity.breaches += row.breaches;
    r.capacity.metrics.push_back(std::move(row));
  }
}

void add_costs(const store_snapshot& s, const report_options& o, const scope_filter& f, service_report& r) {
  const auto period = o.accounting_period.empty() ? accounting_period(o.covered) : o.accounting_period;
  if (period.empty()) return;
  std::optional<graph::graph> own;
  const graph::graph* g = o.cmdb;
  if (!g) g = &own.emplace(cmdb_graph(s));  // build() passes its graph
  const auto actual = allocate_costs(s.cost_items, s.services, s.cis, *g, period, apportionment_in_force(s));
  const auto budgets = compare_budgets(s.budgets, s.services, actual);
  auto& c = r.costs;
  c.period = period;
  std::map<std::pair<std::int64_t, std::string>, cost_row> rows;  // (service number, currency)
  for (const auto& x : actual.services) {
    if (!f.covers_service(x.service)) continue;
    auto& row = rows[{x.service.number(), x.currency}];
    row.service = x.service.key();
    row.service_name = x.service_name;
    row.currency = x.currency;
    row.direct = x.direct;
    row.apportioned = x.apportioned;
    row.apportioned_by = rules_of(x);
    row.total = x.total();
  }
  for (const auto& b : budgets) {
    if (!f.covers_service(b.service)) continue;
    auto& row = rows[{b.service.number(), b.currency}];
    row.service = b.service.key();
    row.service_name = b.service_name;
    row.currency = b.currency;
    row.budget = b.budget.key();
    row.budget_approved = b.approved;
    row.budgeted = b.budgeted;
    row.variance = b.variance;
    row.over_budget = b.over_budget;
    if (b.approved && b.over_budget) c.over_budget.push_back(row.service);
  }
  for (auto& [key, row] : rows) c.services.push_back(std::move(row));
  if (f.all())
    for (const auto& u : actual.unallocated) c.unallocated[u.currency] += u.amount;
}

}  // namespace itsm::report::detail
