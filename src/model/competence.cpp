#include "itsm/model/competence.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace itsm::model {

namespace {
constexpr const char* rule = "R-4.4-competence";
}

const kind_def<training_record>& training_record::def() {
  static const auto k = kind_def<training_record>("training_record", 1, &training_record::id)
                            .field("person", &training_record::person)
                            .field("course", &training_record::course)
                            .field("provider", &training_record::provider)
                            .field("completed_at", &training_record::completed_at)
                            .field("evidence", &training_record::evidence)
                            .field("recorded_by", &training_record::recorded_by)
                            .index("by_person", {"person"});
  return k;
}

std::vector<violation> training_record::check() const {
  std::vector<violation> v;
  if (person.empty()) v.push_back({rule, "a training record names the person trained"});
  if (course.empty()) v.push_back({rule, "a training record names the course"});
  if (completed_at.is_special()) v.push_back({rule, fmt::format("training '{}' needs its completion date", course)});
  if (evidence.empty()) v.push_back({rule, fmt::format("training '{}' of {} needs its evidence", course, person)});
  return v;
}

const kind_def<competence>& competence::def() {
  static const auto k = kind_def<competence>("competence", 1, &competence::id)
                            .field("person", &competence::person)
                            .field("skill", &competence::skill)
                            .field("evidence", &competence::evidence)
                            .field("training", &competence::training)
                            .field("achieved_at", &competence::achieved_at)
                            .field("expires_at", &competence::expires_at)
                            .field("assessed_by", &competence::assessed_by)
                            .field("withdrawn", &competence::withdrawn)
                            .field("withdrawal_reason", &competence::withdrawal_reason)
                            .index("by_person", {"person"})
                            .index("by_skill", {"skill"});
  return k;
}

std::vector<violation> competence::check() const {
  std::vector<violation> v;
  if (person.empty()) v.push_back({rule, "a competence names the person who holds it"});
  if (skill.empty()) v.push_back({rule, "a competence names the skill"});
  if (evidence.empty()) v.push_back({rule, fmt::format("competence '{}' of {} needs its evidence", skill, person)});
  if (achieved_at.is_special()) v.push_back({rule, fmt::format("competence '{}' needs the date it was achieved", skill)});
  else if (!expires_at.is_special() && !(achieved_at < expires_at))
    v.push_back({rule, fmt::format("competence '{}' expires before it was achieved", skill)});
  if (withdrawn && withdrawal_reason.empty()) v.push_back({rule, "a withdrawn competence records why"});
  return v;
}

bool competence::valid_at(timestamp at) const {
  return !withdrawn && !achieved_at.is_special() && !(at < achieved_at) && (expires_at.is_special() || at < expires_at);
}

const kind_def<competence_requirement>& competence_requirement::def() {
  static const auto k = kind_def<competence_requirement>("competence_requirement", 1, &competence_requirement::id)
                            .field("skill", &competence_requirement::skill)
                            .field("description", &competence_requirement::description)
                            .field("ci_types", &competence_requirement::ci_types)
                            .field("services", &competence_requirement::services)
                            .field("retired", &competence_requirement::retired)
                            .field("defined_by", &competence_requirement::defined_by);
  return k;
}

std::vector<violation> competence_requirement::check() const {
  std::vector<violation> v;
  if (skill.empty()) v.push_back({rule, "a competence requirement names the skill"});
  if (description.empty()) v.push_back({rule, fmt::format("the requirement for '{}' says why it is needed", skill)});
  return v;
}

bool competence_requirement::applies_to(const std::vector<std::string>& scope_ci_types,
                                        const std::vector<service_id>& scope_services) const {
  if (retired) return false;
  if (ci_types.empty() && services.empty()) return true;
  auto meets = [](const auto& wanted, const auto& scope) {
    return std::any_of(scope.begin(), scope.end(),
                       [&](const auto& x) { return std::find(wanted.begin(), wanted.end(), x) != wanted.end(); });
  };
  return meets(ci_types, scope_ci_types) || meets(services, scope_services);
}

}  // namespace itsm::model
