// Clause 6.6 checks: an approved security policy reviewed at its interval and security risks
// assessed at theirs (R-6.6-policy); controls reviewed for effectiveness at their interval and
// external access granted under controls in force (R-6.6-controls).
#include <algorithm>
#include <set>

#include "evidence.hpp"

namespace itsm::report::detail {

namespace {

bool overdue(timestamp since, std::int64_t interval_days, timestamp at) {
  return since.is_special() || since + hours(24 * interval_days) < at;
}

// A policy approved by someone other than its author and re-approved within its review interval;
// every open risk assessed within its interval.
check_result policy(const check_context& c) {
  std::vector<std::string> ok, bad, drafts;
  for (const auto& p : c.s.security_policies) {
    if (p.retired) continue;
    if (p.state == model::security_policy_state::draft) {
      drafts.push_back(p.id.key());
      continue;
    }
    const bool sound = p.approved_by != p.author && !overdue(p.approved_at, p.review_interval_days, c.p.end);
    (sound ? ok : bad).push_back(p.id.key());
  }
  if (ok.empty() && bad.empty()) {  // no policy is approved: the drafts, or the missing policy
    if (!drafts.empty()) bad = drafts;
    else if (!c.s.security_risks.empty()) bad.push_back("no approved security policy");
  }
  for (const auto& r : c.s.security_risks) {
    if (r.closed || r.assessed_at.is_special() || !(r.assessed_at < c.p.end)) continue;
    (overdue(r.assessed_at, r.assessment_interval_days, c.p.end) ? bad : ok).push_back(r.id.key());
  }
  return c.judge(ok, bad, "security policy approved and reviewed, risks assessed at their intervals",
                 "security policy not approved or overdue for review, or risks overdue for assessment",
                 "no security policy or risk is recorded");
}

// Controls in force reviewed within their interval (counted from their last review, else from
// when they were recorded); access of external parties granted under a control still in force.
check_result controls(const check_context& c) {
  std::vector<std::string> ok, bad;
  std::set<security_control_id> in_force;
  for (const auto& k : c.s.security_controls) {
    if (k.retired || k.recorded_at.is_special() || !(k.recorded_at < c.p.end)) continue;
    in_force.insert(k.id);
    const bool reviewed = !k.reviewed_at.is_special() && k.reviewed_at < c.p.end;
    if (overdue(reviewed ? k.reviewed_at : k.recorded_at, k.review_interval_days, c.p.end)) bad.push_back(k.id.key());
    else if (reviewed) ok.push_back(k.id.key());
  }
  for (const auto& a : c.s.external_accesses) {
    const bool active = !a.granted_at.is_special() && a.granted_at < c.p.end && c.p.start < a.until &&
                        (!a.revoked || c.p.start < a.revoked_at);
    if (!active) continue;
    const bool controlled =
        std::any_of(a.controls.begin(), a.controls.end(), [&](security_control_id k) { return in_force.count(k) > 0; });
    (controlled ? ok : bad).push_back(a.id.key());
  }
  return c.judge(ok, bad, "security controls reviewed for effectiveness, external access under controls in force",
                 "controls overdue for an effectiveness review or external access without a control in force",
                 "no security control review or external access is due or recorded");
}

}  // namespace

std::vector<check_def> security_checks() { return {{"R-6.6-policy", policy}, {"R-6.6-controls", controls}}; }

}  // namespace itsm::report::detail
