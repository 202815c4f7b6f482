// The improvement register (R-4.5-improve) and management reviews (R-4.5-review).
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "itsm/model/change.hpp"
#include "itsm/model/incident.hpp"
#include "itsm/model/problem.hpp"
#include "itsm/process/management.hpp"
#include "transition.hpp"

namespace itsm {

using model::improvement;
using model::improvement_state;
using model::management_review;

namespace {
const char* const improvement_kind = "improvement";
const char* const review_kind = "management_review";
const char* const rule = "R-4.5-improve";

// The record kinds an improvement may come from, by id prefix.
std::string source_kind(const std::string& source) {
  static const std::map<std::string, std::string> kinds{
      {"NCR", "nonconformity"}, {"MRV", review_kind}, {"IAU", "internal_audit"}, {"PRB", "problem"},
      {"KE", "known_error"},    {"INC", "incident"},  {"RFC", "rfc"},            {"IMP", improvement_kind}};
  const auto dash = source.find('-');
  const auto it = kinds.find(source.substr(0, dash));
  return dash == std::string::npos || it == kinds.end() ? "" : it->second;
}

std::vector<violation> source_rules(storage::transaction& tx, const improvement& i) {
  if (i.source.empty()) return {};
  const auto kind = source_kind(i.source);
  if (kind.empty() || !tx.get(kind, i.source))
    return {{rule, fmt::format("improvement '{}' comes from '{}', which is no incident, problem, known error, "
                               "RFC, audit, nonconformity, review or improvement of this store",
                               i.title, i.source)}};
  return {};
}

void refuse_library_fields(const improvement& d) {
  detail::refuse_owned_fields("proposing an improvement",
                              {{"id", d.id.valid()},
                               {"revision", d.revision != 0},
                               {"state", d.state != improvement_state::proposed},
                               {"proposed_by", !d.proposed_by.empty()},
                               {"approved_by", !d.approved_by.empty()},
                               {"outcome", !d.outcome.empty()},
                               {"closed_at", !d.closed_at.is_special()}});
}

// A step of the register's workflow from `from` (any of them) to `to`.
detail::transition_spec<improvement> step(std::string action, std::vector<improvement_state> from,
                                          improvement_state to) {
  detail::transition_spec<improvement> s;
  s.action = "transition:" + action;
  s.detail = std::string(model::enum_to_string(to));
  s.event = action;
  s.rules = [action, from, to](detail::write_scope& w, const improvement& before, improvement& after,
                               std::vector<violation>& v) {
    if (std::find(from.begin(), from.end(), before.state) == from.end())
      v.push_back({rule, fmt::format("cannot {} {}: it is {}", action, before.id.key(),
                                     model::enum_to_string(before.state))});
    after.state = to;
    if (to == improvement_state::approved) {
      after.approved_by = w.who().name;
      after.approved_at = w.now();
    }
    if (to == improvement_state::implemented) after.implemented_at = w.now();
    if (to == improvement_state::closed || to == improvement_state::rejected) after.closed_at = w.now();
  };
  return s;
}
}  // namespace

improvement management_system::propose(const actor& who, improvement draft, const write_options& opts) {
  refuse_library_fields(draft);
  detail::write_scope w(*ctx_, who, "propose");
  w.authorize(improvement_kind, "");
  draft.proposed_by = who.name;
  auto v = draft.check();
  for (auto& x : source_rules(w.tx(), draft)) v.push_back(std::move(x));
  w.rules(v, improvement_kind, "");
  auto saved = w.save(std::move(draft), nullptr, opts, "proposed");
  w.commit();
  return saved;
}

improvement management_system::approve_improvement(const actor& who, improvement_id id, const write_options& opts) {
  auto spec = step("approve", {improvement_state::proposed}, improvement_state::approved);
  spec.duties = [](detail::write_scope& w, const improvement& before) {
    w.deny_if(before.proposed_by == w.who().name, improvement_kind, before.id.key(), rule,
              fmt::format("{} proposed {}; someone else approves it", before.proposed_by, before.id.key()));
  };
  return detail::run_transition(*ctx_, who, id.key(), spec, opts);
}

improvement management_system::reject_improvement(const actor& who, improvement_id id, const std::string& reason,
                                                  const write_options& opts) {
  auto spec = step("reject", {improvement_state::proposed, improvement_state::approved}, improvement_state::rejected);
  auto base = spec.rules;
  spec.rules = [base, reason](detail::write_scope& w, const improvement& before, improvement& after,
                              std::vector<violation>& v) {
    base(w, before, after, v);
    if (reason.empty()) v.push_back({rule, "rejecting an improvement records why"});
    after.outcome = "rejected: " + reason;
  };
  return detail::run_transition(*ctx_, who, id.key(), spec, opts);
}

improvement management_system::implement(const actor& who, improvement_id id, const write_options& opts) {
  return detail::run_transition(*ctx_, who, id.key(),
                                step("implement", {improvement_state::approved}, improvement_state::implemented), opts);
}

improvement management_system::close_improvement(const actor& who, improvement_id id, const std::string& outcome,
                                                 bool target_met, const write_options& opts) {
  auto spec = step("close", {improvement_state::implemented}, improvement_state::closed);
  auto base = spec.rules;
  spec.rules = [base, outcome, target_met](detail::write_scope& w, const improvement& before, improvement& after,
                                           std::vector<violation>& v) {
    base(w, before, after, v);
    after.outcome = outcome;
    after.target_met = target_met;
  };
  return detail::run_transition(*ctx_, who, id.key(), spec, opts);
}

std::vector<improvement> management_system::improvements(const actor& who) const {
  detail::reader r(*ctx_, who, improvement_kind);
  return r.all<improvement>();
}

management_review management_system::hold_review(const actor& who, management_review draft,
                                                 std::vector<improvement> actions, const write_options& opts) {
  if (draft.id.valid() || draft.revision != 0 || !draft.actions.empty() || !draft.recorded_by.empty())
    throw_error(errc::invalid_argument, "hold_review takes a new review draft; its actions are passed separately");
  for (const auto& a : actions) refuse_library_fields(a);
  detail::write_scope w(*ctx_, who, "hold");
  w.authorize(review_kind, "");
  if (!actions.empty()) w.authorize(improvement_kind, "");
  draft.recorded_by = who.name;
  auto v = draft.check();
  for (auto& a : actions)
    for (auto& x : a.check()) v.push_back({"R-4.5-review", "review action: " + x.message});
  w.rules(v, review_kind, "");
  auto saved = w.save(std::move(draft), nullptr, opts, "held");
  const auto before = saved;
  for (auto& a : actions) {
    a.source = saved.id.key();
    a.proposed_by = who.name;
    saved.actions.push_back(w.save(std::move(a), nullptr, opts, "proposed").id);
  }
  if (!saved.actions.empty()) saved = w.save(std::move(saved), &before, opts, "actions");
  w.commit();
  return saved;
}

std::vector<management_review> management_system::reviews(const actor& who) const {
  detail::reader r(*ctx_, who, review_kind);
  auto all = r.all<management_review>();
  std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.held_at < b.held_at; });
  return all;
}

}  // namespace itsm
