// Capacity management (clause 6.5) in the process layer: capacity metrics of CIs and services
// with their thresholds as stored rules, measurements supplied by the product's monitoring — a
// breach publishes an event and, when the metric says so, records an incident in the same
// transaction (R-6.5-monitor) — a least-squares forecast with the time the threshold will be
// crossed, and capacity plans reviewed at their interval (R-6.5-plan). Every write runs the one
// write path; every read names its actor. Methods: docs/security-and-capacity.md.
// Thread-safety: safe to call from several threads (writes serialise in the store).
#pragma once

#include "itsm/core/export.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "itsm/core/actor.hpp"
#include "itsm/core/time.hpp"
#include "itsm/model/capacity.hpp"
#include "itsm/process/write_options.hpp"

namespace itsm {

namespace detail {
struct context;  // what the processes share (not installed)
}  // namespace detail
class incident_management;

// The role that keeps metrics and plans and records measurements (role_policy::defaults).
inline constexpr std::string_view capacity_manager_role = "capacity_manager";

// A least-squares line through a metric's measurements: value ≈ intercept + slope × days,
// days counted from `origin`.
struct ITSM_API capacity_forecast {
  capacity_metric_id metric;
  std::size_t points = 0;
  timestamp origin;              // the first measurement used
  double slope_per_day = 0;
  double intercept = 0;
  double latest = 0;             // the fitted value at the last measurement
  double threshold = 0;
  // When the fitted line reaches the threshold after the last measurement; empty when it does
  // not rise towards it (or is at or above it already: see `breached`).
  std::optional<timestamp> crosses_at;
  bool breached = false;         // the fitted value at the last measurement is at or above it
};

class ITSM_API capacity_management {
 public:
  // Records a metric (R-6.5-monitor: its invariants, an existing CI or service).
  // REQUIRES: draft.id invalid and draft.revision == 0.
  model::capacity_metric add_metric(const actor& who, model::capacity_metric draft, const write_options& opts = {});
  // Stores a changed metric (threshold, policy, retired); edited.revision must be the stored one.
  model::capacity_metric update_metric(const actor& who, const model::capacity_metric& edited,
                                       const write_options& opts = {});
  // Records one measurement. At or above the threshold it is marked breached, publishes
  // "capacity_measurement.breached" and, when the metric's raise_incident is set, records an
  // incident of the metric's CI or service in the same transaction (R-6.5-monitor; the caller
  // needs the right to record incidents). Rules: a metric in force, a finite value, a time.
  model::capacity_measurement record_measurement(const actor& who, capacity_metric_id metric, timestamp at, double value,
                                                 const write_options& opts = {});

  // Records a capacity plan, reviewed now (R-6.5-plan: its invariants, services and metrics
  // that exist). REQUIRES: draft.id invalid.
  model::capacity_plan add_plan(const actor& who, model::capacity_plan draft, const write_options& opts = {});
  // Stores the reviewed plan (demand, actions …) with reviewed_at = now; edited.revision must be
  // the stored one.
  model::capacity_plan review_plan(const actor& who, const model::capacity_plan& edited, const write_options& opts = {});

  // Reads: absent (nullopt / left out) when the record does not exist or `who` may not see it.
  std::vector<model::capacity_metric> metrics(const actor& who) const;
  std::vector<model::capacity_plan> plans(const actor& who) const;
  // The measurements of a metric in [from, to), oldest first.
  std::vector<model::capacity_measurement> measurements(const actor& who, capacity_metric_id metric, timestamp from,
                                                        timestamp to) const;
  // The least-squares forecast over the measurements in [from, to). Errors: not_found for an
  // absent or hidden metric; invalid_argument for from >= to or fewer than 2 measurements at
  // distinct times.
  capacity_forecast forecast(const actor& who, capacity_metric_id metric, timestamp from, timestamp to) const;

 private:
  friend class sms;  // processes are built by sms, which owns what they share
  capacity_management(std::shared_ptr<const detail::context> ctx, incident_management& incidents);
  std::shared_ptr<const detail::context> ctx_;
  incident_management& incidents_;
};

// The least-squares line through (t, value) points and its threshold crossing (pure; what
// capacity_management::forecast computes). REQUIRES: at least 2 points at distinct times.
ITSM_API capacity_forecast fit_forecast(const std::vector<model::capacity_measurement>& points, double threshold);

}  // namespace itsm
