// Records that change and release management keep beside RFCs and releases: approval decisions
// (R-9.2-approve, R-9.3-accept overrides), investigations of failed changes and releases
// (R-9.2-backout, R-9.3-rollback) and acceptance test results (R-9.3-test). Thread-safety: values.
#pragma once

#include <string>

#include "itsm/core/export.hpp"
#include "itsm/model/ids.hpp"
#include "itsm/model/kind.hpp"

namespace itsm {
struct approval_tag {
  static constexpr std::string_view prefix = "APR";
};
using approval_id = id<approval_tag>;
struct investigation_tag {
  static constexpr std::string_view prefix = "INV";
};
using investigation_id = id<investigation_tag>;
struct acceptance_test_tag {
  static constexpr std::string_view prefix = "ACT";
};
using acceptance_test_id = id<acceptance_test_tag>;
}  // namespace itsm

namespace itsm::model {

enum class approval_decision { approve, reject, override_acceptance };
template <> struct enum_names<approval_decision> {
  static constexpr std::array values{std::string_view("approve"), std::string_view("reject"),
                                     std::string_view("override_acceptance")};
};

// One recorded decision on an RFC or a release, by one person in one capacity.
struct ITSM_API approval {
  approval_id id{};
  std::int64_t revision = 0;
  std::string subject_kind{};   // "rfc" or "release"
  std::string subject_id{};     // "RFC-3"
  std::string approver{};       // actor name
  std::string capacity{};       // the role or "owner:SVC-2" the vote counts for
  approval_decision decision = approval_decision::approve;
  std::string comment{};
  timestamp at{};
  bool emergency = false;     // cast by the emergency CAB (R-9.2-emergency)

  static const kind_def<approval>& def();
};

// Why a change or a release failed, opened when it is backed out / rolled back.
struct ITSM_API investigation {
  investigation_id id{};
  std::int64_t revision = 0;
  std::string subject_kind{};   // "rfc" or "release"
  std::string subject_id{};
  std::string opened_by{};
  timestamp opened_at{};
  std::string summary{};
  problem_id problem{};         // a problem record raised for the cause, if any

  static const kind_def<investigation>& def();
};

// One acceptance test result of a release against one agreed criterion.
struct ITSM_API acceptance_test {
  acceptance_test_id id{};
  std::int64_t revision = 0;
  release_id release{};
  std::string criterion{};
  bool passed = false;
  std::string evidence{};
  std::string recorded_by{};
  timestamp at{};

  static const kind_def<acceptance_test>& def();
};

}  // namespace itsm::model
