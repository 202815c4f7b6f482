// Custom fields and routing of tickets, read from the ticket policy (not installed).
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "itsm/core/error.hpp"
#include "itsm/model/codec.hpp"
#include "itsm/process/ticket_policy.hpp"

namespace itsm::detail {

// The requirement a rule about a ticket of `kind` cites: R-8.1-requests for service requests,
// else R-8.1-procedure.
const char* ticket_rule(std::string_view kind);

// Violations of a ticket's custom `values` against the fields the policy declares for `kind`
// (required, type, constraints, no undeclared field), citing ticket_rule(kind).
std::vector<violation> custom_field_rules(const ticket_policy& policy, std::string_view kind,
                                          const model::attribute_map& values);

// The policy's own custom-field and routing problems (check_policy(ticket_policy)).
std::vector<violation> field_and_routing_problems(const ticket_policy& policy);

// What a ticket is routed on, and the group of the first matching rule ("" = none matches).
struct routing_facts {
  std::string_view kind;
  std::string_view category;  // incident category or request type
  std::string_view service;   // "SVC-3" or ""
  std::string_view ci_type;   // "" when no CI
};
std::string route(const ticket_policy& policy, const routing_facts& facts);

}  // namespace itsm::detail
