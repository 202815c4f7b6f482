// Clause 4 checks: the SMS plan, controlled documents and the media library, internal audits,
// improvements and management reviews (process/management.hpp). "Overdue" is judged at the end
// of the period (or the snapshot's instant, if earlier).
#include <algorithm>
#include <map>
#include <set>

#include "evidence.hpp"

namespace itsm::report::detail {

namespace {

using model::version_state;

timestamp judged_at(const check_context& c) { return std::min(c.s.at, c.p.end); }

check_result scope_plan(const check_context& c) {
  std::vector<std::string> ok, bad;
  for (const auto& p : c.s.plans) {
    if (p.state != version_state::approved) continue;
    (p.review_due < judged_at(c) ? bad : ok).push_back(p.id.key());
  }
  if (ok.empty() && bad.empty())
    for (const auto& p : c.s.plans) bad.push_back(p.id.key());  // drafted, never approved
  return c.judge(ok, bad, "an approved service management plan in force, reviewed on time",
                 "no approved service management plan, or the plan's review is overdue",
                 "no service management plan is recorded");
}

check_result documents(const check_context& c) {
  std::map<std::string, std::vector<std::string>> current;  // name -> approved versions
  std::vector<std::string> ok, bad;
  for (const auto& d : c.s.documents) {
    if (d.state != version_state::approved) continue;
    current[d.name].push_back(d.id.key());
    (d.review_due < judged_at(c) ? bad : ok).push_back(d.id.key());
  }
  for (const auto& [name, versions] : current)
    if (versions.size() > 1) bad.insert(bad.end(), versions.begin(), versions.end());
  return c.judge(ok, bad, "current controlled documents, approved and reviewed on time",
                 "controlled documents overdue for review or with more than one current version",
                 "no controlled document is recorded");
}

check_result library(const check_context& c) {
  std::set<std::string> controlled, linked;  // releases linked by an approved / by any media version
  std::vector<std::string> ok, bad;
  for (const auto& d : c.s.documents) {
    if (d.type != model::document_type::media) continue;
    for (const auto& r : d.releases) {
      linked.insert(r.key());
      if (d.state == version_state::approved) controlled.insert(r.key());
    }
    if (d.state == version_state::approved) (d.checksum.size() == 64 ? ok : bad).push_back(d.id.key());
  }
  for (const auto& r : c.s.releases)
    if (c.in_period(r.deployed_at) && linked.count(r.id.key()) && !controlled.count(r.id.key()))
      bad.push_back(r.id.key());
  return c.judge(ok, bad, "definitive media: approved, checksummed master copies",
                 "releases deployed from media that is not an approved master copy, or media without a checksum",
                 "no definitive media is recorded");
}

check_result audits(const check_context& c) {
  std::vector<std::string> ok, bad;
  std::map<std::string, const model::improvement*> actions;
  for (const auto& i : c.s.improvements) actions[i.id.key()] = &i;
  for (const auto& a : c.s.internal_audits) {
    if (a.state == model::audit_state::planned && a.planned_for < judged_at(c)) bad.push_back(a.id.key());
    if (a.state != model::audit_state::completed || !c.in_period(a.completed_at)) continue;
    const std::set<std::string> kinds(a.scope_kinds.begin(), a.scope_kinds.end());
    const bool own_work = std::any_of(c.s.audit.begin(), c.s.audit.end(), [&](const audit_note& e) {
      return e.outcome == "applied" && e.actor == a.auditor && kinds.count(e.kind) && a.scope_from <= e.at &&
             e.at < a.scope_to;
    });
    (own_work ? bad : ok).push_back(a.id.key());
  }
  for (const auto& n : c.s.nonconformities) {
    if (n.state == model::nonconformity_state::closed) continue;
    const auto it = actions.find(n.action.key());
    if (it != actions.end() && it->second->due < judged_at(c)) bad.push_back(n.id.key());
  }
  return c.judge(ok, bad, "internal audits completed by independent auditors",
                 "audits overdue or not independent, or nonconformities whose corrective action is overdue",
                 "no internal audit was completed in the period");
}

bool finished(const model::improvement& i) {
  return i.state == model::improvement_state::closed || i.state == model::improvement_state::rejected;
}

check_result improve(const check_context& c) {
  std::vector<std::string> ok, bad;
  for (const auto& i : c.s.improvements) {
    if (!finished(i) && i.due < judged_at(c)) bad.push_back(i.id.key());
    if (i.state == model::improvement_state::closed && c.in_period(i.closed_at)) ok.push_back(i.id.key());
  }
  return c.judge(ok, bad, "improvements closed with their measured outcome", "improvements past their due date",
                 "no improvement was closed in the period");
}

check_result review(const check_context& c) {
  std::vector<std::string> ok, bad;
  std::map<std::string, const model::improvement*> actions;
  for (const auto& i : c.s.improvements) actions[i.id.key()] = &i;
  for (const auto& r : c.s.management_reviews) {
    if (!c.in_period(r.held_at)) continue;
    const bool late = std::any_of(r.actions.begin(), r.actions.end(), [&](const auto& id) {
      const auto it = actions.find(id.key());
      return it != actions.end() && !finished(*it->second) && it->second->due < judged_at(c);
    });
    (r.check().empty() && !late ? ok : bad).push_back(r.id.key());
  }
  return c.judge(ok, bad, "management reviews held with every input and their actions on track",
                 "management reviews with a missing input or an overdue action", "no management review in the period");
}

}  // namespace

std::vector<check_def> management_checks() {
  return {{"R-4.3-documents", documents}, {"R-4.5-scope-plan", scope_plan}, {"R-4.5-audit", audits},
          {"R-4.5-review", review},       {"R-4.5-improve", improve},       {"R-9.1-library", library}};
}

}  // namespace itsm::report::detail
