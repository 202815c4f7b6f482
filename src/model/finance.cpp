#include "itsm/model/finance.hpp"

#include <fmt/format.h>

namespace itsm::model {

namespace {
bool digits(std::string_view s) {
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return !s.empty();
}
}  // namespace

bool valid_period(std::string_view p) noexcept {
  if (p.size() == 4) return digits(p) && p[0] != '0';
  if (p.size() != 7 || p[4] != '-' || !valid_period(p.substr(0, 4)) || !digits(p.substr(5))) return false;
  const int month = (p[5] - '0') * 10 + (p[6] - '0');
  return month >= 1 && month <= 12;
}

bool period_within(std::string_view inner, std::string_view outer) noexcept {
  return inner == outer || (outer.size() == 4 && inner.size() == 7 && inner.substr(0, 4) == outer);
}

bool valid_currency(std::string_view code) noexcept {
  if (code.size() != 3) return false;
  for (char c : code)
    if (c < 'A' || c > 'Z') return false;
  return true;
}

const kind_def<cost_item>& cost_item::def() {
  static const auto k = kind_def<cost_item>("cost_item", 1, &cost_item::id)
                            .field("name", &cost_item::name)
                            .field("nature", &cost_item::nature)
                            .field("kind", &cost_item::kind)
                            .field("amount", &cost_item::amount)
                            .field("currency", &cost_item::currency)
                            .field("period", &cost_item::period)
                            .field("cost_centre", &cost_item::cost_centre)
                            .field("cis", &cost_item::cis)
                            .field("services", &cost_item::services)
                            .field("recorded_by", &cost_item::recorded_by)
                            .field("cancelled", &cost_item::cancelled)
                            .index("by_period", {"period"});
  return k;
}

std::vector<violation> cost_item::check() const {
  std::vector<violation> v;
  const char* rule = "R-6.4-costs";
  if (name.empty()) v.push_back({rule, "a cost item needs a name"});
  if (amount < 0) v.push_back({rule, fmt::format("cost item '{}': amount {} is negative", name, amount)});
  if (!valid_currency(currency))
    v.push_back({rule, fmt::format("cost item '{}': currency '{}' is not an ISO 4217 code", name, currency)});
  if (!valid_period(period))
    v.push_back({rule, fmt::format("cost item '{}': period '{}' is not YYYY or YYYY-MM", name, period)});
  if (cost_centre.empty()) v.push_back({rule, fmt::format("cost item '{}' needs its cost centre", name)});
  if (cis.empty() && services.empty())
    v.push_back({rule, fmt::format("cost item '{}' is allocated to no service and apportioned over no CI", name)});
  return v;
}

const kind_def<budget>& budget::def() {
  static const auto k = kind_def<budget>("budget", 1, &budget::id)
                            .field("service", &budget::service)
                            .field("period", &budget::period)
                            .field("amount", &budget::amount)
                            .field("currency", &budget::currency)
                            .field("notes", &budget::notes)
                            .field("version", &budget::version)
                            .field("author", &budget::author)
                            .field("state", &budget::state)
                            .field("approved_by", &budget::approved_by)
                            .field("approved_at", &budget::approved_at)
                            .field("withdrawn", &budget::withdrawn)
                            .index("by_service", {"service", "period"});
  return k;
}

std::vector<violation> budget::check() const {
  std::vector<violation> v;
  const char* rule = "R-6.4-costs";
  if (!service.valid()) v.push_back({rule, "a budget is for a service"});
  if (!valid_period(period)) v.push_back({rule, fmt::format("budget period '{}' is not YYYY or YYYY-MM", period)});
  if (amount < 0) v.push_back({rule, fmt::format("budget amount {} is negative", amount)});
  if (!valid_currency(currency)) v.push_back({rule, fmt::format("budget currency '{}' is not an ISO 4217 code", currency)});
  return v;
}

const kind_def<finance_policy>& finance_policy::def() {
  static const auto k = kind_def<finance_policy>("finance_policy", 1, &finance_policy::id)
                            .field("ci_types", &finance_policy::ci_types)
                            .field("require_asset_tag", &finance_policy::require_asset_tag)
                            .field("require_cost_centre", &finance_policy::require_cost_centre)
                            .field("currency", &finance_policy::currency);
  return k;
}

std::vector<violation> finance_policy::check() const {
  std::vector<violation> v;
  if (!valid_currency(currency))
    v.push_back({"R-9.1-finance", fmt::format("finance policy currency '{}' is not an ISO 4217 code", currency)});
  for (const auto& t : ci_types)
    if (t.empty()) v.push_back({"R-9.1-finance", "the finance policy names an empty CI type"});
  return v;
}

}  // namespace itsm::model
