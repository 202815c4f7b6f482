// Records retention and disposal on the memory adapter (R-4.3-records); the same scenarios run on
// a SQLite file in tests/unit/stored/records_test.cpp.
#include "records_scenarios.hpp"

using namespace itsm;

TEST_CASE("R-4.3-records: retention rules are stored records, one in force per kind", "[records]") {
  test::records_world w;
  test::retention_rules_are_stored(w);
}

TEST_CASE("R-4.3-records: disposal only when due and not held; personal data leaves the trail, which verifies",
          "[records]") {
  test::records_world w;
  test::disposal_follows_retention(w);
}
