// The conformance checks of capacity management: metrics measured at their interval and
// breaches raised as incidents by policy (R-6.5-monitor); metrics planned from by a capacity plan
// reviewed within its interval (R-6.5-plan).
#include <catch2/catch.hpp>

#include "itsm/report/conformance.hpp"
#include "unit/process/capacity_fixture.hpp"

using namespace itsm;
using report::verdict;

namespace {

struct checked : test::capacity_world {
  const period march{parse_iso("2026-03-01T00:00:00Z"), parse_iso("2026-04-01T00:00:00Z")};
  report::check_result result(const std::string& id, const period& p) {
    const auto s = system.reports().snapshot(reader, p.end);
    for (const auto& r : report::check_conformance(s, p, system.verify()).results)
      if (r.requirement == id) return r;
    FAIL("no result for " + id);
    return {};
  }
  model::capacity_plan plan() {
    model::capacity_plan p;
    p.name = "webshop capacity";
    p.owner = "cam";
    p.services = {webshop.id};
    p.metrics = {disk.id};
    p.demand = "growing 4 points a day";
    p.actions = "add disk";
    p.review_interval_days = 30;
    return p;
  }
};

bool names(const report::check_result& r, const std::string& id) {
  return std::find(r.records.begin(), r.records.end(), id) != r.records.end();
}

}  // namespace

TEST_CASE_METHOD(checked, "R-6.5-monitor: metrics measured at their interval, breaches raised", "[report][capacity]") {
  auto r = result("R-6.5-monitor", march);
  CHECK(r.outcome == verdict::nonconformity);  // a metric never measured
  CHECK(names(r, disk.id.key()));
  daily(disk.id, "2026-03-02T08:00:00Z", {70, 80, 95});  // the third breaches and raises an incident
  r = result("R-6.5-monitor", march);
  CHECK(r.outcome == verdict::conforms);
  CHECK(names(r, disk.id.key()));
  clk->set(parse_iso("2026-03-08T08:00:00Z"));  // a 4-day gap in a daily series
  cap.record_measurement(cam, disk.id, clk->now(), 60);
  r = result("R-6.5-monitor", march);
  CHECK(r.outcome == verdict::nonconformity);
  CHECK(r.records == std::vector<std::string>{disk.id.key()});
}

TEST_CASE_METHOD(checked, "R-6.5-plan: metrics planned from by a plan reviewed within its interval", "[report][capacity]") {
  CHECK(result("R-6.5-plan", march).outcome == verdict::nonconformity);  // a metric without a plan
  const auto p = cap.add_plan(cam, plan());
  auto r = result("R-6.5-plan", march);
  CHECK(r.outcome == verdict::conforms);
  CHECK(names(r, p.id.key()));
  const period may{parse_iso("2026-05-01T00:00:00Z"), parse_iso("2026-06-01T00:00:00Z")};
  r = result("R-6.5-plan", may);  // reviewed 2026-03-02, 30-day interval
  CHECK(r.outcome == verdict::nonconformity);
  CHECK(names(r, p.id.key()));
  CHECK(names(r, disk.id.key()));
}
