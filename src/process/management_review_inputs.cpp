// The inputs of a management review, read from the store (R-4.5-review): audit results,
// improvement status, service performance and changes to the SMS since the last review.
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "itsm/model/change.hpp"
#include "itsm/model/incident.hpp"
#include "itsm/process/management.hpp"
#include "reads.hpp"
#include "detail/write_scope.hpp"

namespace itsm {

namespace {
bool between(timestamp t, timestamp from, timestamp to) { return !t.is_special() && from <= t && t < to; }

std::string audit_results(const std::vector<model::internal_audit>& audits,
                          const std::vector<model::nonconformity>& ncs, timestamp since, timestamp at) {
  int completed = 0, overdue = 0, raised = 0, open = 0;
  for (const auto& a : audits) {
    if (a.state == model::audit_state::completed && between(a.completed_at, since, at)) ++completed;
    if (a.state == model::audit_state::planned && a.planned_for < at) ++overdue;
  }
  for (const auto& n : ncs) {
    if (between(n.raised_at, since, at)) ++raised;
    if (n.state != model::nonconformity_state::closed) ++open;
  }
  return fmt::format("audit results: {} internal audits completed, {} planned audits overdue; {} nonconformities "
                     "raised, {} still open",
                     completed, overdue, raised, open);
}

std::string improvement_status(const std::vector<model::improvement>& all, timestamp at) {
  std::map<model::improvement_state, int> by_state;
  int overdue = 0, met = 0;
  for (const auto& i : all) {
    ++by_state[i.state];
    const bool done = i.state == model::improvement_state::closed || i.state == model::improvement_state::rejected;
    if (!done && i.due < at) ++overdue;
    if (i.state == model::improvement_state::closed && i.target_met) ++met;
  }
  using s = model::improvement_state;
  return fmt::format("improvement status: {} proposed, {} approved, {} implemented, {} closed ({} met their target), "
                     "{} rejected; {} overdue",
                     by_state[s::proposed], by_state[s::approved], by_state[s::implemented], by_state[s::closed], met,
                     by_state[s::rejected], overdue);
}

std::string service_performance(const std::vector<model::incident>& incidents, const std::vector<model::rfc>& rfcs,
                                timestamp since, timestamp at) {
  int opened = 0, resolved = 0, changes = 0;
  for (const auto& i : incidents) {
    if (between(i.opened_at, since, at)) ++opened;
    if (between(i.resolved_at, since, at)) ++resolved;
  }
  for (const auto& r : rfcs)
    if (between(r.closed_at, since, at)) ++changes;
  return fmt::format("service performance: {} incidents recorded, {} resolved; {} changes closed", opened, resolved,
                     changes);
}

std::string sms_changes(const std::vector<model::sms_plan>& plans, const std::vector<model::controlled_document>& docs,
                        timestamp since, timestamp at) {
  int plan_versions = 0, approved = 0;
  for (const auto& p : plans)
    if (between(p.approved_at, since, at)) ++plan_versions;
  for (const auto& d : docs)
    if (between(d.approved_at, since, at)) ++approved;
  return fmt::format("changes to the SMS: {} plan versions and {} document versions approved", plan_versions, approved);
}
}  // namespace

std::vector<std::string> management_system::prepare_review(const actor& who, timestamp at) const {
  for (const char* k : {"internal_audit", "nonconformity", "improvement", "sms_plan", "controlled_document",
                        "incident", "rfc"})
    detail::authorize_read(*ctx_, who, k, "");
  detail::reader r(*ctx_, who, "management_review");
  timestamp since = parse_iso("1400-01-01T00:00:00Z");
  for (const auto& m : r.all<model::management_review>())
    if (m.held_at < at) since = std::max(since, m.held_at);
  const auto period = fmt::format(" (since {})", since.date().year() == 1400 ? "the start" : to_iso(since));
  return {audit_results(r.all<model::internal_audit>(), r.all<model::nonconformity>(), since, at) + period,
          improvement_status(r.all<model::improvement>(), at),
          service_performance(r.all<model::incident>(), r.all<model::rfc>(), since, at) + period,
          sms_changes(r.all<model::sms_plan>(), r.all<model::controlled_document>(), since, at) + period};
}

}  // namespace itsm
