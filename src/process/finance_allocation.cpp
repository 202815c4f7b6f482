// Cost per service (allocate_costs) and budget against actual (compare_budgets): pure functions
// over records, shared by finance_management and the service report. Method: docs/finance.md.
#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <map>
#include <set>

#include "itsm/core/error.hpp"
#include "itsm/process/finance.hpp"

namespace itsm {

namespace {

using model::cost_item;

// The live CMDB dependencies of shared costs: for every CI the live services that depend on it,
// and for every live service how many CIs it depends on (the ci_count driver). A service depends
// on its component CIs and on everything they depend on through relationships.
struct dependencies {
  std::map<std::int64_t, std::vector<service_id>> of_ci;  // CI number -> services, in id order
  std::map<std::int64_t, std::int64_t> ci_count;          // service number -> CIs it depends on
};

dependencies dependents(const std::vector<model::service>& services, const std::vector<model::configuration_item>& cis,
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
  dependencies out;
  for (const auto& s : services)  // services in id order, so each list is sorted
    if (s.status == model::service_status::live) {
      const auto& r = reach[s.id.number()];
      out.ci_count[s.id.number()] = static_cast<std::int64_t>(r.size());
      for (auto ci : r) out.of_ci[ci].push_back(s.id);
    }
  return out;
}

// The rule that apportions one shared item, and each dependent service's weight under it.
struct apportioner {
  const model::apportionment_policy& policy;
  const dependencies& deps;

  apportioned_share share_of(const cost_item& item) const {
    apportioned_share s{item.id, 0, model::apportionment_method::even, policy.revision, ""};
    if (const auto* r = policy.rule_for(item.cost_centre, item.period)) {
      s.method = r->method;
      s.rule_from = r->from;
    }
    return s;
  }
  std::vector<std::int64_t> weights(const apportioned_share& how, const cost_item& item,
                                    const std::vector<service_id>& over) const {
    std::vector<std::int64_t> w;
    const auto* rule = policy.rule_for(item.cost_centre, item.period);
    for (auto s : over) {
      if (how.method == model::apportionment_method::ci_count) w.push_back(deps.ci_count.at(s.number()));
      else if (how.method == model::apportionment_method::even) w.push_back(1);
      else w.push_back(weight_in(*rule, s));
    }
    return w;
  }
  static std::int64_t weight_in(const model::apportionment_rule& r, service_id s) {
    for (const auto& x : r.weights)
      if (x.service == s) return x.weight;
    return 0;  // a service the rule does not name weighs 0
  }
};

struct ledger {
  std::map<std::pair<std::int64_t, std::string>, service_cost> rows;  // (service number, currency)
  // The row `amount` of `item` goes to; its total stays within 64 bits (amounts are never
  // negative, so direct + apportioned bounds both).
  service_cost& row(service_id s, const cost_item& item, std::int64_t amount) {
    auto& row = rows[{s.number(), item.currency}];
    if (amount > std::numeric_limits<std::int64_t>::max() - row.direct - row.apportioned)
      throw_error(errc::invalid_argument,
                  fmt::format("the costs of {} in {} with {} exceed the largest amount, {} minor units", s.key(),
                              item.currency, item.id.key(), std::numeric_limits<std::int64_t>::max()));
    row.service = s;
    row.currency = item.currency;
    if (row.items.empty() || row.items.back() != item.id) row.items.push_back(item.id);
    return row;
  }
  void direct(service_id s, const cost_item& item, std::int64_t amount) { row(s, item, amount).direct += amount; }
  void apportioned(service_id s, const cost_item& item, apportioned_share share) {
    auto& r = row(s, item, share.amount);
    r.apportioned += share.amount;
    if (!r.shares.empty() && r.shares.back().item == item.id) r.shares.back().amount += share.amount;
    else r.shares.push_back(std::move(share));
  }
};

std::string keys(const std::vector<service_id>& ids) {
  std::string out;
  for (auto s : ids) out += (out.empty() ? "" : ", ") + s.key();
  return out;
}

std::vector<service_id> sorted_unique(std::vector<service_id> v) {
  std::sort(v.begin(), v.end(), [](auto a, auto b) { return a.number() < b.number(); });
  v.erase(std::unique(v.begin(), v.end()), v.end());
  return v;
}

}  // namespace

std::vector<std::int64_t> split_evenly(std::int64_t amount, std::size_t parts) {
  if (parts == 0) throw_error(errc::invalid_argument, "an amount is split into at least one share");
  if (parts > std::vector<std::int64_t>().max_size())  // not a std::length_error from the vector
    throw_error(errc::invalid_argument, fmt::format("{} shares are more than a vector can hold", parts));
  if (amount < 0) throw_error(errc::invalid_argument, fmt::format("amount {} is negative", amount));
  const auto n = static_cast<std::int64_t>(parts);
  std::vector<std::int64_t> out(parts, amount / n);
  for (std::int64_t i = 0; i < amount % n; ++i) ++out[static_cast<std::size_t>(i)];
  return out;
}

std::vector<std::int64_t> split_by_weights(std::int64_t amount, const std::vector<std::int64_t>& weights) {
  __extension__ using wide = __int128;  // amount * weight does not fit 64 bits in general
  if (amount < 0) throw_error(errc::invalid_argument, fmt::format("amount {} is negative", amount));
  wide total = 0;
  for (auto w : weights) {
    if (w < 0) throw_error(errc::invalid_argument, fmt::format("weight {} is negative", w));
    total += w;
  }
  if (total == 0) throw_error(errc::invalid_argument, "an amount is split by weights of which one is above 0");
  std::vector<std::int64_t> out;
  std::vector<std::pair<wide, std::size_t>> rest;  // (fractional part * total, index)
  std::int64_t given = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    const wide exact = static_cast<wide>(amount) * weights[i];
    out.push_back(static_cast<std::int64_t>(exact / total));
    given += out.back();
    rest.emplace_back(exact % total, i);
  }
  std::stable_sort(rest.begin(), rest.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  for (std::int64_t k = 0; k < amount - given; ++k) ++out[rest[static_cast<std::size_t>(k)].second];
  return out;
}

cost_allocation allocate_costs(const std::vector<cost_item>& items, const std::vector<model::service>& services,
                               const std::vector<model::configuration_item>& cis, const graph::graph& cmdb,
                               std::string_view period, const model::apportionment_policy& apportionment) {
  if (!model::valid_period(period))
    throw_error(errc::invalid_argument, fmt::format("period '{}' is not YYYY or YYYY-MM", period));
  std::vector<const cost_item*> in_period;
  for (const auto& i : items)
    if (!i.cancelled && model::period_within(i.period, period)) in_period.push_back(&i);
  std::sort(in_period.begin(), in_period.end(), [](auto* a, auto* b) { return a->id.number() < b->id.number(); });
  const bool shared = std::any_of(in_period.begin(), in_period.end(), [](auto* i) { return i->services.empty(); });
  const auto deps = shared ? dependents(services, cis, cmdb) : dependencies{};
  const apportioner rule{apportionment, deps};
  cost_allocation out;
  out.period = std::string(period);
  ledger book;
  for (const auto* item : in_period) {
    if (!item->services.empty()) {
      const auto to = sorted_unique(item->services);
      const auto shares = split_evenly(item->amount, to.size());
      for (std::size_t k = 0; k < to.size(); ++k) book.direct(to[k], *item, shares[k]);
      continue;
    }
    auto over = item->cis;
    std::sort(over.begin(), over.end(), [](auto a, auto b) { return a.number() < b.number(); });
    over.erase(std::unique(over.begin(), over.end()), over.end());
    const auto ci_shares = split_evenly(item->amount, over.size());
    const auto how = rule.share_of(*item);
    for (std::size_t c = 0; c < over.size(); ++c) {
      auto it = deps.of_ci.find(over[c].number());
      const auto weights = it == deps.of_ci.end() ? std::vector<std::int64_t>{} : rule.weights(how, *item, it->second);
      if (std::all_of(weights.begin(), weights.end(), [](auto w) { return w == 0; })) {
        if (ci_shares[c] > 0)
          out.unallocated.push_back(
              {item->id, item->currency, ci_shares[c],
               weights.empty() ? fmt::format("no live service depends on {}", over[c].key())
                               : fmt::format("the services depending on {} ({}) all weigh 0 under the {} rule from {} "
                                             "(apportionment policy revision {})",
                                             over[c].key(), keys(it->second), model::enum_to_string(how.method),
                                             how.rule_from, how.policy_revision)});
        continue;
      }
      const auto shares = split_by_weights(ci_shares[c], weights);
      for (std::size_t k = 0; k < it->second.size(); ++k) {
        if (weights[k] == 0) continue;  // a service weighing 0 bears none of it
        auto part = how;
        part.amount = shares[k];
        book.apportioned(it->second[k], *item, std::move(part));
      }
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
