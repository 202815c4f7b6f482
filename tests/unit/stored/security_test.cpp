// Information security on a durable store (a SQLite file, a PostgreSQL schema: store.hpp): the
// policy, risk and control registers and external access survive reopening, and the security
// step of RFC assessment reads the stored controls (R-6.6-rfc).
#include <catch2/catch.hpp>

#include "itsm/core/clock.hpp"
#include "itsm/process/sms.hpp"
#include "store.hpp"
#include "unit/process/assurance_fixture.hpp"

using namespace itsm;

TEST_CASE("R-6.6-policy R-6.6-controls R-6.6-rfc: security records on a durable store, across reopening",
          "[stored][security]") {
  const auto path = stored_test::fresh("security");
  auto clk = std::make_shared<manual_clock>(parse_iso("2026-04-01T08:00:00Z"));
  const actor sid{"sid", {std::string(security_manager_role)}}, tess{"tess", {std::string(security_manager_role)}};
  const actor rita{"rita", {std::string(roles::cab_member)}}, chris{"chris", {std::string(roles::change_manager)}};
  rfc_id rfc;
  {
    sms system(stored_test::open(path), sms_options{clk, nullptr, nullptr, {}});
    test::assurance_estate estate(system);
    auto& sec = system.security();
    model::security_policy p;
    p.title = "Information security policy";
    p.content = "least privilege; encryption at rest";
    sec.approve_policy(tess, sec.propose_policy(sid, p).id);
    model::security_risk k;
    k.title = "web host compromise";
    k.owner = "sid";
    k.likelihood = 2;
    k.impact = 4;
    k.treatment = "reduce: hardening baseline";
    k.cis = {estate.h1.id};
    k = sec.add_risk(sid, k);
    model::security_control c;
    c.name = "CIS hardening baseline";
    c.description = "benchmarked monthly";
    c.owner = "sid";
    c.risks = {k.id};
    c.cis = {estate.h1.id};
    c = sec.add_control(sid, c);
    model::party vendor;
    vendor.name = "HostCo";
    vendor.manager = "sid";
    vendor = system.relationships().add_party(actor{"root", {std::string(roles::admin)}}, vendor);
    model::external_access a;
    a.party = vendor.id;
    a.purpose = "hardware maintenance";
    a.cis = {estate.h1.id};
    a.controls = {c.id};
    a.until = clk->now() + hours(24 * 7);
    sec.grant_access(sid, a);
    model::rfc r;
    r.title = "kernel update on web-1";
    r.reason = "CVE fix";
    r.scope_cis = {estate.h1.id};
    r.backout_plan = "boot the previous kernel";
    rfc = system.changes().submit(rita, r).id;
    auto e = test::catch_error([&] { system.changes().assess(chris, rfc, {"low", "none", "none", "", ""}); });
    CHECK(e.violates("R-6.6-rfc"));
  }
  sms system(stored_test::open(path), sms_options{clk, nullptr, nullptr, {}});
  const actor viewer{"vera", {std::string(roles::viewer)}};
  auto& sec = system.security();
  REQUIRE(sec.policies(viewer).size() == 1);
  CHECK(sec.policies(viewer)[0].approved_by == "tess");
  CHECK(sec.risks(viewer).size() == 1);
  REQUIRE(sec.controls(viewer).size() == 1);
  CHECK(sec.accesses(viewer).size() == 1);
  const auto r = system.changes().assess(chris, rfc, {"low", "hardening re-applied after the update", "none", "", ""});
  CHECK(r.touched_controls == std::vector<security_control_id>{sec.controls(viewer)[0].id});
  CHECK(r.touched_risks.size() == 1);
  CHECK(system.changes().find(viewer, rfc)->touched_controls.size() == 1);  // stored with the RFC
  CHECK(system.verify().ok());
}
