// SLA clocks at the edges of time: goals too large to elapse within the calendar's supported
// range and instants past it give figures, not exceptions (R-6.1-sla, R-6.1-monitor).
#include <catch2/catch.hpp>

#include "fixtures.hpp"
#include "itsm/calendar/sla_clock.hpp"
#include "itsm/core/error.hpp"

using namespace cal_test;
using itsm::hours;
using itsm::minutes;
using ic::sla_event;
using ic::sla_event_kind;

namespace {
const std::vector<sla_event> started{{sla_event_kind::state, utc("2026-03-02T08:00:00Z"), "new"}};
}  // namespace

TEST_CASE("R-6.1-sla: a goal that cannot elapse before the calendar's end has no deadline", "[calendar][sla]") {
  const ic::business_calendar cal(berlin_office());
  const auto now = utc("2026-03-02T12:00:00Z");
  // 100 years of business minutes (the largest target an SLA accepts) elapse around 2470 in
  // an office calendar; ten million business hours never do.
  REQUIRE_NOTHROW(ic::evaluate(started, resolution(minutes(std::int64_t{100} * 366 * 24 * 60)), cal, now));
  ic::sla_status s;
  REQUIRE_NOTHROW(s = ic::evaluate(started, resolution(hours(10'000'000)), cal, now));
  CHECK(s.phase == ic::sla_phase::running);
  CHECK_FALSE(s.deadline.has_value());
  CHECK(s.elapsed == hours(3));
  REQUIRE(s.thresholds.size() == 4);
  CHECK(s.thresholds.front().at.has_value() == false);
  // Thresholds of a huge percentage saturate instead of overflowing.
  auto t = resolution(hours(8));
  t.escalation_percent = {50, 2'000'000'000};
  s = ic::evaluate(started, t, cal, now);
  REQUIRE(s.thresholds.size() == 2);
  CHECK(s.thresholds[0].at.has_value());
  CHECK_FALSE(s.thresholds[1].at.has_value());
}

TEST_CASE("R-6.1-monitor: SLA figures at an instant past the calendar's range do not throw", "[calendar][sla]") {
  const ic::business_calendar cal(berlin_office());
  for (const char* late : {"2502-01-01T00:00:00Z", "9999-12-31T23:59:59Z"}) {
    INFO(late);
    ic::sla_status s;
    REQUIRE_NOTHROW(s = ic::evaluate(started, resolution(hours(8)), cal, utc(late)));
    CHECK(s.phase == ic::sla_phase::running);
    REQUIRE(s.deadline.has_value());
    CHECK(*s.deadline == utc("2026-03-03T08:00:00Z"));  // Mon 08:00Z = 09:00 CET; 8 h later: Tue 09:00 CET
    CHECK(s.breached_at == s.deadline);
  }
}
