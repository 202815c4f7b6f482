#include <catch2/catch.hpp>

#include <random>
#include <set>

#include "itsm/core/error.hpp"
#include "itsm/process/schedule.hpp"

using namespace itsm;

namespace {
timestamp at(const char* iso) { return parse_iso(iso); }
period day_window(int day, int hour, int len) {
  const auto s = at("2026-03-01T00:00:00Z") + hours(24 * day + hour);
  return {s, s + hours(len)};
}
scheduled_change change(std::int64_t rfc, period w, std::vector<std::int64_t> cis, std::vector<std::int64_t> impact = {},
                        std::vector<std::int64_t> services = {}) {
  return {rfc, w, std::move(cis), std::move(impact), std::move(services)};
}
bool common(const std::vector<std::int64_t>& a, const std::vector<std::int64_t>& b) {
  for (auto x : a)
    for (auto y : b)
      if (x == y) return true;
  return false;
}
}  // namespace

TEST_CASE("R-9.2-schedule: same CI with overlapping windows conflicts; adjacent windows do not", "[process][schedule]") {
  change_schedule s({change(1, day_window(1, 22, 2), {7}), change(2, day_window(2, 22, 2), {7})});
  auto c = s.conflicts(change(3, day_window(1, 23, 2), {7}), {});
  REQUIRE(c.size() == 1);
  CHECK(c[0].kind == conflict_kind::same_ci);
  CHECK(c[0].other_rfc == 1);
  CHECK(c[0].ci == 7);
  CHECK(s.conflicts(change(3, day_window(2, 0, 22), {7}), {}).empty());  // ends when RFC-2 starts
  CHECK(s.conflicts(change(1, day_window(1, 22, 2), {7}), {}).empty());  // itself
  CHECK(describe(c[0]).find("R-9.2-schedule") == 0);
}

TEST_CASE("R-9.2-schedule: a CI in the other change's impact set conflicts, both ways", "[process][schedule]") {
  change_schedule s({change(1, day_window(1, 20, 4), {10}, {11, 12})});
  auto c = s.conflicts(change(2, day_window(1, 21, 1), {12}), {});
  REQUIRE(c.size() == 1);
  CHECK(c[0].kind == conflict_kind::impact);
  CHECK(c[0].ci == 12);
  c = s.conflicts(change(2, day_window(1, 21, 1), {99}, {10}), {});
  REQUIRE(c.size() == 1);
  CHECK(c[0].ci == 10);
  // impact sets overlapping each other only is not a conflict
  CHECK(s.conflicts(change(2, day_window(1, 21, 1), {99}, {11}), {}).empty());
}

TEST_CASE("R-9.2-schedule: freezes and maintenance windows", "[process][schedule]") {
  schedule_calendar cal;
  cal.freezes = {{"year end", {at("2026-12-20T00:00:00Z"), at("2027-01-03T00:00:00Z")}}};
  cal.maintenance[5] = {{0, 2 * 60, 6 * 60}, {3, 23 * 60, 25 * 60}};  // Sun 02-06, Wed 23-01
  change_schedule s;
  auto c = s.conflicts(change(1, {at("2026-12-24T10:00:00Z"), at("2026-12-24T11:00:00Z")}, {1}), cal);
  REQUIRE(c.size() == 1);
  CHECK(c[0].freeze == "year end");
  // 2026-03-01 is a Sunday, 2026-03-04 a Wednesday
  CHECK(s.conflicts(change(1, {at("2026-03-01T02:00:00Z"), at("2026-03-01T06:00:00Z")}, {1}, {}, {5}), cal).empty());
  CHECK(s.conflicts(change(1, {at("2026-03-04T23:30:00Z"), at("2026-03-05T00:45:00Z")}, {1}, {}, {5}), cal).empty());
  c = s.conflicts(change(1, {at("2026-03-01T05:00:00Z"), at("2026-03-01T07:00:00Z")}, {1}, {}, {5, 6}), cal);
  REQUIRE(c.size() == 1);  // service 6 has no windows: any time
  CHECK(c[0].kind == conflict_kind::outside_maintenance);
  CHECK(c[0].service == 5);
  CHECK_FALSE(inside_maintenance({at("2026-03-02T02:00:00Z"), at("2026-03-02T03:00:00Z")}, cal.maintenance[5]));
}

TEST_CASE("R-9.2-schedule: indexed conflicts equal a brute-force scan on random schedules", "[process][schedule]") {
  std::mt19937_64 rng(42);
  auto pick = [&](int n, int range) {
    std::set<std::int64_t> s;
    while (static_cast<int>(s.size()) < n) s.insert(static_cast<std::int64_t>(rng() % range));
    return std::vector<std::int64_t>(s.begin(), s.end());
  };
  std::vector<scheduled_change> all;
  for (int i = 1; i <= 400; ++i) {
    const auto start = at("2026-01-01T00:00:00Z") + minutes(static_cast<long>(rng() % (60 * 24 * 60)));
    const auto len = minutes(30 + static_cast<long>(rng() % (i % 50 == 0 ? 60 * 24 * 10 : 60 * 8)));
    auto cis = pick(1 + static_cast<int>(rng() % 3), 300);
    auto impact = pick(static_cast<int>(rng() % 6), 300);
    std::vector<std::int64_t> imp;
    for (auto x : impact)
      if (!std::binary_search(cis.begin(), cis.end(), x)) imp.push_back(x);
    all.push_back(change(i, {start, start + len}, cis, imp));
  }
  change_schedule s(all);
  std::size_t total = 0;
  for (const auto& cand : all) {
    std::set<std::int64_t> expected;
    for (const auto& o : all)
      if (o.rfc != cand.rfc && o.window.overlaps(cand.window) &&
          (common(cand.cis, o.cis) || common(cand.cis, o.impact) || common(cand.impact, o.cis)))
        expected.insert(o.rfc);
    std::set<std::int64_t> got;
    for (const auto& c : s.conflicts(cand, {})) got.insert(c.other_rfc);
    CHECK(got == expected);
    total += got.size();
  }
  CHECK(total > 0);  // the data does produce conflicts
  const period jan20{at("2026-01-20T00:00:00Z"), at("2026-01-21T00:00:00Z")};
  std::size_t in_jan20 = 0;
  for (const auto& c : all) in_jan20 += c.window.overlaps(jan20) ? 1 : 0;
  CHECK(in_jan20 > 0);
  CHECK(s.in_period(jan20).size() == in_jan20);
}

TEST_CASE("R-9.2-schedule: maintenance slots keep their local wall-clock times across daylight saving time",
          "[process][schedule]") {
  // Tuesday 22:00-02:00 in Berlin: 21:00-01:00Z in winter (CET), 20:00-00:00Z in summer (CEST).
  const std::vector<weekly_slot> slots{{2, 22 * 60, 26 * 60}};
  auto w = [](const char* from, const char* to) { return period{parse_iso(from), parse_iso(to)}; };
  CHECK(inside_maintenance(w("2026-03-03T21:30:00Z", "2026-03-04T00:30:00Z"), slots, "Europe/Berlin"));
  CHECK_FALSE(inside_maintenance(w("2026-03-03T20:30:00Z", "2026-03-03T21:30:00Z"), slots, "Europe/Berlin"));
  CHECK(inside_maintenance(w("2026-06-02T20:30:00Z", "2026-06-02T23:30:00Z"), slots, "Europe/Berlin"));
  CHECK_FALSE(inside_maintenance(w("2026-06-02T23:30:00Z", "2026-06-03T00:30:00Z"), slots, "Europe/Berlin"));
  // The same slot read as UTC does not move with the season.
  CHECK_FALSE(inside_maintenance(w("2026-06-02T20:30:00Z", "2026-06-02T21:30:00Z"), slots));
  CHECK(inside_maintenance(w("2026-06-02T22:30:00Z", "2026-06-03T01:30:00Z"), slots, "UTC"));
  CHECK_THROWS_AS(inside_maintenance(w("2026-06-02T22:30:00Z", "2026-06-02T23:00:00Z"), slots, "Mars/Base"),
                  itsm::error);
}
