// itsm::sms — the service management system façade: one store, one clock, the hooks and the
// policies, and the processes that write through the one write path. Open one per store and
// share it; it registers every record kind with the store on construction.
// Thread-safety: all member functions may be called from several threads at once.
#pragma once

#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "itsm/audit/records.hpp"
#include "itsm/audit/trail.hpp"
#include "itsm/core/clock.hpp"
#include "itsm/core/event.hpp"
#include "itsm/core/export.hpp"
#include "itsm/model/relationship.hpp"
#include "itsm/process/assurance.hpp"
#include "itsm/process/authorizer.hpp"
#include "itsm/process/change_policy.hpp"
#include "itsm/process/changes.hpp"
#include "itsm/process/configuration.hpp"
#include "itsm/process/competence.hpp"
#include "itsm/process/records.hpp"
#include "itsm/process/continuity.hpp"
#include "itsm/process/disputes.hpp"
#include "itsm/process/security.hpp"
#include "itsm/process/capacity.hpp"
#include "itsm/process/finance.hpp"
#include "itsm/process/incidents.hpp"
#include "itsm/process/management.hpp"
#include "itsm/process/policies.hpp"
#include "itsm/process/problems.hpp"
#include "itsm/process/query.hpp"
#include "itsm/process/relationships.hpp"
#include "itsm/process/releases.hpp"
#include "itsm/process/reporting.hpp"
#include "itsm/process/service_design.hpp"
#include "itsm/process/requests.hpp"
#include "itsm/process/satisfaction.hpp"
#include "itsm/process/service_level.hpp"
#include "itsm/process/ticket_policy.hpp"
#include "itsm/process/tickets.hpp"
#include "itsm/storage/backend.hpp"

namespace itsm {

// The hooks of this process, and the policies that seed a NEW store. A store that already has its
// policies keeps them: the four policy fields are then ignored (the store's rules are enforced by
// every process that opens it); change them with sms::policies().
struct ITSM_API sms_options {
  std::shared_ptr<const clock> time_source;           // Default: system_clock
  std::shared_ptr<const authorizer> access;           // Default: role_policy::defaults()
  std::shared_ptr<event_sink> events;                 // Default: none (events are not kept; docs/events.md)
  // Seed only. Default: {} = default_relationship_kinds()
  std::vector<model::relationship_kind> relationship_kinds;
  ticket_policy tickets = {};  // Seed only: incident/request policies. Default: ticket_policy{}
  change_policy changes = {};    // Seed only (R-9.2-policy). Default: change_policy{} (no CI type controlled)
  release_policy releases = {};  // Seed only (R-9.3-policy). Default: release_policy{}
};

class ITSM_API sms {
 public:
  // REQUIRES: store != nullptr. Registers every record kind and, on a store without policies,
  // stores the seed policies of `options` (audited as actor "itsm"). Errors: whatever
  // register_schema throws (e.g. conflict when the store was written by a newer itsm);
  // rule_violation when a seed policy breaks check_policy.
  explicit sms(std::shared_ptr<storage::backend> store, sms_options options = {});
  // Opens the store at `uri` (storage::open) and wraps it.
  static sms open(std::string_view uri, sms_options options = {});

  configuration_management& configuration() noexcept { return *configuration_; }
  service_level_management& service_level() noexcept { return *service_level_; }
  incident_management& incidents() noexcept { return *incidents_; }
  problem_management& problems() noexcept { return *problems_; }
  request_management& requests() noexcept { return *requests_; }
  change_management& changes() noexcept { return *changes_; }
  release_management& releases() noexcept { return *releases_; }
  policy_management& policies() noexcept { return *policies_; }
  // Comments, links, attachments, custom fields, assignment groups, imports (process/tickets.hpp).
  ticket_management& tickets() noexcept { return *tickets_; }
  // Report definitions, requirement exclusions and read snapshots (process/reporting.hpp).
  report_management& reports() noexcept { return *reports_; }
  // Customer relationships, suppliers, agreements and their alignment (process/relationships.hpp).
  relationship_management& relationships() noexcept { return *relationships_; }
  // Typed, authorized, paged queries and counts over the listed kinds (process/query.hpp).
  const query_service& queries() const noexcept { return *queries_; }
  // The management system: plan, documents, audits, improvements, reviews (process/management.hpp).
  management_system& management() noexcept { return *management_; }
  // Availability requirements, outages and end-to-end availability (process/assurance.hpp).
  assurance_management& assurance() noexcept { return *assurance_; }
  // Continuity and availability plans, plan tests, RFC links, plan export (process/continuity.hpp).
  continuity_management& continuity() noexcept { return *continuity_; }
  // Customer satisfaction surveys and their results (process/satisfaction.hpp).
  satisfaction_management& satisfaction() noexcept { return *satisfaction_; }
  // Customer and supplier disputes and the dispute procedure (process/disputes.hpp).
  dispute_management& disputes() noexcept { return *disputes_; }
  // Design and transition of new or changed services (process/service_design.hpp).
  service_design_management& design() noexcept { return *design_; }
  // Training, competences and competence requirements (process/competence.hpp).
  competence_management& competence() noexcept { return *competence_; }
  // Security policy, risk and control registers, external access (process/security.hpp).
  security_management& security() noexcept { return *security_; }
  // Capacity metrics, measurements, forecasts and plans (process/capacity.hpp).
  capacity_management& capacity() noexcept { return *capacity_; }
  // Records retention rules, legal holds and disposal (process/records.hpp).
  records_management& records() noexcept { return *records_; }
  // Costs, budgets, cost per service, budget vs actual, the finance policy (process/finance.hpp).
  finance_management& finance() noexcept { return *finance_; }

  // Hands the events stored and not yet delivered to the sink now, oldest first, ignoring a
  // failure's back-off (commits deliver on their own; call this after fixing a failing sink, or
  // on a timer). Authorized as ("deliver", "event"): admins by default. Without a sink: nothing.
  delivery_status deliver_events(const actor& who);

  // The escape hatch: the raw storage backend, beneath the write path. A write through it skips
  // rules, authorization and audit — and verify_records() reports it as such. For adapter
  // maintenance and forensics only; products read and write through the processes.
  storage::backend& unaudited_store() noexcept;
  const clock& time_source() const noexcept;

  // Verifies the whole audit trail (R-9.1-trace); with a checkpoint also truncation and rewrites.
  audit::verify_result verify_audit(const std::optional<audit::checkpoint>& cp = {}) const;
  audit::checkpoint checkpoint() const;
  // Checks every stored record against the state the trail says it has (R-9.1-trace,
  // R-4.3-records): rows edited, inserted or deleted outside the write path are reported.
  audit::record_verification verify_records() const;
  // Both checks: the chain (with `cp`, if given), then the records.
  struct verification {
    audit::verify_result trail;
    audit::record_verification records;
    bool ok() const noexcept { return trail.ok && records.ok; }
  };
  verification verify(const std::optional<audit::checkpoint>& cp = {}) const;
  // The same, asked by `who`: authorized as ("read", "audit", detail "verify") — the provider's
  // staff by default, not customers' users — and a denial is audited like any other.
  // Errors: permission_denied.
  verification verify(const actor& who, const std::optional<audit::checkpoint>& cp = {}) const;

 private:
  std::shared_ptr<detail::context> ctx_;
  std::unique_ptr<configuration_management> configuration_;
  std::unique_ptr<service_level_management> service_level_;
  std::unique_ptr<incident_management> incidents_;
  std::unique_ptr<problem_management> problems_;
  std::unique_ptr<request_management> requests_;
  std::unique_ptr<change_management> changes_;
  std::unique_ptr<release_management> releases_;
  std::unique_ptr<policy_management> policies_;
  std::unique_ptr<ticket_management> tickets_;
  std::unique_ptr<query_service> queries_;
  std::unique_ptr<report_management> reports_;
  std::unique_ptr<management_system> management_;
  std::unique_ptr<relationship_management> relationships_;
  std::unique_ptr<assurance_management> assurance_;
  std::unique_ptr<continuity_management> continuity_;
  std::unique_ptr<satisfaction_management> satisfaction_;
  std::unique_ptr<dispute_management> disputes_;
  std::unique_ptr<service_design_management> design_;
  std::unique_ptr<competence_management> competence_;
  std::unique_ptr<security_management> security_;
  std::unique_ptr<capacity_management> capacity_;
  std::unique_ptr<records_management> records_;
  std::unique_ptr<finance_management> finance_;
};

}  // namespace itsm
