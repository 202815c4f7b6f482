// Internal audits (clause 4.5.4.2, R-4.5-audit): audits planned at intervals, each with its scope
// (the record kinds and the period audited) and criteria (requirement ids), performed by an
// auditor who did not write the records audited; nonconformities found by an audit, each closed
// only after its corrective action (an improvement, model/improvement.hpp) is done.
// Thread-safety: value types.
#pragma once

#include <string>
#include <vector>

#include "itsm/core/export.hpp"
#include "itsm/core/time.hpp"
#include "itsm/model/ids.hpp"
#include "itsm/model/improvement.hpp"
#include "itsm/model/kind.hpp"

namespace itsm {
struct internal_audit_tag {
  static constexpr std::string_view prefix = "IAU";
};
using internal_audit_id = id<internal_audit_tag>;
struct nonconformity_tag {
  static constexpr std::string_view prefix = "NCR";
};
using nonconformity_id = id<nonconformity_tag>;
}  // namespace itsm

namespace itsm::model {

enum class audit_state { planned, completed, cancelled };
template <> struct enum_names<audit_state> {
  static constexpr std::array values{std::string_view("planned"), std::string_view("completed"),
                                     std::string_view("cancelled")};
};

struct ITSM_API internal_audit {
  internal_audit_id id{};
  std::int64_t revision = 0;
  std::string title{};
  std::vector<std::string> scope_kinds{};  // record kinds audited: "rfc", "release", …
  timestamp scope_from{}, scope_to{};      // the period whose records are audited
  std::vector<std::string> criteria{};     // requirement ids audited against: "R-9.2-approve"
  std::string auditor{};                   // actor name; never someone who wrote audited records
  timestamp planned_for{};                 // the audit programme's date for it
  audit_state state = audit_state::planned;
  std::string planned_by{};
  timestamp completed_at{};
  std::string conclusion{};

  static const kind_def<internal_audit>& def();
  // R-4.5-audit: a title, scope kinds, criteria of the form R-…, an auditor, a plan date and a
  // scope period with from < to.
  std::vector<violation> check() const;
};

enum class nonconformity_state { open, action_planned, closed };
template <> struct enum_names<nonconformity_state> {
  static constexpr std::array values{std::string_view("open"), std::string_view("action_planned"),
                                     std::string_view("closed")};
};

struct ITSM_API nonconformity {
  nonconformity_id id{};
  std::int64_t revision = 0;
  internal_audit_id audit{};
  std::string requirement{};             // the requirement not met: "R-9.2-approve"
  std::string description{};
  std::vector<std::string> evidence{};   // record ids: "RFC-4"
  std::string raised_by{};
  timestamp raised_at{};
  nonconformity_state state = nonconformity_state::open;
  improvement_id action{};               // the corrective action
  std::string closed_by{};
  timestamp closed_at{};
  std::string verification{};            // how the action's effect was verified

  static const kind_def<nonconformity>& def();
  std::vector<violation> check() const;
};

}  // namespace itsm::model
