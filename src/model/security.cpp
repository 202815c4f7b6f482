#include "itsm/model/security.hpp"

#include <fmt/format.h>

namespace itsm::model {

namespace {
void need_interval(std::vector<violation>& v, const char* rule, const std::string& what, std::int64_t days) {
  if (days < 1 || days > 3660) v.push_back({rule, fmt::format("{}: interval {} days is not in 1..3660", what, days)});
}
}  // namespace

const kind_def<security_policy>& security_policy::def() {
  static const auto k = kind_def<security_policy>("security_policy", 1, &security_policy::id)
                            .field("title", &security_policy::title)
                            .field("content", &security_policy::content)
                            .field("version", &security_policy::version)
                            .field("author", &security_policy::author)
                            .field("state", &security_policy::state)
                            .field("approved_by", &security_policy::approved_by)
                            .field("approved_at", &security_policy::approved_at)
                            .field("review_interval_days", &security_policy::review_interval_days)
                            .field("retired", &security_policy::retired);
  return k;
}

std::vector<violation> security_policy::check() const {
  std::vector<violation> v;
  const char* rule = "R-6.6-policy";
  if (title.empty()) v.push_back({rule, "a security policy needs a title"});
  if (content.empty()) v.push_back({rule, fmt::format("security policy '{}' needs its content", title)});
  need_interval(v, rule, fmt::format("security policy '{}' review", title), review_interval_days);
  return v;
}

const kind_def<security_risk>& security_risk::def() {
  static const auto k = kind_def<security_risk>("security_risk", 1, &security_risk::id)
                            .field("title", &security_risk::title)
                            .field("owner", &security_risk::owner)
                            .field("likelihood", &security_risk::likelihood)
                            .field("impact", &security_risk::impact)
                            .field("treatment", &security_risk::treatment)
                            .field("cis", &security_risk::cis)
                            .field("services", &security_risk::services)
                            .field("assessment_interval_days", &security_risk::assessment_interval_days)
                            .field("assessed_at", &security_risk::assessed_at)
                            .field("assessed_by", &security_risk::assessed_by)
                            .field("closed", &security_risk::closed);
  return k;
}

std::vector<violation> security_risk::check() const {
  std::vector<violation> v;
  const char* rule = "R-6.6-policy";
  if (title.empty()) v.push_back({rule, "a security risk needs a title"});
  if (owner.empty()) v.push_back({rule, fmt::format("security risk '{}' needs an owner", title)});
  if (likelihood < 1 || likelihood > 5 || impact < 1 || impact > 5)
    v.push_back({rule, fmt::format("security risk '{}': likelihood {} and impact {} must be in 1..5", title,
                                   likelihood, impact)});
  if (treatment.empty()) v.push_back({rule, fmt::format("security risk '{}' needs its treatment", title)});
  need_interval(v, rule, fmt::format("security risk '{}' assessment", title), assessment_interval_days);
  return v;
}

const kind_def<security_control>& security_control::def() {
  static const auto k = kind_def<security_control>("security_control", 1, &security_control::id)
                            .field("name", &security_control::name)
                            .field("description", &security_control::description)
                            .field("owner", &security_control::owner)
                            .field("risks", &security_control::risks)
                            .field("cis", &security_control::cis)
                            .field("services", &security_control::services)
                            .field("review_interval_days", &security_control::review_interval_days)
                            .field("recorded_at", &security_control::recorded_at)
                            .field("reviewed_at", &security_control::reviewed_at)
                            .field("effectiveness", &security_control::effectiveness)
                            .field("review_findings", &security_control::review_findings)
                            .field("retired", &security_control::retired);
  return k;
}

std::vector<violation> security_control::check() const {
  std::vector<violation> v;
  const char* rule = "R-6.6-controls";
  if (name.empty()) v.push_back({rule, "a security control needs a name"});
  if (description.empty()) v.push_back({rule, fmt::format("security control '{}' needs its description", name)});
  if (owner.empty()) v.push_back({rule, fmt::format("security control '{}' needs an owner", name)});
  if (risks.empty()) v.push_back({rule, fmt::format("security control '{}' addresses no risk", name)});
  if (cis.empty() && services.empty())
    v.push_back({rule, fmt::format("security control '{}' protects no CI and no service", name)});
  need_interval(v, rule, fmt::format("security control '{}' review", name), review_interval_days);
  return v;
}

const kind_def<external_access>& external_access::def() {
  static const auto k = kind_def<external_access>("external_access", 1, &external_access::id)
                            .field("party", &external_access::party)
                            .field("purpose", &external_access::purpose)
                            .field("cis", &external_access::cis)
                            .field("services", &external_access::services)
                            .field("controls", &external_access::controls)
                            .field("granted_by", &external_access::granted_by)
                            .field("granted_at", &external_access::granted_at)
                            .field("until", &external_access::until)
                            .field("revoked", &external_access::revoked)
                            .field("revoked_at", &external_access::revoked_at)
                            .index("by_party", {"party"});
  return k;
}

std::vector<violation> external_access::check() const {
  std::vector<violation> v;
  const char* rule = "R-6.6-controls";
  if (!party.valid()) v.push_back({rule, "external access names the party it is granted to"});
  if (purpose.empty()) v.push_back({rule, "external access records its purpose"});
  if (cis.empty() && services.empty()) v.push_back({rule, "external access names the CIs or services it reaches"});
  if (controls.empty()) v.push_back({rule, "external access names the controls it is granted under"});
  if (until.is_special() || (!granted_at.is_special() && !(granted_at < until)))
    v.push_back({rule, "external access ends at a date after it was granted"});
  return v;
}

}  // namespace itsm::model
