// The management system's scenarios on a real SQLite file, reopened afterwards: what was
// written is what a new process reads, and the records verify against the audit trail.
#include "itsm/storage/sqlite.hpp"
#include "support.hpp"
#include "unit/process/management_scenarios.hpp"

using namespace itsm;

namespace {
template <class Scenario>
void on_file(const std::string& name, Scenario run) {
  const auto path = sqlite_test::fresh_path(name);
  {
    test::management_world w(storage::make_sqlite_backend(path));
    run(w);
  }
  sms reopened(storage::make_sqlite_backend(path), {});
  CHECK(reopened.verify().ok());
}
}  // namespace

TEST_CASE("R-4.5-scope-plan on SQLite: plan versions", "[management][sqlite]") {
  on_file("mgmt-plan", test::plan_is_versioned);
}

TEST_CASE("R-4.3-documents R-9.1-library on SQLite: controlled documents", "[management][sqlite]") {
  on_file("mgmt-docs", test::documents_are_controlled);
}

TEST_CASE("R-4.5-audit on SQLite: audits and nonconformities", "[management][sqlite]") {
  on_file("mgmt-audit", test::audits_find_and_follow_up);
}

TEST_CASE("R-4.5-improve R-4.5-review on SQLite: register and reviews", "[management][sqlite]") {
  on_file("mgmt-improve", test::improvements_are_registered);
  on_file("mgmt-review", test::reviews_use_prefilled_inputs);
}
