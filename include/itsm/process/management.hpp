// The management system itself (clause 4 of ISO/IEC 20000-1): the SMS scope and plan
// (R-4.5-scope-plan), controlled documents and the definitive media library (R-4.3-documents,
// R-9.1-library), internal audits with their nonconformities (R-4.5-audit), the improvement
// register (R-4.5-improve) and management reviews (R-4.5-review). Every write runs the one write
// path; every read names its actor. docs/management-system.md maps each clause to its records.
// Thread-safety: safe to call from several threads (writes serialise in the store).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "itsm/core/actor.hpp"
#include "itsm/core/export.hpp"
#include "itsm/model/improvement.hpp"
#include "itsm/model/internal_audit.hpp"
#include "itsm/model/management_documents.hpp"
#include "itsm/process/write_options.hpp"

namespace itsm {

namespace detail {
struct context;  // what the processes share (not installed)
}  // namespace detail

// Default roles (role_policy::defaults()): the SMS manager keeps the plan, the documents, the
// audit programme and the improvement register; top management approves improvements and holds
// management reviews; auditors raise nonconformities and complete their audits.
inline constexpr std::string_view sms_manager_role = "sms_manager";
inline constexpr std::string_view top_management_role = "top_management";

// One finding to seed an audit with, e.g. a nonconformity of the conformance check
// (report::findings_of, itsm/report/management.hpp).
struct ITSM_API audit_finding {
  std::string requirement;            // "R-9.2-approve"
  std::string description;
  std::vector<std::string> evidence;  // record ids
};

class ITSM_API management_system {
 public:
  // --- Scope and plan (R-4.5-scope-plan). Versions: record a draft (version = last + 1; one open
  // draft at a time), then approve it; the approved version is the plan in force and the one it
  // replaces becomes obsolete. Services in scope must exist. Approver != author (denied).
  // REQUIRES: draft.id invalid, revision 0, version/state/author/approval unset.
  model::sms_plan record_plan(const actor& who, model::sms_plan draft, const write_options& opts = {});
  model::sms_plan approve_plan(const actor& who, sms_plan_id id, const write_options& opts = {});
  std::optional<model::sms_plan> current_plan(const actor& who) const;
  std::vector<model::sms_plan> plan_versions(const actor& who) const;

  // --- Controlled documents (R-4.3-documents, R-9.1-library), versioned as the plan is, per
  // document name. Media (definitive media library entries) carry a SHA-256 checksum and link
  // the releases built from them; linked releases must exist.
  model::controlled_document record_document(const actor& who, model::controlled_document draft,
                                             const write_options& opts = {});
  model::controlled_document approve_document(const actor& who, document_id id, const write_options& opts = {});
  // A current document withdrawn without successor: marked obsolete.
  model::controlled_document withdraw_document(const actor& who, document_id id, const write_options& opts = {});
  // The current version was reviewed and stays valid until `next_due` (later than now).
  model::controlled_document confirm_review(const actor& who, document_id id, timestamp next_due,
                                            const write_options& opts = {});
  std::optional<model::controlled_document> find_document(const actor& who, document_id id) const;
  // The approved version of the document named `name`; never a draft or an obsolete version.
  std::optional<model::controlled_document> current_document(const actor& who, const std::string& name) const;
  std::vector<model::controlled_document> document_versions(const actor& who, const std::string& name) const;
  // Current documents whose review date is before `at`.
  std::vector<model::controlled_document> overdue_reviews(const actor& who, timestamp at) const;

  // --- Internal audits (R-4.5-audit). The auditor must not have written any record of the
  // scope's kinds in the scope's period (checked from the audit trail when the audit is planned
  // and again when it completes). Only the audit's auditor raises its nonconformities and
  // completes it (denied otherwise, whatever the authorizer says).
  model::internal_audit plan_audit(const actor& who, model::internal_audit draft, const write_options& opts = {});
  model::nonconformity raise_nonconformity(const actor& who, internal_audit_id audit, const audit_finding& finding,
                                           const write_options& opts = {});
  // One nonconformity per finding whose requirement is among the audit's criteria, in one
  // transaction; the others are ignored (outside the audit's scope).
  std::vector<model::nonconformity> seed_findings(const actor& who, internal_audit_id audit,
                                                  const std::vector<audit_finding>& findings,
                                                  const write_options& opts = {});
  model::internal_audit complete_audit(const actor& who, internal_audit_id audit, const std::string& conclusion,
                                       const write_options& opts = {});
  // Records the corrective action of an open nonconformity in the improvement register (type
  // corrective, source the nonconformity; it still needs approval like every improvement).
  model::improvement plan_corrective_action(const actor& who, nonconformity_id nc, model::improvement action,
                                            const write_options& opts = {});
  // Closes a nonconformity whose corrective action is closed; the closer is not the action's owner.
  model::nonconformity close_nonconformity(const actor& who, nonconformity_id nc, const std::string& verification,
                                           const write_options& opts = {});
  // The audit programme: audits planned for [from, to), by date.
  std::vector<model::internal_audit> programme(const actor& who, timestamp from, timestamp to) const;
  std::vector<model::nonconformity> nonconformities(const actor& who) const;

  // --- Improvement register (R-4.5-improve): proposed -> approved (approver != proposer) ->
  // implemented -> closed (with the measured outcome); proposed/approved -> rejected (reason).
  // A source, when given, must be an existing record ("NCR-2", "PRB-4", "INC-9", "MRV-1").
  model::improvement propose(const actor& who, model::improvement draft, const write_options& opts = {});
  model::improvement approve_improvement(const actor& who, improvement_id id, const write_options& opts = {});
  model::improvement reject_improvement(const actor& who, improvement_id id, const std::string& reason,
                                        const write_options& opts = {});
  model::improvement implement(const actor& who, improvement_id id, const write_options& opts = {});
  model::improvement close_improvement(const actor& who, improvement_id id, const std::string& outcome,
                                       bool target_met, const write_options& opts = {});
  std::vector<model::improvement> improvements(const actor& who) const;

  // --- Management reviews (R-4.5-review). The inputs as read from the store at `at`, one or more
  // "topic: summary" lines per model::review_topics() except "conformance", which the caller
  // adds from the conformance check (report::review_input, itsm/report/management.hpp).
  std::vector<std::string> prepare_review(const actor& who, timestamp at) const;
  // Records the review and, in the same transaction, its actions as proposed improvements
  // (source: the review). REQUIRES: draft.id invalid and draft.actions empty.
  model::management_review hold_review(const actor& who, model::management_review draft,
                                       std::vector<model::improvement> actions, const write_options& opts = {});
  std::vector<model::management_review> reviews(const actor& who) const;

 private:
  friend class sms;  // processes are built by sms, which owns what they share
  explicit management_system(std::shared_ptr<const detail::context> ctx);
  std::shared_ptr<const detail::context> ctx_;
};

}  // namespace itsm
