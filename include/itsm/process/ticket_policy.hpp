// Policies the provider agrees with the customer for incidents and service requests: the
// impact × urgency priority matrix (R-8.1-priority), the major-incident definition
// (R-8.1-major), the security-incident priority rule (R-6.6-incidents), escalation thresholds
// (R-8.1-inform), named business calendars SLAs may refer to and request targets (R-8.1-requests).
// Thread-safety: plain values, immutable once handed to itsm::sms.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "itsm/calendar/definition.hpp"
#include "itsm/core/export.hpp"
#include "itsm/model/ci_type.hpp"

namespace itsm {

// priority = cells[impact - 1][urgency - 1]; impact and urgency run 1 (high) … 3 (low),
// priorities 1 (critical) … 5 (planning).
struct ITSM_API priority_matrix {
  // Default: the usual ITIL table
  //              urgency 1  2  3
  //   impact 1         1  2  3
  //   impact 2         2  3  4
  //   impact 3         3  4  5
  std::array<std::array<int, 3>, 3> cells{{{1, 2, 3}, {2, 3, 4}, {3, 4, 5}}};

  // REQUIRES: 1 <= impact, urgency <= 3, else itsm::error(invalid_argument).
  int priority(int impact, int urgency) const;
};

// What counts as a major incident (R-8.1-major): priority at or above `max_priority` and, when
// `critical_service_only`, affecting a service marked critical.
struct ITSM_API major_incident_policy {
  int max_priority = 1;               // Default: 1 (only priority 1)
  bool critical_service_only = true;  // Default: true
  bool applies(int priority, bool service_critical) const {
    return priority >= 1 && priority <= max_priority && (service_critical || !critical_service_only);
  }
};

// Targets for one service-request type, in business minutes of the service's SLA calendar.
struct ITSM_API request_target {
  std::int64_t response_minutes = 0;    // Default: 0 (no response target)
  std::int64_t resolution_minutes = 0;  // Default: 0 (no fulfilment target)
};

// Routes a ticket recorded without an assignment group (R-8.1-procedure). Every condition that
// is set must hold; an empty one matches anything. The first matching rule wins.
struct ITSM_API routing_rule {
  std::string ticket_kind{};  // "incident", "service_request"; Default: "" = both
  std::string category{};     // incident category or request type; Default: "" = any
  std::string service{};      // "SVC-3"; Default: "" = any
  std::string ci_type{};      // the type of the incident's CI; Default: "" = any
  std::string group{};        // the assignment group it routes to (required)
};

struct ITSM_API ticket_policy {
  priority_matrix matrix;              // Default: priority_matrix{} (see above)
  major_incident_policy major;         // Default: priority 1 on a critical service
  // Information security incidents are never ranked below this priority (R-6.6-incidents).
  int security_priority_floor = 2;     // Default: 2 (a security incident is at least P2)
  // Thresholds, in percent of each SLA target, at which escalate() publishes an event: below
  // 100 "…sla_at_risk", at 100 "…sla_breached" (R-8.1-inform).
  std::vector<int> escalation_percent{75, 100};  // Default: 75, 100
  // Calendars an SLA may name in its `calendar` field instead of embedding calendar JSON.
  std::map<std::string, calendar::calendar_definition> calendars;  // Default: none
  // Service-request targets per request_type; a type not listed uses the service SLA's target
  // for the request's priority (R-8.1-requests).
  std::map<std::string, request_target> request_targets;  // Default: none
  // Custom fields per ticket kind ("incident", "service_request"), declared and validated like CI
  // attributes (type, required, allowed values, min/max, pattern). Default: none
  std::map<std::string, std::vector<model::attribute_def>> custom_fields;
  // Routing of tickets recorded without a group, first match wins. Default: none
  std::vector<routing_rule> routing;
};

}  // namespace itsm
