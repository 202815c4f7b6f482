#include "itsm/model/capacity.hpp"

#include <fmt/format.h>

#include <cmath>

namespace itsm::model {

const kind_def<capacity_metric>& capacity_metric::def() {
  static const auto k = kind_def<capacity_metric>("capacity_metric", 1, &capacity_metric::id)
                            .field("name", &capacity_metric::name)
                            .field("ci", &capacity_metric::ci)
                            .field("service", &capacity_metric::service)
                            .field("unit", &capacity_metric::unit)
                            .field("threshold", &capacity_metric::threshold)
                            .field("raise_incident", &capacity_metric::raise_incident)
                            .field("expected_interval_hours", &capacity_metric::expected_interval_hours)
                            .field("retired", &capacity_metric::retired);
  return k;
}

std::vector<violation> capacity_metric::check() const {
  std::vector<violation> v;
  const char* rule = "R-6.5-monitor";
  if (name.empty()) v.push_back({rule, "a capacity metric needs a name"});
  if (unit.empty()) v.push_back({rule, fmt::format("capacity metric '{}' needs its unit", name)});
  if (ci.valid() == service.valid())
    v.push_back({rule, fmt::format("capacity metric '{}' measures exactly one CI or one service", name)});
  if (!std::isfinite(threshold)) v.push_back({rule, fmt::format("capacity metric '{}' needs a finite threshold", name)});
  if (expected_interval_hours < 1 || expected_interval_hours > 8784)
    v.push_back({rule, fmt::format("capacity metric '{}': interval {} hours is not in 1..8784", name, expected_interval_hours)});
  return v;
}

const kind_def<capacity_measurement>& capacity_measurement::def() {
  static const auto k = kind_def<capacity_measurement>("capacity_measurement", 1, &capacity_measurement::id)
                            .field("metric", &capacity_measurement::metric)
                            .field("at", &capacity_measurement::at)
                            .field("value", &capacity_measurement::value)
                            .field("breached", &capacity_measurement::breached)
                            .field("incident", &capacity_measurement::incident)
                            .index("by_metric", {"metric", "at"});
  return k;
}

std::vector<violation> capacity_measurement::check() const {
  std::vector<violation> v;
  const char* rule = "R-6.5-monitor";
  if (!metric.valid()) v.push_back({rule, "a measurement names its metric"});
  if (at.is_special()) v.push_back({rule, "a measurement records when it was taken"});
  if (!std::isfinite(value)) v.push_back({rule, "a measurement's value is a finite number"});
  return v;
}

const kind_def<capacity_plan>& capacity_plan::def() {
  static const auto k = kind_def<capacity_plan>("capacity_plan", 1, &capacity_plan::id)
                            .field("name", &capacity_plan::name)
                            .field("owner", &capacity_plan::owner)
                            .field("services", &capacity_plan::services)
                            .field("metrics", &capacity_plan::metrics)
                            .field("demand", &capacity_plan::demand)
                            .field("actions", &capacity_plan::actions)
                            .field("review_interval_days", &capacity_plan::review_interval_days)
                            .field("reviewed_at", &capacity_plan::reviewed_at)
                            .field("retired", &capacity_plan::retired);
  return k;
}

std::vector<violation> capacity_plan::check() const {
  std::vector<violation> v;
  const char* rule = "R-6.5-plan";
  if (name.empty()) v.push_back({rule, "a capacity plan needs a name"});
  if (owner.empty()) v.push_back({rule, fmt::format("capacity plan '{}' needs an owner", name)});
  if (services.empty()) v.push_back({rule, fmt::format("capacity plan '{}' plans for no service", name)});
  if (metrics.empty()) v.push_back({rule, fmt::format("capacity plan '{}' plans from no metric", name)});
  if (demand.empty()) v.push_back({rule, fmt::format("capacity plan '{}' states no current and forecast demand", name)});
  if (actions.empty()) v.push_back({rule, fmt::format("capacity plan '{}' plans no action", name)});
  if (review_interval_days < 1 || review_interval_days > 3660)
    v.push_back({rule, fmt::format("capacity plan '{}': interval {} days is not in 1..3660", name, review_interval_days)});
  return v;
}

}  // namespace itsm::model
