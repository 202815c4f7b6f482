// Shared test fixtures for the calendar area: the German-holiday Berlin office calendar.
#pragma once

#include <fstream>
#include <sstream>
#include <string>

#include "itsm/calendar/business_calendar.hpp"
#include "itsm/calendar/definition.hpp"
#include "itsm/calendar/sla_clock.hpp"
#include "itsm/core/time.hpp"

namespace cal_test {

namespace ic = itsm::calendar;

inline itsm::timestamp utc(const char* iso) { return itsm::parse_iso(iso); }

inline std::vector<ic::daily_interval> office_hours() {
  return {{itsm::hours(8), itsm::hours(12)}, {itsm::hours(13), itsm::hours(17)}};
}

// German nationwide public holidays as rules (not as fixed dates).
inline std::vector<ic::holiday_rule> german_holidays() {
  using r = ic::holiday_rule;
  return {r::annual(1, 1, "New Year"),          r::easter_relative(-2, "Good Friday"),
          r::easter_relative(1, "Easter Monday"), r::annual(5, 1, "Labour Day"),
          r::easter_relative(39, "Ascension"),    r::easter_relative(50, "Whit Monday"),
          r::annual(10, 3, "Unity Day"),         r::annual(12, 25, "Christmas"),
          r::annual(12, 26, "St Stephen")};
}

inline ic::calendar_definition berlin_office() {
  auto def = ic::calendar_definition::weekdays(office_hours(), "Europe/Berlin");
  def.holidays = german_holidays();
  return def;
}

inline std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A resolution target of `goal` that pauses while waiting for the customer.
inline ic::sla_target resolution(itsm::duration goal) {
  ic::sla_target t;
  t.name = "resolution";
  t.goal = goal;
  t.pause_states = {"waiting_customer"};
  t.stop_states = {"resolved", "closed"};
  return t;
}

}  // namespace cal_test
