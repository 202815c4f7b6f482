#include <catch2/catch.hpp>

#include <random>

#include "fixtures.hpp"
#include "itsm/calendar/sla_clock.hpp"
#include "itsm/core/error.hpp"

using namespace cal_test;
using itsm::hours;
using itsm::minutes;
using ic::sla_event;
using ic::sla_event_kind;

namespace {

sla_event state(const char* at, const char* s) { return {sla_event_kind::state, utc(at), s}; }

ic::sla_target response(itsm::duration goal) {
  ic::sla_target t;
  t.name = "response";
  t.goal = goal;
  t.stop_states = {"in_progress", "resolved", "closed"};
  t.restart_on_reopen = false;
  return t;
}

// Mon 2024-03-04 (CET, UTC+1): logged 09:00, worked 10:00, waiting for the customer from
// 11:00, back in progress Tue 10:00.
std::vector<sla_event> ticket_log() {
  return {state("2024-03-04T08:00:00Z", "new"), state("2024-03-04T09:00:00Z", "in_progress"),
          state("2024-03-04T10:00:00Z", "waiting_customer"),
          state("2024-03-05T09:00:00Z", "in_progress")};
}

}  // namespace

TEST_CASE("R-6.1-monitor: waiting for customer pauses resolution but not response", "[calendar][sla]") {
  const ic::business_calendar cal(berlin_office());
  const auto now = utc("2024-03-05T13:00:00Z");  // Tue 14:00 local

  const auto res = ic::evaluate(ticket_log(), resolution(hours(16)), cal, now);
  CHECK(res.phase == ic::sla_phase::running);
  CHECK(res.started_at == utc("2024-03-04T08:00:00Z"));
  CHECK(res.elapsed == hours(5));        // Mon 09-11, Tue 10-12 and 13-14
  CHECK(res.paused == hours(7));         // Mon 11-12, 13-17, Tue 08-10
  CHECK(res.paused_wall == hours(23));   // Mon 11:00 -> Tue 10:00
  CHECK(res.remaining == hours(11));
  CHECK(res.deadline == utc("2024-03-06T16:00:00Z"));  // Wed 17:00 local
  CHECK_FALSE(res.breached_at);
  REQUIRE(res.thresholds.size() == 4);
  CHECK(res.thresholds[0].percent == 50);
  CHECK(res.thresholds[0].at == utc("2024-03-05T16:00:00Z"));  // 8 h: Tue 17:00, the closing
  CHECK(res.thresholds[1].at == utc("2024-03-06T11:00:00Z"));  // 12 h: Wed 12:00
  CHECK(res.thresholds[2].at == utc("2024-03-06T14:24:00Z"));  // 14.4 h: Wed 15:24
  CHECK(res.thresholds[3].at == res.deadline);
  for (const auto& th : res.thresholds) CHECK_FALSE(th.reached);

  const auto resp = ic::evaluate(ticket_log(), response(hours(4)), cal, now);
  CHECK(resp.phase == ic::sla_phase::stopped);  // waiting -> in_progress does not reopen it
  CHECK(resp.elapsed == hours(1));
  CHECK(resp.paused == hours(0));
  CHECK(resp.remaining == hours(3));
  CHECK_FALSE(resp.deadline);
  CHECK_FALSE(resp.breached_at);
  CHECK_FALSE(resp.thresholds[0].at);
}

TEST_CASE("R-6.1-monitor: breach instant, and stopping exactly at the deadline meets it",
          "[calendar][sla]") {
  const ic::business_calendar cal(berlin_office());
  const auto late = ic::evaluate(ticket_log(), response(minutes(30)), cal, utc("2024-03-05T13:00:00Z"));
  CHECK(late.deadline == utc("2024-03-04T08:30:00Z"));
  CHECK(late.breached_at == utc("2024-03-04T08:30:00Z"));
  CHECK(late.remaining == -minutes(30));
  CHECK(late.thresholds[0].reached);

  const auto exact = ic::evaluate(ticket_log(), response(hours(1)), cal, utc("2024-03-05T13:00:00Z"));
  CHECK(exact.deadline == utc("2024-03-04T09:00:00Z"));
  CHECK_FALSE(exact.breached_at);
  CHECK(exact.remaining == hours(0));

  // A running clock whose deadline is a closing time is breached just after it, not at it.
  const std::vector<sla_event> log{state("2024-03-04T15:00:00Z", "new")};  // Mon 16:00 local
  const auto target = resolution(hours(1));
  CHECK(ic::evaluate(log, target, cal, utc("2024-03-04T16:00:00Z")).deadline == utc("2024-03-04T16:00:00Z"));
  CHECK_FALSE(ic::evaluate(log, target, cal, utc("2024-03-04T16:00:00Z")).breached_at);
  CHECK(ic::evaluate(log, target, cal, utc("2024-03-04T16:00:01Z")).breached_at == utc("2024-03-04T16:00:00Z"));
  CHECK(ic::evaluate(log, target, cal, utc("2024-03-04T16:00:01Z")).remaining == hours(0));
}

TEST_CASE("R-6.1-monitor: a pause spanning Easter holidays and a DST switch", "[calendar][sla]") {
  const ic::business_calendar cal(berlin_office());
  const std::vector<sla_event> log{state("2024-03-28T08:00:00Z", "new"),  // Thu 09:00 CET
                                   state("2024-03-28T09:00:00Z", "waiting_customer"),
                                   state("2024-04-02T08:00:00Z", "in_progress")};  // Tue 10:00 CEST
  const auto s = ic::evaluate(log, resolution(hours(8)), cal, utc("2024-04-02T10:00:00Z"));
  CHECK(s.elapsed == hours(3));       // Thu 09-10, Tue 10-12
  CHECK(s.paused == hours(8));        // Thu 10-12, 13-17, (Fri, Mon holidays), Tue 08-10
  CHECK(s.paused_wall == hours(119)); // 5 days minus the hour lost to DST
  CHECK(s.deadline == utc("2024-04-03T07:00:00Z"));  // Tue 13-17 + Wed 08-09 CEST
}

TEST_CASE("R-6.1-sla: changing the SLA mid-ticket recomputes from the log and loses nothing",
          "[calendar][sla]") {
  const ic::business_calendar cal(berlin_office());
  const auto now = utc("2024-03-05T13:00:00Z");
  ic::sla_clock clock(resolution(hours(16)), cal);
  for (const auto& e : ticket_log()) clock.append(e);
  const auto p3 = clock.status(now);

  auto p1 = resolution(hours(4));
  p1.name = "resolution P1";
  clock.retarget(p1);
  const auto s = clock.status(now);
  CHECK(s.elapsed == p3.elapsed);
  CHECK(s.paused == p3.paused);
  CHECK(s.paused_wall == p3.paused_wall);
  CHECK(s.deadline == utc("2024-03-05T11:00:00Z"));  // 4 h were used up Tue 12:00 local
  CHECK(s.breached_at == s.deadline);
  CHECK(s.remaining == -hours(1));
  CHECK(clock.log().size() == 4);

  // A target that never pauses counts the paused business time as elapsed.
  auto no_pause = resolution(hours(16));
  no_pause.pause_states.clear();
  clock.retarget(no_pause);
  CHECK(clock.status(now).elapsed == p3.elapsed + p3.paused);
  // And back: identical figures to the first evaluation.
  clock.retarget(resolution(hours(16)));
  const auto again = clock.status(now);
  CHECK(again.elapsed == p3.elapsed);
  CHECK(again.deadline == p3.deadline);
  CHECK(again.thresholds[2].at == p3.thresholds[2].at);
}

TEST_CASE("R-6.1-monitor: explicit pause/resume, reopen, and start outside hours", "[calendar][sla]") {
  const ic::business_calendar cal(berlin_office());
  ic::sla_clock clock(resolution(hours(8)), cal);
  clock.start(utc("2024-03-02T09:00:00Z"));  // Saturday
  CHECK(clock.status(utc("2024-03-02T11:00:00Z")).elapsed == hours(0));
  CHECK(clock.status(utc("2024-03-02T11:00:00Z")).deadline == utc("2024-03-04T16:00:00Z"));
  clock.pause(utc("2024-03-04T08:00:00Z"), "customer call");  // Mon 09:00 local
  CHECK(clock.status(utc("2024-03-04T10:00:00Z")).phase == ic::sla_phase::paused);
  CHECK_FALSE(clock.status(utc("2024-03-04T10:00:00Z")).deadline);
  clock.resume(utc("2024-03-04T09:00:00Z"));
  clock.set_state(utc("2024-03-04T10:00:00Z"), "resolved");
  auto s = clock.status(utc("2024-03-05T10:00:00Z"));
  CHECK(s.phase == ic::sla_phase::stopped);
  CHECK(s.elapsed == hours(2));   // Mon 08-09 and 10-11 local
  CHECK(s.paused == hours(1));
  clock.set_state(utc("2024-03-05T08:00:00Z"), "in_progress");  // reopened Tue 09:00 local
  s = clock.status(utc("2024-03-05T10:00:00Z"));
  CHECK(s.phase == ic::sla_phase::running);
  CHECK(s.elapsed == hours(4));

  auto strict = resolution(hours(8));
  strict.restart_on_reopen = false;
  clock.retarget(strict);
  CHECK(clock.status(utc("2024-03-05T10:00:00Z")).elapsed == hours(2));
  CHECK_THROWS_AS(clock.stop(utc("2024-03-01T00:00:00Z")), itsm::error);  // before the last event
}

TEST_CASE("R-6.1-monitor: zero and very long goals", "[calendar][sla]") {
  const ic::business_calendar cal(berlin_office());
  const std::vector<sla_event> log{state("2024-03-04T08:00:00Z", "new")};
  const auto zero = ic::evaluate(log, resolution(hours(0)), cal, utc("2024-03-04T09:00:00Z"));
  CHECK(zero.deadline == utc("2024-03-04T08:00:00Z"));
  CHECK(zero.breached_at == utc("2024-03-04T08:00:00Z"));
  auto stopped = log;
  stopped.push_back(state("2024-03-04T08:00:00Z", "resolved"));
  CHECK_FALSE(ic::evaluate(stopped, resolution(hours(0)), cal, utc("2024-03-04T09:00:00Z")).breached_at);

  const auto lng = ic::evaluate(log, resolution(hours(5000)), cal, utc("2024-03-04T09:00:00Z"));
  REQUIRE(lng.deadline);
  CHECK(cal.business_time(utc("2024-03-04T08:00:00Z"), *lng.deadline) == hours(5000));
  CHECK(lng.remaining == hours(4999));
}

TEST_CASE("SLA evaluation is a pure function of the log and ignores events after now",
          "[calendar][sla]") {
  const ic::business_calendar cal(berlin_office());
  auto log = ticket_log();
  const auto early = utc("2024-03-04T09:30:00Z");
  const auto a = ic::evaluate(log, resolution(hours(16)), cal, early);
  const auto truncated = std::vector<sla_event>(log.begin(), log.begin() + 2);
  const auto b = ic::evaluate(truncated, resolution(hours(16)), cal, early);
  CHECK(a.elapsed == b.elapsed);
  CHECK(a.deadline == b.deadline);
  CHECK(a.elapsed == minutes(90));

  std::swap(log[1], log[2]);
  CHECK_THROWS_AS(ic::evaluate(log, resolution(hours(16)), cal, early), itsm::error);
  auto bad = resolution(hours(1));
  bad.escalation_percent = {50, 0};
  CHECK_THROWS_AS(ic::evaluate(ticket_log(), bad, cal, early), itsm::error);
  bad = resolution(-hours(1));
  CHECK_THROWS_AS(ic::evaluate(ticket_log(), bad, cal, early), itsm::error);
}

TEST_CASE("R-8.1-inform: escalation instants never fall outside service hours", "[calendar][sla]") {
  const ic::business_calendar cal(berlin_office());
  std::mt19937_64 rng(7);
  const std::int64_t lo = itsm::to_unix_micros(utc("2024-01-01T00:00:00Z"));
  const std::int64_t span = std::int64_t{365} * 86'400'000'000;
  int checked = 0;
  for (int i = 0; i < 300; ++i) {
    const std::int64_t start = lo + std::uniform_int_distribution<std::int64_t>(0, span)(rng) / 60'000'000 * 60'000'000;
    std::vector<sla_event> log{{sla_event_kind::start, itsm::from_unix_micros(start), {}}};
    std::int64_t t = start;
    for (int p = 0; p < 2; ++p) {
      t += std::uniform_int_distribution<std::int64_t>(1, 72)(rng) * 3'600'000'000;
      log.push_back({sla_event_kind::pause, itsm::from_unix_micros(t), "waiting"});
      t += std::uniform_int_distribution<std::int64_t>(1, 72)(rng) * 3'600'000'000;
      log.push_back({sla_event_kind::resume, itsm::from_unix_micros(t), {}});
    }
    auto target = resolution(minutes(std::uniform_int_distribution<int>(1, 60 * 40)(rng)));
    target.escalation_percent = {25, 50, 75, 90, 100, 150};
    const auto now = itsm::from_unix_micros(t + 3'600'000'000);
    const auto s = ic::evaluate(log, target, cal, now);
    target.timing = ic::escalation_timing::next_opening;
    const auto deferred = ic::evaluate(log, target, cal, now);
    std::optional<itsm::timestamp> prev;
    for (std::size_t k = 0; k < s.thresholds.size(); ++k) {
      const auto& at = s.thresholds[k].at;
      REQUIRE(at);
      // Inside service hours, or exactly at a closing time.
      CHECK((cal.is_open(*at) || cal.is_open(*at - itsm::duration(0, 0, 0, 1))));
      if (prev) CHECK(*prev <= *at);
      prev = at;
      REQUIRE(deferred.thresholds[k].at);
      CHECK(cal.is_open(*deferred.thresholds[k].at));
      CHECK(*deferred.thresholds[k].at >= *at);
      ++checked;
    }
    CHECK(s.thresholds[4].at == s.deadline);
  }
  CHECK(checked == 300 * 6);
}
