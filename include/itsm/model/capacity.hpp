// Capacity management records (clause 6.5): capacity metrics of a CI or service with their
// threshold, kept as stored rules (R-6.5-monitor); the measurements the product's monitoring
// supplies, each marked when it breaches the threshold (R-6.5-monitor); and the capacity plan
// (R-6.5-plan). Forecasts are computed (process/capacity.hpp). Thread-safety: value types.
#pragma once

#include "itsm/core/export.hpp"

#include <string>
#include <vector>

#include "itsm/core/time.hpp"
#include "itsm/model/ids.hpp"
#include "itsm/model/kind.hpp"

namespace itsm {
struct capacity_metric_tag {
  static constexpr std::string_view prefix = "CPM";
};
using capacity_metric_id = id<capacity_metric_tag>;
struct capacity_measurement_tag {
  static constexpr std::string_view prefix = "CPX";
};
using capacity_measurement_id = id<capacity_measurement_tag>;
struct capacity_plan_tag {
  static constexpr std::string_view prefix = "CPP";
};
using capacity_plan_id = id<capacity_plan_tag>;
}  // namespace itsm

namespace itsm::model {

// What is measured of one CI or service, and the threshold its values must stay below.
struct ITSM_API capacity_metric {
  capacity_metric_id id{};
  std::int64_t revision = 0;
  std::string name{};                  // "CPU utilisation"
  ci_id ci{};                          // the CI measured ...
  service_id service{};                // ... or the service (exactly one of the two)
  std::string unit{};                  // "%", "GB", "req/s"
  double threshold = 80.0;             // a value at or above it breaches. Default: 80
  bool raise_incident = false;         // a breach also records an incident. Default: false
  std::int64_t expected_interval_hours = 24;  // monitoring delivers at least this often. Default: 24
  bool retired = false;

  static const kind_def<capacity_metric>& def();
  // R-6.5-monitor: a name, a unit, exactly one of CI and service, a finite threshold, an interval of 1..8784 hours.
  std::vector<violation> check() const;
};

struct ITSM_API capacity_measurement {
  capacity_measurement_id id{};
  std::int64_t revision = 0;
  capacity_metric_id metric{};
  timestamp at{};                      // when it was measured
  double value = 0;
  bool breached = false;               // value >= the metric's threshold (set by the library)
  incident_id incident{};              // the incident the breach raised (set by the library)

  static const kind_def<capacity_measurement>& def();
  std::vector<violation> check() const;
};

// The capacity plan: current and forecast demand for services, what it means for them, and the
// actions and costs planned; reviewed at its interval.
struct ITSM_API capacity_plan {
  capacity_plan_id id{};
  std::int64_t revision = 0;
  std::string name{};
  std::string owner{};
  std::vector<service_id> services{};
  std::vector<capacity_metric_id> metrics{};  // the metrics it plans from
  std::string demand{};                // current and forecast demand
  std::string actions{};               // what is planned: upgrades, purchases, their costs and dates
  std::int64_t review_interval_days = 90;  // Default: 90
  timestamp reviewed_at{};             // recorded or last reviewed (set by the library)
  bool retired = false;

  static const kind_def<capacity_plan>& def();
  // R-6.5-plan: a name, an owner, a service, a metric, demand, actions, an interval of 1..3660 days.
  std::vector<violation> check() const;
};

}  // namespace itsm::model
