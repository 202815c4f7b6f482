// Incidents and service requests (R-8.1-procedure, R-8.1-requests). The workflows that move
// them between states live in process/; here are the records and their invariants.
// Thread-safety: value types.
#pragma once

#include <string>
#include <vector>

#include "itsm/core/export.hpp"
#include "itsm/model/ids.hpp"
#include "itsm/model/kind.hpp"

namespace itsm::model {

enum class incident_state { recorded, assigned, in_progress, pending, resolved, closed };
template <> struct enum_names<incident_state> {
  static constexpr std::array values{std::string_view("recorded"), std::string_view("assigned"),
                                     std::string_view("in_progress"), std::string_view("pending"),
                                     std::string_view("resolved"), std::string_view("closed")};
};

struct ITSM_API incident {
  incident_id id{};
  std::int64_t revision = 0;
  std::string title{};
  std::string description{};
  incident_state state = incident_state::recorded;
  std::string pending_reason{};     // e.g. "customer", "supplier" while pending
  int impact = 3;                 // 1 (highest) … 3; Default: 3
  int urgency = 3;                // 1 (highest) … 3; Default: 3
  int priority = 0;               // 1 … 5 from the priority matrix (R-8.1-priority); 0 = not yet
  std::string category{};
  bool security = false;          // information security incident (R-6.6-incidents)
  bool major = false;             // major incident (R-8.1-major)
  std::string major_manager{};      // designated manager of a major incident
  service_id service{};
  ci_id ci{};
  std::string assignment_group{};
  std::string assignee{};
  std::string caller{};
  timestamp opened_at{};
  timestamp resolved_at{};
  timestamp closed_at{};
  std::string resolution{};
  std::string review{};             // post-incident review reference (major incidents)
  sla_id sla{};                     // the SLA applied (R-6.1-sla); invalid = none
  std::int64_t sla_revision = 0;    // its version when applied (R-6.1-change); 0 = the current one
  problem_id problem{};             // the problem this incident is linked to (R-8.2-procedure)
  customer_id customer{};           // whose incident it is (scopes who sees it); none = internal
  attribute_map custom{};           // custom fields, typed per the ticket policy (docs/tickets.md)

  static const kind_def<incident>& def();
  std::vector<violation> check() const;
};

enum class request_state { recorded, approved, in_fulfilment, pending, fulfilled, closed, cancelled };
template <> struct enum_names<request_state> {
  static constexpr std::array values{std::string_view("recorded"), std::string_view("approved"),
                                     std::string_view("in_fulfilment"), std::string_view("pending"),
                                     std::string_view("fulfilled"), std::string_view("closed"),
                                     std::string_view("cancelled")};
};

struct ITSM_API service_request {
  service_request_id id{};
  std::int64_t revision = 0;
  std::string title{};
  request_state state = request_state::recorded;
  std::string request_type{};       // information, advice, access, standard_change
  std::string standard_change{};    // model name when it is a pre-approved change
  service_id service{};
  std::string requested_by{};
  std::string assignment_group{};
  int priority = 3;
  timestamp opened_at{};
  timestamp fulfilled_at{};
  timestamp closed_at{};
  std::string fulfilment{};
  customer_id customer{};           // whose request it is (scopes who sees it); none = internal
  attribute_map custom{};           // custom fields, typed per the ticket policy (docs/tickets.md)
  sla_id sla{};                     // its service's SLA when recorded; invalid = the service's SLA now
  std::int64_t sla_revision = 0;    // that SLA's version when recorded (R-6.1-change); 0 = the current one

  static const kind_def<service_request>& def();
  std::vector<violation> check() const;
};

}  // namespace itsm::model
