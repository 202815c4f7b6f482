// Information security (clause 6.6): the approved security policy (R-6.6-policy: approver is not
// the author, reviews re-approve it), the risk register with its assessments, the control
// register with effectiveness reviews and external access (R-6.6-controls), and the security
// step of RFC assessment (R-6.6-rfc).
#include <catch2/catch.hpp>

#include "security_fixture.hpp"
#include "support/errors.hpp"

using namespace itsm;

TEST_CASE_METHOD(test::security_world, "R-6.6-policy: the security policy is approved by someone other than its author",
                 "[process][security]") {
  auto bad = policy("");
  bad.review_interval_days = 0;
  auto e = refused([&] { sec.propose_policy(sid, bad); });
  CHECK(e.code() == errc::rule_violation);
  CHECK(e.violates("R-6.6-policy"));
  CHECK(e.violations().size() == 2);  // title, interval

  const auto p = sec.propose_policy(sid, policy());
  CHECK(p.id.key() == "SEP-1");
  CHECK(p.author == "sid");
  CHECK(p.state == model::security_policy_state::draft);
  e = refused([&] { sec.approve_policy(sid, p.id); });  // the author cannot approve it
  CHECK(e.code() == errc::permission_denied);
  CHECK(test::code_of([&] { sec.approve_policy(rita, p.id); }) == errc::permission_denied);  // no role
  const auto v1 = sec.approve_policy(tess, p.id);
  CHECK(v1.state == model::security_policy_state::approved);
  CHECK(v1.approved_by == "tess");
  CHECK(v1.approved_at == clk->now());

  clk->advance(hours(24 * 300));
  const auto reviewed = sec.approve_policy(tess, p.id);  // the periodic review re-approves it
  CHECK(reviewed.approved_at == clk->now());

  auto edited = reviewed;
  edited.content += " Suppliers sign the access agreement.";
  const auto v2 = sec.revise_policy(tess, edited);
  CHECK(v2.version == 2);
  CHECK(v2.author == "tess");
  CHECK(v2.state == model::security_policy_state::draft);
  CHECK(test::code_of([&] { sec.revise_policy(tess, edited); }) == errc::conflict);  // stale revision
  CHECK(test::code_of([&] { sec.approve_policy(tess, p.id); }) == errc::permission_denied);
  CHECK(sec.approve_policy(sid, p.id).version == 2);
  CHECK(sec.find_policy(reader, p.id)->approved_by == "sid");
  CHECK(test::code_of([&] { sec.approve_policy(tess, security_policy_id(9)); }) == errc::not_found);
}

TEST_CASE_METHOD(test::security_world, "R-6.6-policy: security risks are registered and assessed at intervals",
                 "[process][security]") {
  CHECK(theft.id.key() == "SRK-1");
  CHECK(theft.assessed_by == "sid");
  CHECK(theft.assessed_at == clk->now());
  auto bad = risk("", {ci_id(99)});
  bad.likelihood = 7;
  bad.treatment.clear();
  const auto e = refused([&] { sec.add_risk(sid, bad); });
  CHECK(e.violates("R-6.6-policy"));
  CHECK(e.violations().size() == 4);  // title, likelihood, treatment, CI-99

  clk->advance(hours(24 * 170));
  auto again = theft;
  again.likelihood = 2;
  again.treatment = "reduced: encryption done; DBA access via bastion only";
  const auto assessed = sec.assess_risk(tess, again);
  CHECK(assessed.assessed_at == clk->now());
  CHECK(assessed.assessed_by == "tess");
  CHECK(assessed.score() == 10);
  CHECK(test::code_of([&] { sec.assess_risk(tess, again); }) == errc::conflict);
  CHECK(sec.risks(reader).size() == 1);
  const actor customer_user{"cleo", {std::string(roles::customer)}, "CUS-1"};
  CHECK(test::code_of([&] { sec.risks(customer_user); }) == errc::permission_denied);
}

TEST_CASE_METHOD(test::security_world, "R-6.6-controls: controls address risks, are reviewed, and govern external access",
                 "[process][security]") {
  auto e = refused([&] { sec.add_control(sid, control("firewall", {}, {})); });
  CHECK(e.violates("R-6.6-controls"));
  CHECK(e.violations().size() == 2);  // no risk, nothing protected
  CHECK(refused([&] { sec.add_control(sid, control("firewall", {security_risk_id(5)}, {db02.id})); })
            .violates("R-6.6-controls"));  // SRK-5 does not exist
  CHECK(encryption.effectiveness == model::control_effectiveness::not_reviewed);
  CHECK(encryption.recorded_at == clk->now());

  CHECK(refused([&] { sec.review_control(sid, encryption.id, true, ""); }).violates("R-6.6-controls"));
  clk->advance(hours(24 * 80));
  const auto reviewed = sec.review_control(sid, encryption.id, false, "two volumes found unencrypted");
  CHECK(reviewed.effectiveness == model::control_effectiveness::ineffective);
  CHECK(reviewed.reviewed_at == clk->now());

  const auto dbco = supplier("DBCo");
  e = refused([&] { sec.grant_access(sid, access(party_id(42), {db01.id}, -1)); });
  CHECK(e.violates("R-6.6-controls"));
  CHECK(e.violations().size() == 2);  // PTY-42 unknown, an end in the past
  const auto a = sec.grant_access(sid, access(dbco.id, {db01.id}, 30));
  CHECK(a.id.key() == "SXA-1");
  CHECK(a.granted_by == "sid");
  const auto revoked = sec.revoke_access(sid, a.id);
  CHECK(revoked.revoked);
  CHECK(refused([&] { sec.revoke_access(sid, a.id); }).violates("R-6.6-controls"));
  CHECK(sec.accesses(reader).size() == 1);
  sec.retire_control(sid, encryption.id);
  CHECK(refused([&] { sec.review_control(sid, encryption.id, true, "ok"); }).violates("R-6.6-controls"));
}

TEST_CASE_METHOD(test::security_world, "R-6.6-rfc: an RFC touching a control needs a security impact assessment",
                 "[process][security][change]") {
  auto r = changes.submit(rita, draft({db01.id}));
  auto e = refused([&] { changes.assess(chris, r.id, answers()); });  // security impact "none"
  CHECK(e.violates("R-6.6-rfc"));
  auto a = answers();
  a.security_impact = "re-keys the volume encryption; keys rotate in the HSM";
  r = changes.assess(chris, r.id, a);
  CHECK(r.touched_controls == std::vector<security_control_id>{encryption.id});
  CHECK(r.touched_risks == std::vector<security_risk_id>{theft.id});
  CHECK(r.assessed_at == clk->now());
  const auto scope = sec.touched_by(reader, r.id);
  REQUIRE(scope.controls.size() == 1);
  CHECK(scope.controls[0].id == encryption.id);
  CHECK(test::code_of([&] { sec.touched_by(reader, rfc_id(77)); }) == errc::not_found);

  const auto other = assessed({db02.id});  // nothing protected there: "none" is an answer
  CHECK(other.touched_controls.empty());
  // A control put on db02 after the assessment: approval waits for an assessment of it.
  sec.add_control(sid, control("db02 access logging", {theft.id}, {db02.id}));
  e = refused([&] { changes.decide(chris, other.id, vote::approve); });
  CHECK(e.violates("R-6.6-rfc"));
  changes.decide(chris, other.id, vote::reject, "reassess under the new control");
}

TEST_CASE_METHOD(test::security_world, "R-6.3-rfc R-9.2-assess: the assessment lists the plans it touches and answers for them",
                 "[process][security][change]") {
  model::continuity_plan p;
  p.name = "webshop recovery";
  p.owner = "sam";
  p.content = "fail over to the standby site";
  p.contacts = {"NOC, noc@example.org"};
  p.covered_services = {webshop.id};
  const actor sam{"sam", {std::string(roles::service_level_manager)}};
  const auto plan = system.continuity().add_plan(sam, p);

  auto r = changes.submit(rita, draft({db02.id}));
  auto a = answers();
  r = changes.assess(chris, r.id, a);
  CHECK(r.touched_plans.empty());  // db02 is outside the plan's CMDB subset

  r = changes.submit(rita, draft({db01.id}));  // shop runs on db01: the webshop plan is touched
  a.security_impact = "volume re-keyed";
  auto e = refused([&] { changes.assess(chris, r.id, a); });
  CHECK(e.violates("R-6.3-rfc"));
  a.continuity_impact = "standby site needs the same db01 patch first";
  r = changes.assess(chris, r.id, a);
  CHECK(r.touched_plans == std::vector<continuity_plan_id>{plan.id});
  CHECK(r.impact_services == std::vector<service_id>{webshop.id, reports.id});

  // A plan covering db02 recorded after that RFC was assessed: its approval is refused.
  const auto late = changes.assess(chris, changes.submit(rita, draft({db02.id})).id, answers());
  p.name = "db02 restore";
  p.covered_services.clear();
  p.covered_cis = {db02.id};
  system.continuity().add_plan(sam, p);
  e = refused([&] { changes.decide(chris, late.id, vote::approve); });
  CHECK(e.violates("R-6.3-rfc"));
}
