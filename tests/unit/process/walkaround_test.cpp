// Rules that could be walked around (issue 20, findings 8, 10, 11): each now holds at the entry
// point a careless or hostile caller would use, refused with its R- id and nothing written.
#include <catch2/catch.hpp>

#include "change_fixture.hpp"

using namespace itsm;

TEST_CASE_METHOD(test::change_world, "R-9.2-schedule: accepting conflicts never schedules into a change freeze",
                 "[process][change]") {
  auto p = system.policies().changes(root);
  p.calendar.freezes = {{"year end", window(3, 0, 72)}};
  system.policies().set_changes(root, p);
  auto r = approved({db01.id});
  CHECK(refused([&] { changes.schedule(chris, r.id, window(4), true); }).violates("R-9.2-schedule"));
  CHECK(changes.schedule(chris, r.id, window(10), true).state == model::rfc_state::scheduled);
}

TEST_CASE_METHOD(test::change_world, "R-9.1-versions: a CI is retired through retire(), not by an update of its status",
                 "[process][configuration]") {
  auto app = *system.configuration().find(reader, shop.id);
  app.status = model::ci_status::retired;
  CHECK(refused([&] { system.configuration().update(carla, app); }).violates("R-9.1-versions"));
  CHECK(system.configuration().find(reader, shop.id)->status != model::ci_status::retired);
}

TEST_CASE_METHOD(test::change_world, "R-9.1-attrs: links go to real records only, never to internals or to the CI itself",
                 "[process][configuration]") {
  auto& conf = system.configuration();
  CHECK(refused([&] { conf.link_ci(carla, shop.id, "itsm_sequence", "configuration_item", "x"); }).violates("R-9.1-attrs"));
  CHECK(refused([&] { conf.link_ci(carla, shop.id, "policy", "changes", "x"); }).violates("R-9.1-attrs"));
  CHECK(refused([&] { conf.link_ci(carla, shop.id, "configuration_item", shop.id.key(), "x"); }).violates("R-9.1-attrs"));
  CHECK(conf.link_ci(carla, shop.id, "configuration_item", db01.id.key(), "replica of").id.valid());
}

TEST_CASE_METHOD(test::change_world, "R-8.2-procedure: an incident cannot name a problem that does not exist",
                 "[process][incident]") {
  const actor desk{"dave", {std::string(roles::service_desk)}};
  CHECK(refused([&] {
          system.incidents().record(desk, {.title = "t", .description = "d", .problem = problem_id(42)});
        }).violates("R-8.2-procedure"));
}

TEST_CASE_METHOD(test::change_world, "R-9.2-record: a CI of a controlled type is created only under an RFC in implementation",
                 "[process][configuration][change]") {
  model::configuration_item draft{.type = "server", .name = "db03", .status = model::ci_status::live};
  CHECK(refused([&] { system.configuration().create(carla, draft); }).violates("R-9.2-record"));
  const auto r = approved({db01.id});
  CHECK(refused([&] { system.configuration().create(carla, draft, {"new host", r.id.key()}); })
            .violates("R-9.2-record"));  // approved, not in implementation
  changes.schedule(chris, r.id, window(3));
  changes.mark_built(ivan, r.id);
  changes.mark_tested(ivan, r.id);
  start_in_window(r.id);
  const auto created = system.configuration().create(carla, draft, {"new host", r.id.key()});
  CHECK(created.id.valid());
  CHECK(last_audit().reference == r.id.key());
  // An uncontrolled type needs no RFC.
  CHECK(system.configuration().create(carla, {.type = "application", .name = "blog"}).id.valid());
}

TEST_CASE_METHOD(test::change_world, "R-9.2-record: relating or unrelating a controlled CI needs an RFC covering it",
                 "[process][configuration][change]") {
  auto& conf = system.configuration();
  CHECK(refused([&] { conf.relate(carla, shop.id, "runs_on", db02.id); }).violates("R-9.2-record"));
  const auto existing = conf.relationships(reader, db01.id).front();
  CHECK(refused([&] { conf.unrelate(carla, existing.id); }).violates("R-9.2-record"));
  const auto r = implementing({db02.id}, window(3));
  const write_options under{"move shop", r.id.key()};
  // The RFC covers db02, not db01: unrelating from db01 still needs an RFC that covers db01.
  CHECK(refused([&] { conf.unrelate(carla, existing.id, under); }).violates("R-9.2-record"));
  CHECK(conf.relate(carla, shop.id, "runs_on", db02.id, under).target == db02.id);
  CHECK(last_audit().reference == r.id.key());
}

TEST_CASE_METHOD(test::change_world, "R-9.2-record: re-parenting a type never takes its CIs out of change control",
                 "[process][configuration][change]") {
  auto& conf = system.configuration();
  conf.define_type(carla, {"blade", 0, "server", "A blade server", {}, {}});
  const auto r = implementing({db01.id}, window(3));
  conf.create(carla, {.type = "blade", .name = "bl01"}, {"new blade", r.id.key()});
  const auto e = refused([&] { conf.define_type(carla, {"blade", 0, "", "A blade server", {}, {}}); });
  CHECK(e.violates("R-9.2-record"));
  CHECK(conf.find_type(reader, "blade")->parent == "server");
  // Once the policy lists the type itself, its parent no longer decides: moving it is allowed.
  auto p = system.policies().changes(root);
  p.controlled_ci_types.push_back("blade");
  system.policies().set_changes(root, p);
  CHECK(conf.define_type(carla, {"blade", 0, "", "A blade server", {}, {}}).parent.empty());
}

TEST_CASE_METHOD(test::change_world, "R-9.1-types: a type is not redefined so that its existing CIs break",
                 "[process][configuration]") {
  auto& conf = system.configuration();
  // shop (an application) has no attributes: a new required one would leave it invalid.
  auto e = refused([&] {
    conf.define_type(carla, {"application", 0, "", "Deployed software", {{"language", value_type::text, true}},
                             {"runs_on", "depends_on"}});
  });
  CHECK(e.violates("R-9.1-types"));
  CHECK(std::string(e.what()).find(shop.id.key()) != std::string::npos);
  // An optional attribute is compatible; then changing its type breaks CIs that use it.
  conf.define_type(carla, {"application", 0, "", "Deployed software", {{"language", value_type::text, false}},
                           {"runs_on", "depends_on"}});
  auto app = *conf.find(reader, shop.id);
  app.attributes["language"] = value(std::string("C++"));
  conf.update(carla, app);
  CHECK(refused([&] {
          conf.define_type(carla, {"application", 0, "", "Deployed software",
                                   {{"language", value_type::integer, false}}, {"runs_on", "depends_on"}});
        }).violates("R-9.1-types"));
  // Removing an attribute a CI still carries breaks it too.
  CHECK(refused([&] {
          conf.define_type(carla, {"application", 0, "", "Deployed software", {}, {"runs_on", "depends_on"}});
        }).violates("R-9.1-types"));
  // A subtype's CIs are governed by the parent's definition as well.
  conf.define_type(carla, {"webapp", 0, "application", "A web application", {}, {}});
  conf.create(carla, {.type = "webapp", .name = "portal"});
  CHECK(refused([&] {
          conf.define_type(carla, {"application", 0, "", "Deployed software",
                                   {{"language", value_type::text, false}, {"owner", value_type::text, true}},
                                   {"runs_on", "depends_on"}});
        }).violates("R-9.1-types"));
}

TEST_CASE_METHOD(test::change_world, "R-9.2-schedule: implementation starts inside the scheduled window, not before or after",
                 "[process][change]") {
  auto r = approved({db01.id});
  changes.schedule(chris, r.id, window(10));
  changes.mark_built(ivan, r.id);
  changes.mark_tested(ivan, r.id);
  CHECK(refused([&] { changes.start_implementation(ivan, r.id); }).violates("R-9.2-schedule"));  // a week early
  clk->set(window(10).end);
  CHECK(refused([&] { changes.start_implementation(ivan, r.id); }).violates("R-9.2-schedule"));  // too late
  // Rescheduling is the way forward: a new window, then implementation inside it.
  auto late = approved({db02.id});
  changes.schedule(chris, late.id, window(12));
  changes.mark_built(ivan, late.id);
  changes.mark_tested(ivan, late.id);
  clk->set(window(12).start + minutes(30));
  CHECK(changes.start_implementation(ivan, late.id).state == model::rfc_state::implementing);
}

TEST_CASE_METHOD(test::change_world, "R-8.2-procedure: recording a problem never takes an incident from another problem",
                 "[process][problem]") {
  const actor desk{"dave", {std::string(roles::service_desk)}};
  const actor paula{"paula", {std::string(roles::problem_manager)}};
  const auto inc = system.incidents().record(desk, {.title = "checkout slow", .description = "p95 4 s"});
  const auto first = system.problems().record(paula, {.title = "slow checkout"}, {inc.id});
  CHECK(refused([&] { system.problems().record(paula, {.title = "db stalls"}, {inc.id}); })
            .violates("R-8.2-procedure"));
  CHECK(system.incidents().find(reader, inc.id)->problem == first.id);
  const auto other = system.incidents().record(desk, {.title = "cart lost", .description = "after login"});
  CHECK(refused([&] { system.problems().record(paula, {.title = "sessions"}, {other.id, other.id}); })
            .violates("R-8.2-procedure"));
}
