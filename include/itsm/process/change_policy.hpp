// The change policy agreed by the provider (R-9.2-policy): which CI types are under change
// control, what makes a change "major", the standard (pre-approved) change models, the emergency
// change definition, who approves what, and the schedule's calendar (freezes, maintenance
// windows). Thread-safety: a plain value; sms shares one immutable copy between threads.
#pragma once

#include <string>
#include <vector>

#include "itsm/core/actor.hpp"
#include "itsm/core/error.hpp"
#include "itsm/core/export.hpp"
#include "itsm/model/change.hpp"
#include "itsm/process/schedule.hpp"

namespace itsm {

// A pre-approved change model; a standard RFC names the model it follows.
struct ITSM_API standard_change_model {
  std::string name;                   // Default: "" (REQUIRES: non-empty, unique in the policy)
  std::string description;            // Default: ""
  std::vector<std::string> ci_types;  // CI types it may touch. Default: {} = any
  std::string backout_plan;           // the model's tested backout. Default: ""
};

// Who must approve an RFC of one class (R-9.2-approve).
struct ITSM_API approval_rule {
  int quorum = 2;                                // distinct approving votes needed. Default: 2
  std::vector<std::string> roles;                // roles whose votes count. Default: none
  bool change_manager_required = true;           // one vote must be a change manager's. Default: true
  bool service_owners_required = true;           // every affected service's owner. Default: true
};

inline constexpr std::string_view emergency_cab_role = "emergency_cab";
inline constexpr std::string_view service_owner_role = "service_owner";

struct ITSM_API change_policy {
  // CI types (and their subtypes) under change control (R-9.2-policy). Default: none.
  std::vector<std::string> controlled_ci_types;
  // An RFC affecting this many services or more is major. Default: 3
  std::size_t major_service_threshold = 3;
  // Assessed risks that make an RFC major. Default: {"high"}
  std::vector<std::string> major_risks{"high"};
  // New services and the removal or transfer of a service are always major (R-5-scope); this
  // cannot be switched off.
  std::vector<standard_change_model> standard_models;  // Default: none
  // The agreed definition of an emergency change (R-9.2-emergency). Default: the text below.
  std::string emergency_definition =
      "a change needed to restore a live service or to close a security exposure that cannot "
      "wait for the next CAB";
  approval_rule normal{2, {std::string(roles::change_manager), std::string(roles::cab_member)}, true, true};
  approval_rule major{3, {std::string(roles::change_manager), std::string(roles::cab_member)}, true, true};
  approval_rule emergency{1, {std::string(emergency_cab_role)}, false, false};
  // Roles that may do an emergency change's retrospective review. Default: change manager, CAB.
  std::vector<std::string> retrospective_roles{std::string(roles::change_manager),
                                               std::string(roles::cab_member)};
  schedule_calendar calendar;  // Default: no freezes, no maintenance windows
  // Emergency changes may be implemented straight after approval (build and test recorded
  // later or skipped). Default: true
  bool emergency_skips_build_and_test = true;
  // R-6.1-change: updating a live service, or agreeing a new SLA for one, needs an RFC in
  // implementation whose scope names the service (write_options.reference). Default: false
  bool catalogue_under_change_control = false;

  const standard_change_model* find_model(std::string_view name) const {
    for (const auto& m : standard_models)
      if (m.name == name) return &m;
    return nullptr;
  }
  const approval_rule& rule_for(model::rfc_class c) const {
    return c == model::rfc_class::major ? major : c == model::rfc_class::emergency ? emergency : normal;
  }
};

// Why an RFC is major under the policy (empty: it is not). `impacted_services` counts the
// services in scope and in its impact.
ITSM_API std::vector<std::string> major_reasons(const change_policy& p, const model::rfc& r,
                                                std::size_t impacted_services);

}  // namespace itsm
