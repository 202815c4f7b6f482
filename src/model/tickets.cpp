// Kind definitions and invariants of incidents, service requests, problems and known errors.
#include "itsm/model/incident.hpp"
#include "itsm/model/problem.hpp"

namespace itsm::model {

const kind_def<incident>& incident::def() {
  static const auto k = kind_def<incident>("incident", 6, &incident::id)
                            .field("title", &incident::title)
                            .field("description", &incident::description)
                            .field("state", &incident::state)
                            .field("pending_reason", &incident::pending_reason)
                            .field("impact", &incident::impact)
                            .field("urgency", &incident::urgency)
                            .field("priority", &incident::priority)
                            .field("category", &incident::category)
                            .field("security", &incident::security)
                            .field("major", &incident::major)
                            .field("major_manager", &incident::major_manager)
                            .field("service", &incident::service)
                            .field("ci", &incident::ci)
                            .field("assignment_group", &incident::assignment_group)
                            .field("assignee", &incident::assignee)
                            .field("caller", &incident::caller)
                            .field("opened_at", &incident::opened_at)
                            .field("resolved_at", &incident::resolved_at)
                            .field("closed_at", &incident::closed_at)
                            .field("resolution", &incident::resolution)
                            .field("review", &incident::review)
                            .field("sla", &incident::sla)
                            .field("problem", &incident::problem)
                            .field("customer", &incident::customer)  // v2
                            .appended_field("custom", &incident::custom)  // v5: custom fields
                            .appended_field("sla_revision", &incident::sla_revision)  // v6: SLA versions
                            .index("by_queue", {"state", "assignment_group", "priority"})
                            .index("by_ci", {"ci"})
                            .index("by_service", {"service", "opened_at"})
                            .index("by_problem", {"problem"})
                            .index("by_assignee", {"assignee", "state"})   // v3: queries
                            .index("by_customer", {"customer", "opened_at"})  // v3: read scope
                            .text({"title", "description", "resolution"});    // v4: search
  return k;
}

std::vector<violation> incident::check() const {
  std::vector<violation> v;
  if (title.empty()) v.push_back({"R-8.1-procedure", "an incident is recorded with a title"});
  if (impact < 1 || impact > 3 || urgency < 1 || urgency > 3)
    v.push_back({"R-8.1-priority", "impact and urgency must be 1 (high) to 3 (low)"});
  if (priority < 0 || priority > 5) v.push_back({"R-8.1-priority", "priority must be 1 to 5"});
  if ((state == incident_state::resolved || state == incident_state::closed) && resolution.empty())
    v.push_back({"R-8.1-procedure", "a resolved incident records its resolution"});
  if (major && major_manager.empty())
    v.push_back({"R-8.1-major", "a major incident needs a designated manager"});
  return v;
}

const kind_def<service_request>& service_request::def() {
  static const auto k = kind_def<service_request>("service_request", 6, &service_request::id)
                            .field("title", &service_request::title)
                            .field("state", &service_request::state)
                            .field("request_type", &service_request::request_type)
                            .field("standard_change", &service_request::standard_change)
                            .field("service", &service_request::service)
                            .field("requested_by", &service_request::requested_by)
                            .field("assignment_group", &service_request::assignment_group)
                            .field("priority", &service_request::priority)
                            .field("opened_at", &service_request::opened_at)
                            .field("fulfilled_at", &service_request::fulfilled_at)
                            .field("closed_at", &service_request::closed_at)
                            .field("fulfilment", &service_request::fulfilment)
                            .field("customer", &service_request::customer)  // v2
                            .appended_field("custom", &service_request::custom)  // v5: custom fields
                            .appended_field("sla", &service_request::sla)                    // v6: SLA versions
                            .appended_field("sla_revision", &service_request::sla_revision)  // v6
                            .index("by_queue", {"state", "assignment_group"})
                            .index("by_customer", {"customer", "opened_at"})  // v3: read scope
                            .text({"title", "fulfilment"});                   // v4: search
  return k;
}

std::vector<violation> service_request::check() const {
  std::vector<violation> v;
  if (title.empty()) v.push_back({"R-8.1-requests", "a service request is recorded with a title"});
  if (request_type == "standard_change" && standard_change.empty())
    v.push_back({"R-8.1-requests", "a pre-approved change request names its standard change model"});
  return v;
}

const kind_def<problem>& problem::def() {
  static const auto k = kind_def<problem>("problem", 3, &problem::id)
                            .field("title", &problem::title)
                            .field("description", &problem::description)
                            .field("state", &problem::state)
                            .field("priority", &problem::priority)
                            .field("category", &problem::category)
                            .field("service", &problem::service)
                            .field("ci", &problem::ci)
                            .field("root_cause", &problem::root_cause)
                            .field("known_error", &problem::known_error)
                            .field("rfc", &problem::rfc)
                            .field("assignee", &problem::assignee)
                            .field("opened_at", &problem::opened_at)
                            .field("resolved_at", &problem::resolved_at)
                            .field("closed_at", &problem::closed_at)
                            .field("resolution", &problem::resolution)
                            .index("by_state", {"state", "priority"})
                            .index("by_ci", {"ci"})
                            .index("by_assignee", {"assignee", "state"})  // v2: queries
                            .text({"title", "description", "root_cause"});  // v3: search
  return k;
}

std::vector<violation> problem::check() const {
  std::vector<violation> v;
  if (title.empty()) v.push_back({"R-8.2-procedure", "a problem is recorded with a title"});
  if (priority < 1 || priority > 5) v.push_back({"R-8.2-procedure", "problem priority must be 1 to 5"});
  if (state == problem_state::known_error && !known_error.valid())
    v.push_back({"R-8.2-known-error", "a problem in known_error state links its known error record"});
  if (state == problem_state::awaiting_change && !rfc.valid())
    v.push_back({"R-8.2-rfc", "a problem awaiting a change links the RFC raised for it"});
  return v;
}

const kind_def<known_error>& known_error::def() {
  static const auto k = kind_def<known_error>("known_error", 2, &known_error::id)
                            .field("title", &known_error::title)
                            .field("problem", &known_error::problem)
                            .field("symptom", &known_error::symptom)
                            .field("root_cause", &known_error::root_cause)
                            .field("workaround", &known_error::workaround)
                            .field("cis", &known_error::cis)
                            .field("resolved", &known_error::resolved)
                            .index("by_problem", {"problem"})
                            .text({"title", "symptom", "root_cause", "workaround"});  // v2: search
  return k;
}

std::vector<violation> known_error::check() const {
  std::vector<violation> v;
  if (title.empty()) v.push_back({"R-8.2-known-error", "a known error needs a title"});
  if (root_cause.empty() && workaround.empty())
    v.push_back({"R-8.2-known-error", "a known error records its root cause or a workaround"});
  return v;
}

}  // namespace itsm::model
