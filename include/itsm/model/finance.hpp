// Budgeting and accounting records (clause 6.4, R-6.4-costs): cost items — capex or opex, of a
// kind (hardware, software licence, personnel, external service, facilities, overhead), in
// integer minor units of an ISO 4217 currency, for an accounting period, booked to a cost
// centre and allocated directly to services or through the CIs they are for; budgets per
// service and period, approved by someone other than their author; and the finance policy that
// says which CIs must carry their finance fields for the asset interface (R-9.1-finance).
// Methods: docs/finance.md. Thread-safety: value types.
#pragma once

#include "itsm/core/export.hpp"

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

}  // namespace itsm::model
