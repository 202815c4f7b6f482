#include "escalation_index.hpp"

#include <set>

#include "itsm/core/error.hpp"
#include "detail/write_scope.hpp"
#include "ticket_access.hpp"
#include "ticket_support.hpp"

namespace itsm::detail {

std::optional<timestamp> next_unfired(const ticket_sla& figures, const std::vector<ticket_event>& log) {
  const auto fired = fired_thresholds(log);
  std::optional<timestamp> best;
  auto scan = [&](const char* clock, const std::optional<calendar::sla_status>& st) {
    if (!st) return;
    for (const auto& th : st->thresholds)
      if (th.at && !fired.count(std::string(clock) + ":" + std::to_string(th.percent)) && (!best || *th.at < *best))
        best = *th.at;
  };
  scan("response", figures.response);
  scan("resolution", figures.resolution);
  return best;
}

sla_projection project(const ticket_sla& figures, const std::vector<ticket_event>& log) {
  sla_projection p;
  p.threshold = next_unfired(figures, log);
  for (const auto* st : {&figures.response, &figures.resolution})
    if (*st && (*st)->phase == calendar::sla_phase::running && (*st)->deadline && !(*st)->breached_at &&
        (!p.deadline || *(*st)->deadline < *p.deadline))
      p.deadline = (*st)->deadline;
  return p;
}

escalation_index::escalation_index(std::string kind, next_fn next, open_fn open)
    : kind_(std::move(kind)), next_(std::move(next)), open_(std::move(open)) {}

void escalation_index::refresh(storage::transaction& tx, const std::string& key) {
  if (auto it = at_.find(key); it != at_.end()) {
    if (it->second.threshold) order_.erase({*it->second.threshold, key});
    if (it->second.deadline) deadlines_.erase({*it->second.deadline, key});
    at_.erase(it);
  }
  std::optional<sla_projection> next;
  try {
    next = next_(tx, key);
  } catch (const error&) {
    // A ticket whose figures cannot be computed (e.g. its SLA names an unknown calendar) never
    // blocks the others; it is picked up again when it or its SLA changes.
  }
  if (!next || (!next->threshold && !next->deadline)) return;
  at_.emplace(key, *next);
  if (next->threshold) order_.emplace(*next->threshold, key);
  if (next->deadline) deadlines_.emplace(*next->deadline, key);
}

void escalation_index::rebuild(storage::transaction& tx) {
  at_.clear();
  order_.clear();
  deadlines_.clear();
  const auto last = tx.head_of_audit();
  for (const auto& key : open_(tx)) refresh(tx, key);
  synced_ = last ? last->seq : 0;
}

void escalation_index::sync(storage::transaction& tx) {
  if (synced_ < 0) return rebuild(tx);
  std::set<std::string> touched;
  bool everything = false;
  std::int64_t seen = synced_;
  storage::audit_query q;
  q.from_seq = synced_ + 1;
  tx.for_each_audit(q, [&](const storage::audit_record& e) {
    seen = e.seq;
    if (e.outcome != "applied") return true;
    if (e.kind == kind_) touched.insert(e.object_id);
    else if (e.kind == "ticket_event") touched.insert(e.object_id.substr(0, e.object_id.find('/')));
    else if (e.kind == "sla" || e.kind == "policy") everything = true;  // targets, calendars, thresholds
    return !everything;
  });
  if (everything) return rebuild(tx);
  for (const auto& key : touched) refresh(tx, key);  // another kind's ticket key loads as none
  synced_ = seen;
}

std::vector<std::string> escalation_index::due(storage::transaction& tx, timestamp now) {
  std::lock_guard lock(m_);
  sync(tx);
  std::vector<std::string> out;
  for (auto it = order_.begin(); it != order_.end() && it->first <= now; ++it) out.push_back(it->second);
  return out;
}

std::optional<timestamp> escalation_index::earliest(storage::transaction& tx,
                                                    const std::function<bool(const std::string&)>& visible) {
  std::lock_guard lock(m_);
  sync(tx);
  for (const auto& [at, key] : order_)
    if (visible(key)) return at;
  return std::nullopt;
}

std::vector<std::string> escalation_index::deadlines_in(storage::transaction& tx, timestamp from, timestamp to) {
  std::lock_guard lock(m_);
  sync(tx);
  std::vector<std::string> out;
  for (auto it = deadlines_.upper_bound({from, std::string()}); it != deadlines_.end() && it->first <= to; ++it)
    if (it->first > from) out.push_back(it->second);
  return out;
}

std::pair<timestamp, timestamp> breach_window(timestamp now, duration window) {
  if (window.is_special() || window.is_negative())
    throw_error(errc::invalid_argument, "breaching_within needs a window of zero or more");
  return {now, now + window};
}

std::vector<event> sweep(const context& ctx, const actor& who, const std::string& kind, escalation_index& index,
                         const fire_fn& fire) {
  authorize_action(ctx, who, "escalate", kind, "", "escalate");
  std::vector<std::string> due;
  {
    auto tx = ctx.read();
    due = index.due(*tx, ctx.clk->now());
  }
  std::vector<event> out;
  for (const auto& key : due) {
    try {
      write_scope w(ctx, who, "escalate");
      // The ticket's customer decides for a user tied to a customer. A ticket outside what `who`
      // may escalate is not theirs to sweep: passed over quietly (the sweep's own authorization
      // above is audited), as reads pass over records a caller may not see.
      const auto facts = kind == "incident" ? ticket_of(w.tx(), incident_id::parse(key))
                                            : ticket_of(w.tx(), service_request_id::parse(key));
      const std::string customer = facts ? facts->customer : std::string();
      if (!ask_authorizer(ctx, access_request{who, "escalate", kind, key, "escalate", customer, nullptr}).allowed)
        continue;
      w.authorize(kind, key, "escalate", customer);
      auto fired = fire(w, key);
      if (!fired) continue;  // the scope rolls back: nothing written
      w.commit();
      for (auto& e : *fired) out.push_back(std::move(e));
    } catch (const error&) {
      // Audited where it was a denial or refusal; the other tickets still escalate.
    }
  }
  return out;
}

}  // namespace itsm::detail
