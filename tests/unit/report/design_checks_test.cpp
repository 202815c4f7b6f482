// The conformance checks of clause 5 and of competence: each conforms after a new service went
// through design and transition, and reports a nonconformity when its part is missing — a real
// emergency RFC that bypassed design and transition, or a snapshot edited the way a write around
// the library would leave the store.
#include <catch2/catch.hpp>

#include <algorithm>

#include "itsm/report/conformance.hpp"
#include "unit/process/design_scenarios.hpp"

using namespace itsm;
using report::verdict;

namespace {

struct checked : test::design_world {
  const period march{parse_iso("2026-03-01T00:00:00Z"), parse_iso("2026-04-01T00:00:00Z")};
  store_snapshot snap() { return system.reports().snapshot(viewer, march.end); }
  report::check_result result(const store_snapshot& s, const std::string& id) {
    for (const auto& r : report::check_conformance(s, march).results)
      if (r.requirement == id) return r;
    FAIL("no result for " + id);
    return {};
  }
  report::check_result now(const std::string& id) { return result(snap(), id); }
};

bool names(const report::check_result& r, const std::string& id) {
  return std::find(r.records.begin(), r.records.end(), id) != r.records.end();
}

}  // namespace

TEST_CASE_METHOD(checked, "R-5-scope: an emergency RFC cannot introduce a service; one without its record fails",
                 "[report][design]") {
  CHECK(now("R-5-scope").outcome == verdict::no_evidence);
  test::new_service_transition(*this);
  auto r = now("R-5-scope");
  CHECK(r.outcome == verdict::conforms);
  CHECK(names(r, design.all(viewer).front().id.key()));

  // The bypass is closed where it would start: the emergency RFC is refused.
  model::rfc e;
  e.title = "emergency: open the backup payments route";
  e.reason = "gateway down";
  e.classification = model::rfc_class::emergency;
  e.emergency_justification = "restore payments now";
  e.scope_services = {payments.id};
  e.service_action = "new";
  e.backout_plan = "close the route";
  const auto before = snap().rfcs.size();
  CHECK(test::error_of([&] { changes.submit(rita, e); }).violates("R-5-scope"));
  CHECK(snap().rfcs.size() == before);  // nothing written

  // A store holding one anyway (written around the library, or by an older version) is reported.
  auto s = snap();
  auto bypass = s.rfcs.front();
  bypass.id = rfc_id::parse("RFC-900");
  bypass.classification = model::rfc_class::emergency;
  bypass.design_plan.clear();
  s.rfcs.push_back(bypass);
  r = result(s, "R-5-scope");
  CHECK(r.outcome == verdict::nonconformity);
  CHECK(r.records == std::vector<std::string>{"RFC-900"});
}

TEST_CASE_METHOD(checked, "R-5.2-plan R-5.3-design R-5.4-transition: conform after the transition, fail on a gap",
                 "[report][design]") {
  for (const char* id : {"R-5.2-plan", "R-5.3-design", "R-5.4-transition"}) CHECK(now(id).outcome == verdict::no_evidence);
  test::new_service_transition(*this);
  const auto key = design.all(viewer).front().id.key();
  const auto s = snap();
  for (const char* id : {"R-5.2-plan", "R-5.3-design", "R-5.4-transition"}) {
    INFO(id);
    const auto r = result(s, id);
    CHECK(r.outcome == verdict::conforms);
    CHECK(names(r, key));
    CHECK_FALSE(r.audit_seqs.empty());
  }
  auto no_testing = s;
  no_testing.service_transitions.front().testing.clear();
  CHECK(result(no_testing, "R-5.2-plan").records == std::vector<std::string>{key});
  auto no_procedures = s;
  no_procedures.service_transitions.front().procedures.clear();
  CHECK(result(no_procedures, "R-5.3-design").outcome == verdict::nonconformity);
  auto not_live = s;
  for (auto& svc : not_live.services)
    if (svc.id == payments.id) svc.status = model::service_status::pipeline;
  CHECK(result(not_live, "R-5.4-transition").records == std::vector<std::string>{key});
  auto no_outcome = s;
  no_outcome.service_transitions.front().outcome_report.clear();
  CHECK(result(no_outcome, "R-5.4-transition").outcome == verdict::nonconformity);
}

TEST_CASE_METHOD(checked, "R-4.4-competence: implementers hold the required competence", "[report][competence]") {
  CHECK(now("R-4.4-competence").outcome == verdict::no_evidence);
  test::new_service_transition(*this);
  const auto rfc = design.all(viewer).front().rfc.key();
  const auto s = snap();
  auto r = result(s, "R-4.4-competence");
  CHECK(r.outcome == verdict::conforms);
  CHECK(names(r, rfc));
  auto lapsed = s;  // as if ivan's competence had expired before he started
  lapsed.competences.front().expires_at = parse_iso("2026-03-01T00:00:00Z");
  r = result(lapsed, "R-4.4-competence");
  CHECK(r.outcome == verdict::nonconformity);
  CHECK(r.records == std::vector<std::string>{rfc});
}
