#include "itsm/process/problems.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "itsm/model/change.hpp"
#include "itsm/model/configuration_item.hpp"
#include "itsm/model/service.hpp"
#include "detail/write_scope.hpp"
#include "reads.hpp"
#include "transition.hpp"
#include "ticket_support.hpp"

namespace itsm {

using model::known_error;
using model::problem;
using model::problem_state;

namespace {

const char* const kind = "problem";

struct step {
  problem_transition t;
  std::vector<problem_state> from;
  problem_state to;
  const char* suffix;
};

const step& step_of(problem_transition t) {
  using s = problem_state;
  static const std::vector<step> table{
      {problem_transition::investigate, {s::recorded}, s::investigating, "investigating"},
      {problem_transition::known_error, {s::recorded, s::investigating}, s::known_error, "known_error"},
      {problem_transition::raise_rfc, {s::investigating, s::known_error}, s::awaiting_change, "awaiting_change"},
      {problem_transition::resolve, {s::investigating, s::known_error, s::awaiting_change}, s::resolved, "resolved"},
      {problem_transition::close, {s::resolved}, s::closed, "closed"},
  };
  for (const auto& x : table)
    if (x.t == t) return x;
  throw_error(errc::invalid_argument, "unknown problem transition");
}

std::string state_name(problem_state s) { return std::string(model::enum_to_string(s)); }

bool rfc_succeeded(model::rfc_state s) {
  return s == model::rfc_state::implemented || s == model::rfc_state::reviewed || s == model::rfc_state::closed;
}

std::vector<violation> state_rules(storage::transaction& tx, const problem& p, problem_transition t) {
  std::vector<violation> v;
  const auto& s = step_of(t);
  if (std::find(s.from.begin(), s.from.end(), p.state) == s.from.end()) {
    std::string allowed;
    for (auto f : s.from) allowed += (allowed.empty() ? "" : ", ") + state_name(f);
    v.push_back({"R-8.2-procedure", fmt::format("cannot {} {}: it is {} (allowed from {})", to_string(t),
                                                p.id.key(), state_name(p.state), allowed)});
  }
  if (t == problem_transition::resolve && p.state == problem_state::awaiting_change) {
    auto change = detail::load<model::rfc>(tx, p.rfc.key());
    if (!change || !rfc_succeeded(change->state))
      v.push_back({"R-8.2-rfc", fmt::format("{} awaits {}: it resolves once the change is implemented "
                                            "(the RFC is {})",
                                            p.id.key(), p.rfc.key(),
                                            change ? model::enum_to_string(change->state) : "missing")});
  }
  return v;
}

std::vector<std::string> words(const std::string& text) {
  std::vector<std::string> out;
  std::string cur;
  auto flush = [&] {
    if (cur.size() >= 3) out.push_back(cur);
    cur.clear();
  };
  for (unsigned char c : text) {
    if (std::isalnum(c)) cur.push_back(static_cast<char>(std::tolower(c)));
    else flush();
  }
  flush();
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace

std::string_view to_string(problem_transition t) noexcept {
  switch (t) {
    case problem_transition::investigate: return "investigate";
    case problem_transition::known_error: return "record_known_error";
    case problem_transition::raise_rfc: return "raise_rfc";
    case problem_transition::resolve: return "resolve";
    case problem_transition::close: return "close";
  }
  return "?";
}

problem_management::problem_management(std::shared_ptr<const detail::context> ctx) : ctx_(std::move(ctx)) {}

problem problem_management::record(const actor& who, problem draft, const std::vector<incident_id>& incidents,
                                   const write_options& opts) {
  if (draft.id.valid() || draft.revision != 0)
    throw_error(errc::invalid_argument, "record takes a draft without id or revision");
  detail::refuse_owned_fields("problem record", {{"state", draft.state != problem_state::recorded},
                                                 {"opened_at", !draft.opened_at.is_special()},
                                                 {"resolved_at", !draft.resolved_at.is_special()},
                                                 {"closed_at", !draft.closed_at.is_special()},
                                                 {"known_error", draft.known_error.valid()},
                                                 {"rfc", draft.rfc.valid()}});
  detail::write_scope w(*ctx_, who, "record");
  draft.state = problem_state::recorded;
  draft.opened_at = w.now();
  draft.resolved_at = draft.closed_at = timestamp();
  draft.known_error = known_error_id();
  draft.rfc = rfc_id();
  auto v = draft.check();
  if (draft.service.valid() && !detail::load<model::service>(w.tx(), draft.service.key()))
    v.push_back({"R-8.2-procedure", "service " + draft.service.key() + " is not in the catalogue"});
  if (draft.ci.valid() && !detail::load<model::configuration_item>(w.tx(), draft.ci.key()))
    v.push_back({"R-8.2-procedure", "CI " + draft.ci.key() + " does not exist"});
  std::vector<model::incident> linked;
  for (const auto& i : incidents) {
    auto inc = detail::load<model::incident>(w.tx(), i.key());
    if (!inc) v.push_back({"R-8.2-procedure", "incident " + i.key() + " does not exist"});
    else if (inc->problem.valid())  // moving it would silently rewrite the other problem's evidence
      v.push_back({"R-8.2-procedure", i.key() + " is already linked to " + inc->problem.key()});
    else if (std::any_of(linked.begin(), linked.end(), [&](const auto& l) { return l.id == inc->id; }))
      v.push_back({"R-8.2-procedure", i.key() + " is listed twice"});
    else linked.push_back(std::move(*inc));
  }
  w.authorize(kind, "", draft.category);
  w.rules(v, kind, "");
  auto saved = w.save(std::move(draft), nullptr, opts, "recorded");
  for (const auto& before : linked) {
    auto after = before;
    after.problem = saved.id;
    w.save(after, &before, opts, "linked");
  }
  w.commit();
  return saved;
}

problem problem_management::move(
    const actor& who, problem_id id, problem_transition t, const write_options& opts,
    const std::function<void(storage::transaction&, problem&, std::vector<violation>&)>& apply) {
  const auto& s = step_of(t);
  detail::transition_spec<problem> spec{
      "transition:" + std::string(to_string(t)), state_name(s.to), s.suffix,
      [&](detail::write_scope& w, const problem& before, problem& after, std::vector<violation>& v) {
        v = state_rules(w.tx(), before, t);
        if (!v.empty()) return;
        after.state = s.to;
        if (apply) apply(w.tx(), after, v);
      }};
  if (t == problem_transition::resolve)  // its known error is resolved with it
    spec.after_save = [&](detail::write_scope& w, const problem&, const problem& saved) {
      if (!saved.known_error.valid()) return;
      if (auto ke = detail::load<known_error>(w.tx(), saved.known_error.key()); ke && !ke->resolved) {
        auto done = *ke;
        done.resolved = true;
        w.save(done, &*ke, opts, "resolved");
      }
    };
  return detail::run_transition(*ctx_, who, id.key(), spec, opts);
}

problem problem_management::investigate(const actor& who, problem_id id, const write_options& opts) {
  return move(who, id, problem_transition::investigate, opts, {});
}

problem problem_management::update(const actor& who, const problem& edited, const write_options& opts) {
  detail::write_scope w(*ctx_, who, "update");
  const auto key = edited.id.key();
  auto before = w.get<problem>(key);
  auto after = before;  // only the fields update may change
  after.title = edited.title;
  after.description = edited.description;
  after.priority = edited.priority;
  after.category = edited.category;
  after.assignee = edited.assignee;
  after.root_cause = edited.root_cause;
  auto v = after.check();
  if (before.state == problem_state::closed) v.push_back({"R-8.2-procedure", key + " is closed"});
  // It resolved with its root cause (resolve() requires one): an update cannot take it away.
  if (before.state == problem_state::resolved && after.root_cause.empty())
    v.push_back({"R-8.2-procedure", key + " is resolved: its root cause stays recorded"});
  if (edited.state != before.state)
    v.push_back({"R-8.2-procedure", "update does not change the state; use the workflow operations"});
  w.authorize(kind, key, "update");
  if (before.revision != edited.revision)
    throw_error(errc::conflict, fmt::format("{} is at revision {}, not {}", key, before.revision, edited.revision));
  w.rules(v, kind, key);
  auto saved = w.save(after, &before, opts, "updated");
  w.commit();
  return saved;
}

problem problem_management::escalate(const actor& who, problem_id id, const std::string& to,
                                     const std::string& reason, const write_options& opts) {
  detail::write_scope w(*ctx_, who, "escalate");
  const auto key = id.key();
  auto before = w.get<problem>(key);
  std::vector<violation> v;
  if (to.empty()) v.push_back({"R-8.2-procedure", "an escalation names who takes the problem over"});
  if (before.state == problem_state::resolved || before.state == problem_state::closed)
    v.push_back({"R-8.2-procedure", key + " is no longer open"});
  w.authorize(kind, key, "escalate");
  w.rules(v, kind, key);
  auto after = before;
  after.assignee = to;
  auto saved = w.save(after, &before, opts, "escalated");
  w.publish(event{"problem.escalation", kind, key, saved.revision, w.now(), who.name,
                  {{"from", before.assignee}, {"to", to}, {"reason", reason}}});
  w.commit();
  return saved;
}

model::incident problem_management::link_incident(const actor& who, problem_id id, incident_id incident,
                                                  const write_options& opts) {
  detail::write_scope w(*ctx_, who, "link_incident");
  const auto key = id.key();
  auto p = w.get<problem>(key);
  auto before = w.get<model::incident>(incident.key());
  std::vector<violation> v;
  if (p.state == problem_state::closed) v.push_back({"R-8.2-procedure", key + " is closed"});
  if (before.problem.valid() && before.problem != id)
    v.push_back({"R-8.2-procedure", incident.key() + " is already linked to " + before.problem.key()});
  w.authorize(kind, key, "link_incident");
  w.rules(v, kind, key);
  auto after = before;
  after.problem = id;
  auto saved = w.save(after, &before, opts, "linked");
  w.commit();
  return saved;
}

known_error problem_management::record_known_error(const actor& who, problem_id id, known_error draft,
                                                   const write_options& opts) {
  if (draft.id.valid() || draft.revision != 0)
    throw_error(errc::invalid_argument, "record_known_error takes a draft without id or revision");
  detail::write_scope w(*ctx_, who, "transition:record_known_error");
  const auto key = id.key();
  auto before = w.get<problem>(key);
  auto v = state_rules(w.tx(), before, problem_transition::known_error);
  draft.problem = id;
  draft.resolved = false;
  if (draft.root_cause.empty()) draft.root_cause = before.root_cause;
  for (auto& x : draft.check()) v.push_back(std::move(x));
  for (const auto& ci : draft.cis)
    if (!detail::load<model::configuration_item>(w.tx(), ci.key()))
      v.push_back({"R-8.2-known-error", "CI " + ci.key() + " does not exist"});
  w.authorize("known_error", "", key);
  w.rules(v, kind, key);
  auto ke = w.save(std::move(draft), nullptr, opts, "recorded");
  auto after = before;
  after.state = problem_state::known_error;
  after.known_error = ke.id;
  if (after.root_cause.empty()) after.root_cause = ke.root_cause;
  w.save(after, &before, opts, "known_error");
  w.commit();
  return ke;
}

known_error problem_management::add_known_error(const actor& who, known_error draft, const write_options& opts) {
  if (draft.id.valid() || draft.revision != 0)
    throw_error(errc::invalid_argument, "add_known_error takes a draft without id or revision");
  detail::write_scope w(*ctx_, who, "create");
  auto v = draft.check();
  if (draft.problem.valid())
    v.push_back({"R-8.2-known-error", "a known error of one of our problems is recorded through the problem"});
  for (const auto& ci : draft.cis)
    if (!detail::load<model::configuration_item>(w.tx(), ci.key()))
      v.push_back({"R-8.2-known-error", "CI " + ci.key() + " does not exist"});
  w.authorize("known_error", "");
  w.rules(v, "known_error", "");
  auto saved = w.save(std::move(draft), nullptr, opts, "recorded");
  w.commit();
  return saved;
}

problem problem_management::raise_rfc(const actor& who, problem_id id, rfc_id rfc, const write_options& opts) {
  return move(who, id, problem_transition::raise_rfc, opts,
              [&](storage::transaction& tx, problem& p, std::vector<violation>& v) {
                if (!detail::load<model::rfc>(tx, rfc.key()))
                  v.push_back({"R-8.2-rfc", "RFC " + rfc.key() + " does not exist"});
                p.rfc = rfc;
              });
}

problem problem_management::resolve(const actor& who, problem_id id, const std::string& resolution,
                                    const write_options& opts) {
  const auto now = ctx_->clk->now();
  return move(who, id, problem_transition::resolve, opts,
              [&](storage::transaction&, problem& p, std::vector<violation>& v) {
                if (p.root_cause.empty())
                  v.push_back({"R-8.2-procedure", "a problem resolves with its root cause recorded"});
                if (resolution.empty()) v.push_back({"R-8.2-procedure", "a problem resolves with a resolution"});
                p.resolution = resolution;
                p.resolved_at = now;
              });
}

problem problem_management::close(const actor& who, problem_id id, const write_options& opts) {
  const auto now = ctx_->clk->now();
  return move(who, id, problem_transition::close, opts,
              [&](storage::transaction&, problem& p, std::vector<violation>&) { p.closed_at = now; });
}

std::vector<violation> problem_management::check(const actor& who, problem_id id, problem_transition t) const {
  detail::reader r(*ctx_, who, kind);
  auto p = r.one<problem>(id.key());
  if (!p) return {{"R-8.2-procedure", "problem " + id.key() + " does not exist"}};
  return state_rules(r.tx(), *p, t);
}

// ---- queries --------------------------------------------------------------------------------

std::optional<problem> problem_management::find(const actor& who, problem_id id) const {
  return detail::reader(*ctx_, who, kind).one<problem>(id.key());
}

std::vector<problem> problem_management::list(const actor& who) const {
  return detail::reader(*ctx_, who, kind).all<problem>();
}

std::vector<model::incident> problem_management::incidents_of(const actor& who, problem_id id) const {
  detail::reader r(*ctx_, who, kind);
  if (!r.one<problem>(id.key())) return {};
  storage::query q;
  q.where_eq("problem", id.key());
  return r.all<model::incident>(q);
}

std::optional<known_error> problem_management::find_known_error(const actor& who, known_error_id id) const {
  return detail::reader(*ctx_, who, "known_error").one<known_error>(id.key());
}

std::vector<known_error_match> detail::match_known_errors(storage::transaction& tx, const known_error_query& q) {
  const auto wanted = words(q.symptom);
  std::map<std::string, std::optional<problem>> problems;
  std::vector<known_error_match> out;
  for (auto& ke : load_all<known_error>(tx, {})) {
    if (ke.resolved && !q.include_resolved) continue;
    known_error_match m;
    if (q.ci.valid() && std::find(ke.cis.begin(), ke.cis.end(), q.ci) != ke.cis.end()) {
      m.score += 10;
      m.reasons.push_back("ci");
    }
    if (q.service.valid() && ke.problem.valid()) {
      auto [it, fresh] = problems.try_emplace(ke.problem.key());
      if (fresh) it->second = load<problem>(tx, ke.problem.key());
      if (it->second && it->second->service == q.service) {
        m.score += 5;
        m.reasons.push_back("service");
      }
    }
    if (!wanted.empty()) {
      const auto have = words(ke.symptom + " " + ke.title);
      std::vector<std::string> shared;
      std::set_intersection(wanted.begin(), wanted.end(), have.begin(), have.end(), std::back_inserter(shared));
      for (auto& s : shared) {
        ++m.score;
        m.reasons.push_back("symptom:" + s);
      }
    }
    if (m.score == 0) continue;
    m.known_error = std::move(ke);
    out.push_back(std::move(m));
  }
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a.score != b.score ? a.score > b.score : a.known_error.id.number() < b.known_error.id.number();
  });
  if (q.limit && out.size() > q.limit) out.resize(q.limit);
  return out;
}

std::vector<known_error_match> problem_management::lookup(const actor& who, const known_error_query& q) const {
  detail::reader r(*ctx_, who, "known_error");
  auto out = detail::match_known_errors(r.tx(), q);
  std::erase_if(out, [&](const known_error_match& m) { return !r.sees(m.known_error); });
  return out;
}

std::vector<trend_candidate> problem_management::trends(const actor& who, timestamp from, timestamp to,
                                                        std::size_t threshold) const {
  detail::reader reader(*ctx_, who, kind);
  auto* tx = &reader.tx();
  storage::query q;
  q.where_ge("opened_at", from).where_lt("opened_at", to);
  q.order_by = "opened_at";
  std::map<std::pair<std::string, std::string>, std::vector<incident_id>> groups;
  for (const auto& i : reader.all<model::incident>(q)) {
    if (i.ci.valid()) groups[{"ci", i.ci.key()}].push_back(i.id);
    if (!i.category.empty()) groups[{"category", i.category}].push_back(i.id);
  }
  const auto open_problems = [&] {
    std::vector<problem> out;
    for (auto& p : detail::load_all<problem>(*tx, {}))
      if (p.state != problem_state::resolved && p.state != problem_state::closed) out.push_back(std::move(p));
    return out;
  }();
  std::vector<trend_candidate> out;
  for (auto& [k, ids] : groups) {
    if (ids.size() < std::max<std::size_t>(threshold, 1)) continue;
    trend_candidate c{k.first, k.second, std::move(ids), {}};
    for (const auto& p : open_problems)
      if ((c.dimension == "ci" && p.ci.key() == c.key) || (c.dimension == "category" && p.category == c.key))
        c.open_problems.push_back(p.id);
    out.push_back(std::move(c));
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const auto& a, const auto& b) { return a.incidents.size() > b.incidents.size(); });
  return out;
}

problem_effectiveness problem_management::effectiveness(const actor& who, timestamp from, timestamp to) const {
  detail::reader reader(*ctx_, who, kind);
  detail::authorize_read(*ctx_, who, "incident", "");  // it counts incident resolutions too
  auto* tx = &reader.tx();
  problem_effectiveness e;
  storage::query q;
  q.where_eq("type", "state").where_ge("at", from).where_lt("at", to);
  for (const auto& ev : detail::load_all<ticket_event>(*tx, q)) {
    if (ev.ticket.rfind("INC-", 0) != 0) continue;
    if (ev.to == "resolved") ++e.incidents_resolved;
    if (ev.from == "resolved" && ev.to == "in_progress") ++e.incidents_reopened;
  }
  e.reopen_rate = e.incidents_resolved ? double(e.incidents_reopened) / e.incidents_resolved : 0.0;
  storage::query pq;
  pq.where_ge("resolved_at", from).where_lt("resolved_at", to);
  for (const auto& p : detail::load_all<problem>(*tx, pq)) {
    ++e.problems_resolved;
    bool recurred = false;
    for (auto field : {"problem", "ci"}) {
      if (recurred) break;
      const auto key = std::string(field) == "problem" ? p.id.key() : p.ci.key();
      if (key.empty()) continue;
      storage::query iq;
      iq.where_eq(field, key).where_gt("opened_at", p.resolved_at);
      recurred = !detail::load_all<model::incident>(*tx, iq).empty();
    }
    if (recurred) ++e.problems_recurred;
  }
  e.recurrence_rate = e.problems_resolved ? double(e.problems_recurred) / e.problems_resolved : 0.0;
  return e;
}

}  // namespace itsm
