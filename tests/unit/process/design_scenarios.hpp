// Design & transition and competence scenarios over one design_world, run on memory (process
// tests) and on a real SQLite file (stored tests). Each checks its R- ids both ways.
#pragma once

#include <algorithm>

#include "unit/process/design_world.hpp"

namespace itsm::test {

// R-5-scope R-5.2-plan R-5.3-design R-5.4-transition R-4.4-competence: a new service from its
// RFC through plan, design, implementation by a competent person, release and acceptance (the
// catalogue updated) to the outcome report; each gate refused while its part is missing.
inline void new_service_transition(design_world& w) {
  auto rfc = w.new_service_rfc();
  CHECK(rfc.design_transition);  // a new service is routed to design & transition (R-5-scope)
  auto e = refused_in(w, [&] { w.changes.decide(w.chris, rfc.id, vote::approve); });
  CHECK(e.violates("R-5.2-plan"));

  model::service_transition draft;
  draft.rfc = rfc.id;
  draft.service = w.payments.id;
  draft.timescales = "go-live by 2026-04-15";
  auto t = w.design.open(w.chris, draft);
  CHECK(w.changes.find(w.viewer, rfc.id)->design_plan == t.id.key());
  e = refused_in(w, [&] { w.changes.decide(w.chris, rfc.id, vote::approve); });
  CHECK(e.violates("R-5.2-plan"));
  CHECK(std::string(e.what()).find("acceptance criteria") != std::string::npos);
  CHECK(w.changes.approvals(w.viewer, rfc.id).empty());
  auto cites = [](const std::vector<violation>& v, const char* rule) {
    return std::any_of(v.begin(), v.end(), [&](const violation& x) { return x.rule == rule; });
  };
  CHECK(cites(w.changes.check(w.chris, rfc.id, "decide"), "R-5.2-plan"));  // what a UI asks first

  t = w.design.revise(w.chris, w.complete_plan(t));
  CHECK(w.approve(rfc.id).state == model::rfc_state::approved);
  // An approved plan stays complete.
  auto thinner = t;
  thinner.risks.clear();
  CHECK(refused_in(w, [&] { w.design.revise(w.chris, thinner); }).violates("R-5.2-plan"));

  w.ready(rfc.id);
  CHECK(cites(w.changes.check(w.ivan, rfc.id, "implement"), "R-5.3-design"));
  e = refused_in(w, [&] { w.changes.start_implementation(w.ivan, rfc.id); });
  CHECK(e.violates("R-5.3-design"));
  t = w.design.revise(w.chris, w.complete_design(t));
  CHECK(w.changes.check(w.ivan, rfc.id, "implement").empty());

  // Implementing a change to a server needs the server competence (a stored rule).
  model::competence_requirement req;
  req.skill = "linux-server-administration";
  req.description = "only trained administrators change servers";
  req.ci_types = {"server"};
  w.people.require(w.quinn, req);
  e = refused_in(w, [&] { w.changes.start_implementation(w.ivan, rfc.id); });
  CHECK(e.violates("R-4.4-competence"));
  CHECK(w.changes.find(w.viewer, rfc.id)->state == model::rfc_state::tested);
  model::training_record course;
  course.person = "ivan";
  course.course = "Linux administration II";
  course.provider = "in-house academy";
  course.completed_at = parse_iso("2026-02-20T16:00:00Z");
  course.evidence = "certificate LA2-0042";
  const auto trained = w.people.record_training(w.quinn, course);
  model::competence skill;
  skill.person = "ivan";
  skill.skill = "linux-server-administration";
  skill.evidence = "supervised upgrade of db02, assessed by quinn";
  skill.training = trained.id;
  skill.achieved_at = parse_iso("2026-02-27T12:00:00Z");
  skill.expires_at = parse_iso("2028-02-27T12:00:00Z");
  w.people.grant(w.quinn, skill);
  CHECK(w.people.gaps(w.viewer, rfc.id, "ivan").empty());
  CHECK(w.changes.start_implementation(w.ivan, rfc.id).state == model::rfc_state::implementing);

  const auto release = w.deployed_release(rfc.id);
  auto failing = w.passing();
  failing[1].passed = false;
  CHECK(refused_in(w, [&] { w.design.accept(w.rob, t.id, failing, release.id); }).violates("R-5.4-transition"));
  CHECK(w.system.service_level().find_service(w.viewer, w.payments.id)->status == model::service_status::pipeline);
  t = w.design.accept(w.rob, t.id, w.passing(), release.id);
  CHECK(t.release == release.id);
  CHECK(t.acceptance_results.size() == 2);
  // The catalogue update is applied with the acceptance (R-5.3-design).
  CHECK(w.system.service_level().find_service(w.viewer, w.payments.id)->status == model::service_status::live);

  w.changes.complete(w.ivan, rfc.id, true);
  w.changes.review(w.chris, rfc.id, "went live on time; gateway latency higher than planned", {"ivan"});
  e = refused_in(w, [&] { w.changes.close(w.chris, rfc.id); });
  CHECK(e.violates("R-5.4-transition"));
  CHECK(refused_in(w, [&] { w.design.report_outcome(w.chris, t.id, {}, "no figures", false); })
            .violates("R-5.4-transition"));
  t = w.design.report_outcome(w.chris, t.id, {"card share 34 % after 4 weeks"}, "expected 30 %, reached 34 %", true);
  CHECK(t.outcomes_met);
  CHECK(w.changes.close(w.chris, rfc.id).state == model::rfc_state::closed);
  CHECK(w.design.for_rfc(w.viewer, rfc.id)->id == t.id);
}

// R-5.2-plan: removing a service also plans what happens to its data.
inline void removal_plans_archive_and_disposal(design_world& w) {
  model::rfc r;
  r.title = "retire the payments pilot";
  r.reason = "replaced by the gateway's hosted page";
  r.scope_services = {w.payments.id};
  r.service_action = "remove";
  r.backout_plan = "keep pay01 running";
  r = w.changes.submit(w.rita, r);
  r = w.changes.assess(w.chris, r.id, {"low", "card data leaves our scope", "none", "", ""});
  model::service_transition t;
  t.rfc = r.id;
  t.service = w.payments.id;
  t = w.design.open(w.chris, w.complete_plan(t));
  CHECK(t.action == "remove");
  const auto e = refused_in(w, [&] { w.changes.decide(w.chris, r.id, vote::approve); });
  CHECK(e.violates("R-5.2-plan"));
  CHECK(std::string(e.what()).find("archive") != std::string::npos);
  t.archive_plan = "orders archived to cold storage for 10 years";
  t.disposal_plan = "card tokens deleted, disks wiped with a certificate";
  w.design.revise(w.chris, t);
  CHECK(w.changes.decide(w.chris, r.id, vote::approve).state == model::rfc_state::assessed);  // a vote cast
}

}  // namespace itsm::test
