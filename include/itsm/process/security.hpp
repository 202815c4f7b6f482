// Information security management (clause 6.6) in the process layer: the security policy as a
// controlled record approved by someone other than its author and re-approved at each review
// (R-6.6-policy); the risk register with periodic assessments (R-6.6-policy); the control
// register linked to risks, CIs and services, with effectiveness reviews (R-6.6-controls);
// access granted to external parties (R-6.6-controls); and the controls and risks an RFC touches
// (R-6.6-rfc). Every write runs the one write path; every read names its actor.
// Methods: docs/security-and-capacity.md. Thread-safety: safe from several threads.
#pragma once

#include "itsm/core/export.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "itsm/core/actor.hpp"
#include "itsm/model/change.hpp"
#include "itsm/model/security.hpp"
#include "itsm/process/write_options.hpp"

namespace itsm {

namespace detail {
struct context;  // what the processes share (not installed)
}  // namespace detail

// The role that keeps the security policy and registers (role_policy::defaults grants it).
inline constexpr std::string_view security_manager_role = "security_manager";

// The controls and open risks whose CIs or services meet an RFC's scope or assessed impact.
struct ITSM_API rfc_security_scope {
  std::vector<model::security_control> controls;
  std::vector<model::security_risk> risks;  // on those CIs/services or addressed by those controls
};

class ITSM_API security_management {
 public:
  // Records version 1 of a policy in draft; `who` is its author. Rules (R-6.6-policy): its
  // invariants. REQUIRES: draft.id invalid and draft.revision == 0.
  model::security_policy propose_policy(const actor& who, model::security_policy draft, const write_options& opts = {});
  // Stores the next version in draft, written by `who` (retire with retired = true).
  // edited.revision must be the stored one.
  model::security_policy revise_policy(const actor& who, const model::security_policy& edited,
                                       const write_options& opts = {});
  // Approves a draft, or re-approves an approved policy at its review (R-6.6-policy). Separation
  // of duties: the author of the current version cannot approve it (permission_denied).
  model::security_policy approve_policy(const actor& who, security_policy_id id, const write_options& opts = {});

  // Enters a risk in the register, assessed now by `who`. Rules (R-6.6-policy): its invariants,
  // CIs and services that exist. REQUIRES: draft.id invalid.
  model::security_risk add_risk(const actor& who, model::security_risk draft, const write_options& opts = {});
  // Records a periodic assessment: likelihood, impact and treatment now (R-6.6-policy); close
  // the risk with closed = true. edited.revision must be the stored one.
  model::security_risk assess_risk(const actor& who, const model::security_risk& edited, const write_options& opts = {});

  // Records a control. Rules (R-6.6-controls): its invariants; the risks it addresses, CIs and
  // services that exist. REQUIRES: draft.id invalid.
  model::security_control add_control(const actor& who, model::security_control draft, const write_options& opts = {});
  // Records an effectiveness review now (R-6.6-controls: findings required).
  model::security_control review_control(const actor& who, security_control_id id, bool effective,
                                         const std::string& findings, const write_options& opts = {});
  // Retires a control (no longer in force).
  model::security_control retire_control(const actor& who, security_control_id id, const write_options& opts = {});

  // Grants an external party access (R-6.6-controls): a party that exists, CIs and services that
  // exist, the controls it is granted under, an end date in the future. REQUIRES: draft.id invalid.
  model::external_access grant_access(const actor& who, model::external_access draft, const write_options& opts = {});
  // Revokes an access before its end (R-6.6-controls).
  model::external_access revoke_access(const actor& who, external_access_id id, const write_options& opts = {});

  // Reads: absent (nullopt / left out) when the record does not exist or `who` may not see it.
  std::optional<model::security_policy> find_policy(const actor& who, security_policy_id id) const;
  std::vector<model::security_policy> policies(const actor& who) const;
  std::vector<model::security_risk> risks(const actor& who) const;
  std::vector<model::security_control> controls(const actor& who) const;
  std::vector<model::external_access> accesses(const actor& who) const;
  // The controls and risks an RFC's scope or assessed impact touches (R-6.6-rfc). Needs reads of
  // RFCs, controls and risks. not_found when the RFC does not exist or `who` may not see it.
  rfc_security_scope touched_by(const actor& who, rfc_id rfc) const;

 private:
  friend class sms;  // processes are built by sms, which owns what they share
  explicit security_management(std::shared_ptr<const detail::context> ctx);
  std::shared_ptr<const detail::context> ctx_;
};

}  // namespace itsm
