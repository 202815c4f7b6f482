// A read snapshot: every record of the kinds reports and conformance checks look at that one
// actor may see, read in one read-only transaction, with each ticket's SLA figures at one
// instant and a light copy of the audit trail (for evidence: sequence numbers). Reports and
// conformance checks are pure functions of it (itsm/report/). Taken by report_management.
// Thread-safety: a plain value; const use from several threads is safe.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "itsm/calendar/business_calendar.hpp"
#include "itsm/core/export.hpp"
#include "itsm/core/time.hpp"
#include "itsm/model/availability.hpp"
#include "itsm/model/change.hpp"
#include "itsm/model/change_records.hpp"
#include "itsm/model/ci_type.hpp"
#include "itsm/model/configuration_item.hpp"
#include "itsm/model/competence.hpp"
#include "itsm/model/continuity.hpp"
#include "itsm/model/customer.hpp"
#include "itsm/model/improvement.hpp"
#include "itsm/model/customer_care.hpp"
#include "itsm/model/dispute.hpp"
#include "itsm/model/incident.hpp"
#include "itsm/model/internal_audit.hpp"
#include "itsm/model/management_documents.hpp"
#include "itsm/model/problem.hpp"
#include "itsm/model/relationship.hpp"
#include "itsm/model/relations.hpp"
#include "itsm/model/report_definition.hpp"
#include "itsm/model/satisfaction.hpp"
#include "itsm/model/capacity.hpp"
#include "itsm/model/finance.hpp"
#include "itsm/model/security.hpp"
#include "itsm/model/service.hpp"
#include "itsm/model/service_design.hpp"
#include "itsm/process/change_policy.hpp"
#include "itsm/process/incidents.hpp"
#include "itsm/process/records.hpp"
#include "itsm/process/release_policy.hpp"
#include "itsm/process/ticket_log.hpp"
#include "itsm/process/ticket_policy.hpp"

namespace itsm {

// One audit entry without its change document and hashes.
struct ITSM_API audit_note {
  std::int64_t seq = 0;
  timestamp at;
  std::string actor;
  std::string action;    // "create", "transition:resolve", …
  std::string kind;
  std::string object_id;
  std::string outcome;   // "applied" | "denied" | "refused"
  std::string reference;
};

struct ITSM_API store_snapshot {
  timestamp at;               // the SLA figures are evaluated at this instant
  std::int64_t audit_head = 0;  // the last audit entry this snapshot's transaction saw
  std::vector<model::customer> customers;
  std::vector<model::service> services;
  std::vector<model::sla> slas;
  std::vector<model::sla> sla_versions;  // superseded SLA versions, each at its own revision (R-6.1-change)
  std::vector<model::ci_type> ci_types;  // the stored definitions (own attributes, not inherited)
  std::vector<model::configuration_item> cis;
  std::vector<model::relationship> relationships;
  std::vector<model::incident> incidents;
  std::vector<model::service_request> requests;
  std::vector<model::problem> problems;
  std::vector<model::known_error> known_errors;
  std::vector<model::rfc> rfcs;
  std::vector<model::release> releases;
  std::vector<model::baseline> baselines;
  std::vector<model::approval> approvals;
  std::vector<model::investigation> investigations;
  std::vector<model::acceptance_test> acceptance_tests;
  std::vector<post_incident_review> reviews;
  std::vector<model::report_definition> report_definitions;
  std::vector<model::requirement_exclusion> exclusions;
  // The management system (process/management.hpp).
  std::vector<model::sms_plan> plans;
  std::vector<model::controlled_document> documents;
  std::vector<model::internal_audit> internal_audits;
  std::vector<model::nonconformity> nonconformities;
  std::vector<model::improvement> improvements;
  std::vector<model::management_review> management_reviews;
  // Relationship processes (clause 7, R-4.2-governance, R-6.1-internal).
  std::vector<model::customer_relationship> customer_relationships;
  std::vector<model::party> parties;
  std::vector<model::agreement> agreements;
  std::vector<model::process_operator> process_operators;
  std::vector<model::service_review> service_reviews;
  std::vector<model::complaint> complaints;
  std::vector<model::availability_requirement> availability_requirements;
  std::vector<model::outage> outages;
  std::vector<model::continuity_plan> continuity_plans;
  std::vector<model::plan_test> plan_tests;
  // Customer satisfaction (R-7.1-satisfaction): the agreed rule (none or one), surveys, answers.
  std::vector<model::survey_rule> survey_rules;
  std::vector<model::survey> surveys;
  std::vector<model::survey_response> survey_responses;
  std::vector<model::dispute> disputes;  // customers' and suppliers' (R-7.1-complaints, R-7.2-monitor)
  // Design and transition (clause 5) and competence (R-4.4-competence).
  std::vector<model::service_transition> service_transitions;
  std::vector<model::training_record> trainings;
  std::vector<model::competence> competences;
  std::vector<model::competence_requirement> competence_requirements;
  // Information security (clause 6.6, process/security.hpp).
  std::vector<model::security_policy> security_policies;
  std::vector<model::security_risk> security_risks;
  std::vector<model::security_control> security_controls;
  std::vector<model::external_access> external_accesses;
  // Capacity (clause 6.5, process/capacity.hpp).
  std::vector<model::capacity_metric> capacity_metrics;
  std::vector<model::capacity_measurement> capacity_measurements;
  std::vector<model::capacity_plan> capacity_plans;
  // Records retention (process/records.hpp): rules, holds, disposals, records past retention at `at`.
  std::vector<model::retention_rule> retention_rules;
  std::vector<model::legal_hold> legal_holds;
  std::vector<model::disposal> disposals;
  std::vector<due_record> records_due;
  // Budgeting and accounting (clause 6.4, process/finance.hpp): each policy is none or one.
  std::vector<model::cost_item> cost_items;
  std::vector<model::budget> budgets;
  std::vector<model::finance_policy> finance_policies;
  std::vector<model::apportionment_policy> apportionment_policies;
  std::map<std::string, std::vector<ticket_event>> logs;  // per ticket key, oldest first
  std::map<std::string, ticket_sla> sla_figures;          // per ticket key, at `at`
  // Per SLA key: its calendar; per "<SLA key>@<revision>" the calendar of a superseded version
  // that tickets are measured against.
  std::map<std::string, calendar::business_calendar> service_hours;
  std::vector<model::relationship_kind> relationship_kinds;           // the stored catalogue
  ticket_policy tickets;                                              // the ticket policy in force
  change_policy change_rules;                                         // the change policy in force
  // Each version of the change policy up to audit_head, oldest first: the audit sequence number
  // that applied it and whether it put the catalogue under change control, so that a catalogue
  // change is judged by the policy in force when it was made (R-6.1-change).
  std::vector<std::pair<std::int64_t, bool>> catalogue_control;
  release_policy release_rules;                                       // the release policy in force
  std::vector<audit_note> audit;  // every entry up to audit_head, in sequence order
};

// The SLA version a ticket's figures are measured against (R-6.1-change): revision `revision` of
// SLA `id` from `slas` (also for 0, a ticket recorded before versions were kept) or
// `sla_versions`; nullptr when the snapshot holds neither.
// The apportionment policy of the snapshot, or the default (even) when none is stored.
ITSM_API model::apportionment_policy apportionment_in_force(const store_snapshot& s);

ITSM_API const model::sla* measured_sla(const store_snapshot& s, sla_id id, std::int64_t revision);

}  // namespace itsm
