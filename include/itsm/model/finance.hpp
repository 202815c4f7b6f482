// Budgeting and accounting records (clause 6.4, R-6.4-costs): cost items — capex or opex, of a
// kind (hardware, software licence, personnel, external service, facilities, overhead), in
// integer minor units of an ISO 4217 currency, for an accounting period, booked to a cost
// centre and allocated directly to services or through the CIs they are for; budgets per
// service and period, approved by someone other than their author; the apportionment policy
// that says how indirect costs are apportioned over services (even, weights, ci_count); and the
// finance policy that says which CIs must carry their finance fields for the asset interface
// (R-9.1-finance).
// Methods: docs/finance.md. Thread-safety: value types.
#pragma once

#include "itsm/core/export.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "itsm/core/time.hpp"
#include "itsm/model/ids.hpp"
#include "itsm/model/kind.hpp"

namespace itsm {
struct cost_item_tag {
  static constexpr std::string_view prefix = "CST";
};
using cost_item_id = id<cost_item_tag>;
struct budget_tag {
  static constexpr std::string_view prefix = "BGT";
};
using budget_id = id<budget_tag>;
struct finance_policy_tag {
  static constexpr std::string_view prefix = "FNP";
};
using finance_policy_id = id<finance_policy_tag>;
struct apportionment_policy_tag {
  static constexpr std::string_view prefix = "APR";
};
using apportionment_policy_id = id<apportionment_policy_tag>;
}  // namespace itsm

namespace itsm::model {

enum class cost_nature { capex, opex };
template <> struct enum_names<cost_nature> {
  static constexpr std::array values{std::string_view("capex"), std::string_view("opex")};
};

enum class cost_kind { hardware, software_licence, personnel, external_service, facilities, overhead };
template <> struct enum_names<cost_kind> {
  static constexpr std::array values{std::string_view("hardware"), std::string_view("software_licence"),
                                     std::string_view("personnel"), std::string_view("external_service"),
                                     std::string_view("facilities"), std::string_view("overhead")};
};

// How a shared cost's part on a CI is apportioned over the live services depending on the CI:
// evenly, by stored weights, or by the number of CIs each of those services depends on.
enum class apportionment_method { even, weights, ci_count };
template <> struct enum_names<apportionment_method> {
  static constexpr std::array values{std::string_view("even"), std::string_view("weights"), std::string_view("ci_count")};
};

enum class budget_state { draft, approved };
template <> struct enum_names<budget_state> {
  static constexpr std::array values{std::string_view("draft"), std::string_view("approved")};
};

// An accounting period: a year "2026" or a month "2026-03". A month lies within its year.
ITSM_API bool valid_period(std::string_view period) noexcept;
ITSM_API bool period_within(std::string_view inner, std::string_view outer) noexcept;
// An ISO 4217 code: three upper-case ASCII letters ("EUR").
ITSM_API bool valid_currency(std::string_view code) noexcept;

// One cost. With `services`: a direct cost, allocated to them (split evenly). Without: an
// indirect (shared) cost of `cis`, apportioned over the live services that depend on them in
// the CMDB graph (process/finance.hpp: allocate_costs).
struct ITSM_API cost_item {
  cost_item_id id{};
  std::int64_t revision = 0;
  std::string name{};                   // "Oracle licences 2026"
  cost_nature nature = cost_nature::opex;  // Default: opex
  cost_kind kind = cost_kind::hardware;    // Default: hardware
  std::int64_t amount = 0;              // minor units (cents), >= 0
  std::string currency{};               // "EUR"
  std::string period{};                 // "2026" or "2026-03"
  std::string cost_centre{};            // who bears it in the books ("CC-4711")
  std::vector<ci_id> cis{};             // the assets it is for
  std::vector<service_id> services{};   // direct allocation; empty = apportioned over `cis`
  std::string recorded_by{};            // set by the library
  bool cancelled = false;               // a cancelled cost counts nowhere

  static const kind_def<cost_item>& def();
  // R-6.4-costs: a name, an amount >= 0, a currency, a period, a cost centre, a CI or a service.
  std::vector<violation> check() const;
};

// The budget of one service for one period, in one currency. Each revision is a new version
// in draft by its author; someone else approves it.
struct ITSM_API budget {
  budget_id id{};
  std::int64_t revision = 0;
  service_id service{};
  std::string period{};                 // "2026" or "2026-03"
  std::int64_t amount = 0;              // minor units, >= 0
  std::string currency{};
  std::string notes{};
  std::int64_t version = 1;             // set by the library
  std::string author{};                 // set by the library
  budget_state state = budget_state::draft;
  std::string approved_by{};            // set by the library
  timestamp approved_at{};              // set by the library
  bool withdrawn = false;

  static const kind_def<budget>& def();
  // R-6.4-costs: a service, a period, an amount >= 0, a currency.
  std::vector<violation> check() const;
};

// What the asset interface requires of CIs (R-9.1-finance): live CIs of `ci_types` (empty:
// every type) carry an asset tag and/or a cost centre. One per store; costs default to
// `currency`.
struct ITSM_API finance_policy {
  finance_policy_id id{};
  std::int64_t revision = 0;
  std::vector<std::string> ci_types{};  // Default: {} = every CI type
  bool require_asset_tag = true;        // Default: true
  bool require_cost_centre = true;      // Default: true
  std::string currency = "EUR";         // the books' currency. Default: "EUR"

  static const kind_def<finance_policy>& def();
  // R-9.1-finance: a currency; no empty type name.
  std::vector<violation> check() const;
};

// A service's weight in a `weights` rule (an agreed share, say): an integer 0 to 1,000,000.
struct ITSM_API service_weight {
  service_id service{};
  std::int64_t weight = 0;
  bool operator==(const service_weight&) const = default;
};

// One apportionment rule: from period `from` on (until a later rule of the same cost centre),
// shared costs of `cost_centre` ("" = every cost centre without a rule of its own) are
// apportioned by `method`. Services a `weights` rule does not name weigh 0.
struct ITSM_API apportionment_rule {
  std::string from{};                   // "2026" (= from January) or "2026-03"
  std::string cost_centre{};            // Default: "" = every cost centre
  apportionment_method method = apportionment_method::even;  // Default: even
  std::vector<service_weight> weights{};  // only for method weights
  bool operator==(const apportionment_rule&) const = default;
};

// The stored rule for indirect costs (docs/finance.md), one per store, versioned by revision.
// No rule for a cost (or no policy at all): apportioned evenly.
struct ITSM_API apportionment_policy {
  apportionment_policy_id id{};
  std::int64_t revision = 0;
  std::vector<apportionment_rule> rules{};  // Default: {} = even for every cost

  static const kind_def<apportionment_policy>& def();
  // R-6.4-costs: each rule a valid `from` period; weights only in a weights rule, each 0 to
  // 1,000,000, a service at most once; one rule per (from, cost centre).
  std::vector<violation> check() const;
  // The rule for a cost of `cost_centre` in `period`: the latest `from` not after the period's
  // first month, of the cost centre's own rules if it has one in force, else of the general ones;
  // nullptr: none (even).
  const apportionment_rule* rule_for(std::string_view cost_centre, std::string_view period) const;
};

// The JSON form of the policy: {"rules": [{"from": "2026-01", "cost_centre": "", "method":
// "weights", "weights": {"SVC-1": 70, "SVC-2": 30}}]}. Reading is strict: malformed JSON, an
// unknown key or a wrong type is invalid_argument; an unknown method or a weight that is not a
// non-negative integer is rule_violation citing R-6.4-costs.
ITSM_API std::string to_json(const apportionment_policy& p);
ITSM_API apportionment_policy apportionment_policy_from_json(std::string_view json);

}  // namespace itsm::model
