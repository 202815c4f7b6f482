// Continual improvement (clause 4.5.5, R-4.5-improve) and management reviews (clause 4.5.4.3,
// R-4.5-review). The improvement register holds opportunities and the corrective and preventive
// actions raised by audits, reviews, incidents and problems, each with evaluation criteria, a
// priority, a measurable target, an owner and a due date, approved by someone other than its
// proposer and closed with its measured outcome. A management review records its inputs (pre-
// filled from the store), its decisions and the actions it raised (improvements).
// Thread-safety: value types.
#pragma once

#include <string>
#include <vector>

#include "itsm/core/export.hpp"
#include "itsm/core/time.hpp"
#include "itsm/model/ids.hpp"
#include "itsm/model/kind.hpp"

namespace itsm {
struct improvement_tag {
  static constexpr std::string_view prefix = "IMP";
};
using improvement_id = id<improvement_tag>;
struct management_review_tag {
  static constexpr std::string_view prefix = "MRV";
};
using management_review_id = id<management_review_tag>;
}  // namespace itsm

namespace itsm::model {

enum class improvement_type { improvement, corrective, preventive };
template <> struct enum_names<improvement_type> {
  static constexpr std::array values{std::string_view("improvement"), std::string_view("corrective"),
                                     std::string_view("preventive")};
};

enum class improvement_state { proposed, approved, implemented, closed, rejected };
template <> struct enum_names<improvement_state> {
  static constexpr std::array values{std::string_view("proposed"), std::string_view("approved"),
                                     std::string_view("implemented"), std::string_view("closed"),
                                     std::string_view("rejected")};
};

struct ITSM_API improvement {
  improvement_id id{};
  std::int64_t revision = 0;
  std::string title{};
  std::string description{};
  improvement_type type = improvement_type::improvement;  // Default: improvement
  std::string source{};                      // what raised it: "NCR-2", "MRV-1", "PRB-4", "" (a proposal)
  std::vector<std::string> evaluation_criteria{};
  std::int64_t priority = 3;                 // 1 (highest) … 5. Default: 3
  std::string target{};                      // the measurable target: "P1 resolution met ≥ 95 %"
  std::string owner{};
  timestamp due{};
  improvement_state state = improvement_state::proposed;
  std::string proposed_by{};                 // set by the library
  std::string approved_by{};
  timestamp approved_at{}, implemented_at{}, closed_at{};
  std::string outcome{};                     // the measured result, compared with the target
  bool target_met = false;

  static const kind_def<improvement>& def();
  // R-4.5-improve: a title, evaluation criteria, priority 1..5, a target, an owner, a due date.
  std::vector<violation> check() const;
};

// The inputs a management review considers (ISO/IEC 20000-1 4.5.4.3); each stored input line
// starts with its topic: "audit results: 2 audits completed, 1 nonconformity open".
ITSM_API const std::vector<std::string>& review_topics();

struct ITSM_API management_review {
  management_review_id id{};
  std::int64_t revision = 0;
  timestamp held_at{};
  std::string chair{};                   // top management's representative
  std::vector<std::string> attendees{};
  std::vector<std::string> inputs{};     // "topic: summary", one line or more per review_topics()
  std::vector<std::string> decisions{};
  std::vector<improvement_id> actions{}; // improvements raised by this review (set by the library)
  std::string recorded_by{};

  static const kind_def<management_review>& def();
  // R-4.5-review: a chair, attendees, at least one input per topic and one decision.
  std::vector<violation> check() const;
};

}  // namespace itsm::model
