#include "itsm/calendar/sla_clock.hpp"

#include <algorithm>
#include <limits>

#include "blocks.hpp"
#include "itsm/core/error.hpp"

namespace itsm::calendar {

namespace {

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

// floor(goal × percent / 100) without overflow; saturates (such a mark is never reached).
std::int64_t share(std::int64_t goal, int percent) {
  constexpr std::int64_t max = std::numeric_limits<std::int64_t>::max();
  const std::int64_t q = goal / 100, rest = (goal % 100) * percent / 100;
  if (q > (max - rest) / percent) return max;
  return q * percent + rest;
}

// Instants outside the calendar's supported range are looked up at its nearest end: the
// calendar knows no business time there, so a clock running past it stands still instead of
// throwing.
std::int64_t in_range(std::int64_t t) { return std::clamp(t, detail::origin_us, detail::range_end_us - 1); }

// The instant `amount` business µs after `from`, or nullopt when it does not come within the
// supported range (a huge target, a calendar without working time left).
std::optional<std::int64_t> reach(const business_calendar& cal, std::int64_t from, std::int64_t amount) {
  if (amount == 0) return from;
  try {
    return cal.deadline_us(in_range(from), amount);
  } catch (const error& e) {
    if (e.code() != errc::invalid_argument) throw;
    return std::nullopt;
  }
}

timestamp ts(std::int64_t us) { return from_unix_micros(us); }

// One goal or threshold amount of business time, and when the clock's elapsed time reached it.
// A plain aggregate, so the inline array below costs nothing until filled.
struct mark {
  std::int64_t amount;
  std::int64_t at;
  bool reached;
};

struct replay {
  replay(const sla_target& t, const business_calendar& c, mark* m, std::size_t n)
      : target(t), cal(c), marks(m), count(n) {}
  const sla_target& target;
  const business_calendar& cal;
  mark* marks;  // [0] = goal, then each threshold
  std::size_t count;

  bool started = false, stopped = false, stopped_by_state = false;
  bool explicit_pause = false, state_pauses = false;
  std::int64_t t0 = 0;    // the last boundary processed
  std::int64_t pos0 = 0;  // the calendar's business offset at t0 (each instant looked up once)
  std::int64_t elapsed = 0, paused_bt = 0, paused_wall = 0;
  // Plain flag + value rather than std::optional (GCC 12 warns falsely about the latter here).
  bool has_started_at = false, breached = false;
  std::int64_t started_at = 0, breached_at = 0;

  bool running() const { return started && !stopped && !explicit_pause && !state_pauses; }

  // Account for the time from t0 to t under the current state, then make t the boundary.
  void advance(std::int64_t t) {
    if (t <= t0) return;
    const std::int64_t pos = cal.business_offset_us(in_range(t));
    const std::int64_t bt = pos - pos0;
    if (!started || stopped) {
    } else if (running()) {
      for (std::size_t i = 0; i < count; ++i)
        if (!marks[i].reached && elapsed + bt >= marks[i].amount)
          marks[i] = {marks[i].amount, reach(cal, t0, marks[i].amount - elapsed).value_or(t), true};
      elapsed += bt;
      // Late: the clock still ran after the deadline (stopping exactly at it meets the target).
      if (marks[0].reached && !breached && t > std::max(t0, marks[0].at))
        breached = true, breached_at = std::max(t0, marks[0].at);
    } else {
      paused_bt += bt;
      paused_wall += t - t0;
    }
    t0 = t;
    pos0 = pos;
  }

  void do_start(std::int64_t t) {
    if (!has_started_at) has_started_at = true, started_at = t;
    started = true;
    stopped = stopped_by_state = false;
  }

  void apply(const sla_event& e, std::int64_t t) {
    switch (e.kind) {
      case sla_event_kind::start:
        do_start(t);
        break;
      case sla_event_kind::stop:
        if (started) stopped = true, stopped_by_state = false;
        break;
      case sla_event_kind::pause:
        explicit_pause = true;
        break;
      case sla_event_kind::resume:
        explicit_pause = false;
        break;
      case sla_event_kind::state: {
        state_pauses = contains(target.pause_states, e.detail);
        const bool stop_state = contains(target.stop_states, e.detail);
        if (stop_state) {
          if (started && !stopped) stopped = stopped_by_state = true;
        } else if (!started) {
          do_start(t);
        } else if (stopped && stopped_by_state && target.restart_on_reopen) {
          do_start(t);
        }
        break;
      }
    }
  }
};

}  // namespace

sla_status evaluate(const std::vector<sla_event>& log, const sla_target& target,
                    const business_calendar& calendar, timestamp now) {
  if (target.goal.is_special() || target.goal.is_negative())
    throw_error(errc::invalid_argument, "SLA target '" + target.name + "': goal must be >= 0 (R-6.1-sla)");
  for (int p : target.escalation_percent)
    if (p <= 0)
      throw_error(errc::invalid_argument,
                  "SLA target '" + target.name + "': escalation percent must be > 0");
  if (now.is_special()) throw_error(errc::invalid_argument, "SLA evaluation at an invalid instant");

  const std::int64_t goal = target.goal.total_microseconds();
  // The goal and thresholds live on the stack for the usual handful of thresholds.
  const std::size_t count = target.escalation_percent.size() + 1;
  mark inline_marks[8];
  std::vector<mark> heap_marks;
  mark* marks = inline_marks;
  if (count > std::size(inline_marks)) heap_marks.resize(count), marks = heap_marks.data();
  marks[0] = {goal, 0, false};
  for (std::size_t i = 1; i < count; ++i)
    marks[i] = {share(goal, target.escalation_percent[i - 1]), 0, false};
  replay r(target, calendar, marks, count);

  const std::int64_t now_us = to_unix_micros(now);
  std::int64_t last = INT64_MIN;
  bool first = true;
  for (std::size_t i = 0; i < log.size(); ++i) {
    const auto& e = log[i];
    if (e.at.is_special())
      throw_error(errc::invalid_argument, "SLA log event #" + std::to_string(i + 1) + " has no valid time");
    const std::int64_t t = to_unix_micros(e.at);
    if (t < last)
      throw_error(errc::invalid_argument, "SLA log out of order at event #" + std::to_string(i + 1) +
                                              " (" + to_iso(e.at) + ")");
    last = t;
    if (t > now_us) continue;  // future events are ignored (the whole log is still checked)
    if (first) r.t0 = t, r.pos0 = calendar.business_offset_us(in_range(t)), first = false;
    r.advance(t);
    r.apply(e, t);
  }
  if (!first) r.advance(now_us);

  // Project what is not reached yet while the clock runs.
  if (r.running())
    for (std::size_t i = 0; i < count; ++i)
      if (!marks[i].reached)
        if (const auto at = reach(calendar, now_us, marks[i].amount - r.elapsed))
          marks[i] = {marks[i].amount, *at, true};

  sla_status s;
  s.phase = !r.started ? sla_phase::not_started
            : r.stopped ? sla_phase::stopped
            : r.running() ? sla_phase::running
                          : sla_phase::paused;
  if (r.has_started_at) s.started_at = ts(r.started_at);
  s.elapsed = boost::posix_time::microseconds(r.elapsed);
  s.paused = boost::posix_time::microseconds(r.paused_bt);
  s.paused_wall = boost::posix_time::microseconds(r.paused_wall);
  s.remaining = boost::posix_time::microseconds(goal - r.elapsed);
  if (marks[0].reached) s.deadline = ts(marks[0].at);
  if (r.breached) s.breached_at = ts(r.breached_at);
  s.thresholds.reserve(target.escalation_percent.size());
  for (std::size_t i = 0; i < target.escalation_percent.size(); ++i) {
    sla_threshold th;
    th.percent = target.escalation_percent[i];
    if (marks[i + 1].reached) {
      timestamp when = ts(marks[i + 1].at);
      if (target.timing == escalation_timing::next_opening && !calendar.is_open(when))
        if (const auto next = calendar.next_opening(when)) when = *next;
      th.at = when;
      th.reached = when <= now;
    }
    s.thresholds.push_back(th);
  }
  return s;
}

sla_clock::sla_clock(sla_target target, business_calendar calendar)
    : target_(std::move(target)), calendar_(std::move(calendar)) {}

void sla_clock::append(sla_event e) {
  if (e.at.is_special()) throw_error(errc::invalid_argument, "SLA event without a valid time");
  if (!log_.empty() && e.at < log_.back().at)
    throw_error(errc::invalid_argument, "SLA event at " + to_iso(e.at) +
                                            " precedes the last event (" + to_iso(log_.back().at) + ")");
  log_.push_back(std::move(e));
}

void sla_clock::start(timestamp t) { append({sla_event_kind::start, t, {}}); }
void sla_clock::stop(timestamp t) { append({sla_event_kind::stop, t, {}}); }
void sla_clock::pause(timestamp t, std::string reason) {
  append({sla_event_kind::pause, t, std::move(reason)});
}
void sla_clock::resume(timestamp t) { append({sla_event_kind::resume, t, {}}); }
void sla_clock::set_state(timestamp t, std::string state) {
  append({sla_event_kind::state, t, std::move(state)});
}
void sla_clock::retarget(sla_target target) { target_ = std::move(target); }

sla_status sla_clock::status(timestamp now) const { return evaluate(log_, target_, calendar_, now); }

}  // namespace itsm::calendar
