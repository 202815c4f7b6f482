// Clause 9.1, 9.2 and 4.3 checks: the CMDB, change control, baselines, and the integrity of the
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

// What the trail says was done to each object: applied actions, in order, with their instants.
std::map<std::string, std::vector<const audit_note*>> actions_by_object(const check_context& c) {
  std::map<std::string, std::vector<const audit_note*>> out;
  for (const auto& e : c.s.audit)
    if (e.outcome == "applied" && e.kind == "rfc") out[e.object_id].push_back(&e);
  return out;
}

// Judges each RFC implemented in the period by the trail's applied entries on it.
template <class Pred>
check_result by_trail(const check_context& c, Pred holds, const std::string& conforming, const std::string& failing) {
  const auto done = actions_by_object(c);
  static const std::vector<const audit_note*> none;
  std::vector<std::string> ok, bad;
  for (const auto& r : c.s.rfcs) {
    if (r.outcome.empty() || !c.in_period(r.implemented_at)) continue;
    const auto it = done.find(r.id.key());
    (holds(r, it == done.end() ? none : it->second) ? ok : bad).push_back(r.id.key());
  }
  return c.judge(ok, bad, conforming, failing, "no change was implemented in the period");
}

bool did(const std::vector<const audit_note*>& entries, std::string_view action) {
  return std::any_of(entries.begin(), entries.end(), [&](const auto* e) { return e->action == action; });
}

check_result built(const check_context& c) {
  return by_trail(
      c, [](const model::rfc&, const auto& entries) { return did(entries, "build") && did(entries, "test"); },
      "changes implemented in the period after being built and tested",
      "changes implemented without a recorded build and test step");
}

check_result scheduled(const check_context& c) {
  return by_trail(
      c,
      [](const model::rfc& r, const auto& entries) {
        return std::any_of(entries.begin(), entries.end(), [&](const auto* e) {
          return e->action == "implement" && !r.window_start.is_special() && r.window_start <= e->at && e->at < r.window_end;
        });
      },
      "changes implemented in the period started inside their scheduled window",
      "changes whose implementation started outside a scheduled window");
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

}  // namespace

check_result records_integrity(const check_context& c) { return integrity(c, "records protected"); }

std::vector<check_def> control_checks() {
  return {{"R-9.1-unique", unique},
          {"R-9.1-audit", cmdb_audit},
          {"R-9.1-trace", [](const check_context& c) { return integrity(c, "changes traceable"); }},
          {"R-9.1-baseline", baseline},
          {"R-9.2-record", record},
          {"R-9.2-emergency", emergency},
          {"R-9.2-approve", approve},
          {"R-9.2-backout", backout},
          {"R-9.2-review", change_review},
          {"R-9.2-build", built},
          {"R-9.2-schedule", scheduled},
          {"R-9.3-integrity", baseline}};
}

}  // namespace itsm::report::detail
