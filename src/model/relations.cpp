// Kind definitions and invariants of parties, agreements and process operators.
#include "itsm/model/relations.hpp"

#include <cmath>

#include "sla_target_codec.hpp"

namespace itsm::model {

const kind_def<customer_relationship>& customer_relationship::def() {
  static const auto k = kind_def<customer_relationship>("customer_relationship", 1, &customer_relationship::customer)
                            .field("relationship_manager", &customer_relationship::relationship_manager)
                            .field("users", &customer_relationship::users)
                            .field("contacts", &customer_relationship::contacts)
                            .field("review_interval_days", &customer_relationship::review_interval_days);
  return k;
}

std::vector<violation> customer_relationship::check() const {
  std::vector<violation> v;
  if (relationship_manager.empty())
    v.push_back({"R-7.1-parties", customer.key() + " needs a designated relationship manager"});
  if (contacts.empty()) v.push_back({"R-7.1-parties", customer.key() + " needs at least one contact"});
  if (review_interval_days < 1 || review_interval_days > 366)
    v.push_back({"R-7.1-review", customer.key() + ": the review interval must be 1..366 days"});
  return v;
}

const kind_def<party>& party::def() {
  static const auto k = kind_def<party>("party", 1, &party::id)
                            .field("name", &party::name)
                            .field("type", &party::type)
                            .field("manager", &party::manager)
                            .field("contacts", &party::contacts)
                            .field("lead_supplier", &party::lead_supplier)
                            .field("customer", &party::customer)
                            .index("by_name", {"name"});
  return k;
}

std::vector<violation> party::check() const {
  std::vector<violation> v;
  if (name.empty()) v.push_back({"R-7.1-parties", "a party needs a name"});
  if (type == party_type::supplier && manager.empty())
    v.push_back({"R-7.2-contract", "supplier '" + name + "' needs a designated contract manager"});
  if (type == party_type::supplying_customer && !customer.valid())
    v.push_back({"R-6.1-internal", "supplying customer '" + name + "' must name the customer it is"});
  if (lead_supplier.valid() && lead_supplier == id)
    v.push_back({"R-7.2-contract", "supplier '" + name + "' cannot be its own lead supplier"});
  return v;
}

const kind_def<agreement>& agreement::def() {
  static const auto k = kind_def<agreement>("agreement", 1, &agreement::id)
                            .field("name", &agreement::name)
                            .field("type", &agreement::type)
                            .field("party", &agreement::party)
                            .field("status", &agreement::status)
                            .field("covers", &agreement::covers)
                            .field("targets", &agreement::targets)
                            .field("availability_target", &agreement::availability_target)
                            .field("calendar", &agreement::calendar)
                            .field("scope", &agreement::scope)
                            .field("dependencies", &agreement::dependencies)
                            .field("requirements", &agreement::requirements)
                            .field("interfaces", &agreement::interfaces)
                            .field("workload", &agreement::workload)
                            .field("exceptions", &agreement::exceptions)
                            .field("authorities", &agreement::authorities)
                            .field("reporting", &agreement::reporting)
                            .field("charging_basis", &agreement::charging_basis)
                            .field("termination", &agreement::termination)
                            .field("starts_at", &agreement::starts_at)
                            .field("ends_at", &agreement::ends_at)
                            .index("by_party", {"party"});
  return k;
}

std::vector<violation> agreement::check() const {
  std::vector<violation> v;
  const char* rule = type == agreement_type::contract ? "R-7.2-contract" : "R-6.1-internal";
  if (name.empty()) v.push_back({rule, "an agreement needs a name"});
  if (!party.valid()) v.push_back({rule, "agreement '" + name + "' must name the party it is with"});
  if (targets.empty() && availability_target == 0.0)
    v.push_back({rule, "agreement '" + name + "' needs at least one target"});
  for (const auto& t : targets)
    if (t.response_minutes <= 0 || t.resolution_minutes <= 0 || t.response_minutes > sla_target::max_minutes ||
        t.resolution_minutes > sla_target::max_minutes)
      v.push_back({rule, "agreement '" + name + "', priority " + std::to_string(t.priority) +
                             ": targets must be in 1.." + std::to_string(sla_target::max_minutes) + " minutes"});
  if (!(availability_target >= 0.0 && availability_target <= 100.0))
    v.push_back({rule, "agreement '" + name + "': availability target must be in [0, 100] percent"});
  if (!starts_at.is_special() && !ends_at.is_special() && ends_at <= starts_at)
    v.push_back({rule, "agreement '" + name + "' ends before it starts"});
  if (type == agreement_type::contract) {
    const std::pair<const char*, const std::string*> parts[] = {
        {"scope", &scope},           {"dependencies", &dependencies}, {"requirements", &requirements},
        {"interfaces", &interfaces}, {"workload", &workload},         {"exceptions", &exceptions},
        {"authorities", &authorities}, {"reporting", &reporting},     {"charging basis", &charging_basis},
        {"termination", &termination}};
    for (const auto& [what, text] : parts)
      if (text->empty()) v.push_back({"R-7.2-contract", "contract '" + name + "' does not state its " + what});
  }
  return v;
}

const sla_target* agreement::target_for(int priority) const {
  for (const auto& t : targets)
    if (t.priority == priority) return &t;
  return nullptr;
}

const kind_def<process_operator>& process_operator::def() {
  static const auto k = kind_def<process_operator>("process_operator", 1, &process_operator::process)
                            .field("operated_by", &process_operator::operated_by)
                            .field("accountable", &process_operator::accountable)
                            .field("controls", &process_operator::controls);
  return k;
}

std::vector<violation> process_operator::check() const {
  std::vector<violation> v;
  if (process.empty()) v.push_back({"R-4.2-governance", "name the process"});
  if (accountable.empty())
    v.push_back({"R-4.2-governance", "process '" + process + "' needs an accountable owner at the provider"});
  if (operated_by.valid() && controls.empty())
    v.push_back({"R-4.2-governance", "process '" + process + "' is operated by " + operated_by.key() +
                                         ": record how the provider governs it"});
  return v;
}

}  // namespace itsm::model
