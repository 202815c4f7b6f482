#include <catch2/catch.hpp>

#include "fixture.hpp"

using namespace itsm;
using model::ci_status;
using model::ci_type;
using model::configuration_item;

namespace {
struct baseline_fixture : test::process_fixture {
  configuration_management& conf = system.configuration();
  actor sonja{"sonja", {std::string(roles::service_level_manager)}};
  service_id shop;
  configuration_item web, db, other;
  baseline_fixture() {
    conf.define_type(cm, ci_type{"node", 0, "", "a node", {{"ram", value_type::integer, false}}, {"depends_on"}});
    model::service s;
    s.name = "shop";
    shop = system.service_level().add_service(sonja, s).id;
    web = make("web", {shop});
    db = make("db", {shop});
    other = make("other", {});
    conf.relate(cm, web.id, "depends_on", db.id);
  }
  configuration_item make(std::string name, std::vector<service_id> services) {
    configuration_item ci;
    ci.type = "node";
    ci.name = std::move(name);
    ci.status = ci_status::live;
    ci.services = std::move(services);
    ci.attributes = {{"ram", value(8)}};
    return conf.create(cm, ci);
  }
};
}  // namespace

TEST_CASE_METHOD(baseline_fixture, "R-9.1-baseline: a baseline of a service compares clean with itself and now", "[process][baseline]") {
  auto b = conf.take_baseline(cm, "shop before release", baseline_scope::of_service(shop));
  const auto snap = decode_snapshot(b.content);
  CHECK(snap.cis.size() == 2);  // web + db, not other
  CHECK(snap.relationships.size() == 1);
  CHECK(conf.compare_with_now(reader, b.id).empty());
  CHECK(conf.compare_baselines(reader, b.id, b.id).empty());
}

TEST_CASE_METHOD(baseline_fixture, "R-9.1-baseline: the diff shows added, removed and changed CIs per attribute", "[process][baseline]") {
  auto before = conf.take_baseline(cm, "b1", baseline_scope::all());
  web.attributes["ram"] = value(16);
  web.version = "2.0";
  web = conf.update(cm, web);
  conf.retire(cm, other.id);
  auto fresh = make("cache", {shop});
  conf.relate(cm, web.id, "depends_on", fresh.id);
  auto after = conf.take_baseline(cm, "b2", baseline_scope::all());

  const auto d = conf.compare_baselines(reader, before.id, after.id);
  CHECK(d.cis_added == std::vector<std::string>{fresh.id.key()});
  CHECK(d.cis_removed == std::vector<std::string>{other.id.key()});
  REQUIRE(d.cis_changed.size() == 1);
  CHECK(d.cis_changed[0].id == web.id.key());
  bool saw_ram = false, saw_version = false;
  for (const auto& c : d.cis_changed[0].changes) {
    if (c.field == "attributes.ram") saw_ram = c.before == value(8) && c.after == value(16);
    if (c.field == "version") saw_version = c.after == value("2.0");
  }
  CHECK(saw_ram);
  CHECK(saw_version);
  CHECK(d.relationships_added.size() == 1);
  CHECK(d.relationships_removed.empty());

  // The stored baseline is unaffected by later changes: comparing with now shows the same.
  const auto now = conf.compare_with_now(reader, before.id);
  CHECK(now.cis_removed == d.cis_removed);
  CHECK(now.cis_changed.size() == 1);
}

TEST_CASE_METHOD(baseline_fixture, "R-9.1-baseline: bad baselines are refused", "[process][baseline]") {
  conf.take_baseline(cm, "b1", baseline_scope::all());
  CHECK_THROWS_AS(conf.take_baseline(cm, "b1", baseline_scope::all()), itsm::error);
  CHECK_THROWS_AS(conf.take_baseline(cm, "", baseline_scope::all()), itsm::error);
  CHECK_THROWS_AS(conf.take_baseline(cm, "none", baseline_scope::of({ci_id(999)})), itsm::error);
  CHECK_THROWS_AS(conf.compare_baselines(reader, baseline_id(1), baseline_id(77)), itsm::error);
}
