#include "itsm/process/authorizer.hpp"

namespace itsm {

role_policy& role_policy::grant(std::string role, std::string kind, std::string action) {
  grants_[std::move(role)].insert({std::move(kind), std::move(action)});
  return *this;
}

decision role_policy::authorize(const access_request& r) const {
  if (r.who.has_role(roles::admin)) return decision::allow();
  auto granted = [&](std::string_view role) {
    auto it = grants_.find(role);
    if (it == grants_.end()) return false;
    for (const auto& [kind, action] : it->second)
      if ((kind == "*" || kind == r.kind) && (action == "*" || action == r.action)) return true;
    return false;
  };
  if (granted("*")) return decision::allow();
  for (const auto& role : r.who.roles)
    if (granted(role)) return decision::allow();
  return decision::deny("no role of '" + r.who.name + "' grants " + std::string(r.action) + " on " +
                        std::string(r.kind));
}

role_policy role_policy::defaults() {
  role_policy p;
  for (const char* k : {"ci_type", "configuration_item", "relationship", "link", "baseline"})
    p.grant(std::string(roles::configuration_manager), k);
  for (const char* k : {"incident", "service_request", "link"}) {
    p.grant(std::string(roles::service_desk), k);
    p.grant(std::string(roles::incident_manager), k);
  }
  for (const char* k : {"problem", "known_error", "link"}) p.grant(std::string(roles::problem_manager), k);
  p.grant(std::string(roles::incident_manager), "post_incident_review");
  for (const char* k : {"rfc", "link"}) {
    p.grant(std::string(roles::change_manager), k);
    p.grant(std::string(roles::cab_member), k);
  }
  for (const char* k : {"release", "baseline", "link"}) p.grant(std::string(roles::release_manager), k);
  // Change approval capacities beyond the CAB (R-9.2-approve, R-9.2-emergency); problem managers
  // raise RFCs from problems (R-8.2-rfc).
  p.grant("emergency_cab", "rfc", "decide");
  p.grant("service_owner", "rfc", "decide");
  p.grant(std::string(roles::problem_manager), "rfc", "submit");
  for (const char* k : {"service", "sla"}) p.grant(std::string(roles::service_level_manager), k);
  // Everyone may read the rules in force (the stored policies); only admins change them.
  p.grant("*", "policy", "read");
  return p;
}

}  // namespace itsm
