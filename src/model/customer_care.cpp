// Kind definitions and invariants of service reviews, the complaint definition and complaints.
#include "itsm/model/customer_care.hpp"

namespace itsm::model {

const kind_def<service_review>& service_review::def() {
  static const auto k = kind_def<service_review>("service_review", 1, &service_review::id)
                            .field("customer", &service_review::customer)
                            .field("state", &service_review::state)
                            .field("due_at", &service_review::due_at)
                            .field("held_at", &service_review::held_at)
                            .field("report", &service_review::report)
                            .field("attendees", &service_review::attendees)
                            .field("findings", &service_review::findings)
                            .field("actions", &service_review::actions)
                            .field("follow_up", &service_review::follow_up)
                            .index("by_state_due", {"state", "due_at"});
  return k;
}

std::vector<violation> service_review::check() const {
  std::vector<violation> v;
  if (!customer.valid()) v.push_back({"R-7.1-review", "a service review is held with a customer"});
  if (due_at.is_special()) v.push_back({"R-7.1-review", "a service review needs a due date"});
  if (state != review_state::scheduled && report.empty())
    v.push_back({"R-7.1-review", "a held review records the service report it reviewed"});
  if (state == review_state::closed && !actions.empty() && follow_up.empty())
    v.push_back({"R-7.1-review", "a review with actions closes only with their follow-up"});
  return v;
}

const kind_def<complaint_definition>& complaint_definition::def() {
  static const auto k = kind_def<complaint_definition>("complaint_definition", 1, &complaint_definition::key)
                            .field("definition", &complaint_definition::definition)
                            .field("resolve_minutes", &complaint_definition::resolve_minutes)
                            .field("calendar", &complaint_definition::calendar)
                            .field("escalate_to", &complaint_definition::escalate_to);
  return k;
}

std::vector<violation> complaint_definition::check() const {
  std::vector<violation> v;
  if (definition.empty()) v.push_back({"R-7.1-complaints", "the complaint definition needs its text"});
  if (resolve_minutes <= 0 || resolve_minutes > 366 * 24 * 60)
    v.push_back({"R-7.1-complaints", "the agreed time to close a complaint must be 1 minute .. 1 year"});
  if (escalate_to.empty()) v.push_back({"R-7.1-complaints", "name who overdue complaints escalate to"});
  return v;
}

const kind_def<complaint>& complaint::def() {
  static const auto k = kind_def<complaint>("complaint", 1, &complaint::id)
                            .field("customer", &complaint::customer)
                            .field("service", &complaint::service)
                            .field("complainant", &complaint::complainant)
                            .field("summary", &complaint::summary)
                            .field("state", &complaint::state)
                            .field("recorded_at", &complaint::recorded_at)
                            .field("due_at", &complaint::due_at)
                            .field("investigation", &complaint::investigation)
                            .field("action", &complaint::action)
                            .field("report", &complaint::report)
                            .field("closed_at", &complaint::closed_at)
                            .field("escalated_to", &complaint::escalated_to)
                            .field("escalated_at", &complaint::escalated_at)
                            .index("by_customer", {"customer"})
                            .index("by_state_due", {"state", "due_at"});
  return k;
}

std::vector<violation> complaint::check() const {
  std::vector<violation> v;
  const char* rule = "R-7.1-complaints";
  if (!customer.valid()) v.push_back({rule, "a complaint is recorded for a customer"});
  if (summary.empty() || complainant.empty()) v.push_back({rule, "a complaint records who complained and about what"});
  if (state >= complaint_state::acting && investigation.empty()) v.push_back({rule, "act on a complaint after investigating it"});
  if (state >= complaint_state::reported && action.empty()) v.push_back({rule, "report a complaint after acting on it"});
  if (state == complaint_state::closed && report.empty()) v.push_back({rule, "close a complaint after reporting to the customer"});
  return v;
}

}  // namespace itsm::model
