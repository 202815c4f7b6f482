// Records retention and disposal on a durable store (store.hpp: a SQLite file, or a PostgreSQL
// schema), reopened afterwards: the disposal holds and the redacted trail verifies (R-4.3-records).
#include "unit/process/records_scenarios.hpp"
#include "unit/stored/store.hpp"

using namespace itsm;

TEST_CASE("R-4.3-records on a durable store: rules, holds and a disposal that keeps the trail verifiable",
          "[records][stored]") {
  const auto where = stored_test::fresh("records-retention");
  {
    test::records_world w(stored_test::open(where));
    test::retention_rules_are_stored(w);
  }
  const auto other = stored_test::fresh("records-disposal");
  {
    test::records_world w(stored_test::open(other));
    test::disposal_follows_retention(w);
  }
  sms reopened(stored_test::open(other), {});
  CHECK(reopened.verify().ok());
  CHECK(reopened.records().disposals(actor{"vic", {std::string(roles::viewer)}}, parse_iso("2028-01-01T00:00:00Z"),
                                     parse_iso("2029-01-01T00:00:00Z")).size() == 1);
}
