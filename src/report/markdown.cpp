#include <fmt/format.h>

#include "format.hpp"
#include "itsm/report/render.hpp"

namespace itsm::report {

using detail::day;
using detail::figure;
using detail::joined;

namespace {
// Markdown table cells: a | or a line break would end the cell.
std::string cell(std::string s) {
  for (auto& c : s)
    if (c == '|' || c == '\n' || c == '\r') c = ' ';
  return s;
}

void performance(std::string& out, const service_report& r) {
  out += "\n## Performance against service level targets\n\n";
  out += "| service | compliance % | tickets | breached | availability % | target % |\n|---|---:|---:|---:|---:|---:|\n";
  for (const auto& s : r.services) {
    std::string avail = "n/a";
    if (s.availability)
      avail = fmt::format("{:.3f} ({})", *s.availability, *s.availability >= s.availability_target ? "met" : "MISSED");
    out += fmt::format("| {} | {} | {} | {} | {} | {} |\n", cell(s.service_name), figure(s.compliance), s.tickets,
                       s.breached, avail, figure(s.availability_target));
  }
  out += "\n| service | kind | priority | clock | goal (business min) | tickets | met | breached | near misses | compliance % |\n";
  out += "|---|---|---:|---|---:|---:|---:|---:|---:|---:|\n";
  for (const auto& t : r.targets)
    out += fmt::format("| {} | {} | P{} | {} | {} | {} | {} | {} | {} | {} |\n", cell(t.service_name), t.kind, t.priority,
                       t.clock, t.goal_minutes ? std::to_string(*t.goal_minutes) : "varies", t.tickets, t.met, t.breached,
                       t.near_misses, figure(t.compliance));
  out += fmt::format("\nBreaches ({}):", r.breaches.size());
  for (const auto& b : r.breaches) out += " " + b.id + " (" + b.clock + ")";
  out += fmt::format("\n\nNear misses ({}):", r.near_misses.size());
  for (const auto& b : r.near_misses) out += " " + b.id + " (" + b.clock + ")";
  out += "\n";
  for (const auto& s : r.services)
    if (!s.outages.empty()) out += fmt::format("\nOutages of {}: {}\n", cell(s.service_name), joined(s.outages));
}

void work(std::string& out, const service_report& r) {
  const auto& w = r.work;
  out += "\n## Workload\n\n| | incidents | requests | problems | RFCs |\n|---|---:|---:|---:|---:|\n";
  auto at = [](const std::map<std::string, int>& m, const char* k) { return m.count(k) ? m.at(k) : 0; };
  out += fmt::format("| opened | {} | {} | {} | {} |\n", at(w.opened, "incident"), at(w.opened, "service_request"),
                     at(w.opened, "problem"), at(w.opened, "rfc"));
  out += fmt::format("| finished | {} | {} | {} | {} |\n", at(w.finished, "incident"), at(w.finished, "service_request"),
                     at(w.finished, "problem"), at(w.finished, "rfc"));
  out += fmt::format("\nBacklog at the end: {} (<1d {}, 1-7d {}, 7-30d {}, >30d {}). MTTR {} h. Reopened {} ({} %).\n",
                     w.backlog, at(w.backlog_age, "under_1d"), at(w.backlog_age, "1_to_7d"), at(w.backlog_age, "7_to_30d"),
                     at(w.backlog_age, "over_30d"), figure(w.mttr_hours), w.reopened, figure(w.reopen_rate));
  out += "\n## Trends by week\n\n| week of | incidents | requests | breaches | significant change |\n|---|---:|---:|---:|---|\n";
  for (const auto& wk : r.weeks)
    out += fmt::format("| {} | {} | {} | {} | {} |\n", day(wk.start), wk.incidents, wk.requests, wk.breaches,
                       wk.significant.empty() ? "" : cell(wk.significant));
}

void events(std::string& out, const service_report& r) {
  out += "\n## Major incidents\n\n";
  if (r.majors.empty()) out += "None.\n";
  for (const auto& m : r.majors)
    out += fmt::format("- {} {} ({}), manager {}, opened {}, resolved {}, {}\n", m.id, cell(m.title), m.service,
                       m.manager, detail::minute(m.opened), detail::minute(m.resolved),
                       m.reviewed ? "reviewed" : "NOT reviewed yet");
  const auto& p = r.problems;
  out += fmt::format("\n## Problems and known errors\n\nOpened {}, resolved {}, open {} ({}); known errors {} ({} open); "
                     "problems with an RFC {}.\n", p.opened, p.resolved, p.open, joined(p.open_ids), p.known_errors,
                     p.known_errors_open, p.with_rfc);
  const auto& c = r.changes;
  out += fmt::format("\n## Changes\n\nFinished {}: successful {}, failed {} ({}); success rate {} %; emergency {} "
                     "({} %); scheduled with accepted conflicts {} ({}).\n", c.finished, c.successful, c.failed,
                     joined(c.failed_ids), figure(c.success_rate), c.emergency, figure(c.emergency_share),
                     c.with_conflicts, joined(c.conflict_ids));
  out += fmt::format("\n## Releases\n\nDeployed {} ({}); failed {} ({}).\n", r.releases.deployed,
                     joined(r.releases.deployed_ids), r.releases.failed, joined(r.releases.failed_ids));
}
// R-6.2-content: significant events, periodic changes, nonconformities, customer feedback.
void content(std::string& out, const service_report& r) {
  out += "\n## Significant events\n\n";
  if (r.significant.empty()) out += "None.\n";
  for (const auto& e : r.significant)
    out += fmt::format("- {} {} {} {}\n", detail::minute(e.at), e.kind, e.id, cell(e.what));
  out += "\n## Volumes against the period before\n\n| kind | this period | period before | change % |\n|---|---:|---:|---:|\n";
  for (const auto& v : r.volumes) out += fmt::format("| {} | {} | {} | {} |\n", v.kind, v.now, v.before, figure(v.change));
  out += "\n## Nonconformities and their causes\n\n";
  if (r.nonconformities.empty()) out += "None.\n";
  for (const auto& n : r.nonconformities)
    out += fmt::format("- {} ({}, {}): {}; corrective action {}\n", n.id, n.requirement, n.state, cell(n.description),
                       n.action.empty() ? "none yet" : n.action);
  const auto& c = r.customers;
  out += "\n## Customer satisfaction and complaints\n\n| survey | service | sampled | responses | response rate % | mean score | satisfied % |\n"
         "|---|---|---:|---:|---:|---:|---:|\n";
  for (const auto& x : c.surveys)
    out += fmt::format("| {} | {} | {} | {} | {} | {} | {} |\n", x.survey, cell(x.service_name), x.sampled, x.responses,
                       figure(std::optional<double>(x.response_rate)), figure(x.mean_score), figure(x.satisfied));
  out += fmt::format("\nComplaints: recorded {}, closed {}, escalated {}; open at the end {} ({}). Disputes: raised {}, "
                     "decided {}, escalated {}.\n", c.complaints_recorded, c.complaints_closed, c.complaints_escalated,
                     c.complaints_open, joined(c.open_complaints), c.disputes_raised, c.disputes_decided,
                     c.disputes_escalated);
}
// Capacity against thresholds and forecasts; cost per service against budget (minor units).
void assurance(std::string& out, const service_report& r) {
  out += fmt::format("\n## Capacity\n\nBreaches {}; forecast to cross their threshold within the horizon: {}.\n\n"
                     "| metric | of | threshold | measurements | breaches | latest | peak | trend / day | crosses |\n"
                     "|---|---|---:|---:|---:|---:|---:|---:|---|\n", r.capacity.breaches, joined(r.capacity.crossing));
  for (const auto& m : r.capacity.metrics)
    out += fmt::format("| {} {} | {} | {} {} | {} | {} | {} | {} | {} | {} |\n", m.metric, cell(m.name), m.subject,
                       figure(m.threshold), cell(m.unit), m.measurements, m.breaches, figure(m.latest), figure(m.peak),
                       figure(m.slope_per_day), day(m.crosses_at));
  const auto& c = r.costs;
  out += "\n## Costs against budget\n\n";
  if (c.period.empty()) {
    out += "No accounting period: the report spans more than a year.\n";
    return;
  }
  out += fmt::format("Accounting period {}; amounts in minor units (cents).\n\n| service | currency | direct | apportioned "
                     "| apportioned by | total | budget | budgeted | variance | over budget |\n"
                     "|---|---|---:|---:|---|---:|---|---:|---:|---|\n", c.period);
  for (const auto& x : c.services)
    out += fmt::format("| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |\n", cell(x.service_name), x.currency, x.direct,
                       x.apportioned, cell(x.apportioned_by.empty() ? "-" : x.apportioned_by), x.total,
                       x.budget.empty() ? "none" : x.budget + (x.budget_approved ? "" : " (draft)"),
                       x.budgeted ? std::to_string(*x.budgeted) : "-", x.variance ? std::to_string(*x.variance) : "-",
                       x.over_budget ? "OVER" : "no");
  std::string left;
  for (const auto& [currency, amount] : c.unallocated) left += fmt::format("{}{} {}", left.empty() ? "" : ", ", amount, currency);
  out += fmt::format("\nOver an approved budget: {}. Costs no live service bears: {}.\n", joined(c.over_budget),
                     left.empty() ? "none" : left);
}
}  // namespace

std::string to_markdown(const service_report& r) {
  std::string out = fmt::format("# {}\n\nScope {}, period {} to {} (UTC, end exclusive); figures as of {}, audit "
                                "entry {}.\n", cell(r.title), r.scope, day(r.covered.start), day(r.covered.end),
                                to_iso(r.generated_at), r.audit_head);
  performance(out, r);
  work(out, r);
  events(out, r);
  content(out, r);
  assurance(out, r);
  return out;
}

std::string to_markdown(const conformance_statement& s) {
  std::string out = fmt::format("# Statement of conformance to ISO/IEC 20000-1:2011\n\nPeriod {} to {}; audit entry {}. "
                                "Overall: **{}** among the {} requirements checked; {} have no check yet.\n\n| clause | conforms | nonconformities | no evidence | not applicable | no check yet |\n"
                                "|---|---:|---:|---:|---:|---:|\n", day(s.covered.start), day(s.covered.end), s.audit_head,
                                s.conforms() ? "no nonconformity found" : "NONCONFORMITIES FOUND",
                                s.results.size(), s.unchecked.size());
  for (const auto& c : s.clauses)
    out += fmt::format("| {} | {} | {} | {} | {} | {} |\n", c.clause, c.conforms, c.nonconformities, c.no_evidence,
                       c.not_applicable, c.unchecked);
  out += "\n| requirement | verdict | finding | records |\n|---|---|---|---|\n";
  for (const auto& c : s.results) {
    std::string recs;
    for (std::size_t i = 0; i < c.records.size() && i < 8; ++i) recs += (i ? ", " : "") + c.records[i];
    if (c.records.size() > 8) recs += fmt::format(" … ({} in all)", c.records.size());
    out += fmt::format("| {} | {} | {} | {} |\n", c.requirement, to_string(c.outcome), cell(c.summary), recs);
  }
  out += fmt::format("\nNo check yet ({}): {}\n", s.unchecked.size(), joined(s.unchecked));
  return out;
}

}  // namespace itsm::report
