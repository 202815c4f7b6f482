#include "itsm/process/authorizer.hpp"

#include "itsm/process/change_policy.hpp"
#include "itsm/process/management.hpp"
#include "itsm/process/capacity.hpp"
#include "itsm/process/finance.hpp"
#include "itsm/process/security.hpp"

namespace itsm {

role_policy& role_policy::grant(std::string role, std::string kind, std::string action) {
  grants_[std::move(role)].insert({std::move(kind), std::move(action)});
  return *this;
}

namespace {
// Kinds whose records without a customer every customer shares: the catalogue, its SLAs (and
// their superseded versions) and the agreed survey rule.
bool shared_kind(std::string_view kind) {
  return kind == "service" || kind == "sla" || kind == "sla_version" || kind == "survey_rule";
}

// A customer's user sees its customer's records and the shared ones; nothing of others.
bool within_customer(const access_request& r) {
  if (r.who.customer.empty()) return true;
  if (!r.customer.empty()) return r.customer == r.who.customer;
  return r.object_id.empty() || shared_kind(r.kind);
}
}  // namespace

read_scope authorizer::scope_of_reads(const actor&, std::string_view) const { return read_scope::per_record(); }

read_scope role_policy::scope_of_reads(const actor& who, std::string_view kind) const {
  // Exactly within_customer() for records (object_id set); the grants are the kind-level ones.
  if (who.customer.empty()) return read_scope::every_record();
  return read_scope::of_customer(who.customer, shared_kind(kind));
}

decision role_policy::authorize(const access_request& r) const {
  if (!within_customer(r))
    return decision::deny("'" + r.who.name + "' is a user of " + r.who.customer + " and this record is not theirs");
  if (r.who.has_role(roles::admin)) return decision::allow();
  auto granted = [&](std::string_view role) {
    auto it = grants_.find(role);
    if (it == grants_.end()) return false;
    for (const auto& [kind, action] : it->second)
      if ((kind == "*" || kind == r.kind) && (action == "*" || action == r.action)) return true;
    return false;
  };
  if (granted("*")) return decision::allow();
  for (const auto& role : r.who.roles)
    if (granted(role)) return decision::allow();
  return decision::deny("no role of '" + r.who.name + "' grants " + std::string(r.action) + " on " +
                        std::string(r.kind));
}

role_policy role_policy::defaults() {
  role_policy p;
  for (const char* k : {"ci_type", "configuration_item", "relationship", "link", "baseline", "reconciliation_item"})
    p.grant(std::string(roles::configuration_manager), k);
  for (const char* k : {"incident", "service_request", "link", "ticket_comment", "ticket_attachment"}) {
    p.grant(std::string(roles::service_desk), k);
    p.grant(std::string(roles::incident_manager), k);
  }
  for (const char* k : {"problem", "known_error", "link"}) p.grant(std::string(roles::problem_manager), k);
  p.grant(std::string(roles::incident_manager), "post_incident_review");
  p.grant(std::string(roles::incident_manager), "assignment_group");
  for (const char* k : {"rfc", "link"}) {
    p.grant(std::string(roles::change_manager), k);
    p.grant(std::string(roles::cab_member), k);
  }
  for (const char* k : {"release", "baseline", "link"}) p.grant(std::string(roles::release_manager), k);
  // Change approval capacities beyond the CAB (R-9.2-approve, R-9.2-emergency); problem managers
  // raise RFCs from problems (R-8.2-rfc).
  p.grant("emergency_cab", "rfc", "decide");
  p.grant("service_owner", "rfc", "decide");
  p.grant(std::string(roles::problem_manager), "rfc", "submit");
  for (const char* k : {"service", "sla", "customer", "report_definition"})
    p.grant(std::string(roles::service_level_manager), k);
  // The management system (process/management.hpp): the SMS manager keeps it, top management
  // approves improvements and holds reviews, auditors raise findings and complete their audits.
  for (const char* k : {"sms_plan", "controlled_document", "internal_audit", "nonconformity", "improvement"})
    p.grant(std::string(sms_manager_role), k);
  for (const char* k : {"sms_plan", "improvement", "management_review"}) p.grant(std::string(top_management_role), k);
  p.grant(std::string(roles::auditor), "nonconformity", "raise");
  p.grant(std::string(roles::auditor), "internal_audit", "complete");
  // Relationship processes (clause 7): suppliers and agreements; customer relationships and
  // process governance with service level management.
  for (const char* k : {"party", "agreement", "process_operator"}) p.grant("supplier_manager", k);
  for (const char* k : {"customer_relationship", "process_operator", "service_review", "complaint_definition", "complaint"})
    p.grant(std::string(roles::service_level_manager), k);
  p.grant(std::string(roles::service_desk), "complaint", "record");
  for (const char* a : {"record", "read"}) p.grant(std::string(roles::customer), "complaint", a);
  p.grant("supplier_manager", "*", "read");
  // Availability and continuity (clause 6.3): service level managers agree and track availability
  // and keep the plans;
  // incident managers open outages from their incidents.
  for (const char* k : {"availability_requirement", "outage", "continuity_plan", "plan_test"}) p.grant(std::string(roles::service_level_manager), k);
  p.grant(std::string(roles::incident_manager), "outage");
  // Customer satisfaction (R-7.1-satisfaction): service level managers run the surveys; the desk
  // and a customer's users record answers (a customer's only about its own tickets).
  for (const char* k : {"survey_rule", "survey", "survey_response"}) p.grant(std::string(roles::service_level_manager), k);
  p.grant(std::string(roles::service_desk), "survey_response", "record");
  for (const char* a : {"record", "read"}) p.grant(std::string(roles::customer), "survey_response", a);
  // …and read the rule and the surveys of their own customer (survey::customer).
  for (const char* k : {"survey_rule", "survey"}) p.grant(std::string(roles::customer), k, "read");
  // Disputes: service level managers handle customers' and supplier managers suppliers'; a
  // customer's users raise and follow their own.
  for (const char* k : {"dispute_procedure", "dispute"}) {
    p.grant(std::string(roles::service_level_manager), k);
    p.grant("supplier_manager", k);
  }
  for (const char* a : {"record", "read"}) p.grant(std::string(roles::customer), "dispute", a);
  // Design and transition (clause 5): change managers keep the records, release managers accept
  // transitions; the SMS manager keeps training, competences and competence requirements.
  p.grant(std::string(roles::change_manager), "service_transition");
  p.grant(std::string(roles::release_manager), "service_transition", "accept");
  for (const char* k : {"training_record", "competence", "competence_requirement"}) p.grant(std::string(sms_manager_role), k);
  // Records retention (R-4.3-records): the SMS manager keeps the rules and holds and disposes.
  for (const char* k : {"retention_rule", "legal_hold", "disposal"}) p.grant(std::string(sms_manager_role), k);
  // Information security (clause 6.6): the security manager keeps the policy and the registers.
  for (const char* k : {"security_policy", "security_risk", "security_control", "external_access"})
    p.grant(std::string(security_manager_role), k);
  p.grant(std::string(security_manager_role), "*", "read");
  // Capacity (clause 6.5): the capacity manager keeps metrics and plans and records measurements,
  // and a breach may record an incident.
  for (const char* k : {"capacity_metric", "capacity_measurement", "capacity_plan"}) p.grant(std::string(capacity_manager_role), k);
  p.grant(std::string(capacity_manager_role), "incident", "record");
  p.grant(std::string(capacity_manager_role), "*", "read");
  // Budgeting and accounting (clause 6.4): the finance manager keeps costs, budgets and the
  // finance and apportionment policies; top management approves budgets. Customers' users see no
  // costs.
  for (const char* k : {"cost_item", "budget", "finance_policy", "apportionment_policy"}) p.grant(std::string(finance_manager_role), k);
  p.grant(std::string(finance_manager_role), "*", "read");
  p.grant(std::string(top_management_role), "budget", "transition:approve");
  // Everyone may read the rules in force (the stored policies); only admins change them.
  p.grant("*", "policy", "read");
  // The provider's staff read every kind (customer scope still applies to customer users).
  for (auto role : {roles::configuration_manager, roles::change_manager, roles::cab_member, roles::service_desk,
                    roles::incident_manager, roles::problem_manager, roles::release_manager,
                    roles::service_level_manager, roles::auditor, roles::viewer, emergency_cab_role,
                    service_owner_role, sms_manager_role, top_management_role})
    p.grant(std::string(role), "*", "read");
  // A customer's users read the catalogue and record and follow their own tickets.
  for (const char* k : {"service", "sla", "customer", "incident", "service_request"})
    p.grant(std::string(roles::customer), k, "read");
  for (const char* k : {"incident", "service_request"}) p.grant(std::string(roles::customer), k, "record");
  p.grant(std::string(roles::customer), "incident", "note");
  // …and comment on them and attach files (customer-visible comments only: tickets.hpp).
  for (const char* k : {"incident", "service_request"})
    for (const char* action : {"comment", "attach"}) p.grant(std::string(roles::customer), k, action);
  for (const char* k : {"ticket_comment", "ticket_attachment"}) p.grant(std::string(roles::customer), k, "read");
  return p;
}

}  // namespace itsm
