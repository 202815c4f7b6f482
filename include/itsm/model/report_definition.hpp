// Service reporting records (clause 6.2) and the scope of the conformance check: a report
// definition documents one report's identity, purpose, audience, frequency and data sources
// (R-6.2-define); a requirement exclusion records that the provider excluded a requirement from
// the scope of its service management system, and why (R-4.5-scope-plan).
// Thread-safety: value types.
#pragma once

#include <string>
#include <vector>

#include "itsm/core/export.hpp"
#include "itsm/core/time.hpp"
#include "itsm/model/ids.hpp"
#include "itsm/model/kind.hpp"

namespace itsm {
struct report_tag {
  static constexpr std::string_view prefix = "RPT";
};
using report_id = id<report_tag>;
}  // namespace itsm

namespace itsm::model {

enum class report_frequency { daily, weekly, monthly, quarterly, yearly, on_demand };
template <> struct enum_names<report_frequency> {
  static constexpr std::array values{std::string_view("daily"), std::string_view("weekly"),
                                     std::string_view("monthly"), std::string_view("quarterly"),
                                     std::string_view("yearly"), std::string_view("on_demand")};
};

struct ITSM_API report_definition {
  report_id id{};
  std::int64_t revision = 0;
  std::string name{};          // identity: unique among report definitions
  std::string purpose{};
  std::string audience{};      // who receives it ("customer CUS-1 service review", "top management")
  report_frequency frequency = report_frequency::monthly;  // Default: monthly
  std::vector<std::string> data_sources{};  // record kinds it reads ("incident", "rfc", …)
  // Whose figures: "all", "service:SVC-3" or "customer:CUS-2". Default: "all"
  std::string scope = "all";
  bool retired = false;

  static const kind_def<report_definition>& def();
  // R-6.2-define: name, purpose, audience and at least one data source; a scope of the forms above.
  std::vector<violation> check() const;
};

// Key: the requirement id ("R-6.3-test").
struct ITSM_API requirement_exclusion {
  std::string requirement{};
  std::int64_t revision = 0;
  std::string justification{};  // why the requirement is outside the SMS scope
  std::string decided_by{};
  timestamp decided_at{};
  bool withdrawn = false;       // the requirement is in scope again

  static const kind_def<requirement_exclusion>& def();
  std::vector<violation> check() const;
};

}  // namespace itsm::model
