// RFC assessment across processes: every RFC assessed in the period has its assessment record —
// risk, security and continuity answers, the CMDB impact (R-9.2-assess); an RFC that touches a
// continuity or availability plan (R-6.3-rfc) or a security control (R-6.6-rfc) lists it and
// answers for its impact. The checks see coverage as recorded on the records (a plan's CMDB
// subset beyond the CIs and services it names is the library's to compute at assessment).
#include <algorithm>
#include <cctype>

#include "evidence.hpp"

namespace itsm::report::detail {

namespace {

bool answered(const std::string& a) {
  std::string t;
  for (char ch : a)
    if (!std::isspace(static_cast<unsigned char>(ch))) t += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return !t.empty() && t != "none" && t != "n/a" && t != "-";
}

template <class Id>
bool lists(const std::vector<Id>& v, Id x) { return std::find(v.begin(), v.end(), x) != v.end(); }

// Does the record (its cis and services) meet the RFC's scope or impact?
bool meets(const model::rfc& r, const std::vector<ci_id>& cis, const std::vector<service_id>& services) {
  auto any_ci = [&](const std::vector<ci_id>& a) { return std::any_of(cis.begin(), cis.end(), [&](ci_id c) { return lists(a, c); }); };
  auto any_sv = [&](const std::vector<service_id>& a) {
    return std::any_of(services.begin(), services.end(), [&](service_id s) { return lists(a, s); });
  };
  return any_ci(r.scope_cis) || any_ci(r.impact_cis) || any_sv(r.scope_services) || any_sv(r.impact_services);
}

// The RFCs assessed in the period.
std::vector<const model::rfc*> assessed_in(const check_context& c) {
  std::vector<const model::rfc*> out;
  for (const auto& r : c.s.rfcs)
    if (c.in_period(r.assessed_at)) out.push_back(&r);
  return out;
}

check_result assess(const check_context& c) {
  std::vector<std::string> ok, bad;
  for (const auto* r : assessed_in(c)) {
    const bool complete = !r->risk.empty() && !r->security_impact.empty() && !r->continuity_impact.empty();
    (complete ? ok : bad).push_back(r->id.key());
  }
  // Past draft, written in the period, but never assessed: a write around the library.
  for (const auto& r : c.s.rfcs)
    if (r.state != model::rfc_state::draft && r.assessed_at.is_special() && c.written.count(r.id.key()))
      bad.push_back(r.id.key());
  return c.judge(ok, bad, "RFCs assessed with impact, risk, security and continuity answers",
                 "RFCs without a complete assessment record", "no RFC was assessed in the period");
}

check_result plans(const check_context& c) {
  std::vector<std::string> ok, bad;
  for (const auto* r : assessed_in(c)) {
    bool sound = r->touched_plans.empty() || answered(r->continuity_impact);
    for (const auto& p : c.s.continuity_plans)
      if (!p.retired && p.approved_at < r->assessed_at && meets(*r, p.covered_cis, p.covered_services))
        sound = sound && lists(r->touched_plans, p.id);
    if (!sound) bad.push_back(r->id.key());
    else if (!r->touched_plans.empty()) ok.push_back(r->id.key());
  }
  return c.judge(ok, bad, "RFCs touching continuity or availability plans assessed for their impact on them",
                 "RFCs touching plans whose assessment did not assess them", "no RFC assessed in the period touched a plan");
}

check_result security(const check_context& c) {
  std::vector<std::string> ok, bad;
  for (const auto* r : assessed_in(c)) {
    bool sound = r->touched_controls.empty() || answered(r->security_impact);
    for (const auto& k : c.s.security_controls)
      if (!k.retired && k.recorded_at < r->assessed_at && meets(*r, k.cis, k.services))
        sound = sound && lists(r->touched_controls, k.id);
    if (!sound) bad.push_back(r->id.key());
    else if (!r->touched_controls.empty()) ok.push_back(r->id.key());
  }
  return c.judge(ok, bad, "RFCs touching security controls assessed for their security impact",
                 "RFCs touching security controls without a security impact assessment of them",
                 "no RFC assessed in the period touched a security control");
}

}  // namespace

std::vector<check_def> assessment_checks() {
  return {{"R-9.2-assess", assess}, {"R-6.3-rfc", plans}, {"R-6.6-rfc", security}};
}

}  // namespace itsm::report::detail
