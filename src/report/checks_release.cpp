// Clause 9.3 checks: release planning, acceptance, emergency releases and rollback.
#include <algorithm>
#include <map>
#include <set>

#include "evidence.hpp"

namespace itsm::report::detail {

namespace {

check_result accept(const check_context& c) {
  std::map<std::string, std::set<std::string>> passed;  // release -> criteria passed
  for (const auto& t : c.s.acceptance_tests)
    if (t.passed) passed[t.release.key()].insert(t.criterion);
  std::vector<std::string> ok, bad;
  for (const auto& r : c.s.releases) {
    if (!c.in_period(r.deployed_at)) continue;
    const auto& got = passed[r.id.key()];
    const bool all = std::all_of(r.acceptance_criteria.begin(), r.acceptance_criteria.end(),
                                 [&](const auto& k) { return got.count(k) > 0; });
    (all || !r.override_by.empty() ? ok : bad).push_back(r.id.key());
  }
  return c.judge(ok, bad, "releases deployed after every acceptance criterion passed (or a recorded override)",
                 "releases deployed with acceptance criteria not passed and no recorded override",
                 "no release was deployed in the period");
}

check_result tested(const check_context& c) {
  std::set<std::string> with_tests;
  for (const auto& t : c.s.acceptance_tests) with_tests.insert(t.release.key());
  std::vector<std::string> ok, bad;
  for (const auto& r : c.s.releases) {
    if (!c.in_period(r.deployed_at)) continue;
    (with_tests.count(r.id.key()) || !r.override_by.empty() ? ok : bad).push_back(r.id.key());
  }
  return c.judge(ok, bad, "releases deployed with acceptance test results recorded",
                 "releases deployed without any acceptance test result", "no release was deployed in the period");
}

check_result rollback(const check_context& c) {
  std::set<std::string> investigated;
  for (const auto& i : c.s.investigations) investigated.insert(i.subject_id);
  std::vector<std::string> ok, bad;
  for (const auto& r : c.s.releases) {
    if (r.state != model::release_state::rolled_back || !c.written.count(r.id.key())) continue;
    (!r.rollback_plan.empty() && investigated.count(r.id.key()) ? ok : bad).push_back(r.id.key());
  }
  return c.judge(ok, bad, "rolled-back releases with a rollback plan and an investigation",
                 "rolled-back releases without a rollback plan or an investigation", "no release was rolled back in the period");
}

check_result plan(const check_context& c) {
  std::vector<std::string> ok, bad;
  for (const auto& r : c.s.releases) {
    if (!c.in_period(r.deployed_at)) continue;
    const bool planned = !r.rfcs.empty() && !r.deliverables.empty() && !r.deployment_method.empty() && !r.planned_at.is_special();
    (planned ? ok : bad).push_back(r.id.key());
  }
  return c.judge(ok, bad, "releases deployed in the period planned with their RFCs, deliverables, method and date",
                 "releases deployed without RFCs, deliverables, deployment method or planned date",
                 "no release was deployed in the period");
}

check_result emergency(const check_context& c) {
  std::set<std::string> emergency_rfcs;
  for (const auto& r : c.s.rfcs)
    if (r.classification == model::rfc_class::emergency) emergency_rfcs.insert(r.id.key());
  std::vector<std::string> ok, bad;
  for (const auto& r : c.s.releases) {
    if (!r.emergency || !c.written.count(r.id.key())) continue;
    const bool tied = std::any_of(r.rfcs.begin(), r.rfcs.end(), [&](auto id) { return emergency_rfcs.count(id.key()) > 0; });
    (tied ? ok : bad).push_back(r.id.key());
  }
  return c.judge(ok, bad, "emergency releases tied to an emergency change", "emergency releases without an emergency RFC",
                 "no emergency release in the period");
}

}  // namespace

std::vector<check_def> release_checks() {
  return {{"R-9.3-plan", plan},     {"R-9.3-emergency", emergency}, {"R-9.3-test", tested},
          {"R-9.3-accept", accept}, {"R-9.3-rollback", rollback}};
}

}  // namespace itsm::report::detail
