// The conformance checks of clause 6.3: availability agreed for every live service once the
// process is used (R-6.3-req), unplanned outages investigated (R-6.3-monitor).
#include <catch2/catch.hpp>

#include "itsm/report/conformance.hpp"
#include "unit/process/assurance_fixture.hpp"

using namespace itsm;
using report::verdict;

namespace {

struct checked : test::process_fixture {
  const period march{parse_iso("2026-03-01T00:00:00Z"), parse_iso("2026-04-01T00:00:00Z")};
  report::check_result result(const std::string& id) {
    const auto s = system.reports().snapshot(reader, march.end);
    for (const auto& r : report::check_conformance(s, march, system.verify()).results)
      if (r.requirement == id) return r;
    FAIL("no result for " + id);
    return {};
  }
};

bool names(const report::check_result& r, const std::string& id) {
  return std::find(r.records.begin(), r.records.end(), id) != r.records.end();
}

}  // namespace

TEST_CASE_METHOD(checked, "R-6.3-req: conforms when every live service has its availability agreed", "[report][assurance]") {
  CHECK(result("R-6.3-req").outcome == verdict::no_evidence);  // the process is not used yet
  test::assurance_estate estate(system);
  auto r = result("R-6.3-req");
  CHECK(r.outcome == verdict::conforms);
  CHECK(names(r, estate.req.id.key()));

  model::service pay;
  pay.name = "payments";
  pay.owner = "sam";
  pay.status = model::service_status::live;
  pay = system.service_level().add_service(estate.slm, pay);
  r = result("R-6.3-req");
  CHECK(r.outcome == verdict::nonconformity);  // a live service without agreed availability
  CHECK(r.records == std::vector<std::string>{pay.id.key()});
}

TEST_CASE_METHOD(checked, "R-6.3-monitor: an uninvestigated unplanned outage is a nonconformity", "[report][assurance]") {
  test::assurance_estate estate(system);
  CHECK(result("R-6.3-monitor").outcome == verdict::no_evidence);
  auto& as = system.assurance();
  auto planned = estate.down(estate.h1.id, "2026-03-02T01:00:00Z", "2026-03-02T02:00:00Z");
  planned.planned = true;
  as.record_outage(estate.slm, planned);
  CHECK(result("R-6.3-monitor").outcome == verdict::no_evidence);  // planned work needs no investigation
  const auto o = as.record_outage(estate.slm, estate.down(estate.app.id, "2026-03-02T03:00:00Z", "2026-03-02T04:00:00Z"));
  auto r = result("R-6.3-monitor");
  CHECK(r.outcome == verdict::nonconformity);
  CHECK(r.records == std::vector<std::string>{o.id.key()});
  as.investigate(estate.slm, o.id, "deploy script restarted every node at once");
  r = result("R-6.3-monitor");
  CHECK(r.outcome == verdict::conforms);
  CHECK(names(r, o.id.key()));
  CHECK_FALSE(r.audit_seqs.empty());
}

namespace {
model::continuity_plan plan_for(ci_id ci, std::int64_t interval_days) {
  model::continuity_plan p;
  p.name = "shop recovery";
  p.owner = "sam";
  p.content = "restore the application from backup";
  p.contacts = {"Sam, service owner, +49 30 1234567"};
  p.covered_cis = {ci};
  p.test_interval_days = interval_days;
  return p;
}
}  // namespace

TEST_CASE_METHOD(checked, "R-6.3-plans: plans must cover live services and CIs", "[report][assurance]") {
  test::assurance_estate estate(system);
  CHECK(result("R-6.3-plans").outcome == verdict::no_evidence);
  const auto p = system.continuity().add_plan(estate.slm, plan_for(estate.h3.id, 180));
  auto r = result("R-6.3-plans");
  CHECK(r.outcome == verdict::conforms);
  CHECK(names(r, p.id.key()));
  system.configuration().retire(estate.cmgr, estate.h3.id);
  r = result("R-6.3-plans");
  CHECK(r.outcome == verdict::nonconformity);  // the plan was not maintained when web-3 went
  CHECK(r.records == std::vector<std::string>{p.id.key()});
}

TEST_CASE_METHOD(checked, "R-6.3-test: a plan overdue for a test of its current version is a nonconformity",
                 "[report][assurance]") {
  test::assurance_estate estate(system);
  auto& cont = system.continuity();
  cont.add_plan(estate.slm, plan_for(estate.app.id, 180));  // due in September: not yet
  CHECK(result("R-6.3-test").outcome == verdict::no_evidence);
  const auto p = cont.add_plan(estate.slm, plan_for(estate.h1.id, 10));  // due 12 March
  auto r = result("R-6.3-test");
  CHECK(r.outcome == verdict::nonconformity);
  CHECK(r.records == std::vector<std::string>{p.id.key()});
  clk->set(parse_iso("2026-03-25T09:00:00Z"));
  cont.record_test(estate.slm, p.id, model::test_result::passed, "restored in 40 minutes");  // next due 4 April
  r = result("R-6.3-test");
  CHECK(r.outcome == verdict::conforms);
  CHECK(names(r, p.id.key()));
}
