// When each open ticket of one kind next crosses an SLA threshold it has not fired yet, kept in
// step with the store through the audit trail: a sweep reads only the entries written since the
// last one (and recomputes just the tickets they touch), so finding what is due costs
// O(changes + due), not O(open tickets), and needs no write lock (docs/events.md, "Escalation").
// Not stable API (itsm::detail). Thread-safety: all members may be called from any thread.
#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "itsm/calendar/sla_clock.hpp"
#include "itsm/core/actor.hpp"
#include "itsm/core/event.hpp"
#include "itsm/core/time.hpp"
#include "itsm/process/ticket_log.hpp"
#include "itsm/storage/backend.hpp"

namespace itsm::detail {

// The earliest instant of a threshold of `figures` not fired yet per `log` (fired thresholds
// are logged as type "threshold", detail "<clock>:<percent>"); nullopt: none pending.
std::optional<timestamp> next_unfired(const ticket_sla& figures, const std::vector<ticket_event>& log);

// What the index keeps of one open ticket.
struct sla_projection {
  std::optional<timestamp> threshold;  // the next threshold not fired yet
  std::optional<timestamp> deadline;   // the earliest deadline of a running clock not breached yet
};
sla_projection project(const ticket_sla& figures, const std::vector<ticket_event>& log);

class escalation_index {
 public:
  // `next`: the projection of ticket `key` as `tx` sees it (nullopt: the ticket is no longer
  // open). `open`: the keys of every open ticket of the kind.
  using next_fn = std::function<std::optional<sla_projection>(storage::transaction& tx, const std::string& key)>;
  using open_fn = std::function<std::vector<std::string>(storage::transaction& tx)>;
  escalation_index(std::string kind, next_fn next, open_fn open);

  // Catches up with `tx` (a read-only transaction), then returns the tickets due at `now`,
  // earliest first.
  std::vector<std::string> due(storage::transaction& tx, timestamp now);
  // Catches up with `tx`, then the earliest pending threshold instant of a ticket `visible`
  // accepts (asked in threshold order, so a caller who sees the first asks once).
  std::optional<timestamp> earliest(storage::transaction& tx, const std::function<bool(const std::string&)>& visible);
  // Catches up with `tx`, then the tickets whose earliest deadline lies in (from, to], earliest
  // first: the ones about to breach.
  std::vector<std::string> deadlines_in(storage::transaction& tx, timestamp from, timestamp to);

 private:
  void sync(storage::transaction& tx);
  void rebuild(storage::transaction& tx);
  void refresh(storage::transaction& tx, const std::string& key);

  std::string kind_;
  next_fn next_;
  open_fn open_;
  std::mutex m_;
  std::int64_t synced_ = -1;  // the last audit entry folded in; -1: not built yet
  std::map<std::string, sla_projection> at_;
  std::set<std::pair<timestamp, std::string>> order_;      // by next threshold
  std::set<std::pair<timestamp, std::string>> deadlines_;  // by earliest deadline
};

struct context;
class write_scope;

// The window of breaching_within: (now, now + window]. Throws invalid_argument for a negative
// or special window.
std::pair<timestamp, timestamp> breach_window(timestamp now, duration window);

// One escalation sweep of `kind` by `who`: authorizes it, takes the due tickets from `index` on
// a read snapshot, then fires each in its own short transaction: `fire` re-reads the ticket
// there and returns its events, or nullopt when it no longer escalates (resolved meanwhile).
// A ticket that fails (its denial or refusal audited) never holds up the others.
using fire_fn = std::function<std::optional<std::vector<event>>(write_scope& w, const std::string& key)>;
std::vector<event> sweep(const context& ctx, const actor& who, const std::string& kind, escalation_index& index,
                         const fire_fn& fire);

}  // namespace itsm::detail
