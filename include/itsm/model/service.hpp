// A service in the catalogue (R-6.1-catalogue) and its SLA with targets (R-6.1-sla).
// Thread-safety: value types.
#pragma once

#include <string>
#include <vector>

#include "itsm/core/export.hpp"
#include "itsm/core/time.hpp"
#include "itsm/model/ids.hpp"
#include "itsm/model/kind.hpp"

namespace itsm::model {

enum class service_status { pipeline, live, retired };
template <> struct enum_names<service_status> {
  static constexpr std::array values{std::string_view("pipeline"), std::string_view("live"),
                                     std::string_view("retired")};
};

struct ITSM_API service {
  service_id id{};
  std::int64_t revision = 0;
  std::string name{};          // unique in the catalogue
  std::string description{};
  std::string owner{};         // service owner (approves changes affecting it)
  std::string customer{};
  bool critical = false;     // feeds the major-incident definition
  service_status status = service_status::pipeline;
  std::vector<service_id> depends_on{};  // service-to-service dependencies
  customer_id dedicated_to{};  // the one customer a dedicated service is for; none = shared

  static const kind_def<service>& def();
  std::vector<violation> check() const;
};

// Response and resolution targets for one priority, in business minutes of the SLA's calendar:
// each in 1..max_minutes (R-6.1-sla), so deadlines stay computable.
struct ITSM_API sla_target {
  static constexpr std::int64_t max_minutes = std::int64_t{100} * 366 * 24 * 60;  // 100 years
  int priority = 3;               // Default: 3
  std::int64_t response_minutes = 0;
  std::int64_t resolution_minutes = 0;
};

struct ITSM_API sla {
  sla_id id{};
  std::int64_t revision = 0;
  std::string name{};
  service_id service{};
  std::string calendar{};            // business calendar definition (JSON) or a calendar name
  double availability_target = 99.0;    // percent of agreed service time; Default: 99.0
  std::vector<sla_target> targets{};      // one per priority
  std::vector<std::string> pause_states{};  // ticket states that pause the resolution clock
  std::string workload_limits{};     // agreed workload characteristics (free text)
  std::string exceptions{};          // agreed exceptions (free text)
  customer_id customer{};            // the customer it is agreed with; none = every customer of the service

  static const kind_def<sla>& def();
  std::vector<violation> check() const;
  const sla_target* target_for(int priority) const;
};

// A superseded version of an SLA (R-6.1-change), archived by update_sla in the transaction that
// replaces it, so tickets recorded under it stay measured against the targets they were given.
// Key: "<sla>@<revision>" ("SLA-3@1"); written once, never changed.
struct ITSM_API sla_version {
  std::string key{};
  std::int64_t revision = 0;         // the archive record's own revision
  sla_id sla{};
  std::int64_t sla_revision = 0;     // the SLA's revision this version was
  timestamp superseded_at{};
  std::string name{};
  service_id service{};
  std::string calendar{};
  double availability_target = 99.0;
  std::vector<sla_target> targets{};
  std::vector<std::string> pause_states{};
  std::string workload_limits{};
  std::string exceptions{};
  customer_id customer{};

  static const kind_def<sla_version>& def();
  static std::string key_of(sla_id id, std::int64_t revision);
  static sla_version of(const model::sla& s, timestamp superseded_at);
  model::sla terms() const;  // the SLA as it was: its id, revision and every agreed field
};

}  // namespace itsm::model
