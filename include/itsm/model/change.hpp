// Requests for change, releases and configuration baselines (R-9.2-record, R-9.3-plan,
// R-9.1-baseline). Thread-safety: value types.
#pragma once

#include <string>
#include <vector>

#include "itsm/core/export.hpp"
#include "itsm/model/continuity.hpp"
#include "itsm/model/ids.hpp"
#include "itsm/model/kind.hpp"
#include "itsm/model/security.hpp"

namespace itsm::model {

enum class rfc_class { standard, normal, emergency, major };
template <> struct enum_names<rfc_class> {
  static constexpr std::array values{std::string_view("standard"), std::string_view("normal"),
                                     std::string_view("emergency"), std::string_view("major")};
};

enum class rfc_state {
  draft, assessed, approved, rejected, scheduled, built, tested, implementing,
  implemented, failed, backed_out, reviewed, closed
};
template <> struct enum_names<rfc_state> {
  static constexpr std::array values{
      std::string_view("draft"), std::string_view("assessed"), std::string_view("approved"),
      std::string_view("rejected"), std::string_view("scheduled"), std::string_view("built"),
      std::string_view("tested"), std::string_view("implementing"), std::string_view("implemented"),
      std::string_view("failed"), std::string_view("backed_out"), std::string_view("reviewed"),
      std::string_view("closed")};
};

struct ITSM_API rfc {
  rfc_id id{};
  std::int64_t revision = 0;
  std::string title{};
  std::string reason{};
  rfc_class classification = rfc_class::normal;
  rfc_state state = rfc_state::draft;
  std::string requester{};
  std::string risk{};                    // assessed risk (low, medium, high)
  std::vector<ci_id> scope_cis{};        // defined scope (R-9.2-record)
  std::vector<service_id> scope_services{};
  timestamp window_start{};              // planned implementation window
  timestamp window_end{};
  std::string backout_plan{};            // required before approval (R-9.2-backout)
  std::string implementer{};
  problem_id problem{};                  // when raised from a problem (R-8.2-rfc)
  std::string review{};                  // post-implementation review (R-9.2-review)
  // Classification and routing (R-9.2-policy, R-9.2-route, R-5-scope, R-9.2-emergency).
  std::string standard_model{};          // class standard: the pre-approved model it follows
  std::string service_action{};          // "", "new", "remove" or "transfer" of a service
  std::string emergency_justification{}; // class emergency: why it meets the emergency definition
  bool design_transition = false;      // routed to design & transition (major impact)
  std::string design_plan{};             // the design & transition plan it follows
  // Assessment (R-9.2-assess, R-6.6-rfc, R-6.3-rfc, R-9.1-to-change).
  std::string security_impact{};
  std::string continuity_impact{};
  std::string plans_impact{};
  std::string cost{};
  std::vector<ci_id> impact_cis{};       // blast radius through the CMDB graph (scope excluded)
  std::vector<service_id> impact_services{};
  std::string conflicts{};               // schedule conflicts accepted when scheduled, one per line
  // Outcome (R-9.2-backout, R-9.2-review, R-9.2-emergency).
  std::string outcome{};                 // "successful" or "failed"
  std::string backout_result{};          // what was done to reverse a failed change
  std::vector<std::string> review_participants{};
  std::string retrospective_review{};    // emergency changes: the emergency CAB's retrospective review
  std::string retrospective_by{};
  timestamp submitted_at{};
  timestamp implemented_at{};
  timestamp closed_at{};
  // What the assessment found in other processes (R-9.2-assess, set by the library): the active
  // continuity plans (R-6.3-rfc), security controls and open risks (R-6.6-rfc) whose CIs or
  // services meet the scope or impact, and when it was assessed.
  std::vector<continuity_plan_id> touched_plans{};
  std::vector<security_control_id> touched_controls{};
  std::vector<security_risk_id> touched_risks{};
  timestamp assessed_at{};

  static const kind_def<rfc>& def();
  std::vector<violation> check() const;
};

enum class release_state { planned, built, tested, accepted, deployed, failed, rolled_back, closed };
template <> struct enum_names<release_state> {
  static constexpr std::array values{std::string_view("planned"), std::string_view("built"),
                                     std::string_view("tested"), std::string_view("accepted"),
                                     std::string_view("deployed"), std::string_view("failed"),
                                     std::string_view("rolled_back"), std::string_view("closed")};
};

struct ITSM_API release {
  release_id id{};
  std::int64_t revision = 0;
  std::string name{};
  bool emergency = false;             // an emergency release needs an emergency RFC (R-9.3-emergency)
  release_state state = release_state::planned;
  std::vector<rfc_id> rfcs{};
  std::vector<problem_id> problems{};   // closed by this release
  std::vector<known_error_id> known_errors{};
  timestamp planned_at{};
  timestamp deployed_at{};
  std::string rollback_plan{};          // R-9.3-rollback
  baseline_id baseline{};               // taken before deployment (R-9.3-integrity)
  std::string type{};                   // a release type of the release policy (R-9.3-policy)
  std::string deliverables{};           // R-9.3-plan
  std::string deployment_method{};      // R-9.3-plan
  std::vector<std::string> acceptance_criteria{};  // agreed before acceptance (R-9.3-accept)
  std::string override_by{};            // explicit acceptance override: who …
  std::string override_reason{};        // … and why (R-9.3-accept)
  std::string failure_reason{};         // a failed deployment (R-9.3-rollback)

  static const kind_def<release>& def();
  std::vector<violation> check() const;
};

// A named snapshot of CIs and their relationships (R-9.1-baseline). `content` is the snapshot in
// JSON (each CI's fields and revision, each relationship), so it survives later CI changes.
struct ITSM_API baseline {
  baseline_id id{};
  std::int64_t revision = 0;
  std::string name{};
  std::string scope{};                  // how the CI set was chosen: "service:SVC-1", "all", "list"
  timestamp taken_at{};
  std::string taken_by{};
  std::string content{};

  static const kind_def<baseline>& def();
};

}  // namespace itsm::model
