#include "itsm/process/ticket_log.hpp"

#include <algorithm>

namespace itsm {

const model::kind_def<ticket_event>& ticket_event::def() {
  static const auto k = model::kind_def<ticket_event>("ticket_event", 3, &ticket_event::key)
                            .field("ticket", &ticket_event::ticket)
                            .field("seq", &ticket_event::seq)
                            .field("at", &ticket_event::at)
                            .field("type", &ticket_event::type)
                            .field("from", &ticket_event::from)
                            .field("to", &ticket_event::to)
                            .field("detail", &ticket_event::detail)
                            .field("actor", &ticket_event::actor)
                            .index("by_ticket", {"ticket", "seq"})
                            .index("by_type", {"type", "at"})
                            // v2: notes are searched with their ticket; v3: only notes are
                            // indexed (the other events' details are never searched)
                            .text({"detail"}, {"type", "note"});
  return k;
}

namespace {

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

bool pauses(const std::vector<std::string>& pause_states, const std::string& waiting,
            const std::string& reason) {
  return contains(pause_states, waiting) ||
         (!reason.empty() && (contains(pause_states, reason) || contains(pause_states, waiting + ":" + reason)));
}

calendar::sla_target make_target(std::string name, duration goal, const std::vector<int>& percent) {
  calendar::sla_target t;
  t.name = std::move(name);
  t.goal = goal;
  t.pause_states = {"paused"};
  t.stop_states = {"stopped"};
  t.escalation_percent = percent;
  return t;
}

}  // namespace

std::vector<calendar::sla_event> response_events(const std::vector<ticket_event>& log,
                                                 const ticket_states& states) {
  std::vector<calendar::sla_event> out;
  for (const auto& e : log) {
    if (e.type != "state") continue;
    out.push_back({calendar::sla_event_kind::state, e.at, e.to == states.initial ? "running" : "stopped"});
  }
  return out;
}

std::vector<calendar::sla_event> resolution_events(const std::vector<ticket_event>& log,
                                                   const ticket_states& states,
                                                   const std::vector<std::string>& pause_states) {
  std::vector<calendar::sla_event> out;
  for (const auto& e : log) {
    if (e.type != "state") continue;
    std::string d = "running";
    if (contains(states.done, e.to)) d = "stopped";
    else if (e.to == states.waiting && pauses(pause_states, states.waiting, e.detail)) d = "paused";
    out.push_back({calendar::sla_event_kind::state, e.at, d});
  }
  return out;
}

ticket_sla evaluate_ticket(const std::vector<ticket_event>& log, const ticket_states& states,
                           const clock_terms& terms, const calendar::business_calendar& cal,
                           timestamp now) {
  ticket_sla out;
  // Events after `now` are ignored by evaluate(); a log never holds any unless `now` is past.
  if (terms.response) {
    out.response = calendar::evaluate(response_events(log, states),
                                      make_target("response", *terms.response, terms.escalation_percent),
                                      cal, now);
  }
  if (terms.resolution) {
    out.resolution = calendar::evaluate(resolution_events(log, states, terms.pause_states),
                                        make_target("resolution", *terms.resolution, terms.escalation_percent),
                                        cal, now);
  }
  return out;
}

}  // namespace itsm
