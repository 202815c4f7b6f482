// The R-4.3-records conformance check over retention: records past retention and not disposed
// of, disposals before due or under a legal hold are nonconformities; disposals when due conform.
#include <algorithm>

#include "itsm/report/conformance.hpp"
#include "unit/process/records_scenarios.hpp"

using namespace itsm;
using report::verdict;

namespace {

struct checked : test::records_world {
  const period p{parse_iso("2026-01-01T00:00:00Z"), parse_iso("2029-01-01T00:00:00Z")};
  report::check_result result(const store_snapshot& s) {
    const auto st = report::check_conformance(s, p, system.verify());
    return *std::find_if(st.results.begin(), st.results.end(),
                         [](const report::check_result& r) { return r.requirement == "R-4.3-records"; });
  }
  report::check_result now() { return result(system.reports().snapshot(quinn, clk->now())); }
};

}  // namespace

TEST_CASE_METHOD(checked, "R-4.3-records: a record past retention is disposed of unless held", "[report][records]") {
  const auto t = training("alice");
  rec.define_rule(quinn, two_years());
  CHECK(now().outcome == verdict::conforms);  // verified, nothing due yet
  clk->set(parse_iso("2028-01-02T09:00:00Z"));
  auto r = now();
  CHECK(r.outcome == verdict::nonconformity);  // past retention, not disposed of
  CHECK(r.records == std::vector<std::string>{t.id.key()});
  model::legal_hold h;
  h.kind = "training_record";
  h.object_id = t.id.key();
  h.reason = "labour court case 12/2027";
  h = rec.place_hold(quinn, h);
  CHECK(now().outcome == verdict::conforms);  // held: keeping it is right
  rec.release_hold(quinn, h.id);
  CHECK(now().outcome == verdict::nonconformity);
  rec.dispose(quinn, "training_record", t.id.key());
  r = now();
  CHECK(r.outcome == verdict::conforms);
  CHECK(r.summary.find("1 disposed of when due") != std::string::npos);
}

TEST_CASE_METHOD(checked, "R-4.3-records: a disposal before due or under a hold is a nonconformity", "[report][records]") {
  auto snap = system.reports().snapshot(quinn, clk->now());
  model::disposal d;
  d.id = disposal_id::parse("DSL-1");
  d.kind = "training_record";
  d.object_id = "TRN-1";
  d.retained_from = parse_iso("2026-01-01T00:00:00Z");
  d.due_at = parse_iso("2028-01-01T00:00:00Z");
  d.disposed_at = parse_iso("2026-01-03T00:00:00Z");  // before due
  snap.disposals.push_back(d);
  auto r = result(snap);
  CHECK(r.outcome == verdict::nonconformity);
  CHECK(r.records == std::vector<std::string>{"DSL-1"});
  snap.disposals[0].due_at = parse_iso("2026-01-02T00:00:00Z");  // due, but held at the time
  model::legal_hold h;
  h.kind = "training_record";
  h.object_id = "TRN-1";
  h.placed_at = parse_iso("2026-01-02T12:00:00Z");
  snap.legal_holds.push_back(h);
  CHECK(result(snap).outcome == verdict::nonconformity);
  snap.legal_holds[0].released = true;
  snap.legal_holds[0].released_at = parse_iso("2026-01-02T18:00:00Z");
  CHECK(result(snap).outcome == verdict::conforms);
}
