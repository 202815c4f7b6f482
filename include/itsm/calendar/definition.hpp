// A business calendar's definition: weekly working hours, per-date exceptions, holidays (fixed
// dates and recurring rules) and an IANA time zone. A plain value object with JSON load/save.
// Thread-safety: plain value type; the free functions are pure and safe from any thread.
#pragma once

#include <array>
#include <boost/date_time/gregorian/gregorian_types.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "itsm/core/export.hpp"
#include "itsm/core/time.hpp"

namespace itsm::calendar {

using date = boost::gregorian::date;

// Working time within one local day, as wall-clock times: [start, end). 24:00 is a valid end.
// A shift across midnight is written as two intervals (22:00–24:00 and 00:00–06:00 next day);
// touching intervals merge into one, so such a shift counts as continuous.
struct ITSM_API daily_interval {
  duration start = hours(0);  // Default: 00:00
  duration end = hours(24);   // Default: 24:00
  bool operator==(const daily_interval&) const = default;
};

// The hours of one specific local date, replacing both the weekly hours and any holiday that
// day: an extra working day, a shortened day, or (with no hours) an extra closed day.
struct ITSM_API date_exception {
  date day;                            // Default: not-a-date (invalid)
  std::vector<daily_interval> hours;   // Default: none (closed all day)
  bool operator==(const date_exception&) const = default;
};

// A holiday: either one fixed date, or a rule that yields one date every year.
struct ITSM_API holiday_rule {
  enum class kind {
    fixed,        // `on`, one date
    annual,       // `month`/`day` every year (Feb 29 only in leap years)
    nth_weekday,  // the `nth` `weekday` of `month`; nth < 0 counts from the end (-1 = last)
    easter,       // Easter Sunday (Gregorian) + `offset_days` (Good Friday = -2)
  };
  kind type = kind::fixed;  // Default: fixed
  date on;                  // fixed only. Default: not-a-date (invalid)
  int month = 1;            // annual, nth_weekday: 1..12. Default: 1
  int day = 1;              // annual: 1..31 (valid for the month). Default: 1
  int weekday = 1;          // nth_weekday: 1 = Monday … 7 = Sunday (ISO 8601). Default: 1
  int nth = 1;              // nth_weekday: 1..5 or -1..-5. Default: 1
  int offset_days = 0;      // annual, nth_weekday, easter: days added to the date. Default: 0
  std::string name;         // informational. Default: empty

  static holiday_rule fixed_date(date d, std::string name = {});
  static holiday_rule annual(int month, int day, std::string name = {});
  static holiday_rule nth_weekday_of(int nth, int weekday, int month, int offset_days = 0,
                                     std::string name = {});
  static holiday_rule easter_relative(int offset_days, std::string name = {});

  // The date this rule yields in `year`, or not-a-date when it yields none (Feb 29 in a common
  // year, the 5th Monday of a month with four, a fixed date in another year).
  date in_year(int year) const;

  bool operator==(const holiday_rule&) const = default;
};

struct ITSM_API calendar_definition {
  std::string time_zone = "UTC";                  // IANA name. Default: "UTC"
  std::array<std::vector<daily_interval>, 7> week;  // [0] = Monday … [6] = Sunday. Default: closed
  std::vector<date_exception> exceptions;         // Default: none
  std::vector<holiday_rule> holidays;             // Default: none

  // 24×7 in the given zone (every day 00:00–24:00).
  static calendar_definition always_open(std::string time_zone = "UTC");
  // The same hours Monday to Friday, closed at weekends.
  static calendar_definition weekdays(std::vector<daily_interval> hours,
                                      std::string time_zone = "UTC");

  // Throws itsm::error(invalid_argument) naming the first problem: unknown time zone, an
  // interval with end <= start or outside 00:00–24:00, overlapping intervals within a day, a
  // duplicate exception date, an invalid holiday rule.
  void validate() const;

  // True when a holiday rule yields local date d (whatever the exceptions say).
  // REQUIRES: d is a valid date.
  bool is_holiday(date d) const;
  // The hours that apply on local date d: its exception if any, else none on a holiday, else
  // the weekday's hours (sorted). REQUIRES: d is a valid date.
  std::vector<daily_interval> hours_on(date d) const;

  bool operator==(const calendar_definition&) const = default;
};

// Every holiday date the definition yields in `year`, sorted, without duplicates.
ITSM_API std::vector<date> holidays_in(const calendar_definition& def, int year);

// Easter Sunday (Gregorian computus). REQUIRES: 1583 <= year <= 9999.
ITSM_API date easter_sunday(int year);

// "HH:MM" / "HH:MM:SS" (00:00 … 24:00) <-> duration; parse throws itsm::error(invalid_argument).
ITSM_API duration parse_time_of_day(std::string_view text);
ITSM_API std::string format_time_of_day(duration d);

// JSON form (docs/calendar.md):
//   {"tz": "Europe/Berlin",
//    "week": {"1": [["08:00","12:00"],["13:00","17:00"]], …},        1 = Monday … 7 = Sunday
//    "holidays": ["2024-12-25", {"rule":"easter","offset_days":-2,"name":"Good Friday"},
//                 {"rule":"annual","month":12,"day":26}, {"rule":"nth_weekday","month":5,
//                  "weekday":1,"nth":-1}],
//    "exceptions": [{"date":"2024-12-24","hours":[["08:00","12:00"]]}]}
// Load validates (see validate()) and throws itsm::error(invalid_argument) on malformed JSON,
// unknown keys or wrong types, naming the offending key. Save throws
// itsm::error(invalid_argument) for a text (time zone, holiday name) that is not valid UTF-8.
ITSM_API std::string calendar_to_json(const calendar_definition& def);
ITSM_API calendar_definition calendar_from_json(std::string_view json_text);

}  // namespace itsm::calendar
