// Service reports (clause 6.2, R-6.2-content): the figures of one period and scope computed by a
// pure function of a read snapshot (sms::reports().snapshot(who, at)), so a report is exactly
// what its reader may see, and the same snapshot always gives the same report.
//
//   auto snap = system.reports().snapshot(auditor, period.to);
//   auto r = itsm::report::build(snap, {period, "all"});  // period: [start, end)
//   write(itsm::report::to_html(r));
//
// Thread-safety: values and pure functions; safe from any thread.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "itsm/core/export.hpp"
#include "itsm/core/time.hpp"
#include "itsm/graph/graph.hpp"
#include "itsm/process/schedule.hpp"
#include "itsm/process/snapshot.hpp"

namespace itsm::report {

struct ITSM_API report_options {
  period covered{};  // [start, end): what the report covers
  // Whose figures: "all", "service:SVC-3" or "customer:CUS-2" (as report_definition::scope).
  std::string scope = "all";                // Default: "all"
  std::string title = "Service report";     // Default: "Service report"
  // The CMDB graph availability is computed through, with each service as the node keyed
  // -<service number>. Default: nullptr = built from the snapshot (cmdb_graph below).
  const graph::graph* cmdb = nullptr;
  // Incidents of this category on a CI are outages: the CI is down from opened_at to resolved_at.
  std::string outage_category = "outage";   // Default: "outage"
  // A target met with at least this share of its goal used is a near miss.
  double near_miss_share = 0.9;             // Default: 0.9
  // A week's volume is a significant change when it differs from the week before by at least
  // this share and by at least `significant_minimum` tickets.
  double significant_share = 0.3;           // Default: 0.3
  int significant_minimum = 5;              // Default: 5
  // Capacity forecasts count when the trend crosses the threshold before covered.end + this.
  std::int64_t forecast_horizon_days = 90;  // Default: 90
  // The accounting period of the cost section ("YYYY" or "YYYY-MM"). Default: "" = the month
  // `covered` lies in, else its year, else no cost section.
  std::string accounting_period{};
};

// One (service, priority, clock) target: how many tickets it applied to and how they fared.
struct ITSM_API target_row {
  std::string service;   // "SVC-1"
  std::string service_name;
  std::string kind;      // "incident" | "service_request"
  int priority = 0;
  std::string clock;     // "response" | "resolution"
  std::optional<std::int64_t> goal_minutes;  // business minutes; empty when it varies (requests: per type)
  int tickets = 0;
  int met = 0;
  int breached = 0;
  int near_misses = 0;
  std::optional<double> compliance;  // 100 × met / tickets; empty without tickets
};

struct ITSM_API service_row {
  std::string service;
  std::string service_name;
  int tickets = 0;          // incidents and requests with a target in the period
  int breached = 0;         // tickets with a breached clock
  std::optional<double> compliance;  // 100 × (tickets - breached) / tickets
  double availability_target = 0;    // percent (its SLA's; 0 without SLA)
  std::optional<double> availability;  // percent of agreed service hours; empty: none agreed
  std::int64_t unavailable_seconds = 0;
  std::vector<std::string> outages;  // incidents whose outage took it down
};

struct ITSM_API ticket_ref {
  std::string id;
  std::string service;
  int priority = 0;
  std::string clock;  // which clock breached or nearly did
  std::string title;
};

struct ITSM_API workload {
  std::map<std::string, int> opened;    // by kind: incident, service_request, problem, rfc
  std::map<std::string, int> finished;  // resolved/fulfilled/closed in the period, by kind
  int backlog = 0;                      // incidents and requests open at the period's end
  std::map<std::string, int> backlog_age;  // "under_1d", "1_to_7d", "7_to_30d", "over_30d"
  std::optional<double> mttr_hours;     // mean wall time opened -> resolved of incidents resolved
  int reopened = 0;                     // incidents reopened in the period
  std::optional<double> reopen_rate;    // percent of incidents resolved in the period
};

struct ITSM_API week_row {
  timestamp start;
  int incidents = 0;
  int requests = 0;
  int breaches = 0;
  std::string significant;  // "" or why ("incidents +45% (20 -> 29)")
};

struct ITSM_API major_row {
  std::string id, title, service, manager;
  timestamp opened, resolved;
  bool reviewed = false;
};

struct ITSM_API problem_summary {
  int opened = 0, resolved = 0, open = 0;
  int known_errors = 0, known_errors_open = 0;
  int with_rfc = 0;
  std::vector<std::string> open_ids;
};

struct ITSM_API change_summary {
  int finished = 0;    // implemented or failed in the period
  int successful = 0;
  int failed = 0;
  int emergency = 0;
  int with_conflicts = 0;  // scheduled with a conflict accepted
  std::optional<double> success_rate;    // percent of finished
  std::optional<double> emergency_share;  // percent of finished
  std::vector<std::string> failed_ids;
  std::vector<std::string> conflict_ids;
};

struct ITSM_API release_summary {
  int deployed = 0, failed = 0;
  std::vector<std::string> deployed_ids, failed_ids;
};

// A significant event of the period (R-6.2-content): a major incident, a deployment, a failed
// release, a failed or emergency change, an unplanned outage, a disputed decision escalated.
struct ITSM_API event_row {
  timestamp at;
  std::string kind;  // "major_incident" | "deployment" | "failed_release" | "failed_change" | "emergency_change" | "outage"
  std::string id;
  std::string what;
};

// The period's volume of one kind against the period of the same length before it.
struct ITSM_API volume_change {
  std::string kind;  // "incident" | "service_request" | "problem" | "rfc"
  int now = 0;
  int before = 0;
  std::optional<double> change;  // percent; empty when there was nothing before
};

// A nonconformity raised in the period or still open at its end, with its cause.
struct ITSM_API nonconformity_row {
  std::string id;
  std::string requirement;   // the requirement not met
  std::string description;   // what was found: the cause as raised
  std::string state;         // "open" | "closed" …
  std::string action;        // the corrective action (IMP-n), "" for none yet
};

// One customer satisfaction survey whose period overlaps the report's (R-7.1-satisfaction).
struct ITSM_API satisfaction_row {
  std::string survey, service, service_name;
  int sampled = 0, responses = 0;
  double response_rate = 0;
  std::optional<double> mean_score;
  std::optional<double> satisfied;  // percent of responses at or above the agreed threshold
};

// Customer satisfaction and complaints (R-6.2-content): surveys, complaints and disputes.
struct ITSM_API customer_feedback {
  std::vector<satisfaction_row> surveys;
  int complaints_recorded = 0, complaints_closed = 0, complaints_escalated = 0;
  int complaints_open = 0;  // open at the period's end, whenever recorded
  int disputes_raised = 0, disputes_decided = 0, disputes_escalated = 0;
  std::vector<std::string> open_complaints;
};

// One capacity metric in force of a service in scope (R-6.5-monitor): its measurements in the
// period, breaches, and the least-squares trend over them (process/capacity.hpp: fit_forecast).
struct ITSM_API capacity_row {
  std::string metric;     // "CPM-1"
  std::string name;
  std::string subject;    // the CI or service measured
  std::string unit;
  double threshold = 0;
  int measurements = 0;
  int breaches = 0;
  std::optional<double> latest, peak;         // empty without measurements
  std::optional<double> slope_per_day;        // empty with fewer than 2 measurements at distinct times
  timestamp crosses_at;                       // not_a_date_time unless the trend crosses within the horizon
};

struct ITSM_API capacity_section {
  std::vector<capacity_row> metrics;  // by metric id
  int breaches = 0;
  std::vector<std::string> crossing;  // metrics forecast to cross their threshold within the horizon
};

// One service's cost in one currency in the accounting period against its budget (R-6.4-costs);
// amounts in minor units (cents).
struct ITSM_API cost_row {
  std::string service, service_name, currency;
  std::int64_t direct = 0, apportioned = 0, total = 0;
  // The rules that apportioned `apportioned`, "method from YYYY-MM (policy revision n)" or
  // "even (default, policy revision n)", distinct, "; "-separated; "" when nothing was apportioned.
  std::string apportioned_by;
  std::string budget;                    // "BGT-3", "" when none in this currency
  bool budget_approved = false;
  std::optional<std::int64_t> budgeted;  // empty without a budget
  std::optional<std::int64_t> variance;  // budgeted - total
  bool over_budget = false;
};

struct ITSM_API cost_section {
  std::string period;                     // "" when the report has no accounting period
  std::vector<cost_row> services;         // by service, then currency
  std::map<std::string, std::int64_t> unallocated;  // per currency: costs no live service bears
  std::vector<std::string> over_budget;   // services over an approved budget
};

struct ITSM_API service_report {
  std::string title;
  std::string scope;
  period covered;
  timestamp generated_at;      // the snapshot's instant
  std::int64_t audit_head = 0;  // the last audit entry the figures include
  std::vector<target_row> targets;
  std::vector<service_row> services;
  std::vector<ticket_ref> breaches;
  std::vector<ticket_ref> near_misses;
  workload work;
  std::vector<week_row> weeks;
  std::vector<major_row> majors;
  problem_summary problems;
  change_summary changes;
  release_summary releases;
  std::vector<event_row> significant;     // oldest first
  std::vector<volume_change> volumes;     // against the period before
  std::vector<nonconformity_row> nonconformities;
  customer_feedback customers;
  capacity_section capacity;
  cost_section costs;
};

// The report for `o.covered` and `o.scope`. Errors: invalid_argument (a period that is empty or
// reversed, a malformed scope, a scope naming a service or customer the snapshot does not hold).
ITSM_API service_report build(const store_snapshot& s, const report_options& o);

// The CMDB graph of a snapshot: each CI a node (a CI with an integer attribute
// "required_members" is a k-of-n group), each active relationship an edge of its stored kind,
// each service a node keyed -<number> that depends on the CIs naming it in `services` and on the
// services in its `depends_on`.
ITSM_API graph::graph cmdb_graph(const store_snapshot& s);

}  // namespace itsm::report
