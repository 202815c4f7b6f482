// Design and transition of new or changed services (clause 5) and competence (R-4.4-competence)
// on the memory adapter; design_scenarios.hpp runs the same scenarios on SQLite.
#include <catch2/catch.hpp>

#include "unit/process/design_scenarios.hpp"

using namespace itsm;
using test::design_world;
using test::refused_in;

TEST_CASE("R-5-scope R-5.2-plan R-5.3-design R-5.4-transition R-4.4-competence: a new service through design and "
          "transition",
          "[process][design]") {
  design_world w;
  test::new_service_transition(w);
  CHECK(w.system.verify().ok());
}

TEST_CASE("R-5.2-plan: a service removal plans its data archive and disposal", "[process][design]") {
  design_world w;
  test::removal_plans_archive_and_disposal(w);
}

TEST_CASE_METHOD(design_world, "R-5-scope: only RFCs routed to design and transition open a record, once",
                 "[process][design]") {
  model::rfc plain;
  plain.title = "resize pay01";
  plain.reason = "memory";
  plain.scope_cis = {pay01.id};
  plain.backout_plan = "resize back";
  plain = changes.submit(rita, plain);
  plain = changes.assess(chris, plain.id, {"low", "none", "none", "", ""});
  CHECK_FALSE(plain.design_transition);
  model::service_transition t;
  t.rfc = plain.id;
  t.service = payments.id;
  CHECK(refused_in(*this, [&] { design.open(chris, t); }).violates("R-5-scope"));
  CHECK(design.all(viewer).empty());

  const auto first = opened();
  t.rfc = first.rfc;
  CHECK(refused_in(*this, [&] { design.open(chris, t); }).violates("R-5-scope"));  // one record per RFC
  t.rfc = rfc_id(99);
  CHECK(refused_in(*this, [&] { design.open(chris, t); }).violates("R-5-scope"));
}

TEST_CASE_METHOD(design_world, "R-5.3-design: the SLAs a design names are the service's", "[process][design]") {
  model::service other;
  other.name = "invoices";
  other.owner = "owen";
  other = system.service_level().add_service(sam, other);
  model::sla s;
  s.name = "invoices standard";
  s.service = other.id;
  s.targets = {{1, 30, 240}};
  s = system.service_level().define_sla(sam, s);
  auto t = opened();
  t = complete_design(t);
  t.slas = {s.id};
  CHECK(refused_in(*this, [&] { design.revise(chris, t); }).violates("R-5.3-design"));
  CHECK(design.find(viewer, t.id)->slas.empty());
}

TEST_CASE_METHOD(design_world, "R-5.4-transition: acceptance needs the RFC implementing and a deployed release of it",
                 "[process][design]") {
  auto t = design.revise(chris, complete_design(opened()));
  CHECK(refused_in(*this, [&] { design.accept(rob, t.id, passing(), release_id(1)); }).violates("R-5.4-transition"));
  approve(t.rfc);
  ready(t.rfc);
  changes.start_implementation(ivan, t.rfc);
  const auto planned = planned_release(t.rfc);
  const auto e = refused_in(*this, [&] { design.accept(rob, t.id, passing(), planned.id); });
  CHECK(e.violates("R-5.4-transition"));
  CHECK(std::string(e.what()).find("not deployed") != std::string::npos);
  auto extra = passing();
  extra.push_back({"free coffee", true, "yes"});
  const auto deployed = deployed_release(t.rfc);
  CHECK(refused_in(*this, [&] { design.accept(rob, t.id, extra, deployed.id); }).violates("R-5.4-transition"));
  CHECK(design.accept(rob, t.id, passing(), deployed.id).release == deployed.id);
  // Only the change manager's roles write the record; a release manager may accept but not revise.
  CHECK(test::code_of([&] { design.revise(rob, *design.find(viewer, t.id)); }) == errc::permission_denied);
}

TEST_CASE_METHOD(design_world, "R-4.4-competence: evidence, no self-certification, expiry and withdrawal",
                 "[process][competence]") {
  model::competence c;
  c.person = "ivan";
  c.skill = "linux-server-administration";
  c.achieved_at = parse_iso("2025-01-01T00:00:00Z");
  CHECK(refused_in(*this, [&] { people.grant(quinn, c); }).violates("R-4.4-competence"));  // no evidence
  c.evidence = "assessment by quinn";
  c.expires_at = parse_iso("2026-01-01T00:00:00Z");  // expired before now
  auto self = c;
  self.person = "quinn";
  CHECK(test::code_of([&] { people.grant(quinn, self); }) == errc::permission_denied);
  const auto expired = people.grant(quinn, c);
  model::competence_requirement req;
  req.skill = "linux-server-administration";
  req.description = "servers are changed by trained administrators";
  req.services = {payments.id};
  const auto rule = people.require(quinn, req);
  const auto rfc = new_service_rfc();
  CHECK(people.gaps(viewer, rfc.id, "ivan").size() == 1);  // expired
  c.expires_at = {};
  const auto current = people.grant(quinn, c);
  CHECK(people.gaps(viewer, rfc.id, "ivan").empty());
  people.withdraw(quinn, current.id, "left the server team");
  CHECK(people.gaps(viewer, rfc.id, "ivan").size() == 1);
  people.retire(quinn, rule.id);
  CHECK(people.gaps(viewer, rfc.id, "ivan").empty());
  CHECK(people.people(viewer) == std::vector<std::string>{"ivan"});
  CHECK(people.competences(viewer, "ivan").size() == 2);
  CHECK_FALSE(people.competences(viewer, "ivan")[0].valid_at(clk->now()));
  (void)expired;
  CHECK(test::code_of([&] { people.require(chris, req); }) == errc::permission_denied);
}
