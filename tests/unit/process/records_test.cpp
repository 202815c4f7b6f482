// Records retention and disposal on the memory adapter (R-4.3-records); the same scenarios run on
// a SQLite file in tests/unit/stored/records_test.cpp.
#include "itsm/audit/records.hpp"
#include "itsm/audit/trail.hpp"
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

TEST_CASE("R-4.3-records: an entry redacted outside a disposal is reported, though the chain still verifies",
          "[records]") {
  test::records_world w;
  const auto live = w.training("bob");  // never disposed
  const auto entries = w.history("training_record", live.id.key());
  REQUIRE_FALSE(entries.empty());
  {  // someone with write access to the store strips the record's personal data from the trail
    auto tx = w.store->begin(storage::tx_mode::read_write);
    REQUIRE(audit::redact(*tx, entries.front()));
    tx->commit();
  }
  const auto v = w.system.verify();
  CHECK(v.trail.ok);  // a redaction keeps the chain: the records check is what catches it
  CHECK_FALSE(v.ok());
  REQUIRE(v.records.findings.size() == 1);
  CHECK(v.records.findings[0].id == live.id.key());
  CHECK(v.records.findings[0].problem == audit::record_problem::redacted_not_disposed);
}
