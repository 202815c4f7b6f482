// Budgeting and accounting for services (clause 6.4, R-6.4-costs) and the finance interface of
// the CMDB (R-9.1-finance): cost items allocated directly to services or apportioned over the
// live CMDB graph, budgets per service and period approved by someone other than their author,
// cost per service per period, budget against actual with the variance and an "over budget"
// state, and the CIs' finance fields exported for financial asset management. Every write runs
// the one write path; every read names its actor. Costs are the provider's internal figures: a
// customer's users may read none of them. Method and formulas: docs/finance.md.
// Thread-safety: safe to call from several threads (writes serialise in the store).
#pragma once

#include "itsm/core/export.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "itsm/core/actor.hpp"
#include "itsm/graph/graph.hpp"
#include "itsm/model/configuration_item.hpp"
#include "itsm/model/finance.hpp"
#include "itsm/model/service.hpp"
#include "itsm/process/write_options.hpp"

namespace itsm {

namespace detail {
struct context;  // what the processes share (not installed)
}  // namespace detail
class configuration_management;

// Keeps costs, budgets and the finance policy (role_policy::defaults); top management approves
// budgets too.
inline constexpr std::string_view finance_manager_role = "finance_manager";

// The part of one shared cost a service bears, and the rule that apportioned it (R-6.4-costs).
struct ITSM_API apportioned_share {
  cost_item_id item;
  std::int64_t amount = 0;
  model::apportionment_method method = model::apportionment_method::even;
  std::int64_t policy_revision = 0;  // the apportionment policy's revision; 0: none stored
  std::string rule_from;             // the rule's `from`; "": no rule applies (even by default)
};

// What one service costs in one period, in one currency (a service with costs in two currencies
// has two rows). Amounts in minor units.
struct ITSM_API service_cost {
  service_id service;
  std::string service_name;
  std::string currency;
  std::int64_t direct = 0;       // allocated directly to it
  std::int64_t apportioned = 0;  // its share of shared (CI) costs
  std::vector<cost_item_id> items;  // the cost items it bears a part of, by id
  std::vector<apportioned_share> shares;  // what makes up `apportioned`, by item id
  std::int64_t total() const noexcept { return direct + apportioned; }
};

// A cost (or the part of one) no service bears: a CI no live service depends on.
struct ITSM_API unallocated_cost {
  cost_item_id item;
  std::string currency;
  std::int64_t amount = 0;
  std::string why;
};

struct ITSM_API cost_allocation {
  std::string period;
  std::vector<service_cost> services;      // by service number, then currency
  std::vector<unallocated_cost> unallocated;  // by item number
};

// One budget against what its service cost in its period.
struct ITSM_API budget_row {
  budget_id budget;
  service_id service;
  std::string service_name;
  std::string period;
  bool approved = false;
  std::string currency;
  std::int64_t budgeted = 0;
  std::int64_t actual = 0;        // the service's total cost in the budget's currency
  std::int64_t variance = 0;      // budgeted - actual (negative: overspent)
  bool over_budget = false;       // actual > budgeted
  // Currencies the service also has costs in: those costs cannot be compared (R-6.4-costs).
  std::vector<std::string> other_currencies;
};

class ITSM_API finance_management {
 public:
  // Records a cost (R-6.4-costs: its invariants, CIs and services that exist, the currency of
  // a budget of a directly charged service in that period). REQUIRES: draft.id invalid.
  model::cost_item record_cost(const actor& who, model::cost_item draft, const write_options& opts = {});
  // Corrects a cost or cancels it (cancelled = true); edited.revision must be the stored one.
  model::cost_item update_cost(const actor& who, const model::cost_item& edited, const write_options& opts = {});

  // Proposes a budget, version 1 in draft by `who` (R-6.4-costs: its invariants, an existing
  // service, no other budget of that service and period, no direct cost of it in another
  // currency). REQUIRES: draft.id invalid.
  model::budget propose_budget(const actor& who, model::budget draft, const write_options& opts = {});
  // A new version in draft by `who` (amount, currency, notes, withdrawn); same rules.
  model::budget revise_budget(const actor& who, const model::budget& edited, const write_options& opts = {});
  // Approves a draft. Denied (permission_denied, R-6.4-costs) to the version's author.
  model::budget approve_budget(const actor& who, budget_id id, const write_options& opts = {});

  // Stores the finance policy (the first one, or a change of the one in force).
  model::finance_policy set_policy(const actor& who, model::finance_policy policy, const write_options& opts = {});
  std::optional<model::finance_policy> policy(const actor& who) const;

  // Stores the apportionment policy for indirect costs (the first one, or a change of the one in
  // force: pass its revision). R-6.4-costs: policy.check(), and weights name services that exist.
  model::apportionment_policy set_apportionment(const actor& who, model::apportionment_policy policy,
                                                const write_options& opts = {});
  // The stored policy; none: every shared cost is apportioned evenly.
  std::optional<model::apportionment_policy> apportionment(const actor& who) const;

  // Reads. `period`: "YYYY" or "YYYY-MM"; a year includes its months. Errors: invalid_argument
  // for a malformed period; permission_denied for a customer's users.
  std::vector<model::cost_item> costs(const actor& who, std::string_view period) const;
  std::vector<model::budget> budgets(const actor& who, std::string_view period) const;
  // Cost per service over the live CMDB graph and the apportionment policy as of now
  // (allocate_costs).
  cost_allocation cost_per_service(const actor& who, std::string_view period) const;
  // Every budget of exactly `period` against its service's cost (compare_budgets).
  std::vector<budget_row> budget_vs_actual(const actor& who, std::string_view period) const;
  // The approved budgets of `period` whose service costs more than budgeted.
  std::vector<budget_row> over_budget(const actor& who, std::string_view period) const;

  // The CIs' finance fields for financial asset management (R-9.1-finance), as JSON
  // {"schema": "itsm.finance-assets/1", "period", "currency", "assets": [{"ci", "name", "type",
  // "status", "asset_tag", "cost_centre", "owner", "location", "costs": {currency: amount}}]};
  // `costs`: the cost items of `period` naming the CI, split evenly over the CIs each names.
  std::string export_assets(const actor& who, std::string_view period) const;

 private:
  friend class sms;  // processes are built by sms, which owns what they share
  finance_management(std::shared_ptr<const detail::context> ctx, configuration_management& configuration);
  std::shared_ptr<const detail::context> ctx_;
  configuration_management& configuration_;
};

// The even split of `amount` into `parts` shares: the first amount % parts shares get one
// minor unit more: the shares add up to the amount. Errors: invalid_argument (no parts, amount < 0).
ITSM_API std::vector<std::int64_t> split_evenly(std::int64_t amount, std::size_t parts);

// `amount` split in proportion to `weights` by largest remainder: each share is the integer part
// of amount * weight / total, and the minor units left go one each to the largest fractional
// parts, ties to the earlier weight. The shares always add up to the amount. Errors:
// invalid_argument for a negative amount, a negative weight or no weight above 0.
ITSM_API std::vector<std::int64_t> split_by_weights(std::int64_t amount, const std::vector<std::int64_t>& weights);

// Cost per service in `period` (pure; docs/finance.md). Items of the period (a year includes its
// months), not cancelled: a direct cost is split evenly over its services; a shared cost is
// split evenly over its CIs, and each CI's share over the live services that depend on the CI —
// those listing it as a component, or a component that depends on it in `cmdb` (relationships
// only: a service depending on another service does not bear its costs) — by the rule of
// `apportionment` in force for the item's cost centre and period (even without one).
// Services are nodes keyed -number in `cmdb` (report::cmdb_graph, the live graph), CIs by number.
ITSM_API cost_allocation allocate_costs(const std::vector<model::cost_item>& items,
                                        const std::vector<model::service>& services,
                                        const std::vector<model::configuration_item>& cis, const graph::graph& cmdb,
                                        std::string_view period,
                                        const model::apportionment_policy& apportionment = {});

// Each budget of exactly `period` (not withdrawn) against `actual`, by service then budget id.
ITSM_API std::vector<budget_row> compare_budgets(const std::vector<model::budget>& budgets,
                                                 const std::vector<model::service>& services,
                                                 const cost_allocation& actual);

}  // namespace itsm
