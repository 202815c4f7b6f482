// Design & transition and competence on a durable store (store.hpp: a SQLite file, or a
// PostgreSQL schema), reopened afterwards: the records read back and verify against the trail.
#include "unit/process/design_scenarios.hpp"
#include "unit/stored/store.hpp"

using namespace itsm;

TEST_CASE("R-5-scope R-5.2-plan R-5.3-design R-5.4-transition R-4.4-competence on a durable store",
          "[stored][design]") {
  const auto where = stored_test::fresh("design");
  {
    test::design_world w(stored_test::open(where));
    test::new_service_transition(w);
  }
  sms reopened(stored_test::open(where), {});
  const actor viewer{"vic", {std::string(roles::viewer)}};
  const auto all = reopened.design().all(viewer);
  REQUIRE(all.size() == 1);
  CHECK(all[0].outcomes_met);
  CHECK(reopened.competence().people(viewer) == std::vector<std::string>{"ivan"});
  CHECK(reopened.verify().ok());
}

TEST_CASE("R-5.2-plan on a durable store: removal plans", "[stored][design]") {
  const auto where = stored_test::fresh("design-removal");
  test::design_world w(stored_test::open(where));
  test::removal_plans_archive_and_disposal(w);
}
