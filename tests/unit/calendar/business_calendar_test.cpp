#include <catch2/catch.hpp>

#include <chrono>
#include <random>
#include <thread>

#include "fixtures.hpp"
#include "itsm/core/error.hpp"

using namespace cal_test;
using itsm::hours;
using itsm::minutes;

namespace {
ic::calendar_definition sundays(std::string zone, itsm::duration from, itsm::duration to) {
  ic::calendar_definition def;
  def.time_zone = std::move(zone);
  def.week[6] = {{from, to}};
  return def;
}
}  // namespace

TEST_CASE("split day: is_open and the closing-time convention", "[calendar][hours]") {
  const ic::business_calendar cal(berlin_office());
  // Monday 2024-03-04, CET (UTC+1): 08:00-12:00 = 07:00Z-11:00Z, 13:00-17:00 = 12:00Z-16:00Z.
  CHECK(cal.is_open(utc("2024-03-04T07:00:00Z")));
  CHECK_FALSE(cal.is_open(utc("2024-03-04T06:59:59Z")));
  CHECK(cal.is_open(utc("2024-03-04T10:59:59Z")));
  CHECK_FALSE(cal.is_open(utc("2024-03-04T11:00:00Z")));  // closing instant is outside
  CHECK_FALSE(cal.is_open(utc("2024-03-04T11:30:00Z")));
  CHECK(cal.is_open(utc("2024-03-04T12:00:00Z")));
  CHECK_FALSE(cal.is_open(utc("2024-03-04T16:00:00Z")));
  CHECK(cal.business_time(utc("2024-03-04T07:00:00Z"), utc("2024-03-04T16:00:00Z")) == hours(8));
  CHECK(cal.business_time(utc("2024-03-04T16:00:00Z"), utc("2024-03-04T07:00:00Z")) == -hours(8));
  CHECK(cal.business_time(utc("2024-03-03T23:00:00Z"), utc("2024-03-10T23:00:00Z")) == hours(40));

  // A deadline that uses up the morning exactly falls on 12:00, not on the 13:00 opening.
  CHECK(cal.deadline(utc("2024-03-04T07:00:00Z"), hours(4)) == utc("2024-03-04T11:00:00Z"));
  CHECK(cal.deadline(utc("2024-03-04T07:00:00Z"), hours(4) + itsm::duration(0, 0, 0, 1)) ==
        utc("2024-03-04T12:00:00.000001Z"));
  CHECK(cal.deadline(utc("2024-03-04T07:00:00Z"), hours(8)) == utc("2024-03-04T16:00:00Z"));
  // Start during lunch.
  CHECK(cal.deadline(utc("2024-03-04T11:30:00Z"), minutes(30)) == utc("2024-03-04T12:30:00Z"));
}

TEST_CASE("deadlines across weekends, from outside service hours, and of zero length",
          "[calendar][deadline]") {
  const ic::business_calendar cal(berlin_office());
  // Friday 16:00 CET + 2 h = Monday 09:00 CET.
  CHECK(cal.deadline(utc("2024-03-01T15:00:00Z"), hours(2)) == utc("2024-03-04T08:00:00Z"));
  // Saturday 10:00 + 1 h = Monday 09:00.
  CHECK(cal.deadline(utc("2024-03-02T09:00:00Z"), hours(1)) == utc("2024-03-04T08:00:00Z"));
  CHECK(cal.next_opening(utc("2024-03-02T09:00:00Z")) == utc("2024-03-04T07:00:00Z"));
  CHECK(cal.next_opening(utc("2024-03-04T08:00:00Z")) == utc("2024-03-04T08:00:00Z"));
  // Zero duration: the start itself, even outside service hours.
  CHECK(cal.deadline(utc("2024-03-02T09:00:00Z"), hours(0)) == utc("2024-03-02T09:00:00Z"));
  CHECK(cal.deadline(utc("2024-03-04T08:00:00Z"), hours(0)) == utc("2024-03-04T08:00:00Z"));
  CHECK_THROWS_AS(cal.deadline(utc("2024-03-04T08:00:00Z"), -hours(1)), itsm::error);
}

TEST_CASE("holidays: Easter weekend with a DST switch inside it", "[calendar][holiday]") {
  const ic::business_calendar cal(berlin_office());
  // Thu 2024-03-28 16:00 CET + 2 h: Good Friday, the weekend (DST starts Sunday) and Easter
  // Monday are skipped -> Tue 2024-04-02 09:00 CEST = 07:00Z.
  CHECK(cal.deadline(utc("2024-03-28T15:00:00Z"), hours(2)) == utc("2024-04-02T07:00:00Z"));
  CHECK_FALSE(cal.is_open(utc("2024-03-29T09:00:00Z")));
  CHECK(cal.business_time(utc("2024-03-28T23:00:00Z"), utc("2024-04-01T22:00:00Z")) == hours(0));
  // An exception reopens a holiday and shortens Christmas Eve.
  auto def = berlin_office();
  def.exceptions.push_back({ic::date(2024, 10, 3), office_hours()});
  def.exceptions.push_back({ic::date(2024, 12, 24), {{hours(8), hours(12)}}});
  const ic::business_calendar cal2(def);
  CHECK(cal2.is_open(utc("2024-10-03T07:00:00Z")));
  CHECK_FALSE(cal.is_open(utc("2024-10-03T07:00:00Z")));
  // Tue 2024-12-24 11:00 CET + 2 h: 1 h left that day, 25th and 26th are holidays -> Fri 09:00.
  CHECK(cal2.deadline(utc("2024-12-24T10:00:00Z"), hours(2)) == utc("2024-12-27T08:00:00Z"));
}

TEST_CASE("DST in Europe/Berlin: deadlines across spring-forward and fall-back", "[calendar][dst]") {
  const ic::business_calendar cal(berlin_office());
  // Fri 2025-03-28 16:00 CET + 2 h -> Mon 2025-03-31 09:00 CEST = 07:00Z (not 08:00Z).
  CHECK(cal.deadline(utc("2025-03-28T15:00:00Z"), hours(2)) == utc("2025-03-31T07:00:00Z"));
  // Fri 2024-10-25 16:00 CEST + 2 h -> Mon 2024-10-28 09:00 CET = 08:00Z.
  CHECK(cal.deadline(utc("2024-10-25T14:00:00Z"), hours(2)) == utc("2024-10-28T08:00:00Z"));
  CHECK(cal.business_time(utc("2024-10-25T14:00:00Z"), utc("2024-10-28T08:00:00Z")) == hours(2));
}

TEST_CASE("DST in America/New_York: deadlines across spring-forward and fall-back", "[calendar][dst]") {
  const ic::business_calendar cal(
      ic::calendar_definition::weekdays({{hours(9), hours(17)}}, "America/New_York"));
  // Fri 2024-03-08 16:00 EST + 2 h -> Mon 2024-03-11 10:00 EDT = 14:00Z.
  CHECK(cal.deadline(utc("2024-03-08T21:00:00Z"), hours(2)) == utc("2024-03-11T14:00:00Z"));
  // Fri 2024-11-01 16:00 EDT + 2 h -> Mon 2024-11-04 10:00 EST = 15:00Z.
  CHECK(cal.deadline(utc("2024-11-01T20:00:00Z"), hours(2)) == utc("2024-11-04T15:00:00Z"));
}

TEST_CASE("a working day containing a DST switch has its true length", "[calendar][dst]") {
  SECTION("Europe/Berlin, whole Sundays") {
    const ic::business_calendar cal(sundays("Europe/Berlin", hours(0), hours(24)));
    CHECK(cal.business_time(utc("2024-03-30T00:00:00Z"), utc("2024-04-01T00:00:00Z")) == hours(23));
    CHECK(cal.business_time(utc("2024-10-26T00:00:00Z"), utc("2024-10-28T00:00:00Z")) == hours(25));
    CHECK(cal.business_time(utc("2024-04-06T00:00:00Z"), utc("2024-04-08T00:00:00Z")) == hours(24));
  }
  SECTION("Europe/Berlin, 01:00-04:00 on the switch Sundays") {
    const ic::business_calendar cal(sundays("Europe/Berlin", hours(1), hours(4)));
    CHECK(cal.business_time(utc("2024-03-30T00:00:00Z"), utc("2024-04-01T00:00:00Z")) == hours(2));
    CHECK(cal.business_time(utc("2024-10-26T00:00:00Z"), utc("2024-10-28T00:00:00Z")) == hours(4));
    // Fall-back: 02:30 local happens twice, both are inside the interval.
    CHECK(cal.is_open(utc("2024-10-27T00:30:00Z")));
    CHECK(cal.is_open(utc("2024-10-27T01:30:00Z")));
    CHECK(cal.deadline(utc("2024-10-26T12:00:00Z"), hours(4)) == utc("2024-10-27T03:00:00Z"));
  }
  SECTION("Europe/Berlin, an interval ending inside the skipped hour closes at the jump") {
    const ic::business_calendar cal(sundays("Europe/Berlin", hours(1), hours(2) + minutes(30)));
    CHECK(cal.business_time(utc("2024-03-30T00:00:00Z"), utc("2024-04-01T00:00:00Z")) == hours(1));
    CHECK(cal.deadline(utc("2024-03-31T00:00:00Z"), hours(1)) == utc("2024-03-31T01:00:00Z"));
  }
  SECTION("America/New_York") {
    const ic::business_calendar whole(sundays("America/New_York", hours(0), hours(24)));
    CHECK(whole.business_time(utc("2024-03-09T12:00:00Z"), utc("2024-03-11T12:00:00Z")) == hours(23));
    CHECK(whole.business_time(utc("2024-11-02T12:00:00Z"), utc("2024-11-04T12:00:00Z")) == hours(25));
    const ic::business_calendar night(sundays("America/New_York", hours(1), hours(3)));
    CHECK(night.business_time(utc("2024-03-09T12:00:00Z"), utc("2024-03-11T12:00:00Z")) == hours(1));
    CHECK(night.business_time(utc("2024-11-02T12:00:00Z"), utc("2024-11-04T12:00:00Z")) == hours(3));
    const auto ivs = night.working_intervals(utc("2024-11-02T12:00:00Z"), utc("2024-11-04T12:00:00Z"));
    REQUIRE(ivs.size() == 1);
    CHECK(ivs[0].start == utc("2024-11-03T05:00:00Z"));
    CHECK(ivs[0].end == utc("2024-11-03T08:00:00Z"));
  }
}

TEST_CASE("24x7 calendars and very long durations", "[calendar][deadline]") {
  const ic::business_calendar always(ic::calendar_definition::always_open("Europe/Berlin"));
  const auto t = utc("2024-01-01T00:00:00Z");
  CHECK(always.business_time(t, utc("2025-01-01T00:00:00Z")) == hours(366 * 24));
  CHECK(always.deadline(t, hours(87'600)) == t + hours(87'600));
  CHECK(always.working_intervals(t, utc("2027-01-01T00:00:00Z")).size() == 1);  // merged across blocks

  const ic::business_calendar cal(berlin_office());
  const auto start = utc("2024-03-04T09:17:00Z");
  const auto d = cal.deadline(start, hours(10'000));  // about five working years
  CHECK(d > utc("2028-01-01T00:00:00Z"));
  CHECK(cal.business_time(start, d) == hours(10'000));
  CHECK(cal.is_open(d - itsm::duration(0, 0, 0, 1)));

  // Beyond the supported range (about year 2500): a clear error, not a hang.
  CHECK_THROWS_AS(always.deadline(t, hours(4'500'000)), itsm::error);
  CHECK_THROWS_AS(always.deadline(t, hours(6'000'000)), itsm::error);
  CHECK_THROWS_AS(cal.is_open(utc("1899-12-31T00:00:00Z")), itsm::error);
  CHECK_THROWS_AS(cal.is_open(itsm::timestamp()), itsm::error);
}

TEST_CASE("a calendar with no working time gives a clear error, never loops", "[calendar][deadline]") {
  const ic::business_calendar none(ic::calendar_definition{});
  const auto t0 = std::chrono::steady_clock::now();
  try {
    (void)none.deadline(utc("2024-05-01T00:00:00Z"), hours(1));
    FAIL("expected an error");
  } catch (const itsm::error& e) {
    CHECK(e.code() == itsm::errc::invalid_argument);
    CHECK_THAT(e.what(), Catch::Contains("no working time"));
  }
  CHECK_FALSE(none.is_open(utc("2024-05-01T10:00:00Z")));
  CHECK(none.business_time(utc("2024-05-01T00:00:00Z"), utc("2030-01-01T00:00:00Z")) == hours(0));
  CHECK_FALSE(none.next_opening(utc("2024-05-01T00:00:00Z")).has_value());
  CHECK(none.deadline(utc("2024-05-01T00:00:00Z"), hours(0)) == utc("2024-05-01T00:00:00Z"));

  // Only one exception day with hours: deadlines inside it work, beyond it fail clearly.
  ic::calendar_definition once;
  once.time_zone = "Europe/Berlin";
  once.exceptions.push_back({ic::date(2024, 5, 4), office_hours()});
  const ic::business_calendar cal(once);
  CHECK(cal.deadline(utc("2024-05-01T00:00:00Z"), hours(2)) == utc("2024-05-04T08:00:00Z"));
  try {
    (void)cal.deadline(utc("2024-05-01T00:00:00Z"), hours(9));
    FAIL("expected an error");
  } catch (const itsm::error& e) {
    CHECK_THAT(e.what(), Catch::Contains("no working time left"));
  }
  CHECK_FALSE(cal.next_opening(utc("2024-05-05T00:00:00Z")).has_value());
  CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(2));
}

TEST_CASE("the horizon extends in both directions and stays consistent", "[calendar][horizon]") {
  const ic::business_calendar a(berlin_office()), b(berlin_office());
  const auto t1 = utc("1950-06-01T10:00:00Z"), t2 = utc("2024-06-03T10:00:00Z"),
             t3 = utc("2400-06-01T10:00:00Z");
  // a learns the years from the future backwards, b from the past forwards.
  const auto a32 = a.business_time(t2, t3), a21 = a.business_time(t1, t2);
  const auto b21 = b.business_time(t1, t2), b32 = b.business_time(t2, t3);
  CHECK(a32 == b32);
  CHECK(a21 == b21);
  CHECK(a.business_time(t1, t3) == a21 + a32);
  CHECK(b.deadline(t1, a21) == a.deadline(t1, b21));
  CHECK(a.business_time(t1, a.deadline(t1, a21 + a32)) == a21 + a32);
}

TEST_CASE("concurrent queries that extend the horizon agree with a single-threaded run",
          "[calendar][threads]") {
  const ic::business_calendar reference(berlin_office());
  std::mt19937_64 rng(42);
  const std::int64_t lo = itsm::to_unix_micros(utc("1990-01-01T00:00:00Z"));
  const std::int64_t hi = itsm::to_unix_micros(utc("2090-01-01T00:00:00Z"));
  std::vector<std::int64_t> starts(2000), expected(2000);
  for (std::size_t i = 0; i < starts.size(); ++i) {
    starts[i] = std::uniform_int_distribution<std::int64_t>(lo, hi)(rng);
    expected[i] = reference.deadline_us(starts[i], std::int64_t{37} * 3'600'000'000);
  }
  const ic::business_calendar shared(berlin_office());
  std::vector<int> mismatches(4, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (std::size_t k = 0; k < starts.size(); ++k) {
        const std::size_t i = (k * 7 + static_cast<std::size_t>(t) * 501) % starts.size();
        if (shared.deadline_us(starts[i], std::int64_t{37} * 3'600'000'000) != expected[i]) ++mismatches[static_cast<std::size_t>(t)];
      }
    });
  for (auto& th : threads) th.join();
  CHECK(mismatches == std::vector<int>(4, 0));
}

TEST_CASE("working_intervals lists the clipped UTC intervals", "[calendar][hours]") {
  const ic::business_calendar cal(berlin_office());
  const auto ivs = cal.working_intervals(utc("2024-03-04T09:00:00Z"), utc("2024-03-05T08:00:00Z"));
  REQUIRE(ivs.size() == 3);
  CHECK(ivs[0] == ic::utc_interval{utc("2024-03-04T09:00:00Z"), utc("2024-03-04T11:00:00Z")});
  CHECK(ivs[1] == ic::utc_interval{utc("2024-03-04T12:00:00Z"), utc("2024-03-04T16:00:00Z")});
  CHECK(ivs[2] == ic::utc_interval{utc("2024-03-05T07:00:00Z"), utc("2024-03-05T08:00:00Z")});
  // Over several years (several internal blocks): ordered, disjoint, and summing to business_time.
  const auto from = utc("2023-06-01T00:00:00Z"), to = utc("2027-06-01T00:00:00Z");
  const auto many = cal.working_intervals(from, to);
  itsm::duration sum = hours(0);
  for (std::size_t i = 0; i < many.size(); ++i) {
    CHECK(many[i].start < many[i].end);
    if (i) CHECK(many[i - 1].end < many[i].start);
    CHECK(cal.is_open(many[i].start));
    CHECK_FALSE(cal.is_open(many[i].end));
    sum += many[i].end - many[i].start;
  }
  CHECK(sum == cal.business_time(from, to));
  CHECK(many.size() > 1000);
  // A night shift written as two intervals is one continuous interval.
  auto def = ic::calendar_definition{};
  def.week[0] = {{hours(22), hours(24)}};
  def.week[1] = {{hours(0), hours(6)}};
  const ic::business_calendar night(def);
  const auto n = night.working_intervals(utc("2024-03-04T00:00:00Z"), utc("2024-03-06T00:00:00Z"));
  REQUIRE(n.size() == 1);
  CHECK(n[0] == ic::utc_interval{utc("2024-03-04T22:00:00Z"), utc("2024-03-05T06:00:00Z")});
  CHECK(night.deadline(utc("2024-03-04T12:00:00Z"), hours(3)) == utc("2024-03-05T01:00:00Z"));
}
