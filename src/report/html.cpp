#include "html.hpp"

#include "format.hpp"
#include "itsm/report/render.hpp"

namespace itsm::report {

using detail::escape;
using detail::figure;
using detail::figure_cell;

namespace {

const char* const style =
    "body{font-family:sans-serif;margin:24px;color:#222;max-width:1100px}"
    "table{border-collapse:collapse;margin:8px 0 16px}td,th{border:1px solid #ccc;padding:3px 8px;font-size:13px}"
    "th{background:#f0f0f0}td[data-key]{text-align:right}h2{margin-top:28px;border-bottom:2px solid #ddd}"
    ".nonconformity{background:#fde0e0}.conforms{background:#e3f3e3}.no_evidence{background:#f4f4f4}"
    ".not_applicable{background:#e8eaf6}";

std::string row(std::initializer_list<std::string> cells) {
  std::string out = "<tr>";
  for (const auto& c : cells) out += c;
  return out + "</tr>";
}
std::string td(const std::string& text) { return "<td>" + escape(text) + "</td>"; }
std::string header(std::initializer_list<const char*> names) {
  std::string out = "<tr>";
  for (const char* n : names) out += std::string("<th>") + n + "</th>";
  return out + "</tr>";
}

void service_tables(std::string& out, const service_report& r) {
  out += "<h2>Performance against service level targets</h2>" + detail::compliance_chart(r);
  out += "<table>" + header({"service", "compliance %", "tickets", "breached", "availability %", "target %", "outages"});
  for (std::size_t i = 0; i < r.services.size(); ++i) {
    const auto& s = r.services[i];
    const auto p = "/services/" + std::to_string(i) + "/";
    out += row({td(s.service_name), figure_cell(p + "compliance", figure(s.compliance)),
                figure_cell(p + "tickets", figure(s.tickets)), figure_cell(p + "breached", figure(s.breached)),
                figure_cell(p + "availability", s.availability ? fmt::format("{:.3f}", *s.availability) : "n/a"),
                figure_cell(p + "availability_target", figure(s.availability_target)), td(detail::joined(s.outages))});
  }
  out += "</table><table>" + header({"service", "kind", "priority", "clock", "goal (business min)", "tickets", "met",
                                     "breached", "near misses", "compliance %"});
  for (std::size_t i = 0; i < r.targets.size(); ++i) {
    const auto& t = r.targets[i];
    const auto p = "/targets/" + std::to_string(i) + "/";
    out += row({td(t.service_name), td(t.kind), td(fmt::format("P{}", t.priority)), td(t.clock),
                figure_cell(p + "goal_minutes", t.goal_minutes ? figure(*t.goal_minutes) : "varies"), figure_cell(p + "tickets", figure(t.tickets)),
                figure_cell(p + "met", figure(t.met)), figure_cell(p + "breached", figure(t.breached)),
                figure_cell(p + "near_misses", figure(t.near_misses)), figure_cell(p + "compliance", figure(t.compliance))});
  }
  out += "</table><h2>Availability against target</h2>" + detail::availability_chart(r);
}

void workload_tables(std::string& out, const service_report& r) {
  const auto& w = r.work;
  out += "<h2>Workload</h2><table>" + header({"", "incidents", "requests", "problems", "RFCs"});
  for (const auto& [name, m] : {std::pair{"opened", &w.opened}, std::pair{"finished", &w.finished}}) {
    std::string cells = td(name);
    for (const char* k : {"incident", "service_request", "problem", "rfc"})
      cells += figure_cell(fmt::format("/workload/{}/{}", name, k), figure(m->count(k) ? m->at(k) : 0));
    out += "<tr>" + cells + "</tr>";
  }
  out += "</table><table>" + header({"backlog", "under 1 day", "1-7 days", "7-30 days", "over 30 days", "MTTR h", "reopened", "reopen %"});
  std::string cells = figure_cell("/workload/backlog", figure(w.backlog));
  for (const char* b : {"under_1d", "1_to_7d", "7_to_30d", "over_30d"})
    cells += figure_cell(std::string("/workload/backlog_age/") + b, figure(w.backlog_age.count(b) ? w.backlog_age.at(b) : 0));
  cells += figure_cell("/workload/mttr_hours", figure(w.mttr_hours)) + figure_cell("/workload/reopened", figure(w.reopened)) +
           figure_cell("/workload/reopen_rate", figure(w.reopen_rate));
  out += "<tr>" + cells + "</tr></table>";
  out += "<h2>Trends by week</h2>" + detail::trend_chart(r);
  out += "<table>" + header({"week of", "incidents", "requests", "breaches", "significant change"});
  for (std::size_t i = 0; i < r.weeks.size(); ++i) {
    const auto& wk = r.weeks[i];
    const auto p = "/weeks/" + std::to_string(i) + "/";
    out += row({td(detail::day(wk.start)), figure_cell(p + "incidents", figure(wk.incidents)),
                figure_cell(p + "requests", figure(wk.requests)), figure_cell(p + "breaches", figure(wk.breaches)),
                td(wk.significant)});
  }
  out += "</table>";
}

void event_tables(std::string& out, const service_report& r) {
  out += "<h2>Major incidents</h2><table>" + header({"incident", "title", "service", "manager", "opened", "resolved", "reviewed"});
  for (const auto& m : r.majors)
    out += row({td(m.id), td(m.title), td(m.service), td(m.manager), td(detail::minute(m.opened)),
                td(detail::minute(m.resolved)), td(m.reviewed ? "yes" : "NO")});
  const auto& p = r.problems;
  out += "</table><h2>Problems, changes and releases</h2><table>" +
         header({"problems opened", "resolved", "open", "known errors", "known errors open", "with RFC"}) +
         row({figure_cell("/problems/opened", figure(p.opened)), figure_cell("/problems/resolved", figure(p.resolved)),
              figure_cell("/problems/open", figure(p.open)), figure_cell("/problems/known_errors", figure(p.known_errors)),
              figure_cell("/problems/known_errors_open", figure(p.known_errors_open)),
              figure_cell("/problems/with_rfc", figure(p.with_rfc))});
  const auto& c = r.changes;
  out += "</table><table>" + header({"changes finished", "successful", "failed", "success %", "emergency", "emergency %",
                                     "accepted conflicts", "releases deployed", "releases failed"}) +
         row({figure_cell("/changes/finished", figure(c.finished)), figure_cell("/changes/successful", figure(c.successful)),
              figure_cell("/changes/failed", figure(c.failed)), figure_cell("/changes/success_rate", figure(c.success_rate)),
              figure_cell("/changes/emergency", figure(c.emergency)),
              figure_cell("/changes/emergency_share", figure(c.emergency_share)),
              figure_cell("/changes/with_conflicts", figure(c.with_conflicts)),
              figure_cell("/releases/deployed", figure(r.releases.deployed)),
              figure_cell("/releases/failed", figure(r.releases.failed))}) + "</table>";
  out += "<p>Failed changes: " + escape(detail::joined(c.failed_ids)) + ". Deployed releases: " +
         escape(detail::joined(r.releases.deployed_ids)) + ".</p>";
}

// R-6.2-content: significant events, periodic changes, nonconformities, customer feedback.
void content_tables(std::string& out, const service_report& r) {
  out += "<h2>Significant events</h2><table>" + header({"when", "kind", "record", "what"});
  for (const auto& e : r.significant) out += row({td(detail::minute(e.at)), td(e.kind), td(e.id), td(e.what)});
  out += "</table><h2>Volumes against the period before</h2><table>" +
         header({"kind", "this period", "period before", "change %"});
  for (std::size_t i = 0; i < r.volumes.size(); ++i) {
    const auto& v = r.volumes[i];
    const auto p = "/volumes/" + std::to_string(i) + "/";
    out += row({td(v.kind), figure_cell(p + "now", figure(v.now)), figure_cell(p + "before", figure(v.before)),
                figure_cell(p + "change", figure(v.change))});
  }
  out += "</table><h2>Nonconformities and their causes</h2><table>" +
         header({"nonconformity", "requirement", "state", "cause", "corrective action"});
  for (const auto& n : r.nonconformities) out += row({td(n.id), td(n.requirement), td(n.state), td(n.description), td(n.action)});
  out += "</table><h2>Customer satisfaction and complaints</h2><table>" +
         header({"survey", "service", "sampled", "responses", "response rate %", "mean score", "satisfied %"});
  for (std::size_t i = 0; i < r.customers.surveys.size(); ++i) {
    const auto& x = r.customers.surveys[i];
    const auto p = "/customers/surveys/" + std::to_string(i) + "/";
    out += row({td(x.survey), td(x.service_name), figure_cell(p + "sampled", figure(x.sampled)),
                figure_cell(p + "responses", figure(x.responses)), figure_cell(p + "response_rate", figure(x.response_rate)),
                figure_cell(p + "mean_score", figure(x.mean_score)), figure_cell(p + "satisfied", figure(x.satisfied))});
  }
  const auto& c = r.customers;
  out += "</table><table>" + header({"complaints recorded", "closed", "escalated", "open at the end", "disputes raised",
                                     "decided", "escalated"}) +
         row({figure_cell("/customers/complaints/recorded", figure(c.complaints_recorded)),
              figure_cell("/customers/complaints/closed", figure(c.complaints_closed)),
              figure_cell("/customers/complaints/escalated", figure(c.complaints_escalated)),
              figure_cell("/customers/complaints/open", figure(c.complaints_open)),
              figure_cell("/customers/disputes/raised", figure(c.disputes_raised)),
              figure_cell("/customers/disputes/decided", figure(c.disputes_decided)),
              figure_cell("/customers/disputes/escalated", figure(c.disputes_escalated))}) + "</table>";
}

// Capacity against thresholds and forecasts; cost per service against budget (minor units).
void assurance_tables(std::string& out, const service_report& r) {
  out += "<h2>Capacity</h2><table>" + header({"metric", "of", "unit", "threshold", "measurements", "breaches", "latest",
                                               "peak", "trend / day", "crosses"});
  for (std::size_t i = 0; i < r.capacity.metrics.size(); ++i) {
    const auto& m = r.capacity.metrics[i];
    const auto p = "/capacity/metrics/" + std::to_string(i) + "/";
    out += row({td(m.metric + " " + m.name), td(m.subject), td(m.unit), figure_cell(p + "threshold", figure(m.threshold)),
                figure_cell(p + "measurements", figure(m.measurements)), figure_cell(p + "breaches", figure(m.breaches)),
                figure_cell(p + "latest", figure(m.latest)), figure_cell(p + "peak", figure(m.peak)),
                figure_cell(p + "slope_per_day", figure(m.slope_per_day)), td(detail::day(m.crosses_at))});
  }
  out += "</table><h2>Costs against budget</h2>";
  const auto& c = r.costs;
  if (c.period.empty()) {
    out += "<p>No accounting period: the report spans more than a year.</p>";
    return;
  }
  out += "<p>Accounting period " + escape(c.period) + "; amounts in minor units (cents).</p><table>" +
         header({"service", "currency", "direct", "apportioned", "apportioned by", "total", "budget", "budgeted", "variance",
                 "over budget"});
  for (std::size_t i = 0; i < c.services.size(); ++i) {
    const auto& x = c.services[i];
    const auto p = "/costs/services/" + std::to_string(i) + "/";
    auto optional = [](const std::optional<std::int64_t>& v) { return v ? figure(*v) : std::string("n/a"); };
    out += row({td(x.service_name), td(x.currency), figure_cell(p + "direct", figure(x.direct)),
                figure_cell(p + "apportioned", figure(x.apportioned)), td(x.apportioned_by),
                figure_cell(p + "total", figure(x.total)),
                td(x.budget.empty() ? "none" : x.budget + (x.budget_approved ? "" : " (draft)")),
                figure_cell(p + "budgeted", optional(x.budgeted)), figure_cell(p + "variance", optional(x.variance)),
                td(x.over_budget ? "OVER" : "no")});
  }
  out += "</table><p>Over an approved budget: " + escape(detail::joined(c.over_budget)) + ".</p>";
}

std::string statement_body(const conformance_statement& s) {
  std::string out = "<h2>Statement of conformance to ISO/IEC 20000-1:2011</h2><p>Period " + detail::day(s.covered.start) +
                    " to " + detail::day(s.covered.end) + ", audit entry " + std::to_string(s.audit_head) + ": <b>" +
                    (s.conforms() ? "no nonconformity found" : "nonconformities found") +
                    fmt::format("</b> among the {} requirements checked; {} have no check yet.</p><table>",
                                s.results.size(), s.unchecked.size()) +
                    header({"clause", "conforms", "nonconformities", "no evidence", "not applicable", "no check yet"});
  for (std::size_t i = 0; i < s.clauses.size(); ++i) {
    const auto& c = s.clauses[i];
    const auto p = "/clauses/" + std::to_string(i) + "/";
    out += row({td(c.clause), figure_cell(p + "conforms", figure(c.conforms)),
                figure_cell(p + "nonconformities", figure(c.nonconformities)),
                figure_cell(p + "no_evidence", figure(c.no_evidence)), figure_cell(p + "not_applicable", figure(c.not_applicable)),
                figure_cell(p + "unchecked", figure(c.unchecked))});
  }
  out += "</table><table>" + header({"requirement", "verdict", "finding", "records", "audit entries"});
  for (const auto& c : s.results) {
    std::string recs, seqs;
    for (std::size_t i = 0; i < c.records.size() && i < 10; ++i) recs += (i ? ", " : "") + c.records[i];
    if (c.records.size() > 10) recs += fmt::format(" … ({} in all)", c.records.size());
    for (std::size_t i = 0; i < c.audit_seqs.size() && i < 6; ++i) seqs += (i ? ", " : "") + std::to_string(c.audit_seqs[i]);
    if (c.audit_seqs.size() > 6) seqs += fmt::format(" … ({} in all)", c.audit_seqs.size());
    out += "<tr class=\"" + std::string(to_string(c.outcome)) + "\">" + td(c.requirement) + td(std::string(to_string(c.outcome))) +
           td(c.summary) + td(recs) + td(seqs) + "</tr>";
  }
  return out + "</table><p>No check yet: " + escape(detail::joined(s.unchecked)) + "</p>";
}

std::string page(const std::string& title, const std::string& body) {
  return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escape(title) +
         "</title><style>" + style + "</style></head><body>" + body + "</body></html>\n";
}

}  // namespace

std::string to_html(const service_report& r, const conformance_statement* statement) {
  std::string body = "<h1>" + escape(r.title) + "</h1><p>Scope " + escape(r.scope) + ", period " +
                     detail::day(r.covered.start) + " to " + detail::day(r.covered.end) +
                     " (UTC, end exclusive); figures as of " + to_iso(r.generated_at) + ", audit entry " +
                     std::to_string(r.audit_head) + ".</p>";
  service_tables(body, r);
  workload_tables(body, r);
  event_tables(body, r);
  content_tables(body, r);
  assurance_tables(body, r);
  if (statement) body += statement_body(*statement);
  return page(r.title, body);
}

std::string to_html(const conformance_statement& s) { return page("Statement of conformance", statement_body(s)); }

}  // namespace itsm::report
