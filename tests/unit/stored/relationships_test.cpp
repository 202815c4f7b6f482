// Relationship records on a durable store (a SQLite file; a PostgreSQL schema): contracts survive
// a reopen, and the alignment check after it finds the planted misalignment (R-7.2-align).
#include <catch2/catch.hpp>

#include "itsm/core/clock.hpp"
#include "itsm/process/sms.hpp"
#include "support/errors.hpp"
#include "unit/stored/store.hpp"
#include "unit/process/relations_fixture.hpp"

using namespace itsm;

namespace {

const actor root{"root", {std::string(roles::admin)}};
const actor sam{"sam", {"supplier_manager"}};
const actor audrey{"audrey", {std::string(roles::auditor)}};

sms open_at(const std::string& path) {
  return sms(stored_test::open(path),
             sms_options{std::make_shared<manual_clock>(parse_iso("2026-03-02T08:00:00Z")), nullptr, nullptr, {}});
}

}  // namespace

TEST_CASE("R-7.2-align, R-7.2-contract: agreements on a durable store, checked after a reopen", "[stored][relationships]") {
  const auto path = stored_test::fresh("relationships");
  {
    auto system = open_at(path);
    auto& conf = system.configuration();
    conf.define_type(root, {"application", 0, "", "software", {}, {"depends_on"}});
    conf.define_type(root, {"network", 0, "", "a carrier link", {}, {}});
    model::service s;
    s.name = "webshop";
    s.status = model::service_status::live;
    s = system.service_level().add_service(root, s);
    model::configuration_item app;
    app.type = "application";
    app.name = "shop";
    app.status = model::ci_status::live;
    app.services = {s.id};
    app = conf.create(root, app);
    model::configuration_item wan;
    wan.type = "network";
    wan.name = "wan";
    wan.status = model::ci_status::live;
    wan = conf.create(root, wan);
    conf.relate(root, app.id, "depends_on", wan.id);
    model::sla gold;
    gold.name = "gold";
    gold.service = s.id;
    gold.targets = {{1, 30, 240}};
    system.service_level().define_sla(root, gold);
    auto& rel = system.relationships();
    const auto netco = rel.add_party(sam, test::relations_world::supplier("NetCo", "nina"));
    auto bad = test::relations_world::contract("wan", netco.id, {wan.id}, {{1, 15, 480}}, 99.9);
    bad.termination.clear();
    CHECK(test::error_of([&] { rel.add_agreement(sam, bad); }).code() == errc::rule_violation);
    auto c = test::relations_world::contract("wan", netco.id, {wan.id}, {{1, 15, 480}}, 99.9);
    rel.activate(sam, rel.add_agreement(sam, c).id);
  }
  auto system = open_at(path);
  const auto stored = system.relationships().agreements(audrey);
  REQUIRE(stored.size() == 1);
  CHECK(stored[0].termination == "90 days' notice; data returned");
  CHECK(stored[0].targets.at(0).resolution_minutes == 480);
  const auto r = system.relationships().alignment(audrey, system.time_source().now());
  REQUIRE(r.findings.size() == 1);
  CHECK(r.findings[0].what == misalignment::resolution);
  CHECK(r.findings[0].path == std::vector<std::string>{"SVC-1", "CI-1", "CI-2"});
  CHECK(system.verify().ok());
}
