// The management system's scenarios on a durable store (store.hpp: a SQLite file, or a
// PostgreSQL schema), reopened afterwards: what was written is what a new process reads, and the
// records verify against the audit trail.
#include "unit/process/management_scenarios.hpp"
#include "unit/stored/store.hpp"

using namespace itsm;

namespace {
template <class Scenario>
void on_store(const std::string& name, Scenario run) {
  const auto where = stored_test::fresh(name);
  {
    test::management_world w(stored_test::open(where));
    run(w);
  }
  sms reopened(stored_test::open(where), {});
  CHECK(reopened.verify().ok());
}
}  // namespace

TEST_CASE("R-4.5-scope-plan on a durable store: plan versions", "[management][stored]") {
  on_store("mgmt-plan", test::plan_is_versioned);
}

TEST_CASE("R-4.3-documents R-9.1-library on a durable store: controlled documents", "[management][stored]") {
  on_store("mgmt-docs", test::documents_are_controlled);
}

TEST_CASE("R-4.5-audit on a durable store: audits and nonconformities", "[management][stored]") {
  on_store("mgmt-audit", test::audits_find_and_follow_up);
}

TEST_CASE("R-4.5-improve R-4.5-review on a durable store: register and reviews", "[management][stored]") {
  on_store("mgmt-improve", test::improvements_are_registered);
  on_store("mgmt-review", test::reviews_use_prefilled_inputs);
}
