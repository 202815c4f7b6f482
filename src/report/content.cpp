// The service report's remaining content (R-6.2-content): significant events, volumes against
// the period before, nonconformities and their causes, and customer satisfaction, complaints and
// disputes.
#include <algorithm>
#include <map>

#include "itsm/process/satisfaction.hpp"
#include "parts.hpp"

namespace itsm::report::detail {

namespace {

void add_significant(const store_snapshot& s, const period& p, const scope_filter& f, service_report& r) {
  auto& out = r.significant;
  for (const auto& m : r.majors) out.push_back({m.opened, "major_incident", m.id, m.title});
  for (const auto& x : s.releases) {
    if (!f.covers(x, s) || !within(x.deployed_at, p.start, p.end)) continue;
    const bool failed = x.state == model::release_state::failed || x.state == model::release_state::rolled_back;
    out.push_back({x.deployed_at, failed ? "failed_release" : "deployment", x.id.key(), x.name});
  }
  for (const auto& c : s.rfcs) {
    if (!f.covers(c) || !within(c.implemented_at, p.start, p.end)) continue;
    if (c.outcome == "failed") out.push_back({c.implemented_at, "failed_change", c.id.key(), c.title});
    else if (c.classification == model::rfc_class::emergency) out.push_back({c.implemented_at, "emergency_change", c.id.key(), c.title});
  }
  std::map<std::string, std::vector<service_id>> ci_services;
  for (const auto& ci : s.cis) ci_services[ci.id.key()] = ci.services;
  for (const auto& o : s.outages) {
    if (o.planned || !within(o.start, p.start, p.end)) continue;
    const auto& via = o.ci.valid() ? ci_services[o.ci.key()] : std::vector<service_id>{o.service};
    if (f.all() || std::any_of(via.begin(), via.end(), [&](service_id x) { return f.covers_service(x); }))
      out.push_back({o.start, "outage", o.id.key(), o.description});
  }
  std::stable_sort(out.begin(), out.end(), [](const event_row& a, const event_row& b) { return a.at < b.at; });
}

void add_volumes(const store_snapshot& s, const period& p, const scope_filter& f, service_report& r) {
  const period before{p.start - (p.end - p.start), p.start};
  std::map<std::string, int> earlier;
  for (const auto& i : s.incidents)
    if (f.covers(i) && within(i.opened_at, before.start, before.end)) ++earlier["incident"];
  for (const auto& q : s.requests)
    if (f.covers(q) && within(q.opened_at, before.start, before.end)) ++earlier["service_request"];
  for (const auto& x : s.problems)
    if (f.covers(x) && within(x.opened_at, before.start, before.end)) ++earlier["problem"];
  for (const auto& c : s.rfcs)
    if (f.covers(c) && within(c.submitted_at, before.start, before.end)) ++earlier["rfc"];
  for (const char* kind : {"incident", "service_request", "problem", "rfc"}) {
    volume_change v{kind, r.work.opened[kind], earlier[kind], std::nullopt};
    if (v.before > 0) v.change = 100.0 * (v.now - v.before) / v.before;
    r.volumes.push_back(v);
  }
}

// The management system's nonconformities are the provider's own: reported in the "all" scope.
void add_nonconformities(const store_snapshot& s, const period& p, const scope_filter& f, service_report& r) {
  if (!f.all()) return;
  for (const auto& n : s.nonconformities) {
    const bool open_at_end = n.raised_at < p.end && (n.state != model::nonconformity_state::closed || !(n.closed_at < p.end));
    if (!within(n.raised_at, p.start, p.end) && !open_at_end) continue;
    r.nonconformities.push_back({n.id.key(), n.requirement, n.description, std::string(model::enum_to_string(n.state)),
                                 n.action.valid() ? n.action.key() : ""});
  }
}

void add_surveys(const store_snapshot& s, const period& p, const scope_filter& f, service_report& r) {
  if (s.survey_rules.empty()) return;
  std::map<std::string, customer_id> ticket_customer;
  for (const auto& i : s.incidents) ticket_customer[i.id.key()] = i.customer;
  for (const auto& q : s.requests) ticket_customer[q.id.key()] = q.customer;
  std::map<std::string, std::string> names;
  for (const auto& x : s.services) names[x.id.key()] = x.name;
  for (const auto& x : s.surveys) {
    if (!(x.from < p.end && p.start < x.to) || !f.covers_service(x.service)) continue;
    auto mine = x;  // in a customer's scope: its part of the sample and its answers only
    std::erase_if(mine.sample, [&](const std::string& t) { return !f.covers(ticket_customer[t], x.service); });
    std::vector<model::survey_response> answers;
    for (const auto& a : s.survey_responses)
      if (a.survey == x.id && f.covers(a.customer, x.service)) answers.push_back(a);
    const auto res = result_of(mine, answers, s.survey_rules.front());
    r.customers.surveys.push_back({x.id.key(), x.service.key(), names[x.service.key()], res.sampled, res.responses,
                                   res.response_rate, res.mean_score, res.satisfied});
  }
}

void add_feedback(const store_snapshot& s, const period& p, const scope_filter& f, service_report& r) {
  auto& out = r.customers;
  for (const auto& c : s.complaints) {
    if (!f.covers(c.customer, c.service)) continue;
    if (within(c.recorded_at, p.start, p.end)) ++out.complaints_recorded;
    if (c.state == model::complaint_state::closed && within(c.closed_at, p.start, p.end)) ++out.complaints_closed;
    if (within(c.escalated_at, p.start, p.end)) ++out.complaints_escalated;
    const bool closed_by_end = c.state == model::complaint_state::closed && c.closed_at < p.end;
    if (c.recorded_at < p.end && !closed_by_end) ++out.complaints_open, out.open_complaints.push_back(c.id.key());
  }
  for (const auto& d : s.disputes) {
    if (!f.covers(d.customer, {})) continue;  // a supplier's only in the "all" scope
    if (within(d.raised_at, p.start, p.end)) ++out.disputes_raised;
    if (within(d.decided_at, p.start, p.end)) ++out.disputes_decided;
    if (within(d.escalated_at, p.start, p.end)) ++out.disputes_escalated;
  }
}

}  // namespace

void add_content(const store_snapshot& s, const report_options& o, const scope_filter& f, service_report& r) {
  add_significant(s, o.covered, f, r);
  add_volumes(s, o.covered, f, r);
  add_nonconformities(s, o.covered, f, r);
  add_surveys(s, o.covered, f, r);
  add_feedback(s, o.covered, f, r);
}

}  // namespace itsm::report::detail
