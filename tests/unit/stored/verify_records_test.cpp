// Records verified against the audit trail on a durable store (store.hpp; R-9.1-trace,
// R-4.3-records): a workload through the sms API verifies, every record against its audit entry.
#include <catch2/catch.hpp>

#include <memory>

#include "itsm/core/clock.hpp"
#include "itsm/process/sms.hpp"
#include "unit/stored/store.hpp"
#include "unit/stored/workload.hpp"

using namespace itsm;

TEST_CASE("R-9.1-trace R-4.3-records: a durable store written through the sms verifies", "[stored][verify]") {
  const auto path = stored_test::fresh("verify-clean");
  sms system(stored_test::open(path), sms_options{std::make_shared<manual_clock>(parse_iso("2026-03-02T08:00:00Z")), nullptr, nullptr, {}});
  stored_test::workload(system);
  const auto r = system.verify_records();
  CHECK(r.ok);
  CHECK(r.findings.empty());
  CHECK(r.verified > 10);
  CHECK(r.unhashed == 0);
  CHECK(r.sequences >= 2);  // CIs, incidents (ticket events…)
  CHECK(r.records == r.verified + r.sequences);
  CHECK(system.verify().ok());
}

