#include "itsm/process/changes.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "itsm/graph/graph.hpp"
#include "itsm/model/ci_type.hpp"
#include "itsm/model/configuration_item.hpp"
#include "itsm/model/relationship.hpp"
#include "itsm/model/service.hpp"
#include "detail/change_control.hpp"
#include "detail/write_scope.hpp"
#include "design_gates.hpp"
#include "live_graph.hpp"
#include "policy_store.hpp"
#include "reads.hpp"
#include "rfc_touch.hpp"
#include "transition.hpp"

namespace itsm {

using model::rfc;
using model::rfc_class;
using model::rfc_state;

namespace {

constexpr const char* kind = "rfc";


std::string name_of(rfc_state s) { return std::string(model::enum_to_string(s)); }

// The lifecycle as data: each action, the states it starts from and the rule it enforces.
const std::vector<detail::transition_rule<rfc_state>>& steps() {
  static const std::vector<detail::transition_rule<rfc_state>> s{
      {"edit", {rfc_state::draft, rfc_state::assessed}, "R-9.2-record"},
      {"assess", {rfc_state::draft}, "R-9.2-assess"},
      {"decide", {rfc_state::assessed}, "R-9.2-approve"},
      {"schedule", {rfc_state::approved, rfc_state::scheduled}, "R-9.2-schedule"},
      {"build", {rfc_state::scheduled}, "R-9.2-build"},
      {"test", {rfc_state::built}, "R-9.2-build"},
      {"implement", {rfc_state::tested}, "R-9.2-build"},
      {"complete", {rfc_state::implementing}, "R-9.2-build"},
      {"back_out", {rfc_state::failed}, "R-9.2-backout"},
      {"review", {rfc_state::implemented, rfc_state::backed_out}, "R-9.2-review"},
      {"retrospective_review",
       {rfc_state::implementing, rfc_state::implemented, rfc_state::failed, rfc_state::backed_out, rfc_state::reviewed},
       "R-9.2-emergency"},
      {"close", {rfc_state::reviewed, rfc_state::rejected}, "R-9.2-review"},
  };
  return s;
}

// Empty when `r` may take `action` now; else the violation naming the rule.
std::vector<violation> state_guard(const rfc& r, std::string_view action, std::vector<rfc_state> extra = {}) {
  return detail::state_guard(detail::rule_of(steps(), action), r.id.key(), r.state, extra);
}

// What changing (or losing) `scope` impacts, asked of the live CMDB graph: CIs through each
// relationship kind's propagation (k of n for redundancy groups), services through the CIs that
// list them and through service-to-service dependencies.
impact_analysis compute_impact(const detail::context& ctx, const std::vector<ci_id>& scope,
                               const std::vector<service_id>& scope_services) {
  const auto g = ctx.cmdb->snapshot(ctx);
  std::vector<graph::node_key> start;
  for (const auto& c : scope)
    if (g.contains(c.number())) start.push_back(c.number());
  for (const auto& s : scope_services)
    if (g.contains(detail::service_node_key(s.number()))) start.push_back(detail::service_node_key(s.number()));
  impact_analysis out;
  std::set<service_id> services(scope_services.begin(), scope_services.end());
  if (!start.empty())
    for (const auto& r : g.impact(std::span<const graph::node_key>(start)).impacted) {
      if (r.key > 0) out.cis.push_back(ci_id(r.key));
      else services.insert(service_id(-r.key));
    }
  std::sort(out.cis.begin(), out.cis.end());
  out.services.assign(services.begin(), services.end());
  return out;
}

bool has_any_role(const actor& who, const std::vector<std::string>& roles) {
  for (const auto& r : roles)
    if (who.has_role(r)) return true;
  return false;
}

// The capacities in which `who` may vote on `r` ("change_manager", "owner:SVC-2", …).
std::vector<std::string> capacities(storage::transaction& tx, const change_policy& p, const rfc& r, const actor& who) {
  std::vector<std::string> out;
  const auto& rule = p.rule_for(r.classification);
  for (const auto& role : rule.roles)
    if (who.has_role(role)) out.push_back(role);
  if (rule.service_owners_required)
    for (const auto& s : r.impact_services)
      if (auto svc = detail::load<model::service>(tx, s.key()); svc && svc->owner == who.name)
        out.push_back("owner:" + s.key());
  return out;
}

std::vector<model::approval> votes_of(storage::transaction& tx, const std::string& subject_kind, const std::string& id) {
  storage::query q;
  q.where_eq("subject_kind", subject_kind).where_eq("subject_id", id);
  return detail::load_all<model::approval>(tx, q);
}

// Is the quorum of `r`'s class reached by `votes` (all approving)?
bool quorum_reached(storage::transaction& tx, const change_policy& p, const rfc& r,
                    const std::vector<model::approval>& votes) {
  const auto& rule = p.rule_for(r.classification);
  std::set<std::string> counted, capacities_seen;
  for (const auto& v : votes) {
    if (v.decision != model::approval_decision::approve) continue;
    for (const auto& c : model::detail::decode_list(v.capacity)) {
      capacities_seen.insert(c);
      if (std::find(rule.roles.begin(), rule.roles.end(), c) != rule.roles.end()) counted.insert(v.approver);
    }
  }
  if (static_cast<int>(counted.size()) < rule.quorum) return false;
  if (rule.change_manager_required && !capacities_seen.count(std::string(roles::change_manager))) return false;
  if (rule.service_owners_required)
    for (const auto& s : r.impact_services) {
      auto svc = detail::load<model::service>(tx, s.key());
      // An owner who requested the RFC cannot vote on it (separation of duties); their
      // service's approval then rests with the rest of the board.
      if (svc && !svc->owner.empty() && svc->owner != r.requester && !capacities_seen.count("owner:" + s.key()))
        return false;
    }
  return true;
}


std::vector<violation> record_rules(const detail::context& ctx, const change_policy& p, storage::transaction& tx,
                                    const rfc& r) {
  auto v = r.check();
  std::vector<std::string> types;
  for (const auto& c : r.scope_cis) {
    auto ci = detail::load<model::configuration_item>(tx, c.key());
    if (!ci || ci->status == model::ci_status::retired)
      v.push_back({"R-9.2-record", "scope CI " + c.key() + " does not exist or is retired"});
    else
      types.push_back(ci->type);
  }
  for (const auto& s : r.scope_services)
    if (!detail::load<model::service>(tx, s.key()))
      v.push_back({"R-9.2-record", "scope service " + s.key() + " does not exist"});
  static const std::set<std::string> actions{"", "new", "remove", "transfer"};
  if (!actions.count(r.service_action))
    v.push_back({"R-9.2-policy", "service_action must be '', new, remove or transfer"});
  if (r.classification == rfc_class::standard) {
    const auto* m = p.find_model(r.standard_model);
    if (!m) {
      v.push_back({"R-9.2-policy", "a standard change follows a standard change model of the policy ('" +
                                       r.standard_model + "' is not one)"});
    } else if (!m->ci_types.empty()) {
      for (const auto& t : types)
        if (std::find(m->ci_types.begin(), m->ci_types.end(), t) == m->ci_types.end())
          v.push_back({"R-9.2-policy", fmt::format("standard model '{}' does not cover CI type '{}'", m->name, t)});
    }
    if (!r.service_action.empty())
      v.push_back({"R-9.2-route", "a change to a service's existence is never a standard change"});
  }
  // An emergency change restores or protects what exists; a service's existence changes only
  // through design and transition (R-5-scope), which an emergency RFC would bypass.
  if (r.classification == rfc_class::emergency && !r.service_action.empty())
    v.push_back({"R-5-scope", "an emergency RFC cannot introduce, remove or transfer a service: that goes through "
                              "design and transition (classify it normal)"});
  if (r.classification == rfc_class::emergency && r.emergency_justification.empty())
    v.push_back({"R-9.2-emergency", "an emergency RFC states why it meets the emergency definition: " +
                                        p.emergency_definition});
  (void)ctx;
  return v;
}

// A read over a period needs one: a special instant or start >= end would match all or nothing.
void require_period(const period& p, const char* read) {
  if (p.start.is_special() || p.end.is_special() || !(p.start < p.end))
    throw_error(errc::invalid_argument, std::string(read) + " needs a period with start < end");
}

std::vector<rfc> active_schedule(storage::transaction& tx) {
  std::vector<rfc> out;
  for (auto s : {rfc_state::approved, rfc_state::scheduled, rfc_state::built, rfc_state::tested, rfc_state::implementing}) {
    storage::query q;
    q.where_eq("state", std::string(model::enum_to_string(s)));
    for (auto& r : detail::load_all<rfc>(tx, q))
      if (!r.window_start.is_special() && !r.window_end.is_special()) out.push_back(std::move(r));
  }
  return out;
}

change_schedule schedule_in(storage::transaction& tx) {
  std::vector<scheduled_change> v;
  for (const auto& r : active_schedule(tx)) v.push_back(detail::to_scheduled(r, {r.window_start, r.window_end}));
  return change_schedule(std::move(v));
}

}  // namespace

std::vector<std::string> major_reasons(const change_policy& p, const rfc& r, std::size_t impacted_services) {
  std::vector<std::string> why;
  if (r.service_action == "new") why.push_back("introduces a new service (R-5-scope)");
  if (r.service_action == "remove") why.push_back("removes a service (always major)");
  if (r.service_action == "transfer") why.push_back("transfers a service (always major)");
  if (p.major_service_threshold > 0 && impacted_services >= p.major_service_threshold)
    why.push_back(fmt::format("affects {} services (threshold {})", impacted_services, p.major_service_threshold));
  if (std::find(p.major_risks.begin(), p.major_risks.end(), r.risk) != p.major_risks.end())
    why.push_back("assessed risk '" + r.risk + "'");
  return why;
}

namespace detail {

bool ci_type_controlled(const change_policy& p, storage::transaction& tx, const std::string& type) {
  if (p.controlled_ci_types.empty()) return false;
  std::set<std::string> seen;
  for (std::string t = type; !t.empty() && seen.insert(t).second;) {
    if (std::find(p.controlled_ci_types.begin(), p.controlled_ci_types.end(), t) != p.controlled_ci_types.end())
      return true;
    auto def = detail::load<model::ci_type>(tx, t);
    if (!def) break;
    t = def->parent;
  }
  return false;
}

scheduled_change to_scheduled(const rfc& r, const period& window) {
  scheduled_change c;
  c.rfc = r.id.number();
  c.window = window;
  for (const auto& x : r.scope_cis) c.cis.push_back(x.number());
  for (const auto& x : r.impact_cis) c.impact.push_back(x.number());
  for (const auto& x : r.scope_services) c.services.push_back(x.number());
  for (const auto& x : r.impact_services) c.services.push_back(x.number());
  for (auto* l : {&c.cis, &c.impact, &c.services}) {
    std::sort(l->begin(), l->end());
    l->erase(std::unique(l->begin(), l->end()), l->end());
  }
  // The impact set never repeats the scope.
  std::vector<std::int64_t> impact;
  std::set_difference(c.impact.begin(), c.impact.end(), c.cis.begin(), c.cis.end(), std::back_inserter(impact));
  c.impact = std::move(impact);
  return c;
}

std::vector<violation> change_control_rules(const change_policy& p, storage::transaction& tx,
                                            const std::string& ci_type, const std::string& ci_key,
                                            const std::string& reference) {
  if (!ci_type_controlled(p, tx, ci_type)) return {};
  const auto need =
      ci_key.empty()
          ? fmt::format("CIs of type {} are under change control: create one under an approved RFC in "
                        "implementation (write_options.reference; R-9.2-cmdb)",
                        ci_type)
          : fmt::format("{} ({}) is under change control: write it under an approved RFC in implementation "
                        "whose scope includes it (write_options.reference; R-9.2-cmdb)",
                        ci_key, ci_type);
  if (reference.empty()) return {{"R-9.2-record", need}};
  std::optional<rfc> r;
  try {
    r = load<rfc>(tx, rfc_id::parse(reference).key());
  } catch (const error&) {
  }
  if (!r) return {{"R-9.2-record", need + "; " + reference + " is not an RFC"}};
  if (r->state != rfc_state::implementing)
    return {{"R-9.2-record", need + "; " + reference + " is " + name_of(r->state)}};
  if (ci_key.empty()) return {};
  const auto id = ci_id::parse(ci_key);
  if (std::find(r->scope_cis.begin(), r->scope_cis.end(), id) == r->scope_cis.end())
    return {{"R-9.2-record", need + "; " + ci_key + " is not in the scope of " + reference}};
  return {};
}

}  // namespace detail

change_management::change_management(std::shared_ptr<const detail::context> ctx) : ctx_(std::move(ctx)) {}

rfc change_management::submit(const actor& who, rfc draft, const write_options& opts) {
  if (draft.id.valid() || draft.revision != 0)
    throw_error(errc::invalid_argument, "submit takes a draft without id or revision");
  detail::refuse_owned_fields("rfc submit", {{"state", draft.state != rfc_state::draft},
                                             {"requester", !draft.requester.empty() && draft.requester != who.name},
                                             {"submitted_at", !draft.submitted_at.is_special()}});
  detail::write_scope w(*ctx_, who, "submit");
  const auto policy = ctx_->policies->changes(w.tx());
  draft.state = rfc_state::draft;
  draft.requester = who.name;
  draft.submitted_at = w.now();
  w.authorize(kind, "", std::string(model::enum_to_string(draft.classification)));
  w.rules(record_rules(*ctx_, *policy, w.tx(), draft), kind, "");
  auto saved = w.save(std::move(draft), nullptr, opts, "submitted");
  w.commit();
  return saved;
}

rfc change_management::edit(const actor& who, const rfc& edited, const write_options& opts) {
  detail::write_scope w(*ctx_, who, "edit");
  const auto policy = ctx_->policies->changes(w.tx());
  const auto key = edited.id.key();
  auto before = w.get<rfc>(key);
  auto after = before;
  after.title = edited.title;
  after.reason = edited.reason;
  after.scope_cis = edited.scope_cis;
  after.scope_services = edited.scope_services;
  after.window_start = edited.window_start;
  after.window_end = edited.window_end;
  after.backout_plan = edited.backout_plan;
  after.implementer = edited.implementer;
  after.problem = edited.problem;
  after.design_plan = edited.design_plan;
  after.emergency_justification = edited.emergency_justification;
  after.service_action = edited.service_action;
  after.standard_model = edited.standard_model;
  auto v = state_guard(before, "edit");
  if (v.empty()) {
    for (auto& x : record_rules(*ctx_, *policy, w.tx(), after)) v.push_back(std::move(x));
    // Votes approve the RFC as it stood: once cast, no field changes under them.
    if (!votes_of(w.tx(), kind, key).empty() && detail::to_record(after).values != detail::to_record(before).values)
      v.push_back({"R-9.2-approve", key + " already has votes; reject it and submit a new RFC"});
  }
  if (before.state == rfc_state::assessed &&
      (after.scope_cis != before.scope_cis || after.scope_services != before.scope_services ||
       after.service_action != before.service_action))
    after.state = rfc_state::draft;  // the assessment no longer matches the scope
  w.authorize(kind, key, "edit");
  if (before.revision != edited.revision)
    throw_error(errc::conflict, fmt::format("{} is at revision {}, not {}", key, before.revision, edited.revision));
  w.rules(v, kind, key);
  auto saved = w.save(after, &before, opts, "edited");
  w.commit();
  return saved;
}

impact_analysis change_management::impact_of(const actor& who, const std::vector<ci_id>& scope,
                                             const std::vector<service_id>& services) const {
  detail::reader r(*ctx_, who, "configuration_item");  // the kind-level question
  auto impact = compute_impact(*ctx_, scope, services);
  // The walk crosses every CI; a caller who may read only some (a customer's user under a
  // customer-scoped policy) learns only of the impacted CIs and services they may see.
  const auto every = [&](const char* kind) {
    return ctx_->auth->scope_of_reads(who, kind).on == read_scope::basis::every_record;
  };
  if (!every("configuration_item")) {
    std::vector<std::string> keys;
    for (const auto& c : impact.cis) keys.push_back(c.key());
    impact.cis.clear();
    for (const auto& ci : r.visible<model::configuration_item>(keys)) impact.cis.push_back(ci.id);
  }
  if (!every("service")) {
    std::vector<std::string> keys;
    for (const auto& s : impact.services) keys.push_back(s.key());
    impact.services.clear();
    for (const auto& svc : r.visible<model::service>(keys)) impact.services.push_back(svc.id);
  }
  return impact;
}

rfc change_management::assess(const actor& who, rfc_id id, const rfc_assessment& a, const write_options& opts) {
  detail::write_scope w(*ctx_, who, "assess");
  const auto policy = ctx_->policies->changes(w.tx());
  const auto key = id.key();
  auto before = w.get<rfc>(key);
  auto v = state_guard(before, "assess");
  if (a.risk.empty()) v.push_back({"R-9.2-assess", "the assessment records the risk"});
  if (a.security_impact.empty())
    v.push_back({"R-6.6-rfc", "the assessment answers the security impact question ('none' is an answer)"});
  if (a.continuity_impact.empty())
    v.push_back({"R-9.2-assess", "the assessment answers the continuity impact question ('none' is an answer)"});
  auto after = before;
  if (v.empty()) for (auto& x : record_rules(*ctx_, *policy, w.tx(), before)) v.push_back(std::move(x));
  std::string why;
  if (v.empty()) {
    const auto impact = compute_impact(*ctx_, before.scope_cis, before.scope_services);
    after.risk = a.risk;
    after.security_impact = a.security_impact;
    after.continuity_impact = a.continuity_impact;
    after.plans_impact = a.plans_impact;
    after.cost = a.cost;
    after.impact_cis = impact.cis;
    after.impact_services = impact.services;
    after.state = rfc_state::assessed;
    after.assessed_at = w.now();
    detail::record_touches(*ctx_, w.tx(), after);  // plans, controls, risks (R-9.2-assess)
    for (auto& x : detail::touch_rules(after)) v.push_back(std::move(x));
    if (!after.window_start.is_special() && !after.window_end.is_special() && after.window_start < after.window_end)
      for (const auto& c : schedule_in(w.tx()).conflicts(detail::to_scheduled(after, {after.window_start, after.window_end}),
                                                           policy->calendar))
        after.conflicts += (after.conflicts.empty() ? "" : "\n") + describe(c);  // foreseen; schedule() decides
    const auto reasons = major_reasons(*policy, after, impact.services.size());
    if (!reasons.empty() && after.classification != rfc_class::emergency) {
      if (after.classification == rfc_class::standard)
        v.push_back({"R-9.2-route", "a standard change cannot have major impact: " + reasons.front()});
      after.classification = rfc_class::major;
      after.design_transition = true;  // R-9.2-route, R-5-scope
      for (const auto& r : reasons) why += (why.empty() ? "major: " : "; ") + r;
    }
    if (after.classification == rfc_class::standard) {
      // Pre-approved under its model (R-9.2-policy); the model's backout applies if none given.
      const auto* m = policy->find_model(after.standard_model);
      if (after.backout_plan.empty() && m) after.backout_plan = m->backout_plan;
      if (after.backout_plan.empty())
        v.push_back({"R-9.2-backout", "standard model '" + after.standard_model + "' has no backout plan"});
      after.state = rfc_state::approved;
      why += (why.empty() ? "" : "; ") + std::string("pre-approved standard change model '") + after.standard_model + "'";
    }
  }
  w.authorize(kind, key, "assess");
  w.rules(v, kind, key);
  auto o = opts;
  if (!why.empty()) o.reason = o.reason.empty() ? why : o.reason + " (" + why + ")";
  auto saved = w.save(after, &before, o, after.state == rfc_state::approved ? "approved" : "assessed");
  w.commit();
  return saved;
}

rfc change_management::decide(const actor& who, rfc_id id, vote decision, const std::string& comment,
                              const write_options& opts) {
  detail::write_scope w(*ctx_, who, "decide");
  const auto policy = ctx_->policies->changes(w.tx());
  const auto key = id.key();
  auto before = w.get<rfc>(key);
  auto v = state_guard(before, "decide");
  if (v.empty()) {
    if (before.backout_plan.empty())
      v.push_back({"R-9.2-backout", key + " needs a backout plan before it can be approved"});
    if (before.classification == rfc_class::major && before.design_plan.empty())
      v.push_back({"R-9.2-route", key + " has major impact: it follows a design & transition plan (design_plan)"});
    for (const auto& prior : votes_of(w.tx(), kind, key))
      if (prior.approver == who.name) v.push_back({"R-9.2-approve", who.name + " has already voted on " + key});
    if (decision == vote::approve) {
      for (auto& x : detail::design_gate(w.tx(), before, "approve")) v.push_back(std::move(x));  // R-5.2-plan
      for (auto& x : detail::approval_touch_rules(*ctx_, w.tx(), before)) v.push_back(std::move(x));
    }
  }
  w.authorize(kind, key, decision == vote::approve ? "approve" : "reject");
  w.rules(v, kind, key);
  w.deny_if(before.requester == who.name, kind, key, "R-9.2-approve",
            who.name + " requested " + key + " and cannot approve it");
  const auto caps = capacities(w.tx(), *policy, before, who);
  w.deny_if(caps.empty(), kind, key, before.classification == rfc_class::emergency ? "R-9.2-emergency" : "R-9.2-approve",
            fmt::format("{} holds no approving capacity for a {} change", who.name,
                        model::enum_to_string(before.classification)));
  model::approval a;
  a.subject_kind = kind;
  a.subject_id = key;
  a.approver = who.name;
  a.capacity = model::detail::encode_list(caps);
  a.decision = decision == vote::approve ? model::approval_decision::approve : model::approval_decision::reject;
  a.comment = comment;
  a.at = w.now();
  a.emergency = before.classification == rfc_class::emergency;
  auto vote_rec = w.save(a, nullptr, opts, "recorded");
  auto after = before;
  std::string event = "voted";
  if (decision == vote::reject) {
    after.state = rfc_state::rejected;
    event = "rejected";
  } else {
    auto votes = votes_of(w.tx(), kind, key);
    if (std::none_of(votes.begin(), votes.end(), [&](const auto& x) { return x.id == vote_rec.id; }))
      votes.push_back(vote_rec);
    if (quorum_reached(w.tx(), *policy, after, votes)) {
      after.state = rfc_state::approved;
      event = "approved";
    }
  }
  auto result = before;
  if (after.state != before.state) {
    auto o = opts;
    o.reference = vote_rec.id.key();
    result = w.save(after, &before, o, event);
  }
  w.commit();
  return result;
}

rfc change_management::schedule(const actor& who, rfc_id id, period window, bool accept_conflicts,
                                const write_options& opts) {
  detail::write_scope w(*ctx_, who, "schedule");
  const auto policy = ctx_->policies->changes(w.tx());
  const auto key = id.key();
  auto before = w.get<rfc>(key);
  auto v = state_guard(before, "schedule");
  if (window.start.is_special() || window.end.is_special() || window.end <= window.start)
    v.push_back({"R-9.2-schedule", "the change window must end after it starts"});
  std::string recorded;
  if (v.empty()) {
    const auto sched = schedule_in(w.tx());
    for (const auto& c : sched.conflicts(detail::to_scheduled(before, window), policy->calendar)) {
      // A freeze is agreed, not a clash to weigh: accept_conflicts never overrides it.
      if (accept_conflicts && c.kind != conflict_kind::freeze) recorded += (recorded.empty() ? "" : "\n") + describe(c);
      else v.push_back({"R-9.2-schedule", describe(c)});
    }
  }
  w.authorize(kind, key, "schedule");
  w.rules(v, kind, key);
  auto after = before;
  after.window_start = window.start;
  after.window_end = window.end;
  after.state = rfc_state::scheduled;
  after.conflicts = recorded;
  auto o = opts;
  if (!recorded.empty()) o.reason = (o.reason.empty() ? "" : o.reason + "; ") + "conflicts accepted: " + recorded;
  auto saved = w.save(after, &before, o, "scheduled");
  w.commit();
  return saved;
}

namespace {
template <class F>
rfc simple_step(const detail::context& ctx, const actor& who, rfc_id id, std::string_view action,
                const write_options& opts, const std::string& event, F&& apply) {
  detail::transition_spec<rfc> spec{std::string(action), std::string(action), event,
                                    [&](detail::write_scope& w, const rfc& before, rfc& after, std::vector<violation>& v) {
                                      v = state_guard(before, action);
                                      if (v.empty()) apply(w, after, v);
                                    }};
  return detail::run_transition(ctx, who, id.key(), spec, opts);
}
}  // namespace

rfc change_management::mark_built(const actor& who, rfc_id id, const write_options& opts) {
  return simple_step(*ctx_, who, id, "build", opts, "built",
                     [](auto&, rfc& r, auto&) { r.state = rfc_state::built; });
}

rfc change_management::mark_tested(const actor& who, rfc_id id, const write_options& opts) {
  return simple_step(*ctx_, who, id, "test", opts, "tested",
                     [](auto&, rfc& r, auto&) { r.state = rfc_state::tested; });
}

rfc change_management::start_implementation(const actor& who, rfc_id id, const write_options& opts) {
  detail::transition_spec<rfc> spec{
      "implement", "implement", "implementing",
      [&](detail::write_scope& w, const rfc& before, rfc& after, std::vector<violation>& v) {
        // An emergency change may skip build and test when the policy in force says so.
        std::vector<rfc_state> extra;
        if (before.classification == rfc_class::emergency &&
            ctx_->policies->changes(w.tx())->emergency_skips_build_and_test)
          extra = {rfc_state::approved, rfc_state::scheduled, rfc_state::built};
        v = state_guard(before, "implement", extra);
        // R-9.2-schedule: a scheduled change is implemented in its window, not before or after.
        const bool windowed = !before.window_start.is_special() && !before.window_end.is_special();
        if (v.empty() && windowed && (w.now() < before.window_start || w.now() >= before.window_end))
          v.push_back({"R-9.2-schedule", fmt::format("{} is scheduled for {} – {}; implementation starts inside "
                                                     "that window (now {})",
                                                     before.id.key(), to_iso(before.window_start),
                                                     to_iso(before.window_end), to_iso(w.now()))});
        if (v.empty()) {
          for (auto& x : detail::design_gate(w.tx(), before, "implement")) v.push_back(std::move(x));  // R-5.3-design
          for (auto& x : detail::competence_gate(w.tx(), before, who.name, w.now())) v.push_back(std::move(x));
        }
        after.state = rfc_state::implementing;
        after.implementer = who.name;
      }};
  return detail::run_transition(*ctx_, who, id.key(), spec, opts);
}

rfc change_management::complete(const actor& who, rfc_id id, bool successful, const write_options& opts) {
  return simple_step(*ctx_, who, id, "complete", opts, successful ? "implemented" : "failed",
                     [&](auto& w, rfc& r, auto&) {
                       r.state = successful ? rfc_state::implemented : rfc_state::failed;
                       r.outcome = successful ? "successful" : "failed";
                       r.implemented_at = w.now();
                     });
}

rfc change_management::back_out(const actor& who, rfc_id id, const std::string& what_was_done,
                                const std::string& investigation_summary, problem_id problem,
                                const write_options& opts) {
  detail::write_scope w(*ctx_, who, "back_out");
  const auto key = id.key();
  auto before = w.get<rfc>(key);
  auto v = state_guard(before, "back_out");
  if (what_was_done.empty()) v.push_back({"R-9.2-backout", "record how the failed change was reversed"});
  if (investigation_summary.empty()) v.push_back({"R-9.2-backout", "a failed change is investigated: give the summary"});
  if (problem.valid() && !w.tx().get("problem", problem.key()))
    v.push_back({"R-9.2-backout", "problem " + problem.key() + " does not exist"});
  w.authorize(kind, key, "back_out");
  w.rules(v, kind, key);
  model::investigation inv;
  inv.subject_kind = kind;
  inv.subject_id = key;
  inv.opened_by = who.name;
  inv.opened_at = w.now();
  inv.summary = investigation_summary;
  inv.problem = problem;
  auto inv_saved = w.save(inv, nullptr, opts, "opened");
  auto after = before;
  after.state = rfc_state::backed_out;
  after.backout_result = what_was_done;
  auto o = opts;
  o.reference = inv_saved.id.key();
  auto saved = w.save(after, &before, o, "backed_out");
  w.commit();
  return saved;
}

rfc change_management::review(const actor& who, rfc_id id, const std::string& pir,
                              std::vector<std::string> participants, const write_options& opts) {
  detail::write_scope w(*ctx_, who, "review");
  const auto key = id.key();
  auto before = w.get<rfc>(key);
  auto v = state_guard(before, "review");
  if (pir.empty()) v.push_back({"R-9.2-review", "the post-implementation review records its findings"});
  w.authorize(kind, key, "review");
  w.rules(v, kind, key);
  participants.push_back(who.name);
  std::sort(participants.begin(), participants.end());
  participants.erase(std::unique(participants.begin(), participants.end()), participants.end());
  // Someone other than the implementer records it: named participants cannot be vouched for.
  const bool alone = who.name == before.implementer ||
                     std::all_of(participants.begin(), participants.end(),
                                 [&](const std::string& p) { return p == before.implementer; });
  w.deny_if(alone, kind, key, "R-9.2-review",
            before.implementer + " implemented " + key + " and cannot do its post-implementation review alone");
  auto after = before;
  after.state = rfc_state::reviewed;
  after.review = pir;
  after.review_participants = participants;
  auto saved = w.save(after, &before, opts, "reviewed");
  w.commit();
  return saved;
}

rfc change_management::retrospective_review(const actor& who, rfc_id id, const std::string& text,
                                             const write_options& opts) {
  detail::write_scope w(*ctx_, who, "retrospective_review");
  const auto policy = ctx_->policies->changes(w.tx());
  const auto key = id.key();
  auto before = w.get<rfc>(key);
  auto v = state_guard(before, "retrospective_review");
  if (before.classification != rfc_class::emergency)
    v.push_back({"R-9.2-emergency", key + " is not an emergency change"});
  if (text.empty()) v.push_back({"R-9.2-emergency", "the retrospective review records its findings"});
  if (!before.retrospective_review.empty()) v.push_back({"R-9.2-emergency", key + " was already reviewed retrospectively"});
  w.authorize(kind, key, "retrospective_review");
  w.rules(v, kind, key);
  w.deny_if(who.name == before.requester || who.name == before.implementer, kind, key, "R-9.2-emergency",
            who.name + " requested or implemented " + key + " and cannot review it retrospectively");
  w.deny_if(!has_any_role(who, policy->retrospective_roles), kind, key, "R-9.2-emergency",
            who.name + " holds no role of the change policy's retrospective reviewers");
  auto after = before;
  after.retrospective_review = text;
  after.retrospective_by = who.name;
  auto saved = w.save(after, &before, opts, "retrospectively_reviewed");
  w.commit();
  return saved;
}

rfc change_management::close(const actor& who, rfc_id id, const write_options& opts) {
  detail::write_scope w(*ctx_, who, "close");
  const auto key = id.key();
  auto before = w.get<rfc>(key);
  auto v = state_guard(before, "close");
  if (v.empty() && before.state == rfc_state::reviewed) {
    if (before.review.empty()) v.push_back({"R-9.2-review", key + " has no post-implementation review"});
    if (before.outcome == "failed") {
      if (before.backout_result.empty()) v.push_back({"R-9.2-backout", key + " failed and its backout is not recorded"});
      storage::query q;
      q.where_eq("subject_kind", kind).where_eq("subject_id", key);
      if (detail::load_all<model::investigation>(w.tx(), q).empty())
        v.push_back({"R-9.2-backout", key + " failed and has no investigation record"});
    }
    if (before.classification == rfc_class::emergency && before.retrospective_review.empty())
      v.push_back({"R-9.2-emergency", key + " is an emergency change awaiting its retrospective review"});
    for (auto& x : detail::design_gate(w.tx(), before, "close")) v.push_back(std::move(x));  // R-5.4-transition
  }
  w.authorize(kind, key, "close");
  w.rules(v, kind, key);
  auto after = before;
  after.state = rfc_state::closed;
  after.closed_at = w.now();
  auto saved = w.save(after, &before, opts, "closed");
  w.commit();
  return saved;
}

std::vector<violation> change_management::check(const actor& who, rfc_id id, std::string_view action) const {
  detail::reader r(*ctx_, who, kind);
  auto c = r.one<rfc>(id.key());
  if (!c) return {{"R-9.2-record", "rfc " + id.key() + " does not exist"}};
  std::vector<violation> v;
  try {
    v = state_guard(*c, action);
  } catch (const error& e) {
    return {{"R-9.2-record", e.what()}};
  }
  if (action == "decide" && c->requester == who.name)
    v.push_back({"R-9.2-approve", who.name + " requested " + c->id.key() + " and cannot approve it"});
  // Clause 5 and competence gates, as the step itself would meet them.
  const std::string_view gate = action == "decide" ? "approve" : action;
  if (gate == "approve" || gate == "implement" || gate == "close")
    for (auto& x : detail::design_gate(r.tx(), *c, gate)) v.push_back(std::move(x));
  if (action == "implement")
    for (auto& x : detail::competence_gate(r.tx(), *c, who.name, ctx_->clk->now())) v.push_back(std::move(x));
  return v;
}

std::optional<rfc> change_management::find(const actor& who, rfc_id id) const {
  return detail::reader(*ctx_, who, kind).one<rfc>(id.key());
}

std::vector<model::approval> change_management::approvals(const actor& who, rfc_id id) const {
  detail::reader r(*ctx_, who, kind);
  if (!r.one<rfc>(id.key())) return {};
  return votes_of(r.tx(), kind, id.key());
}

std::vector<model::investigation> change_management::investigations(const actor& who, rfc_id id) const {
  detail::reader r(*ctx_, who, kind);
  if (!r.one<rfc>(id.key())) return {};
  storage::query q;
  q.where_eq("subject_kind", kind).where_eq("subject_id", id.key());
  return r.all<model::investigation>(q);
}

std::vector<rfc> change_management::schedule_of_change(const actor& who, const period& p, service_id service,
                                                       ci_id ci) const {
  require_period(p, "schedule_of_change");
  detail::reader reader(*ctx_, who, kind);
  std::vector<rfc> out;
  for (auto& r : active_schedule(reader.tx())) {
    if (!reader.sees(r)) continue;
    if (!period{r.window_start, r.window_end}.overlaps(p)) continue;
    auto has = [](const auto& list, const auto& x) { return std::find(list.begin(), list.end(), x) != list.end(); };
    if (service.valid() && !has(r.scope_services, service) && !has(r.impact_services, service)) continue;
    if (ci.valid() && !has(r.scope_cis, ci) && !has(r.impact_cis, ci)) continue;
    out.push_back(std::move(r));
  }
  std::sort(out.begin(), out.end(), [](const rfc& a, const rfc& b) {
    return a.window_start < b.window_start || (a.window_start == b.window_start && a.id < b.id);
  });
  return out;
}

std::vector<schedule_conflict> change_management::conflicts(const actor& who, rfc_id id, const period& window) const {
  require_period(window, "conflicts");
  detail::reader reader(*ctx_, who, kind);
  auto* tx = &reader.tx();
  const auto policy = ctx_->policies->changes(*tx);
  auto r = reader.one<rfc>(id.key());
  if (!r) throw_error(errc::not_found, "rfc " + id.key() + " does not exist");
  return schedule_in(*tx).conflicts(detail::to_scheduled(*r, window), policy->calendar);
}

change_schedule change_management::current_schedule(const actor& who) const {
  detail::reader reader(*ctx_, who, kind);
  return schedule_in(reader.tx());
}

rfc_trends change_management::trends(const actor& who, const period& p) const {
  require_period(p, "trends");
  detail::reader reader(*ctx_, who, kind);
  auto* tx = &reader.tx();
  rfc_trends t;
  for (const auto& r : reader.all<rfc>()) {
    if (r.submitted_at.is_special() || r.submitted_at < p.start || !(r.submitted_at < p.end)) continue;
    ++t.total;
    ++t.by_class[std::string(model::enum_to_string(r.classification))];
    ++t.by_state[name_of(r.state)];
    ++t.by_outcome[r.outcome.empty() ? (r.state == rfc_state::rejected ? "rejected" : "open") : r.outcome];
    const auto d = r.submitted_at.date();
    ++t.by_month[fmt::format("{:04d}-{:02d}", static_cast<int>(d.year()), static_cast<int>(d.month()))];
    std::set<std::string> types;
    for (const auto& c : r.scope_cis)
      if (auto ci = detail::load<model::configuration_item>(*tx, c.key())) types.insert(ci->type);
    for (const auto& ty : types) ++t.by_ci_type[ty];
  }
  return t;
}

}  // namespace itsm
