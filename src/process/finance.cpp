// finance_management: cost items, budgets and their approval, the finance policy, and the reads
// built on allocate_costs (clause 6.4, R-9.1-finance).
#include "itsm/process/finance.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>

#include "itsm/process/configuration.hpp"
#include "create.hpp"
#include "detail/write_scope.hpp"
#include "reads.hpp"
#include "transition.hpp"

namespace itsm {

using model::budget;
using model::budget_state;
using model::cost_item;
using model::apportionment_policy;
using model::finance_policy;

namespace {

const char* const cost_record = "cost_item";
const char* const budget_kind = "budget";
const char* const policy_kind = "finance_policy";
const char* const rule = "R-6.4-costs";

void same_revision(std::int64_t stored, std::int64_t given, const std::string& key) {
  if (stored != given) throw_error(errc::conflict, fmt::format("{} is at revision {}, not {}", key, stored, given));
}

void need_period(std::string_view period) {
  if (!model::valid_period(period))
    throw_error(errc::invalid_argument, fmt::format("period '{}' is not YYYY or YYYY-MM", period));
}

// The budgets in force (not withdrawn) of a service, other than `except`.
std::vector<budget> budgets_of(storage::transaction& tx, service_id s, budget_id except = {}) {
  storage::query q;
  q.where_eq("service", s.key());
  auto all = detail::load_all<budget>(tx, q);
  std::erase_if(all, [&](const budget& b) { return b.withdrawn || b.id == except; });
  return all;
}

std::vector<violation> cost_rules(storage::transaction& tx, const cost_item& c) {
  auto v = c.check();
  for (auto ci : c.cis)
    if (!detail::load<model::configuration_item>(tx, ci.key())) v.push_back({rule, fmt::format("{}: no such CI", ci.key())});
  for (auto s : c.services) {
    if (!detail::load<model::service>(tx, s.key())) {
      v.push_back({rule, fmt::format("{}: no such service", s.key())});
      continue;
    }
    for (const auto& b : budgets_of(tx, s))
      if (!c.cancelled && model::period_within(c.period, b.period) && b.currency != c.currency)
        v.push_back({rule, fmt::format("cost '{}' is in {}, but {} budgets {} for {} in {}", c.name, c.currency,
                                       b.id.key(), s.key(), b.period, b.currency)});
  }
  return v;
}

std::vector<violation> budget_rules(storage::transaction& tx, const budget& b) {
  auto v = b.check();
  if (!b.service.valid() || !detail::load<model::service>(tx, b.service.key())) {
    if (b.service.valid()) v.push_back({rule, fmt::format("{}: no such service", b.service.key())});
    return v;
  }
  if (b.withdrawn) return v;
  for (const auto& other : budgets_of(tx, b.service, b.id))
    if (other.period == b.period)
      v.push_back({rule, fmt::format("{} already budgets {} for {}", other.id.key(), b.service.key(), b.period)});
  for (const auto& c : detail::load_all<cost_item>(tx, {}))  // direct costs of the service in the period
    if (!c.cancelled && model::period_within(c.period, b.period) && c.currency != b.currency &&
        std::find(c.services.begin(), c.services.end(), b.service) != c.services.end())
      v.push_back({rule, fmt::format("budget of {} for {} is in {}, but {} is in {}", b.service.key(), b.period,
                                     b.currency, c.id.key(), c.currency)});
  return v;
}

// R-6.4-costs: the policy's invariants; every weighted service exists.
std::vector<violation> apportionment_rules(storage::transaction& tx, const apportionment_policy& p) {
  auto v = p.check();
  for (const auto& r : p.rules)
    for (const auto& w : r.weights)
      if (w.service.valid() && !detail::load<model::service>(tx, w.service.key()))
        v.push_back({rule, fmt::format("the apportionment rule from '{}' weights {}, which is not in the catalogue",
                                       r.from, w.service.key())});
  return v;
}

// A record kept once per store (the finance and apportionment policies): the first write stores
// it, later ones change it at the stored revision.
template <class P, class Rules>
P set_single(const detail::context& ctx, const actor& who, P policy, const write_options& opts, Rules rules) {
  const auto& kind = P::def().name();
  detail::write_scope w(ctx, who, "set");
  const auto stored = detail::load_all<P>(w.tx(), {});
  const std::string key = stored.empty() ? "" : stored.front().id.key();
  w.authorize(kind, key);
  std::optional<P> before;
  if (!stored.empty()) {
    before = w.template get<P>(key);
    same_revision(before->revision, policy.revision, key);
    policy.id = before->id;
  } else if (policy.id.valid() || policy.revision != 0) {
    throw_error(errc::invalid_argument, fmt::format("the first {} is a draft without id or revision", kind));
  }
  w.rules(rules(w.tx(), policy), kind, key);
  auto saved = w.save(std::move(policy), before ? &*before : nullptr, opts, "set");
  w.commit();
  return saved;
}

// Budgets: a draft is approved (once per version).
const std::vector<detail::transition_rule<budget_state>>& budget_workflow() {
  static const std::vector<detail::transition_rule<budget_state>> t{{"approve", {budget_state::draft}, rule}};
  return t;
}

}  // namespace

finance_management::finance_management(std::shared_ptr<const detail::context> ctx, configuration_management& configuration)
    : ctx_(std::move(ctx)), configuration_(configuration) {}

cost_item finance_management::record_cost(const actor& who, cost_item draft, const write_options& opts) {
  detail::refuse_owned_fields("record_cost", {{"recorded_by", !draft.recorded_by.empty()}});
  return detail::create<cost_item>(*ctx_, who, std::move(draft), opts, "recorded", [](detail::write_scope& w, cost_item& c) {
    c.recorded_by = w.who().name;
    return cost_rules(w.tx(), c);
  });
}

cost_item finance_management::update_cost(const actor& who, const cost_item& edited, const write_options& opts) {
  detail::transition_spec<cost_item> spec{
      "update", "", "updated", [&](detail::write_scope& w, const cost_item& before, cost_item& after, auto& v) {
        same_revision(before.revision, edited.revision, before.id.key());
        after = edited;
        after.revision = before.revision;
        after.recorded_by = before.recorded_by;
        v = cost_rules(w.tx(), after);
      }};
  return detail::run_transition(*ctx_, who, edited.id.key(), spec, opts);
}

budget finance_management::propose_budget(const actor& who, budget draft, const write_options& opts) {
  detail::refuse_owned_fields("propose_budget", {{"author", !draft.author.empty()},
                                                 {"state", draft.state != budget_state::draft},
                                                 {"approved_by", !draft.approved_by.empty()},
                                                 {"approved_at", !draft.approved_at.is_special()}});
  return detail::create<budget>(*ctx_, who, std::move(draft), opts, "proposed", [](detail::write_scope& w, budget& b) {
    b.version = 1;
    b.author = w.who().name;
    return budget_rules(w.tx(), b);
  });
}

budget finance_management::revise_budget(const actor& who, const budget& edited, const write_options& opts) {
  detail::transition_spec<budget> spec{
      "revise", "", "revised", [&](detail::write_scope& w, const budget& before, budget& after, auto& v) {
        same_revision(before.revision, edited.revision, before.id.key());
        if (edited.service != before.service || edited.period != before.period)
          v.push_back({rule, fmt::format("{} stays the budget of {} for {}", before.id.key(), before.service.key(),
                                         before.period)});
        after.amount = edited.amount;
        after.currency = edited.currency;
        after.notes = edited.notes;
        after.withdrawn = edited.withdrawn;
        after.version = before.version + 1;
        after.author = w.who().name;
        after.state = budget_state::draft;
        after.approved_by.clear();
        after.approved_at = {};
        for (auto& x : budget_rules(w.tx(), after)) v.push_back(std::move(x));
      }};
  return detail::run_transition(*ctx_, who, edited.id.key(), spec, opts);
}

budget finance_management::approve_budget(const actor& who, budget_id id, const write_options& opts) {
  const auto& t = detail::rule_of(budget_workflow(), "approve");
  detail::transition_spec<budget> spec{
      "transition:approve", "", "approved",
      [&](detail::write_scope& w, const budget& before, budget& after, auto& v) {
        v = detail::state_guard(t, before.id.key(), before.state);
        if (before.withdrawn) v.push_back({rule, fmt::format("{} is withdrawn", before.id.key())});
        after.state = budget_state::approved;
        after.approved_by = w.who().name;
        after.approved_at = w.now();
      },
      [&](detail::write_scope& w, const budget& before) {
        w.deny_if(before.author == w.who().name, budget_kind, before.id.key(), rule,
                  fmt::format("{} wrote version {} of {} and cannot approve it", w.who().name, before.version,
                              before.id.key()));
      }};
  return detail::run_transition(*ctx_, who, id.key(), spec, opts);
}

finance_policy finance_management::set_policy(const actor& who, finance_policy policy, const write_options& opts) {
  return set_single(*ctx_, who, std::move(policy), opts, [](storage::transaction&, const finance_policy& p) {
    return p.check();
  });
}

apportionment_policy finance_management::set_apportionment(const actor& who, apportionment_policy policy,
                                                           const write_options& opts) {
  return set_single(*ctx_, who, std::move(policy), opts, apportionment_rules);
}

std::optional<apportionment_policy> finance_management::apportionment(const actor& who) const {
  detail::reader r(*ctx_, who, apportionment_policy::def().name());
  auto all = r.all<apportionment_policy>();
  if (all.empty()) return std::nullopt;
  return all.front();
}

std::optional<finance_policy> finance_management::policy(const actor& who) const {
  detail::reader r(*ctx_, who, policy_kind);
  auto all = r.all<finance_policy>();
  if (all.empty()) return std::nullopt;
  return all.front();
}

std::vector<cost_item> finance_management::costs(const actor& who, std::string_view period) const {
  need_period(period);
  detail::reader r(*ctx_, who, cost_record);
  auto all = r.all<cost_item>();
  std::erase_if(all, [&](const cost_item& c) { return !model::period_within(c.period, period); });
  return all;
}

std::vector<budget> finance_management::budgets(const actor& who, std::string_view period) const {
  need_period(period);
  detail::reader r(*ctx_, who, budget_kind);
  auto all = r.all<budget>();
  std::erase_if(all, [&](const budget& b) { return !model::period_within(b.period, period); });
  return all;
}

cost_allocation finance_management::cost_per_service(const actor& who, std::string_view period) const {
  need_period(period);
  const auto cmdb = configuration_.graph(who);
  detail::reader r(*ctx_, who, cost_record);
  detail::authorize_read(*ctx_, who, "service", "");
  detail::authorize_read(*ctx_, who, apportionment_policy::def().name(), "");
  const auto rules = r.all<apportionment_policy>();
  return allocate_costs(r.all<cost_item>(), r.all<model::service>(), r.all<model::configuration_item>(), cmdb, period,
                        rules.empty() ? apportionment_policy{} : rules.front());
}

std::vector<budget_row> finance_management::budget_vs_actual(const actor& who, std::string_view period) const {
  const auto actual = cost_per_service(who, period);
  detail::reader r(*ctx_, who, budget_kind);
  return compare_budgets(r.all<budget>(), r.all<model::service>(), actual);
}

std::vector<budget_row> finance_management::over_budget(const actor& who, std::string_view period) const {
  auto rows = budget_vs_actual(who, period);
  std::erase_if(rows, [](const budget_row& b) { return !b.approved || !b.over_budget; });
  return rows;
}

std::string finance_management::export_assets(const actor& who, std::string_view period) const {
  need_period(period);
  const auto pol = policy(who);
  detail::reader r(*ctx_, who, "configuration_item");
  detail::authorize_read(*ctx_, who, cost_record, "");
  std::map<std::int64_t, std::map<std::string, std::int64_t>> costs;  // CI number -> currency -> amount
  for (const auto& c : r.all<cost_item>()) {
    if (c.cancelled || c.cis.empty() || !model::period_within(c.period, period)) continue;
    const auto shares = split_evenly(c.amount, c.cis.size());
    for (std::size_t k = 0; k < c.cis.size(); ++k) {
      auto& sum = costs[c.cis[k].number()][c.currency];
      if (__builtin_add_overflow(sum, shares[k], &sum))
        throw_error(errc::invalid_argument, fmt::format("the costs of {} in {} with {} exceed the largest amount",
                                                        c.cis[k].key(), c.currency, c.id.key()));
    }
  }
  nlohmann::ordered_json doc{{"schema", "itsm.finance-assets/1"},
                             {"period", std::string(period)},
                             {"currency", pol ? pol->currency : std::string("EUR")},
                             {"assets", nlohmann::json::array()}};
  for (const auto& ci : r.all<model::configuration_item>()) {
    nlohmann::ordered_json amounts = nlohmann::json::object();
    for (const auto& [currency, amount] : costs[ci.id.number()]) amounts[currency] = amount;
    doc["assets"].push_back({{"ci", ci.id.key()}, {"name", ci.name}, {"type", ci.type},
                             {"status", std::string(model::enum_to_string(ci.status))}, {"asset_tag", ci.asset_tag},
                             {"cost_centre", ci.cost_centre}, {"owner", ci.owner}, {"location", ci.location},
                             {"costs", amounts}});
  }
  return doc.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace itsm
