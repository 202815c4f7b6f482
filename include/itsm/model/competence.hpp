// Competence (clause 4.4.2 of ISO/IEC 20000-1, R-4.4-competence): the training people received,
// the competences (skills) they hold with the evidence for each and how long it stays valid, and
// the stored rules saying which competence an RFC's implementer needs. People are the actors'
// names. Thread-safety: value types.
#pragma once

#include "itsm/core/export.hpp"

#include <string>
#include <vector>

#include "itsm/core/time.hpp"
#include "itsm/model/ids.hpp"
#include "itsm/model/kind.hpp"

namespace itsm {
struct training_record_tag {
  static constexpr std::string_view prefix = "TRN";
};
using training_record_id = id<training_record_tag>;
struct competence_tag {
  static constexpr std::string_view prefix = "CPT";
};
using competence_id = id<competence_tag>;
struct competence_requirement_tag {
  static constexpr std::string_view prefix = "CRQ";
};
using competence_requirement_id = id<competence_requirement_tag>;
}  // namespace itsm

namespace itsm::model {

struct ITSM_API training_record {
  training_record_id id{};
  std::int64_t revision = 0;
  std::string person{};        // the actor's name
  std::string course{};
  std::string provider{};      // who delivered it
  timestamp completed_at{};
  std::string evidence{};      // certificate number, attendance list, exam result
  std::string recorded_by{};   // set by the library

  static const kind_def<training_record>& def();
  // R-4.4-competence: a person, a course, the completion date and the evidence.
  std::vector<violation> check() const;
};

struct ITSM_API competence {
  competence_id id{};
  std::int64_t revision = 0;
  std::string person{};
  std::string skill{};          // "postgresql-administration"
  std::string evidence{};       // why we know: an assessment, a certificate, supervised work
  training_record_id training{};  // the training it came from. Default: none
  timestamp achieved_at{};
  timestamp expires_at{};       // Default: not-a-date-time = does not expire
  std::string assessed_by{};    // set by the library: who recorded it (never the person)
  bool withdrawn = false;
  std::string withdrawal_reason{};

  static const kind_def<competence>& def();
  // R-4.4-competence: a person, a skill, evidence, an achievement date before any expiry.
  std::vector<violation> check() const;
  // Held and valid at `at`: achieved, not expired, not withdrawn.
  bool valid_at(timestamp at) const;
};

// A stored rule: implementing an RFC that touches these CI types or services needs `skill`.
struct ITSM_API competence_requirement {
  competence_requirement_id id{};
  std::int64_t revision = 0;
  std::string skill{};
  std::string description{};
  std::vector<std::string> ci_types{};     // RFC scope CIs of these types (exact type names)
  std::vector<service_id> services{};      // RFC scope services
  // Both empty: every RFC.
  bool retired = false;
  std::string defined_by{};                // set by the library

  static const kind_def<competence_requirement>& def();
  std::vector<violation> check() const;  // R-4.4-competence: a skill and a description
  // Does it apply to an RFC whose scope has CIs of `scope_ci_types` and `scope_services`?
  bool applies_to(const std::vector<std::string>& scope_ci_types, const std::vector<service_id>& scope_services) const;
};

}  // namespace itsm::model
