#include <catch2/catch.hpp>

#include "fixture.hpp"
#include "itsm/model/service.hpp"

using namespace itsm;
using itsm::test::catch_error;
using model::attribute_def;
using model::ci_status;
using model::ci_type;
using model::configuration_item;

namespace {

struct cmdb : test::process_fixture {
  configuration_management& conf = system.configuration();
  cmdb() {
    ci_type hw{"hardware", 0, "", "Physical equipment", {{"serial", value_type::text, true}}, {"part_of", "connects_to"}};
    ci_type server{"server", 0, "hardware", "A physical or virtual server", {{"cpus", value_type::integer, false}}, {}};
    ci_type app{"application", 0, "", "Deployed application software", {{"port", value_type::integer, false}}, {"runs_on", "depends_on"}};
    conf.define_type(cm, hw);
    conf.define_type(cm, server);
    conf.define_type(cm, app);
  }
  configuration_item draft(std::string type, std::string name, model::attribute_map attrs = {}) {
    return test::ci_draft(std::move(type), std::move(name), std::move(attrs));
  }
  configuration_item server(std::string name) {
    return conf.create(cm, draft("server", std::move(name), {{"serial", value("SN-" + std::to_string(++serials))}}));
  }
  int serials = 0;
};


}  // namespace

TEST_CASE_METHOD(cmdb, "R-9.1-types: CI types inherit attributes and relationship kinds", "[process][configuration]") {
  const auto eff = conf.effective_type(reader, "server");
  CHECK(eff.attributes.size() == 2);  // cpus + inherited serial
  CHECK(std::find(eff.relationship_kinds.begin(), eff.relationship_kinds.end(), "part_of") != eff.relationship_kinds.end());
  CHECK(conf.types(reader).size() == 3);
}

TEST_CASE_METHOD(cmdb, "R-9.1-types: bad type definitions are refused and change nothing", "[process][configuration]") {
  const auto before = take(false);
  auto e = catch_error([&] { conf.define_type(cm, ci_type{"vm", 0, "no-such-parent", "virtual machine", {}, {}}); });
  CHECK(e.violates("R-9.1-types"));
  e = catch_error([&] { conf.define_type(cm, ci_type{"Bad Name", 0, "", "x", {}, {}}); });
  CHECK(e.violates("R-9.1-types"));
  e = catch_error([&] { conf.define_type(cm, ci_type{"undocumented", 0, "", "", {}, {}}); });
  CHECK(e.violates("R-9.1-types"));
  e = catch_error([&] { conf.define_type(cm, ci_type{"weird", 0, "", "x", {}, {"teleports_to"}}); });
  CHECK(e.violates("R-9.1-types"));
  // hardware -> server -> hardware would be a cycle
  auto hw = conf.find_type(reader, "hardware").value();
  hw.parent = "server";
  e = catch_error([&] { conf.define_type(cm, hw); });
  CHECK(e.violates("R-9.1-types"));
  CHECK(take(false) == before);
}

TEST_CASE_METHOD(cmdb, "R-9.1-types: CIs are validated against their type's attribute schema", "[process][configuration]") {
  const auto before = take(false);
  auto e = catch_error([&] { conf.create(cm, draft("server", "s1")); });  // serial required (inherited)
  CHECK(e.violates("R-9.1-types"));
  e = catch_error([&] { conf.create(cm, draft("server", "s1", {{"serial", value("x")}, {"cpus", value("eight")}})); });
  CHECK(e.violates("R-9.1-types"));
  e = catch_error([&] { conf.create(cm, draft("server", "s1", {{"serial", value("x")}, {"colour", value("red")}})); });
  CHECK(e.violates("R-9.1-types"));
  e = catch_error([&] { conf.create(cm, draft("toaster", "t1")); });
  CHECK(e.violates("R-9.1-types"));
  CHECK(take(false) == before);
  auto ok = conf.create(cm, draft("server", "s1", {{"serial", value("x")}, {"cpus", value(8)}}));
  CHECK(ok.id.key() == "CI-1");
  CHECK(ok.revision == 1);
  CHECK(conf.find(reader, ok.id)->attributes.at("cpus") == value(8));
}

TEST_CASE_METHOD(cmdb, "R-9.1-unique: a duplicate identity key is refused; a retired name may be reused", "[process][configuration]") {
  auto s1 = server("db01");
  auto e = catch_error([&] { server("db01"); });
  CHECK(e.code() == errc::rule_violation);
  CHECK(e.violates("R-9.1-unique"));
  // The same name under another type is a different identity.
  CHECK_NOTHROW(conf.create(cm, draft("application", "db01")));
  conf.retire(cm, s1.id);
  CHECK_NOTHROW(server("db01"));
  CHECK(conf.find_by_name(reader, "server", "db01")->id != s1.id);
}

TEST_CASE_METHOD(cmdb, "R-9.1-versions: every update is a new version and history is queryable", "[process][configuration]") {
  auto s = server("web01");
  clk->advance(hours(1));
  s.location = "Berlin DC1";
  s = conf.update(cm, s, {"moved to DC1", ""});
  clk->advance(hours(1));
  s.attributes["cpus"] = value(16);
  s.version = "2";
  s = conf.update(cm, s, {"upgrade", "RFC-9"});
  CHECK(s.revision == 3);

  const auto h = conf.history(reader, s.id);
  REQUIRE(h.size() == 3);
  CHECK(h[0].action == "create");
  CHECK(h[1].revision == 2);
  CHECK(h[1].reason == "moved to DC1");
  REQUIRE(h[1].changes.size() == 1);
  CHECK(h[1].changes[0].field == "location");
  CHECK(h[1].changes[0].after == value("Berlin DC1"));
  CHECK(h[2].reference == "RFC-9");  // R-9.1-trace: the RFC the change was made under
  CHECK(to_iso(h[2].at) == "2026-03-02T10:00:00Z");
  CHECK(h[2].actor == "carla");

  const auto v1 = conf.at_revision(reader, s.id, 1);
  CHECK(v1.location.empty());
  CHECK(v1.attributes.count("cpus") == 0);
  const auto v2 = conf.at_revision(reader, s.id, 2);
  CHECK(v2.location == "Berlin DC1");
  CHECK(conf.at_revision(reader, s.id, 3).attributes.at("cpus") == value(16));
  CHECK_THROWS_AS(conf.at_revision(reader, s.id, 4), itsm::error);
}

TEST_CASE_METHOD(cmdb, "a stale update is a conflict and changes nothing", "[process][configuration]") {
  auto s = server("web01");
  auto first = s;
  s.location = "A";
  conf.update(cm, s);
  const auto before = take();
  first.location = "B";
  auto e = catch_error([&] { conf.update(cm, first); });
  CHECK(e.code() == errc::conflict);
  CHECK(take() == before);
  CHECK(conf.find(reader, s.id)->location == "A");
}

TEST_CASE_METHOD(cmdb, "a CI cannot change type and a retired CI cannot change", "[process][configuration]") {
  auto s = server("web01");
  auto t = s;
  t.type = "application";
  CHECK(catch_error([&] { conf.update(cm, t); }).violates("R-9.1-types"));
  auto r = conf.retire(cm, s.id);
  CHECK(r.status == ci_status::retired);
  r.location = "scrap yard";
  CHECK(catch_error([&] { conf.update(cm, r); }).violates("R-9.1-versions"));
  CHECK(catch_error([&] { conf.retire(cm, s.id); }).violates("R-9.1-versions"));
}

TEST_CASE_METHOD(cmdb, "R-9.1-attrs: relationships are typed and validated", "[process][configuration]") {
  auto host = server("host1");
  auto app = conf.create(cm, draft("application", "shop"));
  auto rel = conf.relate(cm, app.id, "runs_on", host.id);
  CHECK(rel.id.key() == "REL-1");
  CHECK(conf.relationships(reader, app.id, direction::outgoing).size() == 1);
  CHECK(conf.relationships(reader, host.id, direction::incoming).at(0).source == app.id);

  const auto before = take(false);
  CHECK(catch_error([&] { conf.relate(cm, host.id, "runs_on", app.id); }).violates("R-9.1-types"));  // servers don't run_on
  CHECK(catch_error([&] { conf.relate(cm, app.id, "flies_to", host.id); }).violates("R-9.1-types"));
  CHECK(catch_error([&] { conf.relate(cm, app.id, "runs_on", app.id); }).violates("R-9.1-attrs"));
  CHECK(catch_error([&] { conf.relate(cm, app.id, "runs_on", ci_id(999)); }).violates("R-9.1-attrs"));
  CHECK(catch_error([&] { conf.relate(cm, app.id, "runs_on", host.id); }).violates("R-9.1-unique"));
  CHECK(take(false) == before);

  // Retiring a CI retires its relationships in the same operation.
  conf.retire(cm, host.id);
  CHECK(conf.relationships(reader, app.id).empty());
  CHECK(conf.relationships(reader, app.id, direction::both, true).size() == 1);
  // History of the app includes its relationship's versions.
  const auto h = conf.history(reader, app.id);
  CHECK(std::count_if(h.begin(), h.end(), [](const auto& e) { return e.kind == "relationship"; }) == 2);
}

TEST_CASE_METHOD(cmdb, "links to other records are queryable from both ends", "[process][configuration]") {
  auto s = server("db01");
  auto l = conf.link_ci(cm, s.id, "ci_type", "server", "documented_by");
  CHECK(conf.links(reader, "configuration_item", s.id.key()).size() == 1);
  CHECK(conf.links(reader, "ci_type", "server").at(0).id == l.id);
  CHECK(catch_error([&] { conf.link_ci(cm, s.id, "rfc", "RFC-77", "affects"); }).violates("R-9.1-attrs"));
}

TEST_CASE_METHOD(cmdb, "R-9.1-access: a denied write changes nothing but is audited", "[process][configuration]") {
  auto s = server("db01");
  const auto before = take(false);
  const auto audit_before = last_audit().seq;
  s.location = "elsewhere";
  auto e = catch_error([&] { conf.update(desk, s); });
  CHECK(e.code() == errc::permission_denied);
  CHECK(take(false) == before);
  const auto denial = last_audit();
  CHECK(denial.seq == audit_before + 1);
  CHECK(denial.outcome == "denied");
  CHECK(denial.actor == "dave");
  CHECK(denial.object_id == s.id.key());
  CHECK(sink->events.back().type == "operation.denied");
  CHECK(system.verify_audit().ok);
}

TEST_CASE_METHOD(cmdb, "a refused write is audited with the rule that refused it", "[process][configuration]") {
  server("db01");
  CHECK_THROWS(server("db01"));
  const auto refusal = last_audit();
  CHECK(refusal.outcome == "refused");
  CHECK(refusal.changes.find("R-9.1-unique") != std::string::npos);
  CHECK(refusal.revision == 0);
}

TEST_CASE_METHOD(cmdb, "events are published after commit, one per written object", "[process][configuration]") {
  sink->events.clear();
  auto s = server("db01");
  REQUIRE(sink->events.size() == 1);
  CHECK(sink->events[0].type == "configuration_item.created");
  CHECK(sink->events[0].object_id == s.id.key());
  CHECK(sink->events[0].actor == "carla");
}

TEST_CASE("a failing event sink never undoes a commit", "[process][configuration]") {
  struct throwing_sink : event_sink {
    void publish(const event&) override { throw std::runtime_error("mail server down"); }
  };
  auto clk = std::make_shared<manual_clock>(parse_iso("2026-03-02T08:00:00Z"));
  sms s(storage::make_memory_backend(), sms_options{clk, std::make_shared<allow_all>(), std::make_shared<throwing_sink>(), {}});
  actor a{"amy", {}};
  s.configuration().define_type(a, ci_type{"box", 0, "", "a box", {}, {}});
  CHECK(s.configuration().find_type(a, "box").has_value());
}

TEST_CASE_METHOD(cmdb, "R-9.1-trace: the audit chain of a busy CMDB verifies", "[process][configuration]") {
  for (int i = 0; i < 20; ++i) {
    auto s = server("node" + std::to_string(i));
    s.version = "v2";
    conf.update(cm, s);
  }
  const auto r = system.verify_audit();
  CHECK(r.ok);
  CHECK(r.entries == 5 + 3 + 40);  // 5 seeded policies, the fixture's 3 writes, 40 here
  const auto cp = system.checkpoint();
  CHECK(cp.seq == r.entries);
  CHECK(system.verify_audit(cp).ok);
}
