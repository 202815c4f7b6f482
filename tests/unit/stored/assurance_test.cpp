// Availability and continuity on a durable store (a SQLite file, a PostgreSQL schema:
// store.hpp): requirements, outages and plans survive reopening, the uninvestigated query runs on
// the stored state index, and availability is computed end to end through the live graph rebuilt
// from the store.
#include <catch2/catch.hpp>

#include "itsm/core/clock.hpp"
#include "itsm/process/sms.hpp"
#include "store.hpp"
#include "unit/process/assurance_fixture.hpp"

using namespace itsm;

namespace {
sms open_at(const std::string& where, std::shared_ptr<manual_clock> clk) {
  return sms(stored_test::open(where), sms_options{std::move(clk), nullptr, nullptr, {}});
}
}  // namespace

TEST_CASE("R-6.3-monitor: outages and availability on a durable store, across reopening", "[stored][assurance]") {
  const auto path = stored_test::fresh("assurance");
  auto clk = std::make_shared<manual_clock>(parse_iso("2026-04-01T08:00:00Z"));
  const auto march = parse_iso("2026-03-01T00:00:00Z"), april = parse_iso("2026-04-01T00:00:00Z");
  outage_id both_hosts;
  service_id shop;
  {
    auto system = open_at(path, clk);
    test::assurance_estate estate(system);
    shop = estate.shop.id;
    auto& as = system.assurance();
    both_hosts = as.record_outage(estate.slm, estate.down(estate.h1.id, "2026-03-02T00:00:00Z", "2026-03-02T10:00:00Z")).id;
    as.record_outage(estate.slm, estate.down(estate.h2.id, "2026-03-02T08:00:00Z", "2026-03-02T12:00:00Z"));
    auto planned = estate.down(estate.app.id, "2026-03-05T00:00:00Z", "2026-03-05T01:00:00Z");
    planned.planned = true;
    as.record_outage(estate.slm, planned);
    auto e = itsm::test::catch_error([&] { as.require_availability(estate.slm, [&] {
      auto r = estate.req;
      r.id = {}, r.revision = 0;
      return r;
    }()); });
    CHECK(e.violates("R-6.3-req"));
  }
  auto system = open_at(path, clk);
  const actor viewer{"vera", {std::string(roles::viewer)}}, slm{"sam", {std::string(roles::service_level_manager)}};
  auto& as = system.assurance();
  CHECK(as.requirements(viewer).size() == 1);
  CHECK(as.outages(viewer).size() == 3);
  CHECK(as.uninvestigated(viewer).size() == 2);  // the planned one needs no investigation
  const auto a = as.availability(viewer, shop, march, april);
  CHECK(a.unavailable == hours(3));  // 2 h with two of three hosts down + 1 h of the application
  CHECK(a.outages.size() == 3);
  as.investigate(slm, both_hosts, "power feed A failed; web-2 was already in maintenance");
  CHECK(as.uninvestigated(viewer).size() == 1);
  CHECK(system.verify().ok());
}

TEST_CASE("R-6.3-plans: plans, their tests and export on a durable store, across reopening", "[stored][continuity]") {
  const auto path = stored_test::fresh("continuity");
  auto clk = std::make_shared<manual_clock>(parse_iso("2026-04-01T08:00:00Z"));
  continuity_plan_id id;
  {
    auto system = open_at(path, clk);
    test::assurance_estate estate(system);
    model::continuity_plan p;
    p.name = "webshop recovery";
    p.owner = "sam";
    p.content = "fail over to the standby site";
    p.contacts = {"NOC, 24x7, noc@example.org"};
    p.covered_services = {estate.shop.id};
    id = system.continuity().add_plan(estate.slm, p).id;
    system.continuity().record_test(estate.slm, id, model::test_result::passed, "failover in 14 minutes");
    auto edited = *system.continuity().find(estate.viewer, id);
    edited.content += " and restore";
    CHECK(itsm::test::catch_error([&] { system.continuity().revise_plan(estate.slm, edited, {}); }).violates("R-6.3-plans"));
  }
  auto system = open_at(path, clk);
  const actor viewer{"vera", {std::string(roles::viewer)}};
  CHECK(system.continuity().find(viewer, id)->version == 1);
  CHECK(system.continuity().tests(viewer, id).size() == 1);
  const auto doc = system.continuity().export_plan(viewer, id);
  for (const char* part : {"\"itsm.plan/1\"", "noc@example.org", "web-pool", "web-3", "\"shop\""}) {
    INFO(part);
    CHECK(doc.find(part) != std::string::npos);
  }
  CHECK(system.verify().ok());
}
