// Change management (clause 9.2): RFCs recorded with a scope, classified by the change policy,
// assessed against the CMDB graph and the schedule, approved by role with quorum and separation
// of duties, then built, tested, implemented, reviewed and closed — every step through the one
// write path, illegal steps refused with the rule id. Thread-safety: safe from several threads.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "itsm/core/actor.hpp"
#include "itsm/core/export.hpp"
#include "itsm/model/change.hpp"
#include "itsm/model/change_records.hpp"
#include "itsm/process/change_policy.hpp"
#include "itsm/storage/backend.hpp"
#include "itsm/process/schedule.hpp"
#include "itsm/process/write_options.hpp"

namespace itsm {

namespace detail {
struct context;  // what the processes share (not installed)
}  // namespace detail

// The answers an assessment records (R-9.2-assess, R-6.6-rfc, R-6.3-rfc).
struct ITSM_API rfc_assessment {
  std::string risk{};               // "low", "medium" or "high". REQUIRES: non-empty
  std::string security_impact{};    // REQUIRES: non-empty (R-6.6-rfc), "none" is an answer
  std::string continuity_impact{};  // REQUIRES: non-empty, "none" is an answer
  std::string plans_impact{};       // impact on service / capacity plans (R-6.3-rfc). Default: ""
  std::string cost{};               // Default: ""
};

// The blast radius of an RFC through the CMDB graph (R-9.1-to-change).
struct ITSM_API impact_analysis {
  std::vector<ci_id> cis{};            // impacted CIs, the scope excluded, by id
  std::vector<service_id> services{};  // services of the scope and the impact, and services
                                     // depending on them, by id
};

enum class vote { approve, reject };

// RFC statistics (R-9.2-trends): counts by class, state, outcome, CI type and month ("2026-03").
struct ITSM_API rfc_trends {
  std::size_t total = 0;
  std::map<std::string, std::size_t> by_class, by_state, by_outcome, by_ci_type, by_month;
};

class ITSM_API change_management {
 public:

  // Records an RFC in state draft; the actor becomes its requester. Rules: the record's
  // invariants (title, scope: R-9.2-record), scope CIs and services exist, a standard RFC names
  // a model of the policy whose CI types cover the scope, an emergency RFC states why it meets
  // the emergency definition (R-9.2-emergency). REQUIRES: draft.id invalid.
  model::rfc submit(const actor& who, model::rfc draft, const write_options& opts = {});
  // Edits the plan of a draft or assessed RFC (title, reason, scope, window, backout, design
  // plan, implementer…); state, requester and recorded decisions cannot change here. Editing the
  // scope of an assessed RFC sends it back to draft. edited.revision must be the stored one.
  model::rfc edit(const actor& who, const model::rfc& edited, const write_options& opts = {});

  // The impact of changing `scope` now (pure read).
  impact_analysis impact_of(const actor& who, const std::vector<ci_id>& scope,
                            const std::vector<service_id>& services = {}) const;

  // draft → assessed: records the answers and the impact, classifies (major per policy, routed
  // to design & transition: R-9.2-route). A standard RFC is pre-approved: → approved.
  model::rfc assess(const actor& who, rfc_id id, const rfc_assessment& a, const write_options& opts = {});
  // One approver's vote on an assessed RFC (R-9.2-approve): recorded as an approval; any
  // rejection ⇒ rejected; quorum reached ⇒ approved. Guards: backout plan (R-9.2-backout), a
  // design plan for major RFCs (R-9.2-route). Denied whatever the authorizer says when the
  // approver requested the RFC or holds no approving capacity for its class.
  model::rfc decide(const actor& who, rfc_id id, vote v, const std::string& comment = {},
                    const write_options& opts = {});
  // approved|scheduled → scheduled in `window` (R-9.2-schedule). Refused with the conflicts
  // unless `accept_conflicts` (then they are recorded on the RFC and in the audit reason).
  model::rfc schedule(const actor& who, rfc_id id, period window, bool accept_conflicts = false,
                      const write_options& opts = {});
  model::rfc mark_built(const actor& who, rfc_id id, const write_options& opts = {});   // scheduled → built
  model::rfc mark_tested(const actor& who, rfc_id id, const write_options& opts = {});  // built → tested
  // tested → implementing (emergency: also from approved / scheduled); the actor is the implementer.
  model::rfc start_implementation(const actor& who, rfc_id id, const write_options& opts = {});
  // implementing → implemented or failed.
  model::rfc complete(const actor& who, rfc_id id, bool successful, const write_options& opts = {});
  // failed → backed_out, opening an investigation record (R-9.2-backout).
  model::rfc back_out(const actor& who, rfc_id id, const std::string& what_was_done,
                      const std::string& investigation_summary, problem_id problem = {},
                      const write_options& opts = {});
  // implemented|backed_out → reviewed with the PIR (R-9.2-review). `participants` are the other
  // reviewers; the implementer cannot do the review alone.
  model::rfc review(const actor& who, rfc_id id, const std::string& pir,
                    std::vector<std::string> participants = {}, const write_options& opts = {});
  // An emergency RFC's retrospective review by the CAB (R-9.2-emergency), once implemented or
  // backed out; not by its requester or implementer.
  model::rfc retrospective_review(const actor& who, rfc_id id, const std::string& text,
                                  const write_options& opts = {});
  // reviewed|rejected → closed. Guards: PIR (R-9.2-review); a failed change backed out and
  // investigated (R-9.2-backout); an emergency change retrospectively reviewed (R-9.2-emergency).
  model::rfc close(const actor& who, rfc_id id, const write_options& opts = {});

  // Non-throwing: the rules `action` ("edit", "assess", "decide", "schedule", "build", "test",
  // "implement", "complete", "back_out", "review", "retrospective_review", "close") would meet
  // now, separation of duties for `who` included (empty = allowed by the rules).
  std::vector<violation> check(const actor& who, rfc_id id, std::string_view action) const;

  std::optional<model::rfc> find(const actor& who, rfc_id id) const;
  std::vector<model::approval> approvals(const actor& who, rfc_id id) const;
  std::vector<model::investigation> investigations(const actor& who, rfc_id id) const;

  // The schedule of change (R-9.2-schedule): RFCs approved and later, not yet implemented, with
  // a window overlapping `p`; optionally only those whose scope or impact includes the service
  // or the CI. By window start.
  std::vector<model::rfc> schedule_of_change(const actor& who, const period& p, service_id service = {},
                                             ci_id ci = {}) const;
  // The conflicts `id` would have in `window` against the current schedule (pure read).
  std::vector<schedule_conflict> conflicts(const actor& who, rfc_id id, const period& window) const;
  // The whole schedule as the pure conflict function sees it.
  change_schedule current_schedule(const actor& who) const;
  rfc_trends trends(const actor& who, const period& p) const;  // RFCs submitted (first audited) within p

 private:
  friend class sms;  // processes are built by sms, which owns what they share
  // The change policy in force is the store's (sms::policies()), read by each operation.
  explicit change_management(std::shared_ptr<const detail::context> ctx);
  std::shared_ptr<const detail::context> ctx_{};
};

}  // namespace itsm
