// The conformance check of R-9.3-inform: releases of the period carry what change and incident
// management are told (planned date, RFCs, failure reason), and the queries hand it on.
#include <catch2/catch.hpp>

#include "report_fixture.hpp"

using namespace itsm;
using report::verdict;

namespace {

report::check_result inform(const store_snapshot& s, const period& p) {
  for (const auto& r : report::check_conformance(s, p).results)
    if (r.requirement == "R-9.3-inform") return r;
  FAIL("no result for R-9.3-inform");
  return {};
}

}  // namespace

TEST_CASE_METHOD(test::report_world, "R-9.3-inform: conforms when the period's releases carry their information",
                 "[report][release]") {
  const auto r = inform(snap(), march);
  CHECK(r.outcome == verdict::conforms);
  CHECK(r.records == std::vector<std::string>{release.key()});
  // What incident management sees: the release among the recently failed ones once it fails.
  CHECK(system.releases().recently_failed(reader, march.start).empty());
  CHECK(inform(snap(), {parse_iso("2026-01-01T00:00:00Z"), parse_iso("2026-02-01T00:00:00Z")}).outcome ==
        verdict::no_evidence);
}

TEST_CASE_METHOD(test::report_world, "R-9.3-inform: a failed release without its reason is a nonconformity",
                 "[report][release]") {
  // The library refuses a failure without a reason, so the snapshot the pure check reads is edited.
  auto s = snap();
  REQUIRE(s.releases.size() == 1);
  s.releases[0].state = model::release_state::failed;
  s.releases[0].failure_reason.clear();
  const auto r = inform(s, march);
  CHECK(r.outcome == verdict::nonconformity);
  CHECK(r.records == std::vector<std::string>{release.key()});
}
