// Clause 9 and 4.3 checks: the CMDB, change and release control, and the integrity of the
// records themselves (a write that bypassed the library is a nonconformity).
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "evidence.hpp"

namespace itsm::report::detail {

namespace {

using model::rfc_class;

check_result unique(const check_context& c) {
  std::map<std::pair<std::string, std::string>, std::vector<std::string>> by_identity;
  for (const auto& ci : c.s.cis)
    if (ci.status != model::ci_status::retired) by_identity[{ci.type, model::identity_key(ci.name)}].push_back(ci.id.key());
  std::vector<std::string> ok, bad;
  for (const auto& [key, ids] : by_identity) {
    auto& into = ids.size() == 1 ? ok : bad;
    into.insert(into.end(), ids.begin(), ids.end());
  }
  return c.judge(ok, bad, "CIs uniquely identified by type and name", "CIs sharing an identity with another live CI",
                 "the CMDB holds no CI");
}

check_result cmdb_audit(const check_context& c) {
  std::map<std::string, model::ci_status> status;
  for (const auto& ci : c.s.cis) status[ci.id.key()] = ci.status;
  std::vector<std::string> ok, bad;
  for (const auto& r : c.s.relationships) {
    if (r.status != model::relationship_status::active) continue;
    auto end_ok = [&](ci_id id) {
      auto it = status.find(id.key());
      return it != status.end() && it->second != model::ci_status::retired;
    };
    (end_ok(r.source) && end_ok(r.target) ? ok : bad).push_back(r.id.key());
  }
  return c.judge(ok, bad, "active relationships between existing live CIs (no dangling relationship)",
                 "active relationships to a missing or retired CI", "the CMDB holds no relationship");
}

check_result integrity(const check_context& c, const char* what) {
  check_result r;
  if (!c.verified) {
    r.outcome = verdict::no_evidence;
    r.summary = "the store was not verified (pass sms::verify() to check_conformance)";
    return r;
  }
  const auto& v = *c.verified;
  if (v.ok()) {
    r.outcome = verdict::conforms;
    r.summary = fmt::format("{}: {} audit entries chained, {} records equal their audit trail", what, v.trail.entries,
                            v.records.records);
    r.audit_seqs = {v.trail.entries};
    return r;
  }
  r.outcome = verdict::nonconformity;
  if (!v.trail.ok) r.summary = fmt::format("the audit trail breaks at entry {}: {}", v.trail.first_bad_seq, v.trail.problem);
  else r.summary = fmt::format("{} records differ from their audit trail (written outside the library)", v.records.findings.size());
  for (const auto& f : v.records.findings) r.records.push_back(f.id);
  if (!v.trail.ok) r.audit_seqs = {v.trail.first_bad_seq};
  return r;
}

check_result baseline(const check_context& c) {
  std::map<std::string, const model::baseline*> baselines;
  for (const auto& b : c.s.baselines) baselines[b.id.key()] = &b;
  std::vector<std::string> ok, bad;
  for (const auto& r : c.s.releases) {
    if (!c.in_period(r.deployed_at)) continue;
    auto it = baselines.find(r.baseline.key());
    const bool before = r.baseline.valid() && it != baselines.end() && it->second->taken_at <= r.deployed_at;
    (before ? ok : bad).push_back(r.id.key());
  }
  return c.judge(ok, bad, "releases deployed in the period after a baseline of the affected CIs",
                 "releases deployed without a baseline taken before deployment", "no release was deployed in the period");
}

std::map<std::string, std::vector<const model::approval*>> approvals_by_subject(const check_context& c) {
  std::map<std::string, std::vector<const model::approval*>> out;
  for (const auto& a : c.s.approvals) out[a.subject_id].push_back(&a);
  return out;
}

check_result approve(const check_context& c) {
  const auto votes = approvals_by_subject(c);
  std::vector<std::string> ok, bad;
  for (const auto& r : c.s.rfcs) {
    if (r.classification == rfc_class::standard || !c.in_period(r.implemented_at)) continue;
    auto it = votes.find(r.id.key());
    bool approved = false, own = false;
    if (it != votes.end())
      for (const auto* a : it->second) {
        approved = approved || a->decision == model::approval_decision::approve;
        own = own || (a->approver == r.requester && a->decision == model::approval_decision::approve);
      }
    (approved && !own ? ok : bad).push_back(r.id.key());
  }
  return c.judge(ok, bad, "changes implemented in the period with recorded approvals, none by their requester",
                 "changes implemented without a recorded approval, or approved by their requester",
                 "no change was implemented in the period");
}

check_result backout(const check_context& c) {
  std::set<std::string> investigated;
  for (const auto& i : c.s.investigations) investigated.insert(i.subject_id);
  std::vector<std::string> ok, bad;
  for (const auto& r : c.s.rfcs) {
    if (r.outcome != "failed" || !c.in_period(r.implemented_at)) continue;
    // Still failed (not backed out yet) is in progress; backed out or later needs both records.
    if (r.state == model::rfc_state::failed) continue;
    (!r.backout_result.empty() && investigated.count(r.id.key()) ? ok : bad).push_back(r.id.key());
  }
  return c.judge(ok, bad, "failed changes reversed and investigated", "failed changes without a recorded back-out or investigation",
                 "no change failed in the period");
}

check_result change_review(const check_context& c) {
  std::vector<std::string> ok, bad;
  for (const auto& r : c.s.rfcs) {
    if (r.state != model::rfc_state::closed || !c.in_period(r.closed_at) || r.outcome.empty()) continue;
    (!r.review.empty() ? ok : bad).push_back(r.id.key());
  }
  return c.judge(ok, bad, "implemented changes closed in the period after a post-implementation review",
                 "changes closed without a post-implementation review", "no implemented change was closed in the period");
}

check_result record(const check_context& c) {
  std::vector<std::string> ok, bad;
  for (const auto& r : c.s.rfcs) {
    if (!c.in_period(r.submitted_at)) continue;
    (!r.scope_cis.empty() || !r.scope_services.empty() ? ok : bad).push_back(r.id.key());
  }
  return c.judge(ok, bad, "RFCs submitted in the period with a defined scope", "RFCs without a scope (CIs or services)",
                 "no RFC was submitted in the period");
}

check_result emergency(const check_context& c) {
  std::vector<std::string> ok, bad;
  for (const auto& r : c.s.rfcs) {
    if (r.classification != rfc_class::emergency || !c.in_period(r.implemented_at)) continue;
    const bool reviewed = r.state != model::rfc_state::closed || !r.retrospective_review.empty();
    (!r.emergency_justification.empty() && reviewed ? ok : bad).push_back(r.id.key());
  }
  return c.judge(ok, bad, "emergency changes justified and retrospectively reviewed",
                 "emergency changes without a justification or a retrospective review",
                 "no emergency change was implemented in the period");
}

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

}  // namespace

std::vector<check_def> control_checks() {
  return {{"R-4.3-records", [](const check_context& c) { return integrity(c, "records protected"); }},
          {"R-9.1-unique", unique},
          {"R-9.1-audit", cmdb_audit},
          {"R-9.1-trace", [](const check_context& c) { return integrity(c, "changes traceable"); }},
          {"R-9.1-baseline", baseline},
          {"R-9.2-record", record},
          {"R-9.2-emergency", emergency},
          {"R-9.2-approve", approve},
          {"R-9.2-backout", backout},
          {"R-9.2-review", change_review},
          {"R-9.3-test", tested},
          {"R-9.3-accept", accept},
          {"R-9.3-integrity", baseline},
          {"R-9.3-rollback", rollback}};
}

}  // namespace itsm::report::detail
