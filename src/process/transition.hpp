// The one transition engine (docs/architecture.md): every state change and every update of a
// workflow record — incident, service request, problem, RFC, release — runs the write path
// through run_transition, and every workflow table has one row format (transition_rule). The
// processes are thin named wrappers over it. Not stable API. Thread-safety: stateless.
#pragma once

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "itsm/model/codec.hpp"
#include "detail/write_scope.hpp"
#include "reads.hpp"

namespace itsm::detail {

// One row of a workflow table: a transition, the states it may start from and the requirement
// its state guard cites.
template <class State>
struct transition_rule {
  std::string_view name;     // "resolve"
  std::vector<State> from;   // Default: {} = from any state
  std::string_view rule;     // e.g. "R-8.1-procedure"
};

template <class State>
const transition_rule<State>& rule_of(const std::vector<transition_rule<State>>& table, std::string_view name) {
  for (const auto& t : table)
    if (t.name == name) return t;
  throw_error(errc::invalid_argument, "unknown transition '" + std::string(name) + "'");
}

// The state guard: "cannot resolve INC-3: it is closed (allowed from assigned, in_progress)".
// `extra_from`: states a caller's policy adds (e.g. an emergency change skipping build and test).
template <class State>
std::vector<violation> state_guard(const transition_rule<State>& t, const std::string& key, State current,
                                   const std::vector<State>& extra_from = {}) {
  auto in = [&](const std::vector<State>& s) { return std::find(s.begin(), s.end(), current) != s.end(); };
  if (t.from.empty() || in(t.from) || in(extra_from)) return {};
  std::string allowed;
  for (auto f : t.from) allowed += (allowed.empty() ? "" : ", ") + std::string(model::enum_to_string(f));
  return {{std::string(t.rule), fmt::format("cannot {} {}: it is {} (allowed from {})", t.name, key,
                                            model::enum_to_string(current), allowed)}};
}

// What one transition does beyond the engine's own steps.
template <class T>
struct transition_spec {
  std::string action;  // audited and authorized, e.g. "transition:resolve", "assess"
  std::string detail;  // what the authorizer is told besides, e.g. the target state
  std::string event;   // the save publishes "<kind>.<event>"
  // Guards and effects: fills `v` with violations (each citing its R- id) and changes `after`.
  std::function<void(write_scope&, const T& before, T& after, std::vector<violation>& v)> rules;
  // Separation of duties (deny_if), after the rules. Optional.
  std::function<void(write_scope&, const T& before)> duties = {};
  // Effects in the same transaction after the save: ticket logs, linked records, events. Optional.
  std::function<void(write_scope&, const T& before, const T& saved)> after_save = {};
};

// Runs one transition of the T at `key`: load (a missing key is not_found only for an
// authorized caller) -> authorize (action, detail, the record's customer) -> spec.rules and the
// record's own invariants -> refusal or duties -> save -> after_save -> commit -> publish.
template <class T>
T run_transition(const context& ctx, const actor& who, const std::string& key, const transition_spec<T>& spec,
                 const write_options& opts) {
  const std::string kind = T::def().name();
  write_scope w(ctx, who, spec.action);
  auto before = w.get<T>(key);
  w.authorize(kind, key, spec.detail, customer_of(before));
  auto after = before;
  std::vector<violation> v;
  spec.rules(w, before, after, v);
  if (v.empty())
    for (auto& x : after.check()) v.push_back(std::move(x));
  w.rules(v, kind, key);
  if (spec.duties) spec.duties(w, before);
  auto saved = w.save(after, &before, opts, spec.event);
  if (spec.after_save) spec.after_save(w, before, saved);
  w.commit();
  return saved;
}

}  // namespace itsm::detail
