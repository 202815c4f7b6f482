// Differential test: the calendar against a minute-stepping oracle written here, on random
// calendars in time zones with and without DST (including half-hour and 45-minute offsets and
// the southern hemisphere). The oracle shares no code with the library: it converts each UTC
// minute to local time with the C library (glibc's own tzfile reader via TZ/localtime_r),
// evaluates holidays its own way (inverse checks, a table of Easter dates) and counts minutes.
#include <catch2/catch.hpp>

#include <boost/date_time/gregorian/gregorian.hpp>
#include <cstdlib>
#include <ctime>
#include <algorithm>
#include <map>
#include <set>
#include <random>

#include "fixtures.hpp"

using namespace cal_test;
using ic::date;
using ic::holiday_rule;

namespace {

constexpr std::int64_t us_per_min = 60'000'000;

const std::map<int, date> easter_table{
    {2020, date(2020, 4, 12)}, {2021, date(2021, 4, 4)},  {2022, date(2022, 4, 17)},
    {2023, date(2023, 4, 9)},  {2024, date(2024, 3, 31)}, {2025, date(2025, 4, 20)},
    {2026, date(2026, 4, 5)},  {2027, date(2027, 3, 28)}, {2028, date(2028, 4, 16)},
    {2029, date(2029, 4, 1)},  {2030, date(2030, 4, 21)}};

int iso_wd(date d) { return (d.day_of_week().as_number() + 6) % 7 + 1; }

bool oracle_holiday(const ic::calendar_definition& def, date d) {
  for (const auto& r : def.holidays) {
    const date base = d - boost::gregorian::days(r.offset_days);
    switch (r.type) {
      case holiday_rule::kind::fixed:
        if (r.on == d) return true;
        break;
      case holiday_rule::kind::annual:
        if (base.month() == r.month && base.day() == r.day) return true;
        break;
      case holiday_rule::kind::nth_weekday: {
        if (base.month() != r.month || iso_wd(base) != r.weekday) break;
        const int dim = base.end_of_month().day();
        const int from_start = (base.day() - 1) / 7 + 1, from_end = (dim - base.day()) / 7 + 1;
        if (r.nth == from_start || r.nth == -from_end) return true;
        break;
      }
      case holiday_rule::kind::easter:
        if (easter_table.at(base.year()) == base) return true;
        break;
    }
  }
  return false;
}

// Open minutes of the UTC window [w0, w0 + n minutes), one flag per minute.
std::vector<char> oracle_minutes(const ic::calendar_definition& def, std::int64_t w0, int n) {
  setenv("TZ", def.time_zone.c_str(), 1);
  tzset();
  std::vector<char> open(static_cast<std::size_t>(n));
  for (int m = 0; m < n; ++m) {
    const std::time_t secs = static_cast<std::time_t>((w0 + m * us_per_min) / 1'000'000);
    std::tm tm{};
    localtime_r(&secs, &tm);
    const date d(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
    const int tod = tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec;
    const std::vector<ic::daily_interval>* hours = nullptr;
    static const std::vector<ic::daily_interval> closed;
    for (const auto& ex : def.exceptions)
      if (ex.day == d) hours = &ex.hours;
    if (!hours) hours = oracle_holiday(def, d) ? &closed : &def.week[static_cast<std::size_t>(iso_wd(d) - 1)];
    for (const auto& iv : *hours)
      if (iv.start.total_seconds() <= tod && tod < iv.end.total_seconds()) open[static_cast<std::size_t>(m)] = 1;
  }
  unsetenv("TZ");
  tzset();
  return open;
}

std::vector<ic::daily_interval> random_day(std::mt19937_64& rng) {
  std::uniform_int_distribution<int> pick(0, 9);
  const int kind = pick(rng);
  if (kind == 0) return {};
  if (kind == 1) return {{itsm::hours(0), itsm::hours(24)}};
  if (kind == 2) return {{itsm::hours(1), itsm::hours(3) + itsm::minutes(30)}};  // DST hours
  std::vector<int> cuts;
  const int n = std::uniform_int_distribution<int>(1, 3)(rng) * 2;
  for (int i = 0; i < n; ++i) cuts.push_back(std::uniform_int_distribution<int>(0, 24 * 60)(rng));
  std::sort(cuts.begin(), cuts.end());
  std::vector<ic::daily_interval> out;
  for (int i = 0; i + 1 < n; i += 2)
    if (cuts[static_cast<std::size_t>(i)] < cuts[static_cast<std::size_t>(i + 1)])
      out.push_back({itsm::minutes(cuts[static_cast<std::size_t>(i)]), itsm::minutes(cuts[static_cast<std::size_t>(i + 1)])});
  // Touching intervals are allowed (they merge); overlapping ones are not produced.
  for (std::size_t i = 1; i < out.size(); ++i)
    if (out[i].start < out[i - 1].end) out[i].start = out[i - 1].end;
  out.erase(std::remove_if(out.begin(), out.end(), [](auto& iv) { return iv.end <= iv.start; }), out.end());
  return out;
}

ic::calendar_definition random_calendar(std::mt19937_64& rng, date around) {
  static const char* zones[] = {"Europe/Berlin",  "America/New_York", "Australia/Sydney",
                                "Asia/Kolkata",   "America/St_Johns", "UTC",
                                "Pacific/Chatham", "Europe/London",   "America/Sao_Paulo"};
  ic::calendar_definition def;
  def.time_zone = zones[std::uniform_int_distribution<int>(0, 8)(rng)];
  for (auto& day : def.week) day = random_day(rng);
  std::uniform_int_distribution<int> month(1, 12), small(0, 3);
  static const int nths[] = {-2, -1, 1, 2, 3, 4, 5};
  for (int i = small(rng); i > 0; --i) def.holidays.push_back(holiday_rule::annual(month(rng), std::uniform_int_distribution<int>(1, 28)(rng)));
  for (int i = small(rng); i > 0; --i)
    def.holidays.push_back(holiday_rule::nth_weekday_of(nths[std::uniform_int_distribution<int>(0, 6)(rng)],
                                                        std::uniform_int_distribution<int>(1, 7)(rng), month(rng),
                                                        std::uniform_int_distribution<int>(-1, 1)(rng)));
  if (small(rng) == 0) def.holidays.push_back(holiday_rule::easter_relative(std::uniform_int_distribution<int>(-3, 60)(rng)));
  // Holidays and exceptions inside the window, so they matter.
  for (int i = small(rng); i > 0; --i)
    def.holidays.push_back(holiday_rule::fixed_date(around + boost::gregorian::days(std::uniform_int_distribution<int>(-3, 20)(rng))));
  std::set<date> used;
  for (int i = small(rng); i > 0; --i) {
    const date d = around + boost::gregorian::days(std::uniform_int_distribution<int>(-2, 20)(rng));
    if (used.insert(d).second) def.exceptions.push_back({d, random_day(rng)});
  }
  return def;
}

}  // namespace

TEST_CASE("calendar agrees 100% with a minute-stepping oracle on random calendars",
          "[calendar][differential]") {
  std::mt19937_64 rng(20240331);
  // Windows around DST switches of several hemispheres, plus random dates 2021-2029.
  const std::vector<date> anchors{date(2024, 3, 28), date(2024, 10, 24), date(2024, 11, 1),
                                  date(2025, 3, 27), date(2025, 4, 3),   date(2024, 3, 8),
                                  date(2025, 9, 25), date(2026, 3, 26),  date(2023, 12, 20)};
  constexpr int window_minutes = 21 * 24 * 60;
  int deadlines = 0, spans = 0, opens = 0, beyond = 0;
  for (int c = 0; c < 48; ++c) {
    const date anchor = c < static_cast<int>(anchors.size()) * 2
                            ? anchors[static_cast<std::size_t>(c) % anchors.size()]
                            : date(2021, 1, 1) + boost::gregorian::days(std::uniform_int_distribution<int>(0, 9 * 365 - 30)(rng));
    const auto def = random_calendar(rng, anchor);
    INFO("calendar: " << ic::calendar_to_json(def));
    const ic::business_calendar cal(def);
    const std::int64_t w0 = itsm::to_unix_micros(itsm::timestamp(anchor));
    const auto open = oracle_minutes(def, w0, window_minutes);
    std::vector<std::int64_t> prefix(open.size() + 1, 0);  // open minutes before minute i
    for (std::size_t i = 0; i < open.size(); ++i) prefix[i + 1] = prefix[i] + open[i];

    std::uniform_int_distribution<int> minute(0, window_minutes - 1);
    for (int q = 0; q < 120; ++q) {
      // Deadline by stepping minute by minute from the start.
      const int s = minute(rng) / 2;
      const int d = q % 10 == 0 ? 0 : std::uniform_int_distribution<int>(1, q % 3 == 0 ? 6000 : 600)(rng);
      int m = s, left = d;
      while (left > 0 && m < window_minutes) left -= open[static_cast<std::size_t>(m++)];
      const std::int64_t got = cal.deadline_us(w0 + s * us_per_min, d * us_per_min);
      if (left == 0) {
        INFO("start minute " << s << " duration " << d);
        CHECK(got == w0 + m * us_per_min);
        ++deadlines;
      } else {  // the oracle ran out of its window: the library's deadline lies beyond it too
        CHECK(got > w0 + std::int64_t{window_minutes} * us_per_min);
        ++beyond;
      }
      // Business time between two minutes, and openness of a minute (and of an inner second).
      const int a = minute(rng), b = minute(rng);
      CHECK(cal.business_time_us(w0 + a * us_per_min, w0 + b * us_per_min) ==
            (prefix[static_cast<std::size_t>(b)] - prefix[static_cast<std::size_t>(a)]) * us_per_min);
      ++spans;
      const int o = minute(rng);
      CHECK(cal.is_open_us(w0 + o * us_per_min + 59'000'000) == (open[static_cast<std::size_t>(o)] != 0));
      ++opens;
    }
  }
  CHECK(deadlines >= 4000);
  CHECK(spans == 48 * 120);
  CHECK(opens == 48 * 120);
  CHECK(beyond < deadlines / 4);
}
