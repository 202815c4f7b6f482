#include "itsm/model/internal_audit.hpp"

namespace itsm::model {

const kind_def<internal_audit>& internal_audit::def() {
  static const auto k = kind_def<internal_audit>("internal_audit", 1, &internal_audit::id)
                            .field("title", &internal_audit::title)
                            .field("scope_kinds", &internal_audit::scope_kinds)
                            .field("scope_from", &internal_audit::scope_from)
                            .field("scope_to", &internal_audit::scope_to)
                            .field("criteria", &internal_audit::criteria)
                            .field("auditor", &internal_audit::auditor)
                            .field("planned_for", &internal_audit::planned_for)
                            .field("state", &internal_audit::state)
                            .field("planned_by", &internal_audit::planned_by)
                            .field("completed_at", &internal_audit::completed_at)
                            .field("conclusion", &internal_audit::conclusion)
                            .index("by_state", {"state"});
  return k;
}

std::vector<violation> internal_audit::check() const {
  std::vector<violation> v;
  const char* rule = "R-4.5-audit";
  const std::string what = "audit '" + title + "'";
  if (title.empty()) v.push_back({rule, "an internal audit needs a title"});
  if (scope_kinds.empty()) v.push_back({rule, what + " needs a scope: the record kinds audited"});
  if (criteria.empty()) v.push_back({rule, what + " needs criteria: the requirement ids audited against"});
  for (const auto& c : criteria)
    if (c.rfind("R-", 0) != 0) v.push_back({rule, what + ": criterion '" + c + "' is not a requirement id"});
  if (auditor.empty()) v.push_back({rule, what + " needs an auditor"});
  if (planned_for.is_special()) v.push_back({rule, what + " needs its date in the audit programme"});
  if (scope_from.is_special() || scope_to.is_special() || !(scope_from < scope_to))
    v.push_back({rule, what + " needs the audited period (from < to)"});
  return v;
}

const kind_def<nonconformity>& nonconformity::def() {
  static const auto k = kind_def<nonconformity>("nonconformity", 1, &nonconformity::id)
                            .field("audit", &nonconformity::audit)
                            .field("requirement", &nonconformity::requirement)
                            .field("description", &nonconformity::description)
                            .field("evidence", &nonconformity::evidence)
                            .field("raised_by", &nonconformity::raised_by)
                            .field("raised_at", &nonconformity::raised_at)
                            .field("state", &nonconformity::state)
                            .field("action", &nonconformity::action)
                            .field("closed_by", &nonconformity::closed_by)
                            .field("closed_at", &nonconformity::closed_at)
                            .field("verification", &nonconformity::verification)
                            .index("by_audit", {"audit"})
                            .index("by_state", {"state"});
  return k;
}

std::vector<violation> nonconformity::check() const {
  std::vector<violation> v;
  const char* rule = "R-4.5-audit";
  if (requirement.rfind("R-", 0) != 0)
    v.push_back({rule, "a nonconformity names the requirement not met (R-…), not '" + requirement + "'"});
  if (description.empty()) v.push_back({rule, "a nonconformity needs a description"});
  if (state == nonconformity_state::closed && verification.empty())
    v.push_back({rule, "closing a nonconformity needs the verification of its corrective action"});
  return v;
}

}  // namespace itsm::model
