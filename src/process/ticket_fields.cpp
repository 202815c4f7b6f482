#include "ticket_fields.hpp"

namespace itsm::detail {

namespace {
bool is_ticket_kind(std::string_view kind) { return kind == "incident" || kind == "service_request"; }

// Attribute checks cite R-9.1-types; on a ticket the same check enforces the ticket procedure.
std::vector<violation> cited_as(std::vector<violation> v, const char* rule) {
  for (auto& x : v) x.rule = rule;
  return v;
}
}  // namespace

const char* ticket_rule(std::string_view kind) {
  return kind == "service_request" ? "R-8.1-requests" : "R-8.1-procedure";
}

std::vector<violation> custom_field_rules(const ticket_policy& policy, std::string_view kind,
                                          const model::attribute_map& values) {
  static const std::vector<model::attribute_def> none;
  const auto it = policy.custom_fields.find(std::string(kind));
  const auto& defs = it == policy.custom_fields.end() ? none : it->second;
  return cited_as(model::check_attributes(defs, values, std::string(kind) + " custom fields"), ticket_rule(kind));
}

std::vector<violation> field_and_routing_problems(const ticket_policy& policy) {
  std::vector<violation> v;
  for (const auto& [kind, defs] : policy.custom_fields) {
    if (!is_ticket_kind(kind))
      v.push_back({"R-8.1-procedure", "custom fields are declared for 'incident' or 'service_request', not '" + kind + "'"});
    for (auto& x : cited_as(model::check_attribute_defs(defs), ticket_rule(kind))) v.push_back(std::move(x));
  }
  for (const auto& r : policy.routing) {
    if (!r.ticket_kind.empty() && !is_ticket_kind(r.ticket_kind))
      v.push_back({"R-8.1-procedure", "a routing rule's ticket_kind is 'incident', 'service_request' or empty, not '" +
                                          r.ticket_kind + "'"});
    if (r.group.find_first_not_of(" \t\r\n") == std::string::npos)
      v.push_back({"R-8.1-procedure", "a routing rule names the group it routes to"});
  }
  return v;
}

std::string route(const ticket_policy& policy, const routing_facts& facts) {
  const auto holds = [](const std::string& condition, std::string_view fact) {
    return condition.empty() || condition == fact;
  };
  for (const auto& r : policy.routing)
    if (holds(r.ticket_kind, facts.kind) && holds(r.category, facts.category) && holds(r.service, facts.service) &&
        holds(r.ci_type, facts.ci_type))
      return r.group;
  return {};
}

}  // namespace itsm::detail
