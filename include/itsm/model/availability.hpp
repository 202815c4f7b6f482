// Availability management records (clause 6.3): the availability a service must deliver, agreed
// with its customers (R-6.3-req), and the outages that cost it (R-6.3-monitor). An outage is of
// one CI or of a service as a whole; availability is computed from outages end to end through
// the CMDB graph (process/assurance.hpp, docs/assurance.md). Thread-safety: value types.
#pragma once

#include <string>
#include <vector>

#include "itsm/core/export.hpp"
#include "itsm/core/time.hpp"
#include "itsm/model/ids.hpp"
#include "itsm/model/kind.hpp"

namespace itsm {
struct availability_requirement_tag {
  static constexpr std::string_view prefix = "AVR";
};
using availability_requirement_id = id<availability_requirement_tag>;
struct outage_tag {
  static constexpr std::string_view prefix = "OUT";
};
using outage_id = id<outage_tag>;
}  // namespace itsm

namespace itsm::model {

// The end-to-end availability agreed for one service: a target over its agreed service hours.
struct ITSM_API availability_requirement {
  availability_requirement_id id{};
  std::int64_t revision = 0;
  service_id service{};
  double target_percent = 99.5;  // of agreed service time. Default: 99.5
  // Agreed service hours: a calendar name of the ticket policy or a calendar JSON document.
  // Default: "" = always (24×7)
  std::string calendar{};
  std::string agreed_with{};     // who agreed it ("CUS-2 service review 2026-01")
  bool retired = false;          // replaced or no longer agreed

  static const kind_def<availability_requirement>& def();
  // R-6.3-req: a service, a target in (0, 100] and whom it was agreed with.
  std::vector<violation> check() const;
};

enum class outage_state { ongoing, ended, investigated };
template <> struct enum_names<outage_state> {
  static constexpr std::array values{std::string_view("ongoing"), std::string_view("ended"),
                                     std::string_view("investigated")};
};

struct ITSM_API outage {
  outage_id id{};
  std::int64_t revision = 0;
  ci_id ci{};             // the CI that was down ...
  service_id service{};   // ... or the service itself (exactly one of the two)
  timestamp start{};
  timestamp end{};        // exclusive; not-a-date-time while ongoing
  bool planned = false;   // planned (maintenance) outages need no investigation
  incident_id incident{}; // the incident it was opened from, if any
  std::string description{};
  outage_state state = outage_state::ongoing;
  std::string finding{};  // the investigation's result (R-6.3-monitor)
  std::string investigated_by{};
  timestamp investigated_at{};

  static const kind_def<outage>& def();
  // R-6.3-monitor: one CI or one service, a start, an end not before it, the state matching the
  // end, an investigation only of an ended unplanned outage and with a finding.
  std::vector<violation> check() const;
  // Unplanned, ended and not investigated yet: what R-6.3-monitor asks to be investigated.
  bool awaits_investigation() const noexcept { return !planned && state == outage_state::ended; }
};

}  // namespace itsm::model
