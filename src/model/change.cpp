// Kind definitions and invariants of RFCs, releases and baselines.
#include "itsm/model/change.hpp"

#include <algorithm>

namespace itsm::model {

namespace {
// The entries of `list` that an earlier entry already names.
template <class T>
std::vector<T> repeated(const std::vector<T>& list) {
  std::vector<T> out;
  for (auto it = list.begin(); it != list.end(); ++it)
    if (std::find(list.begin(), it, *it) != it) out.push_back(*it);
  return out;
}
}  // namespace

const kind_def<rfc>& rfc::def() {
  static const auto k = kind_def<rfc>("rfc", 1, &rfc::id)
                            .field("title", &rfc::title)
                            .field("reason", &rfc::reason)
                            .field("classification", &rfc::classification)
                            .field("state", &rfc::state)
                            .field("requester", &rfc::requester)
                            .field("risk", &rfc::risk)
                            .field("scope_cis", &rfc::scope_cis)
                            .field("scope_services", &rfc::scope_services)
                            .field("window_start", &rfc::window_start)
                            .field("window_end", &rfc::window_end)
                            .field("backout_plan", &rfc::backout_plan)
                            .field("implementer", &rfc::implementer)
                            .field("problem", &rfc::problem)
                            .field("review", &rfc::review)
                            .field("standard_model", &rfc::standard_model)
                            .field("service_action", &rfc::service_action)
                            .field("emergency_justification", &rfc::emergency_justification)
                            .field("design_transition", &rfc::design_transition)
                            .field("design_plan", &rfc::design_plan)
                            .field("security_impact", &rfc::security_impact)
                            .field("continuity_impact", &rfc::continuity_impact)
                            .field("plans_impact", &rfc::plans_impact)
                            .field("cost", &rfc::cost)
                            .field("impact_cis", &rfc::impact_cis)
                            .field("impact_services", &rfc::impact_services)
                            .field("conflicts", &rfc::conflicts)
                            .field("outcome", &rfc::outcome)
                            .field("backout_result", &rfc::backout_result)
                            .field("review_participants", &rfc::review_participants)
                            .field("retrospective_review", &rfc::retrospective_review)
                            .field("retrospective_by", &rfc::retrospective_by)
                            .field("submitted_at", &rfc::submitted_at)
                            .field("implemented_at", &rfc::implemented_at)
                            .field("closed_at", &rfc::closed_at)
                            .appended_field("touched_plans", &rfc::touched_plans)
                            .appended_field("touched_controls", &rfc::touched_controls)
                            .appended_field("touched_risks", &rfc::touched_risks)
                            .field("assessed_at", &rfc::assessed_at)
                            .index("by_state", {"state", "window_start"});
  return k;
}

std::vector<violation> rfc::check() const {
  std::vector<violation> v;
  if (title.empty()) v.push_back({"R-9.2-record", "an RFC needs a title"});
  if (scope_cis.empty() && scope_services.empty())
    v.push_back({"R-9.2-record", "an RFC has a defined scope (affected CIs or services)"});
  if (!window_start.is_special() && !window_end.is_special() && window_end <= window_start)
    v.push_back({"R-9.2-schedule", "the change window must end after it starts"});
  return v;
}

const kind_def<release>& release::def() {
  static const auto k = kind_def<release>("release", 1, &release::id)
                            .field("name", &release::name)
                            .field("emergency", &release::emergency)
                            .field("state", &release::state)
                            .field("rfcs", &release::rfcs)
                            .field("problems", &release::problems)
                            .field("known_errors", &release::known_errors)
                            .field("planned_at", &release::planned_at)
                            .field("deployed_at", &release::deployed_at)
                            .field("rollback_plan", &release::rollback_plan)
                            .field("baseline", &release::baseline)
                            .field("type", &release::type)
                            .field("deliverables", &release::deliverables)
                            .field("deployment_method", &release::deployment_method)
                            .field("acceptance_criteria", &release::acceptance_criteria)
                            .field("override_by", &release::override_by)
                            .field("override_reason", &release::override_reason)
                            .field("failure_reason", &release::failure_reason)
                            .index("by_state", {"state", "planned_at"});
  return k;
}

std::vector<violation> release::check() const {
  std::vector<violation> v;
  if (name.find_first_not_of(" \t\r\n") == std::string::npos) v.push_back({"R-9.3-plan", "a release needs a name"});
  if (rfcs.empty()) v.push_back({"R-9.3-plan", "a release deploys one or more approved changes (RFCs)"});
  // An entry named twice is a slip (a criterion twice would be two slots for one test): refused.
  for (const auto& r : repeated(rfcs)) v.push_back({"R-9.3-plan", r.key() + " is listed twice"});
  for (const auto& c : repeated(acceptance_criteria))
    v.push_back({"R-9.3-accept", "acceptance criterion '" + c + "' is listed twice"});
  return v;
}

const kind_def<baseline>& baseline::def() {
  static const auto k = kind_def<baseline>("baseline", 1, &baseline::id)
                            .field("name", &baseline::name)
                            .field("scope", &baseline::scope)
                            .field("taken_at", &baseline::taken_at)
                            .field("taken_by", &baseline::taken_by)
                            .field("content", &baseline::content)
                            .index("by_name", {"name"});
  return k;
}

}  // namespace itsm::model
