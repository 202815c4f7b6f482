// capacity_management: metrics with thresholds, measurements raising breaches, capacity plans,
// and the least-squares forecast (clause 6.5).
#include "itsm/process/capacity.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "itsm/model/configuration_item.hpp"
#include "itsm/model/incident.hpp"
#include "itsm/model/service.hpp"
#include "itsm/process/incidents.hpp"
#include "detail/write_scope.hpp"
#include "reads.hpp"
#include "transition.hpp"

namespace itsm {

using model::capacity_measurement;
using model::capacity_metric;
using model::capacity_plan;

namespace {

const char* const metric_kind = "capacity_metric";
const char* const measurement_kind = "capacity_measurement";
const char* const plan_kind = "capacity_plan";

std::vector<violation> metric_rules(storage::transaction& tx, const capacity_metric& m) {
  auto v = m.check();
  if (m.ci.valid() && !detail::load<model::configuration_item>(tx, m.ci.key()))
    v.push_back({"R-6.5-monitor", fmt::format("{}: no such CI", m.ci.key())});
  if (m.service.valid() && !detail::load<model::service>(tx, m.service.key()))
    v.push_back({"R-6.5-monitor", fmt::format("{}: no such service", m.service.key())});
  return v;
}

std::vector<violation> plan_rules(storage::transaction& tx, const capacity_plan& p) {
  auto v = p.check();
  for (auto s : p.services)
    if (!detail::load<model::service>(tx, s.key())) v.push_back({"R-6.5-plan", fmt::format("{}: no such service", s.key())});
  for (auto m : p.metrics)
    if (!detail::load<capacity_metric>(tx, m.key())) v.push_back({"R-6.5-plan", fmt::format("{}: no such metric", m.key())});
  return v;
}

void same_revision(std::int64_t stored, std::int64_t given, const std::string& key) {
  if (stored != given) throw_error(errc::conflict, fmt::format("{} is at revision {}, not {}", key, stored, given));
}

double days_between(timestamp from, timestamp to) {
  return static_cast<double>((to - from).total_milliseconds()) / 86'400'000.0;
}

}  // namespace

capacity_forecast fit_forecast(const std::vector<capacity_measurement>& points, double threshold) {
  if (points.size() < 2) throw_error(errc::invalid_argument, "a forecast needs at least 2 measurements");
  capacity_forecast f;
  f.metric = points.front().metric;
  f.points = points.size();
  f.threshold = threshold;
  f.origin = points.front().at;
  timestamp last = f.origin;
  double mx = 0, my = 0;
  for (const auto& p : points) {
    f.origin = std::min(f.origin, p.at);
    last = std::max(last, p.at);
  }
  for (const auto& p : points) mx += days_between(f.origin, p.at), my += p.value;
  mx /= static_cast<double>(points.size());
  my /= static_cast<double>(points.size());
  double sxy = 0, sxx = 0;
  for (const auto& p : points) {
    const double dx = days_between(f.origin, p.at) - mx;
    sxy += dx * (p.value - my);
    sxx += dx * dx;
  }
  if (sxx == 0) throw_error(errc::invalid_argument, "a forecast needs measurements at 2 distinct times");
  f.slope_per_day = sxy / sxx;
  f.intercept = my - f.slope_per_day * mx;
  const double x_last = days_between(f.origin, last);
  f.latest = f.intercept + f.slope_per_day * x_last;
  f.breached = f.latest >= threshold;
  if (!f.breached && f.slope_per_day > 0) {
    const double x = (threshold - f.intercept) / f.slope_per_day;
    if (x - x_last < 36'500)  // within a century: beyond that is no forecast
      f.crosses_at = f.origin + seconds(static_cast<std::int64_t>(std::ceil(x * 86'400.0)));
  }
  return f;
}

capacity_management::capacity_management(std::shared_ptr<const detail::context> ctx, incident_management& incidents)
    : ctx_(std::move(ctx)), incidents_(incidents) {}

capacity_metric capacity_management::add_metric(const actor& who, capacity_metric draft, const write_options& opts) {
  if (draft.id.valid() || draft.revision != 0)
    throw_error(errc::invalid_argument, "add_metric takes a draft without id or revision");
  detail::write_scope w(*ctx_, who, "create");
  w.authorize(metric_kind, "");
  w.rules(metric_rules(w.tx(), draft), metric_kind, "");
  auto saved = w.save(std::move(draft), nullptr, opts, "created");
  w.commit();
  return saved;
}

capacity_metric capacity_management::update_metric(const actor& who, const capacity_metric& edited,
                                                   const write_options& opts) {
  detail::transition_spec<capacity_metric> spec{
      "update", "", "updated", [&](detail::write_scope& w, const capacity_metric& before, capacity_metric& after, auto& v) {
        same_revision(before.revision, edited.revision, before.id.key());
        after = edited;
        after.revision = before.revision;
        v = metric_rules(w.tx(), after);
      }};
  return detail::run_transition(*ctx_, who, edited.id.key(), spec, opts);
}

capacity_measurement capacity_management::record_measurement(const actor& who, capacity_metric_id metric, timestamp at,
                                                             double value, const write_options& opts) {
  detail::write_scope w(*ctx_, who, "record");
  const auto m = w.get<capacity_metric>(metric.key());
  w.authorize(measurement_kind, "", "of " + metric.key());
  capacity_measurement x;
  x.metric = metric;
  x.at = at;
  x.value = value;
  x.breached = std::isfinite(value) && value >= m.threshold;
  auto v = x.check();
  if (m.retired) v.push_back({"R-6.5-monitor", fmt::format("{} is retired", metric.key())});
  w.rules(v, measurement_kind, "");
  if (x.breached && m.raise_incident) {
    model::incident i;
    i.title = fmt::format("capacity: {} at {} {} (threshold {} {})", m.name, value, m.unit, m.threshold, m.unit);
    i.description = fmt::format("{} measured {} {} at {}, at or above its threshold of {} {} (R-6.5-monitor)", metric.key(),
                                value, m.unit, to_iso(at), m.threshold, m.unit);
    i.category = "capacity";
    i.ci = m.ci;
    i.service = m.service;
    i.impact = 2;
    i.urgency = 2;
    x.incident = incidents_.record_in(w, std::move(i), opts).id;
  }
  auto saved = w.save(std::move(x), nullptr, opts, "recorded");
  if (saved.breached)
    w.publish(event{"capacity_measurement.breached", measurement_kind, saved.id.key(), saved.revision, w.now(), who.name,
                    {{"metric", metric.key()},
                     {"value", fmt::format("{}", value)},
                     {"threshold", fmt::format("{}", m.threshold)},
                     {"incident", saved.incident.valid() ? saved.incident.key() : ""}}});
  w.commit();
  return saved;
}

capacity_plan capacity_management::add_plan(const actor& who, capacity_plan draft, const write_options& opts) {
  if (draft.id.valid() || draft.revision != 0)
    throw_error(errc::invalid_argument, "add_plan takes a draft without id or revision");
  detail::write_scope w(*ctx_, who, "create");
  w.authorize(plan_kind, "");
  draft.reviewed_at = w.now();
  w.rules(plan_rules(w.tx(), draft), plan_kind, "");
  auto saved = w.save(std::move(draft), nullptr, opts, "created");
  w.commit();
  return saved;
}

capacity_plan capacity_management::review_plan(const actor& who, const capacity_plan& edited, const write_options& opts) {
  detail::transition_spec<capacity_plan> spec{
      "review", "", "reviewed", [&](detail::write_scope& w, const capacity_plan& before, capacity_plan& after, auto& v) {
        same_revision(before.revision, edited.revision, before.id.key());
        after = edited;
        after.revision = before.revision;
        after.reviewed_at = w.now();
        v = plan_rules(w.tx(), after);
      }};
  return detail::run_transition(*ctx_, who, edited.id.key(), spec, opts);
}

std::vector<capacity_metric> capacity_management::metrics(const actor& who) const {
  detail::reader r(*ctx_, who, metric_kind);
  return r.all<capacity_metric>();
}

std::vector<capacity_plan> capacity_management::plans(const actor& who) const {
  detail::reader r(*ctx_, who, plan_kind);
  return r.all<capacity_plan>();
}

std::vector<capacity_measurement> capacity_management::measurements(const actor& who, capacity_metric_id metric,
                                                                    timestamp from, timestamp to) const {
  detail::reader r(*ctx_, who, measurement_kind);
  storage::query q;
  q.where_eq("metric", metric.key());
  auto out = r.all<capacity_measurement>(q);
  std::erase_if(out, [&](const capacity_measurement& m) { return m.at < from || !(m.at < to); });
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.at < b.at; });
  return out;
}

capacity_forecast capacity_management::forecast(const actor& who, capacity_metric_id metric, timestamp from,
                                                timestamp to) const {
  if (from.is_special() || to.is_special() || !(from < to))
    throw_error(errc::invalid_argument, "a forecast needs a period with from < to");
  detail::authorize_read(*ctx_, who, measurement_kind, "");
  detail::reader r(*ctx_, who, metric_kind);
  const auto m = r.one<capacity_metric>(metric.key());
  if (!m) throw_error(errc::not_found, fmt::format("{} not found", metric.key()));
  return fit_forecast(measurements(who, metric, from, to), m->threshold);
}

}  // namespace itsm
