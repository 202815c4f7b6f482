// Customer care records (clause 7.1): service reviews held with a customer at the agreed
// interval (R-7.1-review) and complaints under the agreed complaint definition
// (R-7.1-complaints). Thread-safety: value types.
#pragma once

#include <string>
#include <vector>

#include "itsm/core/export.hpp"
#include "itsm/core/time.hpp"
#include "itsm/model/ids.hpp"
#include "itsm/model/kind.hpp"

namespace itsm {
struct review_tag {
  static constexpr std::string_view prefix = "REV";
};
using review_id = id<review_tag>;
struct complaint_tag {
  static constexpr std::string_view prefix = "CMP";
};
using complaint_id = id<complaint_tag>;
}  // namespace itsm

namespace itsm::model {

enum class review_state { scheduled, held, closed };
template <> struct enum_names<review_state> {
  static constexpr std::array values{std::string_view("scheduled"), std::string_view("held"),
                                     std::string_view("closed")};
};

// A service review with a customer: due at the agreed interval, held with the report of the
// period, its findings and actions, closed once the actions are followed up.
struct ITSM_API service_review {
  review_id id{};
  std::int64_t revision = 0;
  customer_id customer{};
  review_state state = review_state::scheduled;
  timestamp due_at{};
  timestamp held_at{};
  std::string report{};                 // the service report of the period reviewed (reference)
  std::vector<std::string> attendees{};
  std::vector<std::string> findings{};
  std::vector<std::string> actions{};
  std::string follow_up{};              // how the actions were followed up (to close)

  static const kind_def<service_review>& def();
  std::vector<violation> check() const;
};

// The complaint definition agreed with customers (R-7.1-complaints). Key: "agreed" (one per store).
struct ITSM_API complaint_definition {
  std::string key = "agreed";
  std::int64_t revision = 0;
  std::string definition{};             // what counts as a complaint
  std::int64_t resolve_minutes = 0;     // business minutes of `calendar` to close one
  std::string calendar{};               // calendar JSON or a ticket-policy calendar name; "" = 24x7
  std::string escalate_to{};            // who an overdue complaint goes to

  static const kind_def<complaint_definition>& def();
  std::vector<violation> check() const;
};

enum class complaint_state { recorded, investigating, acting, reported, closed };
template <> struct enum_names<complaint_state> {
  static constexpr std::array values{std::string_view("recorded"), std::string_view("investigating"),
                                     std::string_view("acting"), std::string_view("reported"),
                                     std::string_view("closed")};
};

struct ITSM_API complaint {
  complaint_id id{};
  std::int64_t revision = 0;
  customer_id customer{};
  service_id service{};
  std::string complainant{};
  std::string summary{};
  complaint_state state = complaint_state::recorded;
  timestamp recorded_at{};
  timestamp due_at{};          // recorded_at + the definition's time on its calendar
  std::string investigation{};
  std::string action{};
  std::string report{};        // what the customer was told
  timestamp closed_at{};
  std::string escalated_to{};  // set when escalated
  timestamp escalated_at{};

  static const kind_def<complaint>& def();
  std::vector<violation> check() const;
};

}  // namespace itsm::model
