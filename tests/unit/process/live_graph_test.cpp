// The live CMDB graph (configuration().graph): kept in step with every committed write, read as
// immutable snapshots, one relationship-kind table (the stored policy) for impact and RFC
// assessment, redundancy groups (member_of, k of n) followed by both.
#include <catch2/catch.hpp>

#include "fixture.hpp"
#include "itsm/model/service.hpp"

using namespace itsm;
using itsm::test::catch_error;
using model::ci_status;
using model::ci_type;
using model::configuration_item;

namespace {

struct live_cmdb : test::process_fixture {
  configuration_management& conf = system.configuration();
  actor slm{"sam", {std::string(roles::service_level_manager)}};
  model::service shop_service;
  configuration_item app, pool, h1, h2, h3;

  live_cmdb() {
    conf.define_type(cm, ci_type{"host", 0, "", "a server", {}, {"member_of", "hosted_on"}});
    conf.define_type(cm, ci_type{"cluster", 0, "", "k of n hosts", {{"required_members", value_type::integer, true}}, {}});
    conf.define_type(cm, ci_type{"application", 0, "", "software", {}, {"runs_on", "depends_on", "uses"}});
    model::service s;
    s.name = "webshop";
    shop_service = system.service_level().add_service(slm, s);
    pool = make("cluster", "web-pool", {{"required_members", value(std::int64_t{2})}});
    h1 = make("host", "web-1");
    h2 = make("host", "web-2");
    h3 = make("host", "web-3");
    auto a = draft("application", "shop");
    a.services = {shop_service.id};
    app = conf.create(cm, a);
    for (const auto& h : {h1, h2, h3}) conf.relate(cm, h.id, "member_of", pool.id);
    conf.relate(cm, app.id, "runs_on", pool.id);
  }
  configuration_item draft(std::string type, std::string name, model::attribute_map attrs = {}) {
    return test::ci_draft(std::move(type), std::move(name), std::move(attrs));
  }
  configuration_item make(std::string type, std::string name, model::attribute_map attrs = {}) {
    return conf.create(cm, draft(std::move(type), std::move(name), std::move(attrs)));
  }
  static std::vector<graph::node_key> keys(const graph::impact_result& r) {
    std::vector<graph::node_key> out;
    for (const auto& x : r.impacted) out.push_back(x.key);
    std::sort(out.begin(), out.end());
    return out;
  }
};

}  // namespace

TEST_CASE_METHOD(live_cmdb, "R-9.1-to-change: the live graph holds the CMDB, services as nodes, clusters as k-of-n groups",
                 "[process][configuration][graph]") {
  const auto g = conf.graph(reader);
  CHECK(g.node_count() == 6);  // 5 CIs and the service
  CHECK(g.edge_count() == 5);  // 3 member_of, runs_on, and the service's component edge
  CHECK(g.info(pool.id.number()).group);
  CHECK(g.info(pool.id.number()).required == 2);
  CHECK(g.info(-shop_service.id.number()).service);
  // One host down: the pool keeps its quorum, nothing else is impacted.
  CHECK(g.impact({h1.id.number()}).impacted.empty());
  // Two down: below 2 of 3, so the pool, the app on it and the service are impacted.
  CHECK(keys(g.impact({h1.id.number(), h2.id.number()})) ==
        std::vector<graph::node_key>{-shop_service.id.number(), pool.id.number(), app.id.number()});
}

TEST_CASE_METHOD(live_cmdb, "R-9.1-to-change: writes show in the next snapshot; an earlier snapshot never changes",
                 "[process][configuration][graph]") {
  const auto before = conf.graph(reader);
  auto db = make("host", "db-1");
  const auto rel = conf.relate(cm, app.id, "depends_on", db.id);
  const auto after = conf.graph(reader);
  CHECK(before.node_count() == 6);
  CHECK_FALSE(before.contains(db.id.number()));
  CHECK(after.contains(db.id.number()));
  CHECK(keys(after.impact({db.id.number()})) == std::vector<graph::node_key>{-shop_service.id.number(), app.id.number()});
  conf.unrelate(cm, rel.id);
  CHECK(conf.graph(reader).impact({db.id.number()}).impacted.empty());
  conf.retire(cm, h3.id);  // retires its member_of too: the pool is now 2 of 2
  const auto now = conf.graph(reader);
  CHECK_FALSE(now.contains(h3.id.number()));
  CHECK(now.info(pool.id.number()).members == 2);
  CHECK(keys(now.impact({h1.id.number()})).size() == 3);
  // Renamed CI: the snapshot carries the new name.
  auto edited = *conf.find(reader, app.id);
  edited.name = "shop-v2";
  conf.update(cm, edited);
  CHECK(conf.graph(reader).info(app.id.number()).name == "shop-v2");
}

TEST_CASE_METHOD(live_cmdb, "R-9.1-to-change: RFC impact follows cluster membership and the stored kind table",
                 "[process][configuration][graph][change]") {
  auto& changes = system.changes();
  CHECK(changes.impact_of(reader, {h1.id}).cis.empty());
  const auto two = changes.impact_of(reader, {h1.id, h2.id});
  CHECK(two.cis == std::vector<ci_id>{pool.id, app.id});
  CHECK(two.services == std::vector<service_id>{shop_service.id});
  // One table for everything: make runs_on informational and the same question changes answer.
  auto kinds = system.policies().relationship_kinds(admin);
  for (auto& k : kinds)
    if (k.name == "runs_on") k.impact = model::propagation::none;
  system.policies().set_relationship_kinds(admin, kinds);
  CHECK(changes.impact_of(reader, {h1.id, h2.id}).cis == std::vector<ci_id>{pool.id});
  CHECK(conf.graph(reader).impact({h1.id.number(), h2.id.number()}).impacted.size() == 1);
}

TEST_CASE_METHOD(live_cmdb, "R-9.1-to-change: the default kind table is one table, the graph's and the store's",
                 "[process][configuration][graph]") {
  const auto stored = system.policies().relationship_kinds(reader);
  const auto table = graph::kind_table::defaults();
  REQUIRE(stored.size() == table.size());
  for (const auto& k : stored) {
    const auto* g = table.find(k.name);
    REQUIRE(g != nullptr);
    CHECK(graph::to_string(g->failure) == model::enum_to_string(k.impact));
  }
}

TEST_CASE_METHOD(live_cmdb, "R-9.1-access: the graph shows every CI, so a customer-scoped reader is denied and audited",
                 "[process][configuration][graph]") {
  const actor outsider{"olga", {std::string(roles::customer)}, "CUS-1"};
  auto e = catch_error([&] { conf.graph(outsider); });
  CHECK(e.code() == errc::permission_denied);
  CHECK(last_audit().outcome == "denied");
  const actor nobody{"nina", {}};
  CHECK(catch_error([&] { conf.graph(nobody); }).code() == errc::permission_denied);
}

TEST_CASE("R-9.1-types: service_component and service_depends_on are reserved kind names", "[process][policy]") {
  CHECK_FALSE(check_policy(std::vector<model::relationship_kind>{{"service_component", model::propagation::none, ""}}).empty());
  CHECK(check_policy(std::vector<model::relationship_kind>{{"quorum_of", model::propagation::quorum, ""}}).empty());
}
