// SLA clocks (R-6.1-sla, R-6.1-monitor, R-8.1-inform): the figures of one (ticket, target) pair
// are a pure function of the ticket's event log, the SLA target and the business calendar, so
// re-applying or changing a target mid-ticket is a recomputation from the log and loses nothing.
// Thread-safety: evaluate() is pure and safe from any thread; sla_clock is a plain value.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "itsm/calendar/business_calendar.hpp"
#include "itsm/core/export.hpp"
#include "itsm/core/time.hpp"

namespace itsm::calendar {

enum class sla_event_kind {
  start,   // the clock starts (again after a stop: a reopened ticket keeps its elapsed time)
  stop,    // the clock stops (target met or ticket closed)
  pause,   // explicit pause; `detail` is the reason
  resume,  // ends an explicit pause
  state,   // the ticket entered state `detail`; the target decides what that state means
};

struct ITSM_API sla_event {
  sla_event_kind kind = sla_event_kind::state;  // Default: state
  timestamp at;                                 // Default: not-a-date-time (invalid)
  std::string detail;                           // state name or pause reason. Default: empty
};

// When a threshold instant falls exactly on a closing time (the interval's end).
enum class escalation_timing {
  at_closing,    // fire at the closing instant itself (the business-time instant)
  next_opening,  // defer to the next opening, so someone is there to act
};

struct ITSM_API sla_target {
  std::string name;                     // e.g. "resolution P2". Default: empty
  duration goal = hours(8);             // business time allowed. Default: 8 h
  // States that pause this clock (e.g. "waiting for customer" pauses resolution, not response).
  std::vector<std::string> pause_states;  // Default: none
  // States that stop this clock (e.g. "resolved"). Leaving them for another state restarts
  // the clock when restart_on_reopen, keeping the elapsed time.
  std::vector<std::string> stop_states;  // Default: none
  bool restart_on_reopen = true;         // Default: true (false suits a response target)
  // Escalation thresholds in percent of goal (100 = the deadline). Default: 50, 75, 90, 100
  std::vector<int> escalation_percent{50, 75, 90, 100};
  escalation_timing timing = escalation_timing::at_closing;  // Default: at_closing
};

enum class sla_phase { not_started, running, paused, stopped };

struct ITSM_API sla_threshold {
  int percent = 0;
  // The instant the clock's elapsed business time reaches percent × goal: actual when reached,
  // projected when the clock runs now, empty when paused, stopped or not started before it.
  std::optional<timestamp> at;
  bool reached = false;  // at <= now
};

struct ITSM_API sla_status {
  sla_phase phase = sla_phase::not_started;
  std::optional<timestamp> started_at;  // first start
  duration elapsed;      // business time the clock ran
  duration paused;       // business time spent paused (between start and stop)
  duration paused_wall;  // wall-clock time spent paused
  // When elapsed reaches goal: actual once reached, projected while running, else empty.
  std::optional<timestamp> deadline;
  // Set when the target is breached: the deadline passed before the clock stopped (stopping
  // exactly at the deadline meets the target). Equals `deadline`.
  std::optional<timestamp> breached_at;
  duration remaining;  // goal - elapsed; negative once overdue (business time past the goal)
  std::vector<sla_threshold> thresholds;  // in the target's order
};

// The clock figures at `now` from a ticket's log. Events after `now` are ignored. A state event
// starts a clock not yet started (the ticket was logged in that state) unless it is a stop
// state; pause/resume without effect are ignored. Time outside the calendar's supported range
// (business_calendar.hpp) counts no business time, and a goal or threshold that would elapse
// beyond it (or in a calendar with no working time left) has no projected instant.
// REQUIRES: events in non-decreasing time order, valid timestamps; target.goal >= 0 and every
// escalation percent > 0 — else itsm::error(invalid_argument).
ITSM_API sla_status evaluate(const std::vector<sla_event>& log, const sla_target& target,
                             const business_calendar& calendar, timestamp now);

// A clock per (ticket, target): records the log and evaluates it on demand.
class ITSM_API sla_clock {
 public:
  sla_clock(sla_target target, business_calendar calendar);

  // Each appends one event. REQUIRES: t >= the last event's time, else
  // itsm::error(invalid_argument).
  void start(timestamp t);
  void stop(timestamp t);
  void pause(timestamp t, std::string reason = {});
  void resume(timestamp t);
  void set_state(timestamp t, std::string state);
  void append(sla_event e);

  // Re-apply another target (e.g. the priority changed): the log is kept, figures recompute.
  void retarget(sla_target target);

  sla_status status(timestamp now) const;
  const std::vector<sla_event>& log() const noexcept { return log_; }
  const sla_target& target() const noexcept { return target_; }

 private:
  sla_target target_;
  business_calendar calendar_;
  std::vector<sla_event> log_;
};

}  // namespace itsm::calendar
