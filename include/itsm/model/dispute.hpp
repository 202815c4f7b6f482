// Disputes (R-7.1-complaints for a customer's, R-7.2-monitor for a supplier's): the agreed
// dispute procedure (time to decide on a business calendar, who an undecided dispute escalates
// to) and the dispute record, raised -> investigating -> resolved | rejected with its decision,
// linked to the complaint it grew from where there is one. Thread-safety: value types.
#pragma once

#include "itsm/core/export.hpp"

#include <string>
#include <vector>

#include "itsm/core/time.hpp"
#include "itsm/model/customer_care.hpp"
#include "itsm/model/ids.hpp"
#include "itsm/model/kind.hpp"
#include "itsm/model/relations.hpp"

namespace itsm {
struct dispute_tag {
  static constexpr std::string_view prefix = "DSP";
};
using dispute_id = id<dispute_tag>;
}  // namespace itsm

namespace itsm::model {

// Key: "agreed" (one per store, versioned).
struct ITSM_API dispute_procedure {
  std::string key = "agreed";
  std::int64_t revision = 0;
  std::int64_t decide_minutes = 0;  // business minutes of `calendar` to decide a dispute
  std::string calendar{};           // calendar JSON or a ticket-policy calendar name; "" = 24x7
  std::string escalate_to{};        // who an undecided dispute goes to

  static const kind_def<dispute_procedure>& def();
  std::vector<violation> check() const;
};

enum class dispute_state { raised, investigating, resolved, rejected };
template <> struct enum_names<dispute_state> {
  static constexpr std::array values{std::string_view("raised"), std::string_view("investigating"),
                                     std::string_view("resolved"), std::string_view("rejected")};
};

struct ITSM_API dispute {
  dispute_id id{};
  std::int64_t revision = 0;
  customer_id customer{};     // a customer's dispute (scopes who sees it), or
  party_id supplier{};        // one with a supplier; exactly one of the two
  complaint_id complaint{};   // the complaint it grew from; none = raised directly
  std::string raised_by{};
  std::string subject{};
  dispute_state state = dispute_state::raised;
  timestamp raised_at{};
  timestamp due_at{};         // raised_at + the procedure's time on its calendar
  std::string investigation{};
  std::string decision{};     // why it was resolved or rejected
  timestamp decided_at{};
  std::string escalated_to{};
  timestamp escalated_at{};

  static const kind_def<dispute>& def();
  std::vector<violation> check() const;
  // The requirement a rule about this dispute cites: a supplier's R-7.2-monitor, else R-7.1-complaints.
  const char* rule() const noexcept { return supplier.valid() ? "R-7.2-monitor" : "R-7.1-complaints"; }
  bool decided() const noexcept { return state == dispute_state::resolved || state == dispute_state::rejected; }
};

}  // namespace itsm::model
