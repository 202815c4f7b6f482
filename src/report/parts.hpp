// The parts of a service report, each a pure function of the snapshot (service_report.cpp puts
// them together). Not stable API. Thread-safety: pure functions.
#pragma once

#include "itsm/report/service_report.hpp"
#include "scope.hpp"

namespace itsm::report::detail {

// Performance against SLA targets per (kind, service, priority, clock), per-service compliance,
// breaches and near misses of the tickets active in the period.
void add_targets(const store_snapshot& s, const report_options& o, const scope_filter& f, service_report& r);
// Availability per service against its SLA's target, outages through the CMDB graph.
void add_availability(const store_snapshot& s, const report_options& o, const scope_filter& f, service_report& r);
// Volumes, backlog ageing, MTTR, reopen rate; weekly trends with significant changes flagged.
void add_workload(const store_snapshot& s, const report_options& o, const scope_filter& f, service_report& r);
// Major incidents, problems and known errors, changes, releases.
void add_events(const store_snapshot& s, const report_options& o, const scope_filter& f, service_report& r);
// Significant events, volumes against the period before, nonconformities and their causes,
// customer satisfaction, complaints and disputes (R-6.2-content). Runs after add_events.
void add_content(const store_snapshot& s, const report_options& o, const scope_filter& f, service_report& r);

// Capacity metrics of the services in scope and their forecasts; cost per service against budget.
void add_capacity(const store_snapshot& s, const report_options& o, const scope_filter& f, service_report& r);
void add_costs(const store_snapshot& s, const report_options& o, const scope_filter& f, service_report& r);

// The wall time a ticket stopped being open (resolved, fulfilled or cancelled), if it did.
timestamp finished_at(const model::incident& i);
timestamp finished_at(const model::service_request& r);
// Opened before `to` and not finished before `from`.
template <class T>
bool active_in(const T& t, timestamp from, timestamp to) {
  if (t.opened_at.is_special() || t.opened_at >= to) return false;
  const auto f = finished_at(t);
  return f.is_special() || f >= from;
}

}  // namespace itsm::report::detail
