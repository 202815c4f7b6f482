#include "itsm/process/incidents.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "itsm/model/service.hpp"
#include "detail/write_scope.hpp"
#include "policy_store.hpp"
#include "reads.hpp"
#include "transition.hpp"
#include "escalation_index.hpp"
#include "ticket_fields.hpp"
#include "ticket_support.hpp"

namespace itsm {

using model::incident;
using model::incident_state;

namespace {

const char* const kind = "incident";

struct step {
  incident_transition t;
  std::vector<incident_state> from;
  incident_state to;
  const char* suffix;  // event "incident.<suffix>"
};

const std::vector<step>& steps() {
  using s = incident_state;
  static const std::vector<step> table{
      {incident_transition::assign, {s::recorded, s::assigned, s::in_progress}, s::assigned, "assigned"},
      {incident_transition::start, {s::assigned}, s::in_progress, "work_started"},
      {incident_transition::pend, {s::assigned, s::in_progress}, s::pending, "pending"},
      {incident_transition::resume, {s::pending}, s::in_progress, "resumed"},
      {incident_transition::resolve, {s::assigned, s::in_progress, s::pending}, s::resolved, "resolved"},
      {incident_transition::reopen, {s::resolved}, s::in_progress, "reopened"},
      {incident_transition::close, {s::resolved}, s::closed, "closed"},
  };
  return table;
}

const step& step_of(incident_transition t) {
  for (const auto& s : steps())
    if (s.t == t) return s;
  throw_error(errc::invalid_argument, "unknown incident transition");
}

std::string state_name(incident_state s) { return std::string(model::enum_to_string(s)); }

bool is_open(const incident& i) { return i.state != incident_state::closed; }

std::vector<violation> state_rules(storage::transaction& tx, const incident& i, incident_transition t) {
  std::vector<violation> v;
  const auto& s = step_of(t);
  if (std::find(s.from.begin(), s.from.end(), i.state) == s.from.end()) {
    std::string allowed;
    for (auto f : s.from) allowed += (allowed.empty() ? "" : ", ") + state_name(f);
    v.push_back({"R-8.1-procedure", fmt::format("cannot {} {}: it is {} (allowed from {})", to_string(t),
                                                i.id.key(), state_name(i.state), allowed)});
  }
  if (t == incident_transition::close && i.major && !detail::load<post_incident_review>(tx, i.id.key()))
    v.push_back({"R-8.1-major", fmt::format("major incident {} closes only after its post-incident review",
                                            i.id.key())});
  return v;
}

// Caches SLA versions and their compiled calendars for one operation.
struct sla_cache {
  const ticket_policy& policy;
  std::map<std::pair<std::string, std::int64_t>, std::pair<model::sla, calendar::business_calendar>> entries;

  const std::pair<model::sla, calendar::business_calendar>* get(storage::transaction& tx, sla_id id,
                                                                 std::int64_t revision) {
    auto it = entries.find({id.key(), revision});
    if (it != entries.end()) return &it->second;
    auto s = detail::sla_at(tx, id, revision);
    if (!s) return nullptr;
    auto cal = detail::sla_calendar(*s, policy);
    return &entries.emplace(std::pair{id.key(), revision}, std::make_pair(std::move(*s), std::move(cal))).first->second;
  }
};

// Measured against the SLA version the incident was given (R-6.1-change), not today's.
ticket_sla figures(storage::transaction& tx, sla_cache& cache, const incident& i,
                   const std::vector<ticket_event>& log, timestamp now) {
  ticket_sla out;
  if (!i.sla.valid()) return out;
  const auto* entry = cache.get(tx, i.sla, i.sla_revision);
  if (!entry) return out;
  out = evaluate_ticket(log, detail::incident_ticket_states(), detail::incident_terms(entry->first, i.priority, cache.policy),
                        entry->second, now);
  out.sla = i.sla;
  out.sla_revision = entry->first.revision;
  out.priority = i.priority;
  return out;
}

// The log's note of the SLA version a ticket was given.
std::string revision_note(const incident& i) { return "revision " + std::to_string(i.sla_revision); }

bool service_critical(storage::transaction& tx, service_id s) {
  if (!s.valid()) return false;
  auto svc = detail::load<model::service>(tx, s.key());
  return svc && svc->critical;
}

void suggest_major(detail::write_scope& w, const ticket_policy& policy, const incident& i) {
  if (i.major || !is_open(i) || !policy.major.applies(i.priority, service_critical(w.tx(), i.service))) return;
  w.publish(event{"incident.major_candidate", kind, i.id.key(), i.revision, w.now(), w.who().name,
                  {{"priority", std::to_string(i.priority)}, {"service", i.service.key()}}});
}

}  // namespace

std::string_view to_string(incident_transition t) noexcept {
  switch (t) {
    case incident_transition::assign: return "assign";
    case incident_transition::start: return "start";
    case incident_transition::pend: return "pend";
    case incident_transition::resume: return "resume";
    case incident_transition::resolve: return "resolve";
    case incident_transition::reopen: return "reopen";
    case incident_transition::close: return "close";
  }
  return "?";
}

const model::kind_def<post_incident_review>& post_incident_review::def() {
  static const auto k = model::kind_def<post_incident_review>("post_incident_review", 1,
                                                              &post_incident_review::incident)
                            .field("held_at", &post_incident_review::held_at)
                            .field("held_by", &post_incident_review::held_by)
                            .field("findings", &post_incident_review::findings)
                            .field("actions", &post_incident_review::actions);
  return k;
}

namespace {
// Open for escalation: the SLA clocks still matter (R-8.1-inform).
bool escalates(const incident& i) {
  return i.sla.valid() && i.state != incident_state::resolved && i.state != incident_state::closed;
}
}  // namespace

incident_management::incident_management(std::shared_ptr<const detail::context> ctx) : ctx_(std::move(ctx)) {
  auto next = [ctx = ctx_](storage::transaction& tx, const std::string& key) -> std::optional<detail::sla_projection> {
    auto i = detail::load<incident>(tx, key);
    if (!i || !escalates(*i)) return std::nullopt;
    const auto policy = ctx->policies->tickets(tx);
    sla_cache cache{*policy, {}};
    const auto log = detail::load_log(tx, key);
    return detail::project(figures(tx, cache, *i, log, ctx->clk->now()), log);
  };
  auto open = [](storage::transaction& tx) {
    storage::query q;
    q.kind = std::string(kind);
    q.where_in("state", {value("recorded"), value("assigned"), value("in_progress"), value("pending")});
    std::vector<std::string> keys;
    for (const auto& r : tx.scan(q)) keys.push_back(r.id);
    return keys;
  };
  escalation_ = std::make_shared<detail::escalation_index>(std::string(kind), next, open);
}

namespace {
int priority_of(const ticket_policy& policy, const incident& i) {
  int p = policy.matrix.priority(i.impact, i.urgency);
  if (i.security) p = std::min(p, policy.security_priority_floor);
  return p;
}
}  // namespace

// ---- recording ------------------------------------------------------------------------------

incident incident_management::record(const actor& who, incident draft, const write_options& opts) {
  detail::write_scope w(*ctx_, who, "record");
  auto saved = record_in(w, std::move(draft), opts);
  w.commit();
  return saved;
}

std::vector<incident> incident_management::record_batch(const actor& who, std::vector<incident> drafts,
                                                        const write_options& opts) {
  detail::write_scope w(*ctx_, who, "record");
  std::vector<incident> saved;
  saved.reserve(drafts.size());
  for (auto& d : drafts) saved.push_back(record_in(w, std::move(d), opts));
  w.commit();
  return saved;
}

incident incident_management::record_in(detail::write_scope& w, incident draft, const write_options& opts) {
  if (draft.id.valid() || draft.revision != 0)
    throw_error(errc::invalid_argument, "record takes a draft without id or revision");
  detail::refuse_owned_fields("incident record", {{"state", draft.state != incident_state::recorded},
                                                  {"opened_at", !draft.opened_at.is_special()},
                                                  {"resolved_at", !draft.resolved_at.is_special()},
                                                  {"closed_at", !draft.closed_at.is_special()},
                                                  {"pending_reason", !draft.pending_reason.empty()},
                                                  {"resolution", !draft.resolution.empty()},
                                                  {"review", !draft.review.empty()},
                                                  {"sla_revision", draft.sla_revision != 0}});
  draft.state = incident_state::recorded;
  draft.opened_at = w.now();
  draft.resolved_at = draft.closed_at = timestamp();
  draft.pending_reason.clear();
  draft.resolution.clear();
  draft.review.clear();
  std::vector<violation> v;
  if (draft.major || !draft.major_manager.empty())
    v.push_back({"R-8.1-major", "a major incident is declared through its own procedure (declare_major)"});
  const auto policy = ctx_->policies->tickets(w.tx());
  const bool ranked = draft.impact >= 1 && draft.impact <= 3 && draft.urgency >= 1 && draft.urgency <= 3;
  if (ranked) draft.priority = priority_of(*policy, draft);
  for (auto& x : draft.check()) v.push_back(std::move(x));
  for (auto& x : detail::customer_rules(w.tx(), w.who(), draft.customer, draft.service)) v.push_back(std::move(x));
  if (draft.service.valid() && !detail::load<model::service>(w.tx(), draft.service.key()))
    v.push_back({"R-8.1-procedure", "service " + draft.service.key() + " is not in the catalogue"});
  std::string ci_type;
  if (draft.ci.valid()) {
    if (auto ci = detail::load<model::configuration_item>(w.tx(), draft.ci.key())) ci_type = ci->type;
    else v.push_back({"R-8.1-procedure", "CI " + draft.ci.key() + " does not exist"});
  }
  for (auto& x : detail::custom_field_rules(*policy, kind, draft.custom)) v.push_back(std::move(x));
  if (draft.assignment_group.empty())
    draft.assignment_group = detail::route(*policy, {kind, draft.category, draft.service.valid() ? draft.service.key() : "", ci_type});
  if (draft.problem.valid() && !detail::load<model::problem>(w.tx(), draft.problem.key()))
    v.push_back({"R-8.2-procedure", "problem " + draft.problem.key() + " does not exist"});
  auto applied = draft.sla.valid() ? detail::load<model::sla>(w.tx(), draft.sla.key()) : detail::default_sla(w.tx(), draft.service);
  if (draft.sla.valid() && !applied)
    v.push_back({"R-6.1-sla", "SLA " + draft.sla.key() + " does not exist"});
  else if (applied && applied->service != draft.service)
    v.push_back({"R-6.1-sla", "SLA " + draft.sla.key() + " is not agreed for the incident's service"});
  if (applied) {
    draft.sla = applied->id;
    draft.sla_revision = applied->revision;  // the version in force now (R-6.1-change)
  }
  if (applied && v.empty()) {
    try {
      (void)detail::sla_calendar(*applied, *policy);
    } catch (const error& e) {
      v.push_back({"R-6.1-sla", e.what()});
    }
  }
  w.authorize(kind, "", draft.category, draft.customer.key());
  w.rules(v, kind, "");
  auto saved = w.save(std::move(draft), nullptr, opts, "recorded");
  const auto key = saved.id.key();
  // The log records changes; the priority at recording is the record's own (and its audit
  // entry's), so only a later change of it gets a "priority" row.
  detail::start_log(w, key);
  detail::log_event(w, key, "state", "", "recorded", "", opts);
  if (saved.sla.valid()) detail::log_event(w, key, "sla", "", saved.sla.key(), revision_note(saved), opts);
  suggest_major(w, *policy, saved);
  return saved;
}

// ---- workflow -------------------------------------------------------------------------------

incident incident_management::transition(const actor& who, incident_id id, incident_transition t,
                                          const std::string& detail_text, const write_options& opts,
                                          const std::function<void(incident&, timestamp)>& apply) {
  const auto& s = step_of(t);
  const auto key = id.key();
  detail::transition_spec<incident> spec{
      "transition:" + std::string(to_string(t)), state_name(s.to), s.suffix,
      [&](detail::write_scope& w, const incident& before, incident& after, std::vector<violation>& v) {
        v = state_rules(w.tx(), before, t);
        if (!v.empty()) return;
        after.state = s.to;
        if (apply) apply(after, w.now());
        if (after.state != incident_state::pending) after.pending_reason.clear();
      }};
  spec.after_save = [&](detail::write_scope& w, const incident& before, const incident& saved) {
    detail::log_event(w, key, "state", state_name(before.state), state_name(saved.state), detail_text, opts);
    // R-8.1-inform: every state change carries what a product needs to tell the customer.
    w.publish(event{"incident.state_changed", kind, key, saved.revision, w.now(), w.who().name,
                    {{"from", state_name(before.state)},
                     {"to", state_name(saved.state)},
                     {"transition", std::string(to_string(t))},
                     {"detail", detail_text},
                     {"customer", saved.caller}}});
  };
  return detail::run_transition(*ctx_, who, key, spec, opts);
}

incident incident_management::assign(const actor& who, incident_id id, const std::string& group,
                                      const std::string& assignee, const write_options& opts) {
  if (group.empty() && assignee.empty())
    throw_error(errc::invalid_argument, "assign needs an assignment group or an assignee");
  return transition(who, id, incident_transition::assign, assignee.empty() ? group : assignee, opts,
                    [&](incident& i, timestamp) {
                      i.assignment_group = group;
                      i.assignee = assignee;
                    });
}

incident incident_management::start_work(const actor& who, incident_id id, const write_options& opts) {
  return transition(who, id, incident_transition::start, "", opts, {});
}

incident incident_management::pend(const actor& who, incident_id id, const std::string& reason,
                                    const write_options& opts) {
  if (reason.empty()) throw_error(errc::invalid_argument, "pend needs a reason (e.g. customer, supplier)");
  return transition(who, id, incident_transition::pend, reason, opts,
                    [&](incident& i, timestamp) { i.pending_reason = reason; });
}

incident incident_management::resume(const actor& who, incident_id id, const write_options& opts) {
  return transition(who, id, incident_transition::resume, "", opts, {});
}

incident incident_management::resolve(const actor& who, incident_id id, const std::string& resolution,
                                       const write_options& opts) {
  return transition(who, id, incident_transition::resolve, "", opts, [&](incident& i, timestamp now) {
    i.resolution = resolution;
    i.resolved_at = now;
  });
}

incident incident_management::reopen(const actor& who, incident_id id, const std::string& reason,
                                      const write_options& opts) {
  return transition(who, id, incident_transition::reopen, reason, opts,
                    [&](incident& i, timestamp) { i.resolved_at = timestamp(); });
}

incident incident_management::close(const actor& who, incident_id id, const write_options& opts) {
  return transition(who, id, incident_transition::close, "", opts,
                    [&](incident& i, timestamp now) { i.closed_at = now; });
}

std::vector<violation> incident_management::check(const actor& who, incident_id id, incident_transition t) const {
  detail::reader r(*ctx_, who, kind);
  auto i = r.one<incident>(id.key());
  if (!i) return {{"R-8.1-procedure", "incident " + id.key() + " does not exist"}};
  return state_rules(r.tx(), *i, t);
}

// ---- updates that keep the state ------------------------------------------------------------

incident incident_management::update(
    const actor& who, incident_id id, const std::string& action, const write_options& opts,
    const std::function<void(detail::write_scope&, incident&, std::vector<violation>&)>& apply,
    const std::function<void(detail::write_scope&, const incident&, const incident&)>& after_save) {
  const auto key = id.key();
  detail::transition_spec<incident> spec{
      action, action,
      action == "reprioritise" ? "reprioritised" : action == "classify" ? "classified" : "sla_applied",
      [&](detail::write_scope& w, const incident& before, incident& after, std::vector<violation>& v) {
        if (before.state == incident_state::closed)
          v.push_back({"R-8.1-procedure", key + " is closed: reopen is not possible, record a new incident"});
        else
          apply(w, after, v);
      },
      {}, after_save};
  return detail::run_transition(*ctx_, who, key, spec, opts);
}

incident incident_management::reprioritise(const actor& who, incident_id id, int impact, int urgency,
                                            const write_options& opts) {
  return update(
      who, id, "reprioritise", opts,
      [&](detail::write_scope& w, incident& i, std::vector<violation>& v) {
        if (impact < 1 || impact > 3 || urgency < 1 || urgency > 3) {
          v.push_back({"R-8.1-priority", "impact and urgency must be 1 (high) to 3 (low)"});
          return;
        }
        i.impact = impact;
        i.urgency = urgency;
        i.priority = priority_of(*ctx_->policies->tickets(w.tx()), i);
      },
      [&](detail::write_scope& w, const incident& before, const incident& saved) {
        if (before.priority != saved.priority)
          detail::log_event(w, saved.id.key(), "priority", std::to_string(before.priority),
                            std::to_string(saved.priority), "", opts);
        suggest_major(w, *ctx_->policies->tickets(w.tx()), saved);
      });
}

incident incident_management::classify(const actor& who, incident_id id, const std::string& category,
                                        bool security, const write_options& opts) {
  return update(
      who, id, "classify", opts,
      [&](detail::write_scope& w, incident& i, std::vector<violation>&) {
        i.category = category;
        i.security = security;
        i.priority = priority_of(*ctx_->policies->tickets(w.tx()), i);  // R-6.6-incidents: the security floor
      },
      [&](detail::write_scope& w, const incident& before, const incident& saved) {
        if (before.priority != saved.priority)
          detail::log_event(w, saved.id.key(), "priority", std::to_string(before.priority),
                            std::to_string(saved.priority), "security floor", opts);
        suggest_major(w, *ctx_->policies->tickets(w.tx()), saved);
      });
}

incident incident_management::apply_sla(const actor& who, incident_id id, sla_id sla, const write_options& opts) {
  return update(
      who, id, "apply_sla", opts,
      [&](detail::write_scope& w, incident& i, std::vector<violation>& v) {
        auto s = detail::load<model::sla>(w.tx(), sla.key());
        if (!s) {
          v.push_back({"R-6.1-sla", "SLA " + sla.key() + " does not exist"});
          return;
        }
        if (s->service != i.service)
          v.push_back({"R-6.1-sla", "SLA " + sla.key() + " is not agreed for the incident's service"});
        try {
          (void)detail::sla_calendar(*s, *ctx_->policies->tickets(w.tx()));
        } catch (const error& e) {
          v.push_back({"R-6.1-sla", e.what()});
        }
        i.sla = sla;
        i.sla_revision = s->revision;  // the version in force now (R-6.1-change)
      },
      [&](detail::write_scope& w, const incident& before, const incident& saved) {
        detail::log_event(w, saved.id.key(), "sla", before.sla.key(), saved.sla.key(), revision_note(saved), opts);
      });
}

incident incident_management::add_note(const actor& who, incident_id id, const std::string& text,
                                       const write_options& opts) {
  detail::write_scope w(*ctx_, who, "note");
  const auto key = id.key();
  auto inc = w.get<incident>(key);
  std::vector<violation> v;
  if (text.empty()) v.push_back({"R-8.1-procedure", "an update records some text"});
  if (inc.state == incident_state::closed) v.push_back({"R-8.1-procedure", key + " is closed"});
  w.authorize(kind, key, "note", inc.customer.key());
  w.rules(v, kind, key);
  detail::log_event(w, key, "note", "", "", text, opts);
  w.publish(event{"incident.updated", kind, key, inc.revision, w.now(), who.name,
                  {{"note", text}, {"customer", inc.caller}}});
  w.commit();
  return inc;
}

// ---- major incidents ------------------------------------------------------------------------

incident incident_management::declare_major(const actor& who, incident_id id, const std::string& manager,
                                            const write_options& opts) {
  detail::write_scope w(*ctx_, who, "declare_major");
  const auto key = id.key();
  auto before = w.get<incident>(key);
  std::vector<violation> v;
  if (before.major) v.push_back({"R-8.1-major", key + " is already a major incident"});
  if (before.state == incident_state::resolved || before.state == incident_state::closed)
    v.push_back({"R-8.1-major", key + " is no longer open"});
  const auto major = ctx_->policies->tickets(w.tx())->major;
  if (!major.applies(before.priority, service_critical(w.tx(), before.service)))
    v.push_back({"R-8.1-major",
                 fmt::format("{} (priority {}) does not meet the agreed major-incident definition "
                             "(priority <= {}{})",
                             key, before.priority, major.max_priority,
                             major.critical_service_only ? " on a critical service" : "")});
  if (manager.empty()) v.push_back({"R-8.1-major", "a major incident needs a designated manager"});
  w.authorize(kind, key, "major", before.customer.key());
  w.rules(v, kind, key);
  w.deny_if(!who.has_role(roles::incident_manager) && !who.has_role(roles::admin), kind, key, "R-8.1-major",
            "only an incident manager may declare a major incident");
  auto after = before;
  after.major = true;
  after.major_manager = manager;
  auto saved = w.save(after, &before, opts, "major_declared");
  detail::log_event(w, key, "major", "", manager, opts.reason, opts);
  w.publish(event{"incident.top_management_informed", kind, key, saved.revision, w.now(), who.name,
                  {{"manager", manager},
                   {"priority", std::to_string(saved.priority)},
                   {"service", saved.service.key()},
                   {"title", saved.title}}});
  w.commit();
  return saved;
}

post_incident_review incident_management::record_review(const actor& who, incident_id id,
                                                         const std::string& findings,
                                                         const std::string& actions,
                                                         const write_options& opts) {
  detail::write_scope w(*ctx_, who, "review");
  const auto key = id.key();
  auto before = w.get<incident>(key);
  std::vector<violation> v;
  if (!before.major) v.push_back({"R-8.1-major", key + " is not a major incident"});
  if (before.state != incident_state::resolved && before.state != incident_state::closed)
    v.push_back({"R-8.1-major", "the review follows restoration: resolve " + key + " first"});
  if (findings.empty()) v.push_back({"R-8.1-major", "a post-incident review records its findings"});
  if (detail::load<post_incident_review>(w.tx(), key))
    v.push_back({"R-8.1-major", key + " already has its post-incident review"});
  w.authorize("post_incident_review", key);
  w.rules(v, "post_incident_review", key);
  post_incident_review r;
  r.incident = key;
  r.held_at = w.now();
  r.held_by = who.name;
  r.findings = findings;
  r.actions = actions;
  auto saved = w.save(std::move(r), nullptr, opts, "recorded");
  auto after = before;
  after.review = key;
  w.save(after, &before, opts, "reviewed");
  detail::log_event(w, key, "review", "", key, "", opts);
  w.commit();
  return saved;
}

// ---- escalation -----------------------------------------------------------------------------

std::vector<event> incident_management::escalate(const actor& who, const write_options& opts) {
  (void)opts;
  return detail::sweep(*ctx_, who, kind, *escalation_, [&](detail::write_scope& w, const std::string& key) {
    std::optional<std::vector<event>> fired;
    const auto i = detail::load<incident>(w.tx(), key);
    if (!i || !escalates(*i)) return fired;
    w.rules({}, kind, key);
    const auto policy = ctx_->policies->tickets(w.tx());
    sla_cache cache{*policy, {}};
    const auto log = detail::load_log(w.tx(), key);
    fired = detail::fire_thresholds(w, kind, key, i->caller, figures(w.tx(), cache, *i, log, w.now()), log);
    return fired;
  });
}

std::optional<timestamp> incident_management::next_escalation(const actor& who) const {
  detail::reader reader(*ctx_, who, kind);
  // Only the incidents `who` may see: another customer's clock is not theirs to learn.
  return escalation_->earliest(reader.tx(), [&](const std::string& key) { return !reader.visible<incident>({key}).empty(); });
}

std::vector<incident> incident_management::breaching_within(const actor& who, duration window) const {
  const auto [from, to] = detail::breach_window(ctx_->clk->now(), window);
  detail::reader r(*ctx_, who, kind);
  return r.visible<incident>(escalation_->deadlines_in(r.tx(), from, to));
}

// ---- queries --------------------------------------------------------------------------------

std::optional<incident> incident_management::find(const actor& who, incident_id id) const {
  return detail::reader(*ctx_, who, kind).one<incident>(id.key());
}

std::vector<incident> incident_management::list(const actor& who) const {
  return detail::reader(*ctx_, who, kind).all<incident>();
}

std::vector<incident> incident_management::open_incidents(const actor& who) const {
  // sets::open<incident>() (docs/queries.md): neither resolved nor closed.
  storage::query q;
  q.where_in("state", {"recorded", "assigned", "in_progress", "pending"});
  return detail::reader(*ctx_, who, kind).all<incident>(q);
}

std::vector<ticket_event> incident_management::log(const actor& who, incident_id id) const {
  detail::reader r(*ctx_, who, kind);
  if (!r.one<incident>(id.key())) return {};
  return detail::load_log(r.tx(), id.key());
}

std::optional<post_incident_review> incident_management::review(const actor& who, incident_id id) const {
  detail::reader r(*ctx_, who, kind);
  if (!r.one<incident>(id.key())) return std::nullopt;
  return detail::load<post_incident_review>(r.tx(), id.key());
}

ticket_sla incident_management::sla_figures(const actor& who, incident_id id, std::optional<timestamp> at) const {
  detail::reader reader(*ctx_, who, kind);
  auto* tx = &reader.tx();
  auto i = reader.one<incident>(id.key());
  if (!i) throw_error(errc::not_found, "incident " + id.key() + " does not exist");
  const auto policy = ctx_->policies->tickets(*tx);
  sla_cache cache{*policy, {}};
  return figures(*tx, cache, *i, detail::load_log(*tx, id.key()), at ? *at : ctx_->clk->now());
}

incident_info incident_management::info(const actor& who, incident_id id, duration window) const {
  detail::reader reader(*ctx_, who, kind);
  auto* tx = &reader.tx();
  auto i = reader.one<incident>(id.key());
  if (!i) throw_error(errc::not_found, "incident " + id.key() + " does not exist");
  incident_info out;
  out.incident = *i;
  known_error_query q;
  q.ci = i->ci;
  q.service = i->service;
  q.symptom = i->title + " " + i->description;
  out.known_errors = detail::match_known_errors(*tx, q);
  std::erase_if(out.known_errors, [&](const auto& m) { return !reader.sees(m.known_error); });
  if (i->ci.valid()) {
    out.ci = detail::load<model::configuration_item>(*tx, i->ci.key());
    if (out.ci && !reader.sees(*out.ci)) out.ci.reset();
    for (auto dir : {"source", "target"}) {
      storage::query rq;
      rq.where_eq(dir, i->ci.key()).where_eq("status", "active");
      if (out.ci)
        for (auto& r : reader.all<model::relationship>(rq)) out.ci_relationships.push_back(std::move(r));
    }
  }
  const auto now = ctx_->clk->now();
  auto near = [&](timestamp t) { return !t.is_special() && t >= now - window && t <= now + window; };
  for (auto& rel : reader.all<model::release>()) {
    if (!near(rel.planned_at) && !near(rel.deployed_at)) continue;
    bool touches = i->problem.valid() &&
                   std::find(rel.problems.begin(), rel.problems.end(), i->problem) != rel.problems.end();
    for (const auto& r : rel.rfcs) {
      if (touches) break;
      auto change = detail::load<model::rfc>(*tx, r.key());
      if (!change) continue;
      touches = (i->ci.valid() && std::find(change->scope_cis.begin(), change->scope_cis.end(), i->ci) !=
                                      change->scope_cis.end()) ||
                (i->service.valid() &&
                 std::find(change->scope_services.begin(), change->scope_services.end(), i->service) !=
                     change->scope_services.end());
    }
    if (touches) out.releases.push_back(std::move(rel));
  }
  return out;
}

security_statistics incident_management::security_stats(const actor& who, timestamp from, timestamp to) const {
  storage::query q;
  q.where_eq("security", true).where_ge("opened_at", from).where_lt("opened_at", to);
  security_statistics s;
  for (const auto& i : detail::reader(*ctx_, who, kind).all<incident>(q)) {
    ++s.total;
    if (i.state != incident_state::resolved && i.state != incident_state::closed) ++s.open;
    ++s.by_type[i.category];
    ++s.by_priority[i.priority];
    ++s.by_impact[i.impact];
  }
  return s;
}

// ---- priority matrix ------------------------------------------------------------------------

int priority_matrix::priority(int impact, int urgency) const {
  if (impact < 1 || impact > 3 || urgency < 1 || urgency > 3)
    throw_error(errc::invalid_argument, "impact and urgency must be 1 (high) to 3 (low)");
  return cells[static_cast<std::size_t>(impact - 1)][static_cast<std::size_t>(urgency - 1)];
}

}  // namespace itsm
