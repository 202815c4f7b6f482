// Every workflow offers a non-throwing check that agrees with the transition it describes: a
// check that passes means the transition (by an authorized actor) succeeds, a check that fails
// names the same R- id the refusal carries. Separation of duties travels as data too.
#include <catch2/catch.hpp>

#include "change_fixture.hpp"

using namespace itsm;
using test::change_world;

TEST_CASE_METHOD(change_world, "R-9.2-approve: an RFC's check agrees with the step and names its rule",
                 "[process][check]") {
  auto r = assessed({db01.id});
  CHECK(changes.check(reader, r.id, "build").at(0).rule == "R-9.2-build");
  CHECK(refused([&] { changes.mark_built(chris, r.id); }).violates("R-9.2-build"));
  CHECK(changes.check(rita, r.id, "decide").at(0).rule == "R-9.2-approve");  // rita requested it
  const auto e = refused([&] { changes.decide(rita, r.id, vote::approve); });
  CHECK(e.code() == errc::permission_denied);
  CHECK(e.violates("R-9.2-approve"));  // the separation-of-duties rule as data
  CHECK(changes.check(chris, r.id, "decide").empty());
  CHECK_FALSE(changes.check(reader, rfc_id(999), "decide").empty());
  CHECK_FALSE(changes.check(reader, r.id, "fly").empty());
}

TEST_CASE_METHOD(change_world, "R-9.3-accept: a release's check agrees with deploy", "[process][check]") {
  model::release d;
  d.name = "r1";
  d.type = "minor";
  d.rfcs = {approved({db01.id}).id};
  d.planned_at = parse_iso("2026-03-10T22:00:00Z");
  d.rollback_plan = "redeploy";
  d.acceptance_criteria = {"functional"};
  auto rel = system.releases().plan(rob, d);
  const auto v = system.releases().check(reader, rel.id, "deploy");
  REQUIRE_FALSE(v.empty());
  CHECK(refused([&] { system.releases().deploy(rob, rel.id); }).violates(v.at(0).rule));
  CHECK(system.releases().check(reader, rel.id, "build").empty());
  system.releases().mark_built(rob, rel.id);
  CHECK_FALSE(system.releases().check(reader, rel.id, "build").empty());
}

TEST_CASE_METHOD(change_world, "R-8.1-requests: a request's check agrees with its transitions", "[process][check]") {
  const actor desk{"dave", {std::string(roles::service_desk)}};
  const actor lead{"lena", {std::string(roles::incident_manager)}};
  model::service_request draft;
  draft.title = "new laptop";
  draft.request_type = "access";
  auto req = system.requests().record(desk, draft);
  CHECK_FALSE(system.requests().check(desk, req.id, request_transition::approve).empty());  // own request
  CHECK(system.requests().check(lead, req.id, request_transition::approve).empty());
  CHECK_FALSE(system.requests().check(lead, req.id, request_transition::close).empty());
  system.requests().approve(lead, req.id);
  CHECK_FALSE(system.requests().check(lead, req.id, request_transition::approve).empty());
}
