// The management system on the in-memory store (the same scenarios run on SQLite in
// tests/unit/stored/management_test.cpp, on SQLite and PostgreSQL).
#include "unit/process/management_scenarios.hpp"

using namespace itsm;

TEST_CASE("R-4.5-scope-plan: the SMS plan is versioned and approved by someone other than its author", "[management]") {
  test::management_world w;
  test::plan_is_versioned(w);
}

TEST_CASE("R-4.3-documents R-9.1-library: controlled documents and media", "[management]") {
  test::management_world w;
  test::documents_are_controlled(w);
}

TEST_CASE("R-4.5-audit: independent internal audits, nonconformities and corrective actions", "[management]") {
  test::management_world w;
  test::audits_find_and_follow_up(w);
}

TEST_CASE("R-4.5-improve: the improvement register", "[management]") {
  test::management_world w;
  test::improvements_are_registered(w);
}

TEST_CASE("R-4.5-review: management reviews from pre-filled inputs", "[management]") {
  test::management_world w;
  test::reviews_use_prefilled_inputs(w);
}

TEST_CASE("R-9.1-access: management records are read with an actor", "[management]") {
  test::management_world w;
  const actor stranger{"eve", {}};
  CHECK(test::code_of([&] { w.m.improvements(stranger); }) == errc::permission_denied);
  CHECK(test::code_of([&] { w.m.plan_versions(stranger); }) == errc::permission_denied);
  CHECK(test::code_of([&] { w.m.prepare_review(stranger, w.clk->now()); }) == errc::permission_denied);
  CHECK(w.last_audit().outcome == "denied");
}
