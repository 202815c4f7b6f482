// Design and transition of new or changed services (clause 5 of ISO/IEC 20000-1): the record an
// RFC routed to design & transition follows (R-5-scope). It holds the plan (R-5.2-plan), the
// design with the catalogue and SLA updates it applies (R-5.3-design), the acceptance results
// against the plan's criteria and the release that deployed it, and the outcome report comparing
// actual with expected results (R-5.4-transition). Thread-safety: value types.
#pragma once

#include "itsm/core/export.hpp"

#include <string>
#include <vector>

#include "itsm/core/time.hpp"
#include "itsm/model/ids.hpp"
#include "itsm/model/kind.hpp"

namespace itsm {
struct service_transition_tag {
  static constexpr std::string_view prefix = "SDT";
};
using service_transition_id = id<service_transition_tag>;
}  // namespace itsm

namespace itsm::model {

struct ITSM_API service_transition {
  service_transition_id id{};
  std::int64_t revision = 0;
  rfc_id rfc{};                 // the RFC it belongs to (one record per RFC)
  service_id service{};         // the service designed, changed, removed or transferred
  std::string action{};         // the RFC's service action: "new", "remove", "transfer" or "" (changed)
  // The plan (R-5.2-plan).
  std::string authorities{}, activities{}, communication{}, resources{}, timescales{}, risks{},
      dependencies{}, testing{};
  std::vector<std::string> acceptance_criteria{};
  std::vector<std::string> measurable_outcomes{};  // "checkout p95 under 800 ms"
  std::string archive_plan{};   // removal: what data is archived, where, for how long
  std::string disposal_plan{};  // removal: what data is disposed of, and how
  // The design (R-5.3-design).
  std::string responsibilities{}, human_resources{}, finance{}, technology{}, contracts{},
      procedures{}, sms_changes{};
  std::string catalogue_update{};   // the catalogue entry as it will read after transition
  std::vector<sla_id> slas{};       // SLAs agreed for the service (must exist)
  // The transition (R-5.4-transition), set by the library.
  std::vector<std::string> acceptance_results{};  // one per criterion: "<criterion>: passed — <evidence>"
  release_id release{};             // the release that deployed it
  timestamp accepted_at{};
  std::string accepted_by{};
  // The outcome report at review (R-5.4-transition), set by the library.
  std::vector<std::string> actual_outcomes{};     // one per measurable outcome
  std::string outcome_report{};
  bool outcomes_met = false;
  timestamp reported_at{};
  std::string opened_by{};

  static const kind_def<service_transition>& def();
  // R-5-scope: an RFC and a service.
  std::vector<violation> check() const;
  // What the plan lacks (R-5.2-plan); a removal also needs its archive and disposal plans.
  std::vector<violation> plan_gaps() const;
  // What the design lacks (R-5.3-design).
  std::vector<violation> design_gaps() const;
  // What the transition lacks (R-5.4-transition): acceptance results, the release, the outcome.
  std::vector<violation> transition_gaps() const;
};

}  // namespace itsm::model
