// Design and transition of new or changed services (clause 5 of ISO/IEC 20000-1). An RFC the
// change policy routes to design & transition (major impact, or a new, removed or transferred
// service: R-9.2-route, R-5-scope) follows one record: its plan (R-5.2-plan) must be complete
// before the RFC is approved, its design (R-5.3-design) before implementation starts, and its
// acceptance results, release and outcome report (R-5.4-transition) before the RFC closes — the
// change process refuses those steps otherwise, citing the ids. Accepting the transition applies
// the catalogue update. Methods: docs/design-and-transition.md.
// Thread-safety: safe to call from several threads (writes serialise in the store).
#pragma once

#include "itsm/core/export.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "itsm/core/actor.hpp"
#include "itsm/model/change.hpp"
#include "itsm/model/service_design.hpp"
#include "itsm/process/write_options.hpp"

namespace itsm {

namespace detail {
struct context;  // what the processes share (not installed)
}  // namespace detail

// The result of testing the new or changed service against one acceptance criterion.
struct ITSM_API acceptance_result {
  std::string criterion;  // one of the plan's acceptance_criteria, word for word
  bool passed = false;    // Default: false
  std::string evidence;   // what was tested and seen. REQUIRES: non-empty
};

class ITSM_API service_design_management {
 public:
  // Opens the record of an RFC routed to design & transition (R-5-scope: the RFC has
  // design_transition set by its assessment, or a service action; it is draft or assessed and
  // has no record yet). The service must exist and be in the RFC's scope (a new service is first
  // added to the catalogue as pipeline); the listed SLAs must be that service's. The plan and design may still be
  // incomplete. In the same transaction the record's key becomes the RFC's design_plan.
  // REQUIRES: draft.id invalid, revision 0, action and what the transition sets left empty.
  model::service_transition open(const actor& who, model::service_transition draft, const write_options& opts = {});
  // Revises the plan and the design (not the RFC, service, action or what the transition sets).
  // Once the RFC is approved the plan must stay complete (R-5.2-plan), once it is implementing
  // the design too (R-5.3-design); an accepted transition no longer changes (R-5.4-transition).
  // edited.revision must be the stored one.
  model::service_transition revise(const actor& who, const model::service_transition& edited,
                                   const write_options& opts = {});
  // Records the acceptance (R-5.4-transition): the RFC is implementing; one passed result per
  // acceptance criterion; `release` exists, lists the RFC and is deployed or closed. Applies the
  // catalogue update in the same transaction, audited under the RFC (the grant to accept covers
  // it): a new service goes live, a removed one is retired.
  model::service_transition accept(const actor& who, service_transition_id id,
                                   const std::vector<acceptance_result>& results, release_id release,
                                   const write_options& opts = {});
  // The outcome report at review (R-5.4-transition): after acceptance, one actual result per
  // measurable outcome (same order), a report comparing them, and whether the outcomes were met.
  model::service_transition report_outcome(const actor& who, service_transition_id id,
                                           std::vector<std::string> actual_outcomes, const std::string& report,
                                           bool outcomes_met, const write_options& opts = {});

  // Reads: absent when the record does not exist or `who` may not see it.
  std::optional<model::service_transition> find(const actor& who, service_transition_id id) const;
  std::optional<model::service_transition> for_rfc(const actor& who, rfc_id rfc) const;
  std::vector<model::service_transition> all(const actor& who) const;

 private:
  friend class sms;  // processes are built by sms, which owns what they share
  explicit service_design_management(std::shared_ptr<const detail::context> ctx);
  std::shared_ptr<const detail::context> ctx_;
};

}  // namespace itsm
