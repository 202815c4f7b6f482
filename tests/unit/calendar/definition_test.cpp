#include <catch2/catch.hpp>

#include <boost/date_time/gregorian/gregorian.hpp>
#include <functional>
#include <nlohmann/json.hpp>

#include "fixtures.hpp"
#include "itsm/core/error.hpp"

using namespace cal_test;
using ic::date;
using ic::holiday_rule;

namespace {
itsm::errc code_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const itsm::error& e) {
    return e.code();
  }
  return itsm::errc{};
}
std::string message_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const itsm::error& e) {
    return e.what();
  }
  return "no error";
}
}  // namespace

TEST_CASE("Easter Sunday matches published dates", "[calendar][holiday]") {
  CHECK(ic::easter_sunday(2000) == date(2000, 4, 23));
  CHECK(ic::easter_sunday(2019) == date(2019, 4, 21));
  CHECK(ic::easter_sunday(2024) == date(2024, 3, 31));
  CHECK(ic::easter_sunday(2025) == date(2025, 4, 20));
  CHECK(ic::easter_sunday(2026) == date(2026, 4, 5));
  CHECK(ic::easter_sunday(2038) == date(2038, 4, 25));
  CHECK(ic::easter_sunday(2285) == date(2285, 3, 22));  // earliest possible
  CHECK(ic::easter_sunday(1943) == date(1943, 4, 25));  // latest possible
}

TEST_CASE("holiday rules yield the right date per year", "[calendar][holiday]") {
  // US Thanksgiving: 4th Thursday of November; the day after: offset +1.
  CHECK(holiday_rule::nth_weekday_of(4, 4, 11).in_year(2024) == date(2024, 11, 28));
  CHECK(holiday_rule::nth_weekday_of(4, 4, 11, 1).in_year(2025) == date(2025, 11, 28));
  // Memorial Day: last Monday of May; UK late May bank holiday likewise.
  CHECK(holiday_rule::nth_weekday_of(-1, 1, 5).in_year(2024) == date(2024, 5, 27));
  CHECK(holiday_rule::nth_weekday_of(-1, 1, 5).in_year(2026) == date(2026, 5, 25));
  CHECK(holiday_rule::nth_weekday_of(-2, 5, 3).in_year(2024) == date(2024, 3, 22));
  // A 5th Monday exists only in some months.
  CHECK(holiday_rule::nth_weekday_of(5, 1, 4).in_year(2024) == date(2024, 4, 29));
  CHECK(holiday_rule::nth_weekday_of(5, 1, 2).in_year(2024).is_special());
  // Feb 29 only in leap years.
  CHECK(holiday_rule::annual(2, 29).in_year(2024) == date(2024, 2, 29));
  CHECK(holiday_rule::annual(2, 29).in_year(2025).is_special());
  // Fixed dates only in their year.
  CHECK(holiday_rule::fixed_date(date(2025, 6, 1)).in_year(2025) == date(2025, 6, 1));
  CHECK(holiday_rule::fixed_date(date(2025, 6, 1)).in_year(2024).is_special());
}

TEST_CASE("German holiday rules reproduce the benchmark's fixed list 2024-2026",
          "[calendar][holiday]") {
  const auto j = nlohmann::json::parse(read_file(ITSM_SOURCE_DIR "/bench/data/sla-calendar-berlin.json"));
  ic::calendar_definition rules;
  rules.holidays = german_holidays();
  for (int y = 2024; y <= 2026; ++y) {
    std::vector<date> expected;
    for (const auto& d : j["holidays"])
      if (d.get<std::string>().substr(0, 4) == std::to_string(y))
        expected.push_back(boost::gregorian::from_simple_string(d.get<std::string>()));
    CHECK(ic::holidays_in(rules, y) == expected);
  }
}

TEST_CASE("hours_on: exception beats holiday beats weekly hours", "[calendar][definition]") {
  auto def = berlin_office();
  def.exceptions.push_back({date(2024, 12, 24), {{itsm::hours(8), itsm::hours(12)}}});  // short day
  def.exceptions.push_back({date(2024, 10, 3), office_hours()});      // works on a holiday
  def.exceptions.push_back({date(2024, 3, 2), {{itsm::hours(9), itsm::hours(13)}}});  // a Saturday
  def.exceptions.push_back({date(2024, 3, 6), {}});                   // closed Wednesday
  CHECK(def.hours_on(date(2024, 12, 24)).size() == 1);
  CHECK(def.hours_on(date(2024, 10, 3)) == office_hours());
  CHECK(def.is_holiday(date(2024, 10, 3)));
  CHECK(def.hours_on(date(2024, 3, 2)).front().start == itsm::hours(9));
  CHECK(def.hours_on(date(2024, 3, 6)).empty());
  CHECK(def.hours_on(date(2024, 3, 7)) == office_hours());
  CHECK(def.hours_on(date(2024, 3, 9)).empty());   // Saturday
  CHECK(def.hours_on(date(2024, 12, 25)).empty()); // holiday
}

TEST_CASE("invalid definitions are rejected with a clear message", "[calendar][definition]") {
  using itsm::errc;
  auto def = berlin_office();
  CHECK_NOTHROW(def.validate());

  auto overlap = def;
  overlap.week[0] = {{itsm::hours(8), itsm::hours(12)}, {itsm::hours(11), itsm::hours(17)}};
  CHECK(code_of([&] { overlap.validate(); }) == errc::invalid_argument);
  CHECK_THAT(message_of([&] { overlap.validate(); }),
             Catch::Contains("Monday") && Catch::Contains("overlapping"));

  auto backwards = def;
  backwards.week[2] = {{itsm::hours(17), itsm::hours(8)}};
  CHECK_THAT(message_of([&] { backwards.validate(); }),
             Catch::Contains("Wednesday") && Catch::Contains("end <= start"));
  auto empty_interval = def;
  empty_interval.week[2] = {{itsm::hours(8), itsm::hours(8)}};
  CHECK(code_of([&] { empty_interval.validate(); }) == errc::invalid_argument);

  auto too_long = def;
  too_long.week[3] = {{itsm::hours(20), itsm::hours(25)}};
  CHECK_THAT(message_of([&] { too_long.validate(); }), Catch::Contains("00:00-24:00"));

  auto zone = def;
  zone.time_zone = "Europe/Atlantis";
  CHECK(code_of([&] { ic::business_calendar c(zone); }) == errc::invalid_argument);
  CHECK_THAT(message_of([&] { zone.validate(); }), Catch::Contains("Europe/Atlantis"));

  auto dup = def;
  dup.exceptions = {{date(2024, 5, 2), {}}, {date(2024, 5, 2), office_hours()}};
  CHECK_THAT(message_of([&] { dup.validate(); }), Catch::Contains("duplicate"));

  auto rule = def;
  rule.holidays.push_back(holiday_rule::nth_weekday_of(0, 1, 5, 0, "bogus"));
  CHECK_THAT(message_of([&] { rule.validate(); }), Catch::Contains("bogus") && Catch::Contains("nth"));
  rule.holidays.back() = holiday_rule::annual(2, 30);
  CHECK(code_of([&] { rule.validate(); }) == errc::invalid_argument);
  rule.holidays.back() = holiday_rule::fixed_date(date(boost::date_time::not_a_date_time));
  CHECK(code_of([&] { rule.validate(); }) == errc::invalid_argument);
}

TEST_CASE("calendar definitions round-trip through JSON", "[calendar][json]") {
  auto def = berlin_office();
  def.holidays.push_back(holiday_rule::fixed_date(date(2025, 6, 2)));
  def.holidays.push_back(holiday_rule::fixed_date(date(2025, 6, 3), "company day"));
  def.holidays.push_back(holiday_rule::nth_weekday_of(-1, 1, 5, 0, "last Monday of May"));
  def.week[5] = {{itsm::hours(9), itsm::hours(13) + itsm::seconds(30)}};
  def.exceptions.push_back({date(2024, 12, 24), {{itsm::hours(8), itsm::hours(12)}}});
  def.exceptions.push_back({date(2024, 12, 31), {}});
  def.week[6] = {{itsm::hours(22), itsm::hours(24)}};
  const auto text = ic::calendar_to_json(def);
  CHECK(ic::calendar_from_json(text) == def);
  CHECK(ic::calendar_from_json(ic::calendar_to_json(ic::calendar_definition::always_open("Asia/Kolkata"))) ==
        ic::calendar_definition::always_open("Asia/Kolkata"));
}

TEST_CASE("the benchmark's JSON loads once its non-calendar key is removed", "[calendar][json]") {
  auto j = nlohmann::json::parse(read_file(ITSM_SOURCE_DIR "/bench/data/sla-calendar-berlin.json"));
  // The strict loader names unknown keys instead of silently ignoring a typo.
  CHECK_THAT(message_of([&] { (void)ic::calendar_from_json(j.dump()); }), Catch::Contains("duration_hours"));
  j.erase("duration_hours");
  const auto def = ic::calendar_from_json(j.dump());
  CHECK(def.time_zone == "Europe/Berlin");
  CHECK(def.week[0] == office_hours());
  CHECK(def.week[5].empty());
  CHECK(def.holidays.size() == 27);
  // 2024: 262 weekdays, 9 weekday holidays, 8 hours a day.
  ic::business_calendar cal(def);
  CHECK(cal.business_time(utc("2023-12-31T23:00:00Z"), utc("2024-12-31T23:00:00Z")) == itsm::hours(253 * 8));
}

TEST_CASE("malformed calendar JSON names the problem", "[calendar][json]") {
  using itsm::errc;
  CHECK(code_of([] { (void)ic::calendar_from_json("{"); }) == errc::invalid_argument);
  CHECK_THAT(message_of([] { (void)ic::calendar_from_json(R"({"tz":"UTC","weak":{}})"); }),
             Catch::Contains("weak"));
  CHECK_THAT(message_of([] { (void)ic::calendar_from_json(R"({"week":{"8":[]}})"); }),
             Catch::Contains("weekday"));
  CHECK_THAT(message_of([] { (void)ic::calendar_from_json(R"({"week":{"1":[["8h","12:00"]]}})"); }),
             Catch::Contains("week.1[0]"));
  CHECK_THAT(message_of([] { (void)ic::calendar_from_json(R"({"holidays":["2024-13-01"]})"); }),
             Catch::Contains("holidays[0]"));
  CHECK_THAT(message_of([] { (void)ic::calendar_from_json(R"({"holidays":[{"rule":"lunar"}]})"); }),
             Catch::Contains("rule"));
  CHECK_THAT(message_of([] { (void)ic::calendar_from_json(R"({"tz":"Mars/Olympus"})"); }),
             Catch::Contains("Mars/Olympus"));
  CHECK_THAT(message_of([] { (void)ic::calendar_from_json(R"({"week":{"mon":[["13:00","17:00"],["08:00","14:00"]]}})"); }),
             Catch::Contains("overlapping"));
  // Weekday names are accepted as keys.
  CHECK(ic::calendar_from_json(R"({"week":{"sun":[["10:00","11:00"]]}})").week[6].size() == 1);
  CHECK(ic::parse_time_of_day("24:00") == itsm::hours(24));
  CHECK(code_of([] { (void)ic::parse_time_of_day("24:01"); }) == errc::invalid_argument);
  CHECK(code_of([] { (void)ic::parse_time_of_day("12:60"); }) == errc::invalid_argument);
}

TEST_CASE("a calendar whose texts are not valid UTF-8 does not encode, with an itsm::error", "[calendar]") {
  auto def = berlin_office();
  def.holidays.back().name = "St Stephen\xFF";
  try {
    (void)ic::calendar_to_json(def);
    FAIL("encoded");
  } catch (const itsm::error& e) {
    CHECK(e.code() == itsm::errc::invalid_argument);
  }
}
