// Capacity management (clause 6.5): metrics with thresholds and measurements whose breaches
// raise events and, by the metric's policy, incidents (R-6.5-monitor); the least-squares
// forecast with the time the threshold will be crossed, on known series; capacity plans
// reviewed at their interval (R-6.5-plan).
#include <catch2/catch.hpp>

#include <cmath>

#include "capacity_fixture.hpp"
#include "support/errors.hpp"

using namespace itsm;

namespace {
std::vector<model::capacity_measurement> series(const char* first, const std::vector<double>& values) {
  std::vector<model::capacity_measurement> out;
  auto at = parse_iso(first);
  for (double v : values) {
    model::capacity_measurement m;
    m.metric = capacity_metric_id(1);
    m.at = at;
    m.value = v;
    out.push_back(m);
    at += hours(24);
  }
  return out;
}
}  // namespace

TEST_CASE("R-6.5-plan: the forecast is the least-squares line and the time it reaches the threshold", "[process][capacity]") {
  // Exactly linear: +5 a day from 50, threshold 80 is reached on day 6.
  auto f = fit_forecast(series("2026-03-01T00:00:00Z", {50, 55, 60, 65, 70}), 80);
  CHECK(f.slope_per_day == Approx(5.0));
  CHECK(f.intercept == Approx(50.0));
  CHECK(f.latest == Approx(70.0));
  REQUIRE(f.crosses_at);
  CHECK(*f.crosses_at == parse_iso("2026-03-07T00:00:00Z"));
  // Noisy: x̄ = 2, ȳ = 60, Σdx·dy = 48, Σdx² = 10 → slope 4.8, intercept 50.4; 80 at day 6.1667.
  f = fit_forecast(series("2026-03-01T00:00:00Z", {50, 56, 59, 66, 69}), 80);
  CHECK(f.slope_per_day == Approx(4.8));
  CHECK(f.intercept == Approx(50.4));
  REQUIRE(f.crosses_at);
  CHECK(std::abs((*f.crosses_at - parse_iso("2026-03-07T04:00:00Z")).total_seconds()) <= 1);
  // Falling, flat, and already over: no crossing ahead.
  CHECK_FALSE(fit_forecast(series("2026-03-01T00:00:00Z", {70, 65, 60}), 80).crosses_at);
  CHECK_FALSE(fit_forecast(series("2026-03-01T00:00:00Z", {60, 60, 60}), 80).crosses_at);
  f = fit_forecast(series("2026-03-01T00:00:00Z", {78, 84, 90}), 80);
  CHECK(f.breached);
  CHECK_FALSE(f.crosses_at);
  CHECK(test::code_of([] { fit_forecast(series("2026-03-01T00:00:00Z", {50}), 80); }) == errc::invalid_argument);
  auto same_time = series("2026-03-01T00:00:00Z", {50, 60});
  same_time[1].at = same_time[0].at;
  CHECK(test::code_of([&] { fit_forecast(same_time, 80); }) == errc::invalid_argument);
}

TEST_CASE_METHOD(test::capacity_world, "R-6.5-monitor: a breached threshold raises an event and, by policy, an incident",
                 "[process][capacity]") {
  auto bad = metric("", db01.id, NAN, false);
  bad.service = webshop.id;  // both a CI and a service
  auto e = refused([&] { cap.add_metric(cam, bad); });
  CHECK(e.violates("R-6.5-monitor"));
  CHECK(e.violations().size() == 3);  // name, CI xor service, threshold
  CHECK(refused([&] { cap.add_metric(rita, metric("x", db01.id, 50, false)); }).code() == errc::permission_denied);

  const auto ok = cap.record_measurement(cam, disk.id, clk->now(), 85.0);
  CHECK_FALSE(ok.breached);
  CHECK_FALSE(ok.incident.valid());
  sink->events.clear();
  const auto over = cap.record_measurement(cam, disk.id, clk->now(), 93.5);
  CHECK(over.breached);
  REQUIRE(over.incident.valid());
  const auto inc = *system.incidents().find(reader, over.incident);
  CHECK(inc.ci == db01.id);
  CHECK(inc.category == "capacity");
  const bool announced = std::any_of(sink->events.begin(), sink->events.end(), [&](const event& ev) {
    return ev.type == "capacity_measurement.breached" && ev.details.at("incident") == inc.id.key();
  });
  CHECK(announced);
  CHECK(refused([&] { cap.record_measurement(cam, disk.id, clk->now(), NAN); }).violates("R-6.5-monitor"));
  CHECK(refused([&] { cap.record_measurement(rita, disk.id, clk->now(), 10); }).code() == errc::permission_denied);
  CHECK(test::code_of([&] { cap.record_measurement(cam, capacity_metric_id(9), clk->now(), 10); }) == errc::not_found);

  // A metric whose policy is events only: breached, no incident.
  const auto web = cap.add_metric(cam, metric("shop requests", shop.id, 1000, false));
  CHECK_FALSE(cap.record_measurement(cam, web.id, clk->now(), 1500).incident.valid());
  auto retired = web;
  retired.retired = true;
  retired = cap.update_metric(cam, retired);
  CHECK(refused([&] { cap.record_measurement(cam, web.id, clk->now(), 10); }).violates("R-6.5-monitor"));
  CHECK(test::code_of([&] { cap.update_metric(cam, web); }) == errc::conflict);
}

TEST_CASE_METHOD(test::capacity_world, "R-6.5-plan: measurements forecast the crossing; capacity plans are reviewed",
                 "[process][capacity]") {
  daily(disk.id, "2026-03-02T08:00:00Z", {60, 64, 68, 72, 76});
  const auto all = cap.measurements(reader, disk.id, parse_iso("2026-03-01T00:00:00Z"), parse_iso("2026-04-01T00:00:00Z"));
  CHECK(all.size() == 5);
  const auto f = cap.forecast(reader, disk.id, parse_iso("2026-03-01T00:00:00Z"), parse_iso("2026-04-01T00:00:00Z"));
  CHECK(f.points == 5);
  CHECK(f.slope_per_day == Approx(4.0));
  REQUIRE(f.crosses_at);
  CHECK(*f.crosses_at == parse_iso("2026-03-09T20:00:00Z"));  // 60 + 4·d = 90 at d = 7.5 days after 03-02 08:00
  CHECK(test::code_of([&] { cap.forecast(reader, capacity_metric_id(9), clk->now() - hours(1), clk->now()); }) ==
        errc::not_found);
  CHECK(test::code_of([&] { cap.forecast(reader, disk.id, clk->now(), clk->now()); }) == errc::invalid_argument);

  model::capacity_plan p;
  p.name = "webshop capacity 2026";
  p.owner = "cam";
  p.services = {webshop.id};
  p.metrics = {disk.id};
  CHECK(refused([&] { cap.add_plan(cam, p); }).violations().size() == 2);  // demand, actions
  p.demand = "orders +40 % a year; db01 disk +4 points a day during the sale";
  p.actions = "add 2 TB to db01 before 2026-03-09 (EUR 1,200)";
  p = cap.add_plan(cam, p);
  CHECK(p.reviewed_at == clk->now());
  clk->advance(hours(24 * 30));
  auto reviewed = p;
  reviewed.actions += "; done 2026-03-08";
  reviewed = cap.review_plan(cam, reviewed);
  CHECK(reviewed.reviewed_at == clk->now());
  CHECK(test::code_of([&] { cap.review_plan(cam, p); }) == errc::conflict);
  CHECK(cap.plans(reader).size() == 1);
}
