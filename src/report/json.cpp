#include <nlohmann/json.hpp>

#include "itsm/report/render.hpp"

namespace itsm::report {

namespace {

using json = nlohmann::json;

// Texts come from stored records (valid UTF-8); `replace` keeps dump() from throwing regardless.
std::string dump(const json& j) { return j.dump(2, ' ', false, json::error_handler_t::replace); }

json when(timestamp t) { return t.is_special() ? json(nullptr) : json(to_iso(t)); }
json maybe(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

json targets_json(const std::vector<target_row>& rows) {
  json out = json::array();
  for (const auto& t : rows)
    out.push_back({{"service", t.service}, {"service_name", t.service_name}, {"kind", t.kind}, {"priority", t.priority},
                   {"clock", t.clock}, {"goal_minutes", t.goal_minutes ? json(*t.goal_minutes) : json(nullptr)}, {"tickets", t.tickets}, {"met", t.met},
                   {"breached", t.breached}, {"near_misses", t.near_misses}, {"compliance", maybe(t.compliance)}});
  return out;
}

json services_json(const std::vector<service_row>& rows) {
  json out = json::array();
  for (const auto& s : rows)
    out.push_back({{"service", s.service}, {"service_name", s.service_name}, {"tickets", s.tickets},
                   {"breached", s.breached}, {"compliance", maybe(s.compliance)},
                   {"availability_target", s.availability_target}, {"availability", maybe(s.availability)},
                   {"unavailable_seconds", s.unavailable_seconds}, {"outages", s.outages}});
  return out;
}

json refs_json(const std::vector<ticket_ref>& refs) {
  json out = json::array();
  for (const auto& t : refs)
    out.push_back({{"id", t.id}, {"service", t.service}, {"priority", t.priority}, {"clock", t.clock}, {"title", t.title}});
  return out;
}

json workload_json(const workload& w) {
  return {{"opened", w.opened}, {"finished", w.finished}, {"backlog", w.backlog}, {"backlog_age", w.backlog_age},
          {"mttr_hours", maybe(w.mttr_hours)}, {"reopened", w.reopened}, {"reopen_rate", maybe(w.reopen_rate)}};
}

json weeks_json(const std::vector<week_row>& weeks) {
  json out = json::array();
  for (const auto& w : weeks)
    out.push_back({{"start", when(w.start)}, {"incidents", w.incidents}, {"requests", w.requests},
                   {"breaches", w.breaches}, {"significant", w.significant.empty() ? json(nullptr) : json(w.significant)}});
  return out;
}

json events_json(const service_report& r) {
  json majors = json::array();
  for (const auto& m : r.majors)
    majors.push_back({{"id", m.id}, {"title", m.title}, {"service", m.service}, {"manager", m.manager},
                      {"opened", when(m.opened)}, {"resolved", when(m.resolved)}, {"reviewed", m.reviewed}});
  const auto& p = r.problems;
  const auto& c = r.changes;
  return {{"major_incidents", majors},
          {"problems",
           {{"opened", p.opened}, {"resolved", p.resolved}, {"open", p.open}, {"known_errors", p.known_errors},
            {"known_errors_open", p.known_errors_open}, {"with_rfc", p.with_rfc}, {"open_ids", p.open_ids}}},
          {"changes",
           {{"finished", c.finished}, {"successful", c.successful}, {"failed", c.failed}, {"emergency", c.emergency},
            {"with_conflicts", c.with_conflicts}, {"success_rate", maybe(c.success_rate)},
            {"emergency_share", maybe(c.emergency_share)}, {"failed_ids", c.failed_ids}, {"conflict_ids", c.conflict_ids}}},
          {"releases",
           {{"deployed", r.releases.deployed}, {"failed", r.releases.failed}, {"deployed_ids", r.releases.deployed_ids},
            {"failed_ids", r.releases.failed_ids}}}};
}

// R-6.2-content: significant events, periodic volume changes, nonconformities, customer feedback.
json content_json(const service_report& r) {
  json events = json::array();
  for (const auto& e : r.significant) events.push_back({{"at", when(e.at)}, {"kind", e.kind}, {"id", e.id}, {"what", e.what}});
  json volumes = json::array();
  for (const auto& v : r.volumes)
    volumes.push_back({{"kind", v.kind}, {"now", v.now}, {"before", v.before}, {"change", maybe(v.change)}});
  json ncs = json::array();
  for (const auto& n : r.nonconformities)
    ncs.push_back({{"id", n.id}, {"requirement", n.requirement}, {"description", n.description}, {"state", n.state},
                   {"action", n.action}});
  json surveys = json::array();
  for (const auto& x : r.customers.surveys)
    surveys.push_back({{"survey", x.survey}, {"service", x.service}, {"service_name", x.service_name},
                       {"sampled", x.sampled}, {"responses", x.responses}, {"response_rate", x.response_rate},
                       {"mean_score", maybe(x.mean_score)}, {"satisfied", maybe(x.satisfied)}});
  const auto& c = r.customers;
  return {{"significant_events", events},
          {"volumes", volumes},
          {"nonconformities", ncs},
          {"customers",
           {{"surveys", surveys},
            {"complaints",
             {{"recorded", c.complaints_recorded}, {"closed", c.complaints_closed}, {"escalated", c.complaints_escalated},
              {"open", c.complaints_open}, {"open_ids", c.open_complaints}}},
            {"disputes", {{"raised", c.disputes_raised}, {"decided", c.disputes_decided}, {"escalated", c.disputes_escalated}}}}}};
}

// Capacity (R-6.5-monitor) and costs against budget (R-6.4-costs; amounts in minor units).
json assurance_json(const service_report& r) {
  json metrics = json::array();
  for (const auto& m : r.capacity.metrics)
    metrics.push_back({{"metric", m.metric}, {"name", m.name}, {"subject", m.subject}, {"unit", m.unit},
                       {"threshold", m.threshold}, {"measurements", m.measurements}, {"breaches", m.breaches},
                       {"latest", maybe(m.latest)}, {"peak", maybe(m.peak)}, {"slope_per_day", maybe(m.slope_per_day)},
                       {"crosses_at", when(m.crosses_at)}});
  json costs = json::array();
  for (const auto& c : r.costs.services)
    costs.push_back({{"service", c.service}, {"service_name", c.service_name}, {"currency", c.currency},
                     {"direct", c.direct}, {"apportioned", c.apportioned},
                     {"apportioned_by", c.apportioned_by}, {"total", c.total},
                     {"budget", c.budget.empty() ? json(nullptr) : json(c.budget)}, {"budget_approved", c.budget_approved},
                     {"budgeted", c.budgeted ? json(*c.budgeted) : json(nullptr)},
                     {"variance", c.variance ? json(*c.variance) : json(nullptr)}, {"over_budget", c.over_budget}});
  return {{"capacity", {{"metrics", metrics}, {"breaches", r.capacity.breaches}, {"crossing", r.capacity.crossing}}},
          {"costs",
           {{"period", r.costs.period.empty() ? json(nullptr) : json(r.costs.period)}, {"services", costs},
            {"unallocated", r.costs.unallocated}, {"over_budget", r.costs.over_budget}}}};
}

json period_json(const period& p) { return {{"start", when(p.start)}, {"end", when(p.end)}}; }

}  // namespace

std::string to_json(const service_report& r) {
  json j{{"schema", report_schema},   {"title", r.title},
         {"scope", r.scope},          {"period", period_json(r.covered)},
         {"generated_at", when(r.generated_at)}, {"audit_head", r.audit_head},
         {"targets", targets_json(r.targets)}, {"services", services_json(r.services)},
         {"breaches", refs_json(r.breaches)}, {"near_misses", refs_json(r.near_misses)},
         {"workload", workload_json(r.work)}, {"weeks", weeks_json(r.weeks)}};
  j.update(events_json(r));
  j.update(content_json(r));
  j.update(assurance_json(r));
  return dump(j);
}

std::string to_json(const conformance_statement& s) {
  json results = json::array();
  for (const auto& c : s.results)
    results.push_back({{"requirement", c.requirement}, {"clause", c.clause}, {"verdict", to_string(c.outcome)},
                       {"summary", c.summary}, {"records", c.records}, {"audit_seqs", c.audit_seqs}});
  json clauses = json::array();
  for (const auto& c : s.clauses)
    clauses.push_back({{"clause", c.clause}, {"conforms", c.conforms}, {"nonconformities", c.nonconformities},
                       {"no_evidence", c.no_evidence}, {"not_applicable", c.not_applicable},
                       {"unchecked", c.unchecked}});
  return dump({{"schema", conformance_schema}, {"period", period_json(s.covered)},
               {"generated_at", when(s.generated_at)}, {"audit_head", s.audit_head},
               {"conforms", s.conforms()}, {"clauses", clauses}, {"results", results}, {"unchecked", s.unchecked}});
}

}  // namespace itsm::report
