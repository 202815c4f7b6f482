// The event log of a ticket (incident or service request): one `ticket_event` record per state
// change, re-prioritisation, SLA (re)application, escalation threshold, note or fulfilment step,
// written in the same write scope as the ticket change. A ticket's SLA clock figures are a pure
// function of this log, the target of its current priority and the calendar of the SLA version
// it was given (R-6.1-monitor, R-6.1-change), so re-prioritising or re-applying an SLA is a
// recomputation.
// Thread-safety: value types; the functions are pure.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "itsm/calendar/sla_clock.hpp"
#include "itsm/core/export.hpp"
#include "itsm/core/time.hpp"
#include "itsm/model/ids.hpp"
#include "itsm/model/kind.hpp"

namespace itsm {

struct ITSM_API ticket_event {
  std::string key;          // "<ticket>/<seq, 6 digits>", e.g. "INC-4/000003"
  std::int64_t revision = 0;
  std::string ticket;       // "INC-4", "REQ-2"
  std::int64_t seq = 0;     // 1, 2, … per ticket
  timestamp at;
  // "state", "priority", "sla", "threshold", "note", "major", "step", "review"
  std::string type;
  std::string from;         // previous value (state name, priority, SLA id)
  std::string to;           // new value
  std::string detail;       // pending reason, "resolution:75" for a threshold, note text …
  std::string actor;

  static const model::kind_def<ticket_event>& def();
};

// The SLA figures of one ticket at one instant (R-6.1-monitor).
struct ITSM_API ticket_sla {
  sla_id sla;                      // invalid: no SLA applies (figures are empty)
  std::int64_t sla_revision = 0;   // the version of `sla` measured against (R-6.1-change)
  int priority = 0;
  std::optional<calendar::sla_status> response;    // empty: no response target
  std::optional<calendar::sla_status> resolution;  // empty: no resolution target
  bool breached() const {
    return (response && response->breached_at) || (resolution && resolution->breached_at);
  }
};

// What a ticket type tells the clock about its states.
struct ITSM_API ticket_states {
  std::string initial;                 // the state before the first response ("recorded")
  std::string waiting;                 // the state that may pause ("pending")
  std::vector<std::string> done;       // states that stop resolution ("resolved", "closed")
};

// Everything the clocks need besides the log.
struct ITSM_API clock_terms {
  std::optional<duration> response;    // empty: no response target
  std::optional<duration> resolution;  // empty: no resolution target
  // SLA pause states: "pending" pauses any wait; "customer" or "pending:customer" only that one.
  std::vector<std::string> pause_states;
  std::vector<int> escalation_percent{75, 100};  // Default: 75, 100
};

// The clock events of the response and resolution clocks, derived from the log's state events.
ITSM_API std::vector<calendar::sla_event> response_events(const std::vector<ticket_event>& log,
                                                          const ticket_states& states);
ITSM_API std::vector<calendar::sla_event> resolution_events(const std::vector<ticket_event>& log,
                                                            const ticket_states& states,
                                                            const std::vector<std::string>& pause_states);

// The figures at `now`. REQUIRES: log sorted by seq (as stored).
ITSM_API ticket_sla evaluate_ticket(const std::vector<ticket_event>& log, const ticket_states& states,
                                    const clock_terms& terms, const calendar::business_calendar& cal,
                                    timestamp now);

}  // namespace itsm
