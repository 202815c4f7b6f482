// Clause 6.4 and the finance interface of the CMDB: budgeted and accounted — every live service
// has an approved budget for each month of the period (or its year) and its costs there are
// accounted: allocated to services, none left over, in the budget's currency (R-6.4-costs);
// CIs carry the finance fields the stored finance policy requires (R-9.1-finance).
#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "evidence.hpp"
#include "itsm/process/finance.hpp"

namespace itsm::report::detail {

namespace {

// The months ("YYYY-MM") the period touches, oldest first (at most ten years of them).
std::vector<std::string> months_of(const period& p) {
  std::vector<std::string> out;
  const auto first = p.start.date(), last = (p.end - seconds(1)).date();
  int y = first.year(), m = first.month();
  while (out.size() < 120 && (y < last.year() || (y == last.year() && m <= last.month()))) {
    out.push_back(fmt::format("{:04}-{:02}", y, m));
    if (++m > 12) m = 1, ++y;
  }
  return out;
}

const model::budget* approved_budget(const store_snapshot& s, service_id svc, const std::string& month) {
  const model::budget* year = nullptr;
  for (const auto& b : s.budgets) {
    if (b.withdrawn || b.state != model::budget_state::approved || b.service != svc) continue;
    if (b.period == month) return &b;
    if (model::period_within(month, b.period)) year = &b;
  }
  return year;
}

check_result budgeted(const check_context& c) {
  const auto months = months_of(c.p);
  bool used = false;
  for (const auto& m : months) {
    for (const auto& b : c.s.budgets) used = used || model::period_within(m, b.period);
    for (const auto& i : c.s.cost_items) used = used || model::period_within(i.period, m) || model::period_within(m, i.period);
  }
  if (!used) return c.judge({}, {}, "", "", "no budget or cost is recorded for the period");
  const auto cmdb = cmdb_graph(c.s);
  std::map<std::string, cost_allocation> by_period;  // allocations computed once per budget period
  auto allocation = [&](const std::string& period) -> const cost_allocation& {
    auto it = by_period.find(period);
    if (it == by_period.end())
      it = by_period.emplace(period, allocate_costs(c.s.cost_items, c.s.services, c.s.cis, cmdb, period,
                                                      apportionment_in_force(c.s))).first;
    return it->second;
  };
  std::vector<std::string> ok, bad;
  for (const auto& m : months) {
    for (const auto& u : allocation(m).unallocated) bad.push_back(u.item.key());
    for (const auto& svc : c.s.services) {
      if (svc.status != model::service_status::live) continue;
      const auto* b = approved_budget(c.s, svc.id, m);
      if (!b) {
        bad.push_back(svc.id.key());
        continue;
      }
      for (const auto& row : compare_budgets({*b}, c.s.services, allocation(b->period))) {
        const bool costed = std::any_of(allocation(b->period).services.begin(), allocation(b->period).services.end(),
                                        [&](const service_cost& x) { return x.service == svc.id; });
        (costed && row.other_currencies.empty() ? ok : bad).push_back(b->id.key());
      }
    }
  }
  for (auto* v : {&ok, &bad}) {
    std::sort(v->begin(), v->end());
    v->erase(std::unique(v->begin(), v->end()), v->end());
  }
  return c.judge(ok, bad, "live services have approved budgets for the period and their costs are allocated",
                 "live services without an approved budget or without accounted costs, costs in another currency "
                 "than their budget, or costs no live service bears",
                 "no budget or cost is recorded for the period");
}

check_result finance_fields(const check_context& c) {
  if (c.s.finance_policies.empty()) return c.judge({}, {}, "", "", "no finance policy is recorded");
  const auto& pol = c.s.finance_policies.front();
  std::vector<std::string> ok, bad;
  for (const auto& ci : c.s.cis) {
    if (ci.status != model::ci_status::live) continue;
    if (!pol.ci_types.empty() && std::find(pol.ci_types.begin(), pol.ci_types.end(), ci.type) == pol.ci_types.end())
      continue;
    const bool sound = !(pol.require_asset_tag && ci.asset_tag.empty()) && !(pol.require_cost_centre && ci.cost_centre.empty());
    (sound ? ok : bad).push_back(ci.id.key());
  }
  return c.judge(ok, bad, "live CIs carry the finance fields the finance policy requires",
                 "live CIs lack an asset tag or cost centre the finance policy requires",
                 "no live CI falls under the finance policy");
}

}  // namespace

std::vector<check_def> finance_checks() { return {{"R-6.4-costs", budgeted}, {"R-9.1-finance", finance_fields}}; }

}  // namespace itsm::report::detail
