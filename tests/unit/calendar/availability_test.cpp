#include <catch2/catch.hpp>

#include "fixtures.hpp"
#include "itsm/calendar/availability.hpp"
#include "itsm/core/error.hpp"

using namespace cal_test;
using itsm::hours;

TEST_CASE("R-6.3-monitor: availability counts only outages inside agreed service hours",
          "[calendar][availability]") {
  const ic::business_calendar service_hours(berlin_office());
  // March 2024 in Berlin: 21 weekdays minus Good Friday = 20 days x 8 h.
  const auto from = utc("2024-02-29T23:00:00Z"), to = utc("2024-03-31T22:00:00Z");
  const std::vector<ic::outage> outages{
      {utc("2024-03-04T10:00:00Z"), utc("2024-03-04T13:00:00Z")},  // Mon 11-14 local: 2 h
      {utc("2024-03-04T12:30:00Z"), utc("2024-03-04T14:00:00Z")},  // overlaps: merged to 11-15
      {utc("2024-03-09T09:00:00Z"), utc("2024-03-09T15:00:00Z")},  // Saturday: 0 h
      {utc("2024-02-29T15:00:00Z"), utc("2024-03-01T08:00:00Z")},  // clipped: Mar 1 08-09
  };
  const auto f = ic::availability(service_hours, from, to, outages);
  CHECK(f.agreed == hours(160));
  CHECK(f.unavailable == hours(4));
  CHECK(f.available == hours(156));
  REQUIRE(f.percent);
  CHECK(*f.percent == Approx(97.5));

  const auto none = ic::availability(service_hours, from, to, {});
  CHECK(*none.percent == Approx(100.0));
}

TEST_CASE("R-6.3-monitor: 24x7 availability and degenerate periods", "[calendar][availability]") {
  const ic::business_calendar always(ic::calendar_definition::always_open("UTC"));
  const auto from = utc("2024-04-01T00:00:00Z"), to = utc("2024-05-01T00:00:00Z");
  const auto f = ic::availability(always, from, to, {{utc("2024-04-10T00:00:00Z"), utc("2024-04-10T01:00:00Z")}});
  CHECK(f.agreed == hours(720));
  CHECK(*f.percent == Approx(100.0 * 719.0 / 720.0));

  const ic::business_calendar office(berlin_office());
  const auto weekend = ic::availability(office, utc("2024-03-09T00:00:00Z"), utc("2024-03-10T00:00:00Z"), {});
  CHECK(weekend.agreed == hours(0));
  CHECK_FALSE(weekend.percent);
  CHECK_THROWS_AS(ic::availability(office, to, from, {}), itsm::error);
  CHECK_THROWS_AS(ic::availability(office, from, to, {{to, from}}), itsm::error);
}
