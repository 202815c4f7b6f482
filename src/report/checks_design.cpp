// Clause 5 and competence checks: RFCs routed to design & transition have their record
// (R-5-scope), its plan complete once approved (R-5.2-plan), its design complete once implemented
// (R-5.3-design), acceptance, release, catalogue update and outcome report before closure
// (R-5.4-transition); implementers held the competences the stored requirements ask for
// (R-4.4-competence).
#include <algorithm>
#include <map>

#include "evidence.hpp"

namespace itsm::report::detail {

namespace {

using model::rfc_state;

// New, removed or transferred services always; other major changes once they name a record
// (else R-9.2-route's check of their free-text plan applies).
bool routed(const model::rfc& r) {
  return !r.service_action.empty() || (r.design_transition && r.design_plan.rfind("SDT-", 0) == 0);
}

bool approved(rfc_state s) {
  return s != rfc_state::draft && s != rfc_state::assessed && s != rfc_state::rejected;
}
bool implementing(rfc_state s) {
  return approved(s) && s != rfc_state::approved && s != rfc_state::scheduled && s != rfc_state::built &&
         s != rfc_state::tested;
}

// RFCs in play during the period: submitted before its end, not closed before its start.
bool active(const check_context& c, const model::rfc& r) {
  return !r.submitted_at.is_special() && r.submitted_at < c.p.end &&
         (r.closed_at.is_special() || !(r.closed_at < c.p.start));
}

std::map<std::string, const model::service_transition*> records_by_rfc(const store_snapshot& s) {
  std::map<std::string, const model::service_transition*> out;
  for (const auto& t : s.service_transitions) out[t.rfc.key()] = &t;
  return out;
}

// R-5-scope: each routed RFC that went past approval has its design & transition record.
check_result scope(const check_context& c) {
  const auto by_rfc = records_by_rfc(c.s);
  std::vector<std::string> ok, bad;
  for (const auto& r : c.s.rfcs) {
    if (!routed(r) || !approved(r.state) || !active(c, r)) continue;
    const auto it = by_rfc.find(r.id.key());
    if (it == by_rfc.end() || it->second->id.key() != r.design_plan) bad.push_back(r.id.key());
    else ok.push_back(it->second->id.key());
  }
  return c.judge(ok, bad, "new or changed services and major changes through design and transition",
                 "RFCs of new, removed or transferred services or of major impact without design and transition",
                 "no RFC was routed to design and transition in the period");
}

// A gate's record check: for each routed, active RFC in `passed`, `gaps` of its record is empty.
template <class Passed, class Gaps>
check_result gate(const check_context& c, Passed passed, Gaps gaps, const std::string& conforming,
                  const std::string& failing, const std::string& unused) {
  std::vector<std::string> ok, bad;
  const auto by_rfc = records_by_rfc(c.s);
  for (const auto& r : c.s.rfcs) {
    if (!routed(r) || !passed(r) || !active(c, r)) continue;
    const auto it = by_rfc.find(r.id.key());
    if (it == by_rfc.end()) continue;  // R-5-scope reports it
    (gaps(*it->second).empty() ? ok : bad).push_back(it->second->id.key());
  }
  return c.judge(ok, bad, conforming, failing, unused);
}

check_result plan(const check_context& c) {
  return gate(c, [](const model::rfc& r) { return approved(r.state); },
              [](const model::service_transition& t) { return t.plan_gaps(); },
              "design & transition plans complete before approval", "approved RFCs with an incomplete plan",
              "no design & transition plan was approved in the period");
}

check_result design(const check_context& c) {
  return gate(c, [](const model::rfc& r) { return implementing(r.state); },
              [](const model::service_transition& t) { return t.design_gaps(); },
              "designs complete before implementation", "RFCs implemented with an incomplete design",
              "no designed service was implemented in the period");
}

// Closed: accepted, deployed by a release, outcome reported; a new service is live in the
// catalogue and a removed one retired.
check_result transition(const check_context& c) {
  std::map<std::string, const model::service*> services;
  for (const auto& s : c.s.services) services[s.id.key()] = &s;
  auto gaps = [&](const model::service_transition& t) {
    auto v = t.transition_gaps();
    const auto it = services.find(t.service.key());
    const auto status = it == services.end() ? model::service_status::pipeline : it->second->status;
    if ((t.action == "new" && status != model::service_status::live) ||
        (t.action == "remove" && status != model::service_status::retired))
      v.push_back({"R-5.4-transition", "the catalogue update was not applied"});
    if (t.accepted_at.is_special()) v.push_back({"R-5.4-transition", "not accepted"});
    return v;
  };
  return gate(c, [](const model::rfc& r) { return r.state == rfc_state::closed; }, gaps,
              "transitions accepted against their criteria, deployed by a release, outcome reported",
              "RFCs closed without acceptance, release, catalogue update or outcome report",
              "no designed service completed its transition in the period");
}

// R-4.4-competence: each RFC whose implementation started in the period was implemented by
// someone holding the competences the requirements ask for, valid when implementation started.
check_result competence(const check_context& c) {
  std::map<std::string, const model::rfc*> rfcs;
  for (const auto& r : c.s.rfcs) rfcs[r.id.key()] = &r;
  std::map<std::string, std::string> ci_types;
  for (const auto& ci : c.s.cis) ci_types[ci.id.key()] = ci.type;
  std::vector<std::string> ok, bad;
  for (const auto& e : c.s.audit) {
    if (e.kind != "rfc" || e.action != "implement" || e.outcome != "applied" || !c.in_period(e.at)) continue;
    const auto it = rfcs.find(e.object_id);
    if (it == rfcs.end()) continue;
    std::vector<std::string> types;
    for (const auto& ci : it->second->scope_cis) types.push_back(ci_types[ci.key()]);
    for (const auto& req : c.s.competence_requirements) {
      if (!req.applies_to(types, it->second->scope_services)) continue;
      const bool held = std::any_of(c.s.competences.begin(), c.s.competences.end(), [&](const model::competence& k) {
        return k.person == e.actor && k.skill == req.skill && k.valid_at(e.at);
      });
      (held ? ok : bad).push_back(e.object_id);
    }
  }
  if (ok.empty() && bad.empty())
    for (const auto& k : c.s.competences)
      if (k.check().empty() && k.valid_at(c.p.end)) ok.push_back(k.id.key());
  return c.judge(ok, bad, "competence recorded with evidence and held by the implementers who needed it",
                 "RFCs implemented without the competence their requirements ask for",
                 "no competence or competence requirement is recorded");
}

}  // namespace

std::vector<check_def> design_checks() {
  return {{"R-4.4-competence", competence},
          {"R-5-scope", scope},
          {"R-5.2-plan", plan},
          {"R-5.3-design", design},
          {"R-5.4-transition", transition}};
}

}  // namespace itsm::report::detail
