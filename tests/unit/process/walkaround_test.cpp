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
