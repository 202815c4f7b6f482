#include "itsm/calendar/definition.hpp"

#include <date/tz.h>

#include <boost/date_time/gregorian/gregorian.hpp>

#include <algorithm>
#include <cstdio>
#include <set>
#include <stdexcept>

#include "itsm/core/error.hpp"

namespace itsm::calendar {

namespace {

constexpr int max_offset_days = 366;

const char* weekday_name(std::size_t i) {
  static const char* names[] = {"Monday", "Tuesday", "Wednesday", "Thursday",
                                "Friday", "Saturday", "Sunday"};
  return names[i];
}

int iso_weekday(date d) { return (d.day_of_week().as_number() + 6) % 7 + 1; }

int days_in_month(int year, int month) {
  return boost::gregorian::gregorian_calendar::end_of_month_day(
      static_cast<unsigned short>(year), static_cast<unsigned short>(month));
}

bool year_ok(int year) { return year >= 1401 && year <= 9998; }

void validate_day(const std::vector<daily_interval>& hours, const std::string& where) {
  std::vector<daily_interval> sorted = hours;
  for (const auto& iv : sorted) {
    if (iv.start.is_special() || iv.end.is_special() || iv.start.is_negative() ||
        iv.end > itsm::hours(24))
      throw_error(errc::invalid_argument,
                  where + ": interval outside 00:00-24:00 (" + format_time_of_day(iv.start) +
                      "-" + format_time_of_day(iv.end) + ")");
    if (iv.start.fractional_seconds() != 0 || iv.end.fractional_seconds() != 0)
      throw_error(errc::invalid_argument, where + ": interval times must be whole seconds");
    if (iv.end <= iv.start)
      throw_error(errc::invalid_argument, where + ": interval end <= start (" +
                                              format_time_of_day(iv.start) + "-" +
                                              format_time_of_day(iv.end) + ")");
  }
  std::sort(sorted.begin(), sorted.end(),
            [](const daily_interval& a, const daily_interval& b) { return a.start < b.start; });
  for (std::size_t i = 1; i < sorted.size(); ++i)
    if (sorted[i].start < sorted[i - 1].end)
      throw_error(errc::invalid_argument,
                  where + ": overlapping intervals " + format_time_of_day(sorted[i - 1].start) +
                      "-" + format_time_of_day(sorted[i - 1].end) + " and " +
                      format_time_of_day(sorted[i].start) + "-" + format_time_of_day(sorted[i].end));
}

std::string rule_label(const holiday_rule& r, std::size_t index) {
  std::string s = "holiday #" + std::to_string(index + 1);
  if (!r.name.empty()) s += " ('" + r.name + "')";
  return s;
}

}  // namespace

holiday_rule holiday_rule::fixed_date(date d, std::string name) {
  holiday_rule r;
  r.type = kind::fixed;
  r.on = d;
  r.name = std::move(name);
  return r;
}

holiday_rule holiday_rule::annual(int month, int day, std::string name) {
  holiday_rule r;
  r.type = kind::annual;
  r.month = month;
  r.day = day;
  r.name = std::move(name);
  return r;
}

holiday_rule holiday_rule::nth_weekday_of(int nth, int weekday, int month, int offset_days,
                                          std::string name) {
  holiday_rule r;
  r.type = kind::nth_weekday;
  r.nth = nth;
  r.weekday = weekday;
  r.month = month;
  r.offset_days = offset_days;
  r.name = std::move(name);
  return r;
}

holiday_rule holiday_rule::easter_relative(int offset_days, std::string name) {
  holiday_rule r;
  r.type = kind::easter;
  r.offset_days = offset_days;
  r.name = std::move(name);
  return r;
}

date holiday_rule::in_year(int year) const {
  if (!year_ok(year)) return date(boost::date_time::not_a_date_time);
  const auto shifted = [&](date d) { return d + boost::gregorian::date_duration(offset_days); };
  switch (type) {
    case kind::fixed:
      return (!on.is_special() && on.year() == year) ? on : date(boost::date_time::not_a_date_time);
    case kind::annual:
      if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month))
        return date(boost::date_time::not_a_date_time);
      return shifted(date(year, month, day));
    case kind::nth_weekday: {
      if (month < 1 || month > 12 || weekday < 1 || weekday > 7 || nth == 0 || nth > 5 ||
          nth < -5)
        return date(boost::date_time::not_a_date_time);
      const int last = days_in_month(year, month);
      int dom;
      if (nth > 0) {
        const int first_wd = iso_weekday(date(year, month, 1));
        dom = 1 + (weekday - first_wd + 7) % 7 + 7 * (nth - 1);
        if (dom > last) return date(boost::date_time::not_a_date_time);
      } else {
        const int last_wd = iso_weekday(date(year, month, last));
        dom = last - (last_wd - weekday + 7) % 7 - 7 * (-nth - 1);
        if (dom < 1) return date(boost::date_time::not_a_date_time);
      }
      return shifted(date(year, month, dom));
    }
    case kind::easter:
      if (year < 1583) return date(boost::date_time::not_a_date_time);
      return shifted(easter_sunday(year));
  }
  return date(boost::date_time::not_a_date_time);
}

date easter_sunday(int year) {
  // Anonymous Gregorian algorithm (Meeus/Jones/Butcher).
  const int a = year % 19, b = year / 100, c = year % 100;
  const int d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3;
  const int h = (19 * a + b - d - g + 15) % 30;
  const int i = c / 4, k = c % 4;
  const int l = (32 + 2 * e + 2 * i - h - k) % 7;
  const int m = (a + 11 * h + 22 * l) / 451;
  const int month = (h + l - 7 * m + 114) / 31;
  const int day = (h + l - 7 * m + 114) % 31 + 1;
  return date(year, month, day);
}

calendar_definition calendar_definition::always_open(std::string time_zone) {
  calendar_definition def;
  def.time_zone = std::move(time_zone);
  for (auto& day : def.week) day = {daily_interval{hours(0), hours(24)}};
  return def;
}

calendar_definition calendar_definition::weekdays(std::vector<daily_interval> hours,
                                                  std::string time_zone) {
  calendar_definition def;
  def.time_zone = std::move(time_zone);
  for (std::size_t i = 0; i < 5; ++i) def.week[i] = hours;
  return def;
}

void calendar_definition::validate() const {
  try {
    (void)::date::locate_zone(time_zone);
  } catch (const std::exception&) {
    throw_error(errc::invalid_argument, "unknown time zone '" + time_zone +
                                            "' (expected an IANA name such as Europe/Berlin)");
  }
  for (std::size_t i = 0; i < week.size(); ++i) validate_day(week[i], weekday_name(i));
  std::set<date> seen;
  for (const auto& ex : exceptions) {
    if (ex.day.is_special()) throw_error(errc::invalid_argument, "exception without a valid date");
    const std::string where = "exception " + boost::gregorian::to_iso_extended_string(ex.day);
    if (!seen.insert(ex.day).second) throw_error(errc::invalid_argument, where + ": duplicate date");
    validate_day(ex.hours, where);
  }
  for (std::size_t i = 0; i < holidays.size(); ++i) {
    const auto& r = holidays[i];
    const auto bad = [&](const std::string& why) {
      throw_error(errc::invalid_argument, rule_label(r, i) + ": " + why);
    };
    if (r.offset_days < -max_offset_days || r.offset_days > max_offset_days)
      bad("offset_days must be within +-366");
    switch (r.type) {
      case holiday_rule::kind::fixed:
        if (r.on.is_special()) bad("fixed holiday without a valid date");
        break;
      case holiday_rule::kind::annual:
        if (r.month < 1 || r.month > 12) bad("month must be 1..12");
        if (r.day < 1 || r.day > days_in_month(2000, r.month)) bad("day does not exist in month");
        break;
      case holiday_rule::kind::nth_weekday:
        if (r.month < 1 || r.month > 12) bad("month must be 1..12");
        if (r.weekday < 1 || r.weekday > 7) bad("weekday must be 1 (Monday)..7 (Sunday)");
        if (r.nth == 0 || r.nth > 5 || r.nth < -5) bad("nth must be 1..5 or -1..-5");
        break;
      case holiday_rule::kind::easter:
        break;
    }
  }
}

bool calendar_definition::is_holiday(date d) const {
  const int y = d.year();
  for (const auto& r : holidays)
    for (int yy = y - 1; yy <= y + 1; ++yy)
      if (r.in_year(yy) == d) return true;
  return false;
}

std::vector<daily_interval> calendar_definition::hours_on(date d) const {
  for (const auto& ex : exceptions)
    if (ex.day == d) {
      auto h = ex.hours;
      std::sort(h.begin(), h.end(), [](auto& a, auto& b) { return a.start < b.start; });
      return h;
    }
  if (is_holiday(d)) return {};
  auto h = week[static_cast<std::size_t>(iso_weekday(d) - 1)];
  std::sort(h.begin(), h.end(), [](auto& a, auto& b) { return a.start < b.start; });
  return h;
}

std::vector<date> holidays_in(const calendar_definition& def, int year) {
  std::vector<date> out;
  for (const auto& r : def.holidays)
    for (int yy = year - 1; yy <= year + 1; ++yy) {
      const date d = r.in_year(yy);
      if (!d.is_special() && d.year() == year) out.push_back(d);
    }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

duration parse_time_of_day(std::string_view text) {
  int h = 0, m = 0, s = 0, n = 0;
  const std::string str(text);
  const bool ok = (std::sscanf(str.c_str(), "%2d:%2d:%2d%n", &h, &m, &s, &n) == 3 ||
                   (s = 0, std::sscanf(str.c_str(), "%2d:%2d%n", &h, &m, &n) == 2)) &&
                  static_cast<std::size_t>(n) == str.size();
  if (!ok || h < 0 || m < 0 || m > 59 || s < 0 || s > 59 || h > 24 || (h == 24 && (m || s)))
    throw_error(errc::invalid_argument,
                "not a time of day 'HH:MM' or 'HH:MM:SS' in 00:00..24:00: '" + str + "'");
  return hours(h) + minutes(m) + seconds(s);
}

std::string format_time_of_day(duration d) {
  if (d.is_special()) return "invalid";
  char buf[32];
  const long long total = d.total_seconds();
  const long long h = total / 3600, m = (total / 60) % 60, s = total % 60;
  if (s != 0 || d.fractional_seconds() != 0)
    std::snprintf(buf, sizeof buf, "%02lld:%02lld:%02lld", h, m, s);
  else
    std::snprintf(buf, sizeof buf, "%02lld:%02lld", h, m);
  return buf;
}

}  // namespace itsm::calendar
