#include "itsm/model/improvement.hpp"

namespace itsm::model {

const kind_def<improvement>& improvement::def() {
  static const auto k = kind_def<improvement>("improvement", 1, &improvement::id)
                            .field("title", &improvement::title)
                            .field("description", &improvement::description)
                            .field("type", &improvement::type)
                            .field("source", &improvement::source)
                            .field("evaluation_criteria", &improvement::evaluation_criteria)
                            .field("priority", &improvement::priority)
                            .field("target", &improvement::target)
                            .field("owner", &improvement::owner)
                            .field("due", &improvement::due)
                            .field("state", &improvement::state)
                            .field("proposed_by", &improvement::proposed_by)
                            .field("approved_by", &improvement::approved_by)
                            .field("approved_at", &improvement::approved_at)
                            .field("implemented_at", &improvement::implemented_at)
                            .field("closed_at", &improvement::closed_at)
                            .field("outcome", &improvement::outcome)
                            .field("target_met", &improvement::target_met)
                            .index("by_state", {"state"})
                            .index("by_source", {"source"});
  return k;
}

std::vector<violation> improvement::check() const {
  std::vector<violation> v;
  const char* rule = "R-4.5-improve";
  const std::string what = "improvement '" + title + "'";
  if (title.empty()) v.push_back({rule, "an improvement needs a title"});
  if (evaluation_criteria.empty()) v.push_back({rule, what + " needs evaluation criteria"});
  if (priority < 1 || priority > 5) v.push_back({rule, what + " needs a priority from 1 to 5"});
  if (target.empty()) v.push_back({rule, what + " needs a measurable target"});
  if (owner.empty()) v.push_back({rule, what + " needs an owner"});
  if (due.is_special()) v.push_back({rule, what + " needs a due date"});
  if (state == improvement_state::closed && outcome.empty())
    v.push_back({rule, what + " is closed only with its measured outcome"});
  return v;
}

const std::vector<std::string>& review_topics() {
  static const std::vector<std::string> t{"conformance", "audit results", "improvement status",
                                          "service performance", "changes to the SMS"};
  return t;
}

const kind_def<management_review>& management_review::def() {
  static const auto k = kind_def<management_review>("management_review", 1, &management_review::id)
                            .field("held_at", &management_review::held_at)
                            .field("chair", &management_review::chair)
                            .field("attendees", &management_review::attendees)
                            .field("inputs", &management_review::inputs)
                            .field("decisions", &management_review::decisions)
                            .field("actions", &management_review::actions)
                            .field("recorded_by", &management_review::recorded_by);
  return k;
}

std::vector<violation> management_review::check() const {
  std::vector<violation> v;
  const char* rule = "R-4.5-review";
  if (held_at.is_special()) v.push_back({rule, "a management review needs the date it was held"});
  if (chair.empty()) v.push_back({rule, "a management review needs its chair (top management)"});
  if (attendees.empty()) v.push_back({rule, "a management review needs its attendees"});
  for (const auto& topic : review_topics()) {
    bool covered = false;
    for (const auto& line : inputs) covered = covered || line.rfind(topic + ":", 0) == 0;
    if (!covered) v.push_back({rule, "the management review has no input on " + topic});
  }
  if (decisions.empty()) v.push_back({rule, "a management review records at least one decision"});
  return v;
}

}  // namespace itsm::model
