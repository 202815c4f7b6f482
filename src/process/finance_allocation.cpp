// Cost per service (allocate_costs) and budget against actual (compare_budgets): pure functions
// over records, shared by finance_management and the service report. Method: docs/finance.md.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "itsm/core/error.hpp"
#include "itsm/process/finance.hpp"

namespace itsm {

namespace {

using model::cost_item;

// For every CI, the live services that depend on it: a service depends on its component CIs and
// on everything they depend on through relationships.
std::map<std::int64_t, std::vector<service_id>> dependents(const std::vector<model::service>& services,
                                                           const std::vector<model::configuration_item>& cis,
                                                           const graph::graph& cmdb) {
  std::map<std::int64_t, std::set<std::int64_t>> reach;  // service number -> CI numbers
  for (const auto& ci : cis) {
    if (ci.status == model::ci_status::retired || !cmdb.contains(ci.id.number())) continue;
    for (auto s : ci.services) {
      auto& r = reach[s.number()];
      r.insert(ci.id.number());
      for (const auto& d : cmdb.depends_on(ci.id.number()))
        if (d.key > 0) r.insert(d.key);
    }
  }
  std::map<std::int64_t, std::vector<service_id>> out;
  for (const auto& s : services)  // services in id order, so each list is sorted
    if (s.status == model::service_status::live)
      for (auto ci : reach[s.id.number()]) out[ci].push_back(s.id);
  return out;
}

struct ledger {
  std::map<std::pair<std::int64_t, std::string>, service_cost> rows;  // (service number, currency)
  void add(service_id s, const cost_item& item, std::int64_t amount, bool direct) {
    auto& row = rows[{s.number(), item.currency}];
    row.service = s;
    row.currency = item.currency;
    (direct ? row.direct : row.apportioned) += amount;
    if (row.items.empty() || row.items.back() != item.id) row.items.push_back(item.id);
  }
};

std::vector<service_id> sorted_unique(std::vector<service_id> v) {
  std::sort(v.begin(), v.end(), [](auto a, auto b) { return a.number() < b.number(); });
  v.erase(std::unique(v.begin(), v.end()), v.end());
  return v;
}

}  // namespace

std::vector<std::int64_t> split_evenly(std::int64_t amount, std::size_t parts) {
  if (parts == 0) throw_error(errc::invalid_argument, "an amount is split into at least one share");
  const auto n = static_cast<std::int64_t>(parts);
  std::vector<std::int64_t> out(parts, amount / n);
  for (std::int64_t i = 0; i < amount % n; ++i) ++out[static_cast<std::size_t>(i)];
  return out;
}

cost_allocation allocate_costs(const std::vector<cost_item>& items, const std::vector<model::service>& services,
                               const std::vector<model::configuration_item>& cis, const graph::graph& cmdb,
                               std::string_view period) {
  if (!model::valid_period(period))
    throw_error(errc::invalid_argument, fmt::format("period '{}' is not YYYY or YYYY-MM", period));
  std::vector<const cost_item*> in_period;
  for (const auto& i : items)
    if (!i.cancelled && model::period_within(i.period, period)) in_period.push_back(&i);
  std::sort(in_period.begin(), in_period.end(), [](auto* a, auto* b) { return a->id.number() < b->id.number(); });
  const bool shared = std::any_of(in_period.begin(), in_period.end(), [](auto* i) { return i->services.empty(); });
  const auto deps = shared ? dependents(services, cis, cmdb) : std::map<std::int64_t, std::vector<service_id>>{};
  cost_allocation out;
  out.period = std::string(period);
  ledger book;
  for (const auto* item : in_period) {
    if (!item->services.empty()) {
      const auto to = sorted_unique(item->services);
      const auto shares = split_evenly(item->amount, to.size());
      for (std::size_t k = 0; k < to.size(); ++k) book.add(to[k], *item, shares[k], true);
      continue;
    }
    auto over = item->cis;
    std::sort(over.begin(), over.end(), [](auto a, auto b) { return a.number() < b.number(); });
    over.erase(std::unique(over.begin(), over.end()), over.end());
    const auto ci_shares = split_evenly(item->amount, over.size());
    for (std::size_t c = 0; c < over.size(); ++c) {
      auto it = deps.find(over[c].number());
      if (it == deps.end()) {
        if (ci_shares[c] > 0)
          out.unallocated.push_back({item->id, item->currency, ci_shares[c],
                                     fmt::format("no live service depends on {}", over[c].key())});
        continue;
      }
      const auto shares = split_evenly(ci_shares[c], it->second.size());
      for (std::size_t k = 0; k < it->second.size(); ++k) book.add(it->second[k], *item, shares[k], false);
    }
  }
  std::map<std::int64_t, std::string> names;
  for (const auto& s : services) names[s.id.number()] = s.name;
  for (auto& [key, row] : book.rows) {
    row.service_name = names[key.first];
    out.services.push_back(std::move(row));
  }
  return out;
}

std::vector<budget_row> compare_budgets(const std::vector<model::budget>& budgets,
                                        const std::vector<model::service>& services, const cost_allocation& actual) {
  std::map<std::int64_t, std::string> names;
  for (const auto& s : services) names[s.id.number()] = s.name;
  std::vector<budget_row> out;
  for (const auto& b : budgets) {
    if (b.withdrawn || b.period != actual.period) continue;
    budget_row row;
    row.budget = b.id;
    row.service = b.service;
    row.service_name = names[b.service.number()];
    row.period = b.period;
    row.approved = b.state == model::budget_state::approved;
    row.currency = b.currency;
    row.budgeted = b.amount;
    for (const auto& c : actual.services) {
      if (c.service != b.service) continue;
      if (c.currency == b.currency) row.actual = c.total();
      else row.other_currencies.push_back(c.currency);
    }
    row.variance = row.budgeted - row.actual;
    row.over_budget = row.actual > row.budgeted;
    out.push_back(std::move(row));
  }
  std::sort(out.begin(), out.end(), [](const budget_row& a, const budget_row& b) {
    return std::pair(a.service.number(), a.budget.number()) < std::pair(b.service.number(), b.budget.number());
  });
  return out;
}

}  // namespace itsm
