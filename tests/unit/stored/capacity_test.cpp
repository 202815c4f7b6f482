// Capacity on a durable store (a SQLite file, a PostgreSQL schema: store.hpp): metrics,
// measurements and the incident a breach raised survive reopening; the forecast reads the stored
// series through the by_metric index (R-6.5-monitor, R-6.5-plan).
#include <catch2/catch.hpp>

#include "itsm/core/clock.hpp"
#include "itsm/process/sms.hpp"
#include "store.hpp"
#include "unit/process/assurance_fixture.hpp"

using namespace itsm;

TEST_CASE("R-6.5-monitor R-6.5-plan: capacity records on a durable store, across reopening", "[stored][capacity]") {
  const auto path = stored_test::fresh("capacity");
  auto clk = std::make_shared<manual_clock>(parse_iso("2026-03-01T00:00:00Z"));
  const actor cam{"cam", {std::string(capacity_manager_role)}};
  capacity_metric_id metric;
  {
    sms system(stored_test::open(path), sms_options{clk, nullptr, nullptr, {}});
    test::assurance_estate estate(system);
    model::capacity_metric m;
    m.name = "web-1 memory";
    m.ci = estate.h1.id;
    m.unit = "%";
    m.threshold = 90;
    m.raise_incident = true;
    metric = system.capacity().add_metric(cam, m).id;
    for (int day = 0; day < 6; ++day) {
      clk->set(parse_iso("2026-03-01T00:00:00Z") + hours(24 * day));
      system.capacity().record_measurement(cam, metric, clk->now(), 70.0 + 4.0 * day);  // 70 … 90: the last breaches
    }
  }
  sms system(stored_test::open(path), sms_options{clk, nullptr, nullptr, {}});
  const actor viewer{"vera", {std::string(roles::viewer)}};
  const auto all = system.capacity().measurements(viewer, metric, parse_iso("2026-03-01T00:00:00Z"), parse_iso("2026-04-01T00:00:00Z"));
  REQUIRE(all.size() == 6);
  CHECK(all.back().breached);
  REQUIRE(all.back().incident.valid());
  CHECK(system.incidents().find(viewer, all.back().incident)->category == "capacity");
  const auto f = system.capacity().forecast(viewer, metric, parse_iso("2026-03-01T00:00:00Z"), parse_iso("2026-03-05T00:00:00Z"));
  CHECK(f.points == 4);
  CHECK(f.slope_per_day == Approx(4.0));
  REQUIRE(f.crosses_at);
  CHECK(*f.crosses_at == parse_iso("2026-03-06T00:00:00Z"));  // 70 + 4·d = 90 at day 5
  CHECK(system.verify().ok());
}
