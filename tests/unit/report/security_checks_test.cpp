// The conformance checks of information security and of RFC assessment across processes: the
// approved policy reviewed and risks assessed at their intervals (R-6.6-policy), controls
// reviewed and external access under controls in force (R-6.6-controls), RFCs that touch
// controls (R-6.6-rfc) or plans (R-6.3-rfc) assessed for them, complete assessments (R-9.2-assess).
#include <catch2/catch.hpp>

#include "itsm/report/conformance.hpp"
#include "unit/process/security_fixture.hpp"

using namespace itsm;
using report::verdict;

namespace {

struct checked : test::security_world {
  // The fixture starts on 2026-03-02; the checked period is the second quarter.
  const period q2{parse_iso("2026-04-01T00:00:00Z"), parse_iso("2026-07-01T00:00:00Z")};
  report::check_result result(const std::string& id, const period& p) {
    const auto s = system.reports().snapshot(reader, p.end);
    for (const auto& r : report::check_conformance(s, p, system.verify()).results)
      if (r.requirement == id) return r;
    FAIL("no result for " + id);
    return {};
  }
  report::check_result result(const std::string& id) { return result(id, q2); }
};

bool names(const report::check_result& r, const std::string& id) {
  return std::find(r.records.begin(), r.records.end(), id) != r.records.end();
}

}  // namespace

TEST_CASE_METHOD(checked, "R-6.6-policy: conforms with an approved, reviewed policy and assessed risks", "[report][security]") {
  auto r = result("R-6.6-policy");
  CHECK(r.outcome == verdict::nonconformity);  // a risk register but no approved policy
  const auto p = sec.propose_policy(sid, policy());
  CHECK(result("R-6.6-policy").records == std::vector<std::string>{p.id.key()});  // only a draft
  sec.approve_policy(tess, p.id);
  clk->set(parse_iso("2026-06-01T00:00:00Z"));
  auto again = theft;
  sec.assess_risk(sid, again);  // within its 180 days
  r = result("R-6.6-policy");
  CHECK(r.outcome == verdict::conforms);
  CHECK(names(r, p.id.key()));
  CHECK(names(r, theft.id.key()));
  CHECK_FALSE(r.audit_seqs.empty());

  // A year later: the policy is overdue for its review, the risk for its assessment.
  const period next_q2{parse_iso("2027-04-01T00:00:00Z"), parse_iso("2027-07-01T00:00:00Z")};
  r = result("R-6.6-policy", next_q2);
  CHECK(r.outcome == verdict::nonconformity);
  CHECK(names(r, p.id.key()));
  CHECK(names(r, theft.id.key()));
}

TEST_CASE_METHOD(checked, "R-6.6-controls: controls reviewed at their interval, external access under a control",
                 "[report][security]") {
  CHECK(result("R-6.6-controls").outcome == verdict::nonconformity);  // recorded 2026-03-02, 90 days, never reviewed
  clk->set(parse_iso("2026-05-15T00:00:00Z"));
  sec.review_control(sid, encryption.id, true, "all data volumes encrypted");
  const auto dbco = supplier("DBCo");
  const auto a = sec.grant_access(sid, access(dbco.id, {db01.id}, 30));
  auto r = result("R-6.6-controls");
  CHECK(r.outcome == verdict::conforms);
  CHECK(names(r, encryption.id.key()));
  CHECK(names(r, a.id.key()));
  sec.retire_control(sid, encryption.id);  // the access is left without a control in force
  r = result("R-6.6-controls");
  CHECK(r.outcome == verdict::nonconformity);
  CHECK(r.records == std::vector<std::string>{a.id.key()});
}

TEST_CASE_METHOD(checked, "R-6.6-rfc R-6.3-rfc R-9.2-assess: assessments answer for the controls and plans they touch",
                 "[report][security][change]") {
  clk->set(parse_iso("2026-04-02T08:00:00Z"));
  CHECK(result("R-9.2-assess").outcome == verdict::no_evidence);
  CHECK(result("R-6.6-rfc").outcome == verdict::no_evidence);
  auto a = answers();
  a.security_impact = "volume re-keyed";
  auto r = changes.assess(chris, changes.submit(rita, draft({db01.id})).id, a);
  auto res = result("R-6.6-rfc");
  CHECK(res.outcome == verdict::conforms);
  CHECK(names(res, r.id.key()));
  CHECK(result("R-9.2-assess").outcome == verdict::conforms);
  CHECK(result("R-6.3-rfc").outcome == verdict::no_evidence);  // no plan recorded

  // A store written around the library: the RFC's security answer erased by a raw put.
  auto tx = store->begin(storage::tx_mode::read_write);
  auto row = tx->get("rfc", r.id.key()).value();
  row.values[store->find_schema("rfc")->field_index("security_impact").value()] = value(std::string());
  tx->put("rfc", row);
  tx->commit();
  CHECK(result("R-6.6-rfc").outcome == verdict::nonconformity);
  CHECK(result("R-9.2-assess").outcome == verdict::nonconformity);
}
