#include "itsm/process/requests.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "itsm/model/service.hpp"
#include "detail/write_scope.hpp"
#include "policy_store.hpp"
#include "reads.hpp"
#include "transition.hpp"
#include "escalation_index.hpp"
#include "ticket_fields.hpp"
#include "ticket_support.hpp"

namespace itsm {

using model::request_state;
using model::service_request;

namespace {

const char* const kind = "service_request";

struct step {
  request_transition t;
  std::vector<request_state> from;
  request_state to;
  const char* suffix;
};

const step& step_of(request_transition t) {
  using s = request_state;
  static const std::vector<step> table{
      {request_transition::approve, {s::recorded}, s::approved, "approved"},
      {request_transition::start, {s::approved}, s::in_fulfilment, "fulfilment_started"},
      {request_transition::pend, {s::approved, s::in_fulfilment}, s::pending, "pending"},
      {request_transition::resume, {s::pending}, s::in_fulfilment, "resumed"},
      {request_transition::fulfil, {s::in_fulfilment}, s::fulfilled, "fulfilled"},
      {request_transition::close, {s::fulfilled}, s::closed, "closed"},
      {request_transition::cancel, {s::recorded, s::approved, s::in_fulfilment, s::pending}, s::cancelled, "cancelled"},
  };
  for (const auto& x : table)
    if (x.t == t) return x;
  throw_error(errc::invalid_argument, "unknown request transition");
}

std::string state_name(request_state s) { return std::string(model::enum_to_string(s)); }

ticket_sla figures(storage::transaction& tx, const ticket_policy& policy, const service_request& r,
                   const std::vector<ticket_event>& log, timestamp now) {
  ticket_sla out;
  // The SLA version in force when the request was recorded (R-6.1-change); the service's SLA
  // now for a request recorded before requests kept theirs.
  auto s = r.sla.valid() ? detail::sla_at(tx, r.sla, r.sla_revision) : detail::default_sla(tx, r.service);
  if (r.sla.valid() && !s) return out;
  const auto terms = detail::request_terms(s ? &*s : nullptr, r, policy);
  if (!terms.response && !terms.resolution) return out;
  const auto cal = s ? detail::sla_calendar(*s, policy)
                     : calendar::business_calendar(calendar::calendar_definition::always_open());
  out = evaluate_ticket(log, detail::request_ticket_states(), terms, cal, now);
  if (s) {
    out.sla = s->id;
    out.sla_revision = s->revision;
  }
  out.priority = r.priority;
  return out;
}

}  // namespace

std::string_view to_string(request_transition t) noexcept {
  switch (t) {
    case request_transition::approve: return "approve";
    case request_transition::start: return "start";
    case request_transition::pend: return "pend";
    case request_transition::resume: return "resume";
    case request_transition::fulfil: return "fulfil";
    case request_transition::close: return "close";
    case request_transition::cancel: return "cancel";
  }
  return "?";
}

namespace {
const std::vector<value>& open_states() {
  static const std::vector<value> s{value("recorded"), value("approved"), value("in_fulfilment"), value("pending")};
  return s;
}
// Open for escalation: not fulfilled, closed or cancelled (R-8.1-inform).
bool escalates(const service_request& r) {
  return std::find(open_states().begin(), open_states().end(), value(std::string(model::enum_to_string(r.state)))) !=
         open_states().end();
}
}  // namespace

request_management::request_management(std::shared_ptr<const detail::context> ctx) : ctx_(std::move(ctx)) {
  auto next = [ctx = ctx_](storage::transaction& tx, const std::string& key) -> std::optional<detail::sla_projection> {
    auto r = detail::load<service_request>(tx, key);
    if (!r || !escalates(*r)) return std::nullopt;
    const auto log = detail::load_log(tx, key);
    return detail::project(figures(tx, *ctx->policies->tickets(tx), *r, log, ctx->clk->now()), log);
  };
  auto open = [](storage::transaction& tx) {
    storage::query q;
    q.kind = std::string(kind);
    q.where_in("state", open_states());
    std::vector<std::string> keys;
    for (const auto& r : tx.scan(q)) keys.push_back(r.id);
    return keys;
  };
  escalation_ = std::make_shared<detail::escalation_index>(std::string(kind), next, open);
}

service_request request_management::record(const actor& who, service_request draft, const write_options& opts) {
  if (draft.id.valid() || draft.revision != 0)
    throw_error(errc::invalid_argument, "record takes a draft without id or revision");
  detail::refuse_owned_fields("service request record", {{"state", draft.state != request_state::recorded},
                                                         {"opened_at", !draft.opened_at.is_special()},
                                                         {"fulfilled_at", !draft.fulfilled_at.is_special()},
                                                         {"closed_at", !draft.closed_at.is_special()},
                                                         {"fulfilment", !draft.fulfilment.empty()},
                                                         {"sla", draft.sla.valid()},
                                                         {"sla_revision", draft.sla_revision != 0}});
  detail::write_scope w(*ctx_, who, "record");
  draft.opened_at = w.now();
  draft.fulfilled_at = draft.closed_at = timestamp();
  draft.fulfilment.clear();
  const bool pre_approved = draft.request_type == "standard_change";
  draft.state = pre_approved ? request_state::approved : request_state::recorded;
  if (draft.requested_by.empty()) draft.requested_by = who.name;
  auto v = draft.check();
  for (auto& x : detail::customer_rules(w.tx(), who, draft.customer, draft.service)) v.push_back(std::move(x));
  if (draft.priority < 1 || draft.priority > 5) v.push_back({"R-8.1-requests", "priority must be 1 to 5"});
  if (draft.service.valid() && !detail::load<model::service>(w.tx(), draft.service.key()))
    v.push_back({"R-8.1-requests", "service " + draft.service.key() + " is not in the catalogue"});
  const auto policy = ctx_->policies->tickets(w.tx());
  for (auto& x : detail::custom_field_rules(*policy, kind, draft.custom)) v.push_back(std::move(x));
  if (draft.assignment_group.empty())
    draft.assignment_group = detail::route(*policy, {kind, draft.request_type, draft.service.valid() ? draft.service.key() : "", ""});
  // Only a model the change policy pre-approves skips approval (R-9.2-policy).
  if (pre_approved && !ctx_->policies->changes(w.tx())->find_model(draft.standard_change))
    v.push_back({"R-9.2-policy", "standard change model '" + draft.standard_change +
                                     "' is not one the change policy pre-approves"});
  if (auto s = detail::default_sla(w.tx(), draft.service)) {
    draft.sla = s->id;
    draft.sla_revision = s->revision;  // the version in force now (R-6.1-change)
  }
  w.authorize(kind, "", draft.request_type, draft.customer.key());
  w.rules(v, kind, "");
  auto saved = w.save(std::move(draft), nullptr, opts, "recorded");
  const auto key = saved.id.key();
  detail::start_log(w, key);
  detail::log_event(w, key, "state", "", "recorded", "", opts);
  if (pre_approved) {
    detail::log_event(w, key, "state", "recorded", "approved", "pre-approved: " + saved.standard_change, opts);
    w.publish(event{"service_request.state_changed", kind, key, saved.revision, w.now(), who.name,
                    {{"from", "recorded"}, {"to", "approved"}, {"standard_change", saved.standard_change},
                     {"customer", saved.requested_by}}});
  }
  w.commit();
  return saved;
}

service_request request_management::move(const actor& who, service_request_id id, request_transition t,
                                         const std::string& detail_text, const write_options& opts,
                                         const std::function<void(service_request&, timestamp)>& apply) {
  const auto& s = step_of(t);
  const auto key = id.key();
  detail::transition_spec<service_request> spec{
      "transition:" + std::string(to_string(t)), state_name(s.to), s.suffix,
      [&](detail::write_scope& w, const service_request& before, service_request& after, std::vector<violation>& v) {
        if (std::find(s.from.begin(), s.from.end(), before.state) == s.from.end()) {
          std::string allowed;
          for (auto f : s.from) allowed += (allowed.empty() ? "" : ", ") + state_name(f);
          v.push_back({"R-8.1-requests", fmt::format("cannot {} {}: it is {} (allowed from {})", to_string(t), key,
                                                     state_name(before.state), allowed)});
          return;
        }
        after.state = s.to;
        if (apply) apply(after, w.now());
        if (t == request_transition::fulfil && after.fulfilment.empty())
          v.push_back({"R-8.1-requests", "a fulfilled request records how it was fulfilled"});
      }};
  if (t == request_transition::approve)
    spec.duties = [&](detail::write_scope& w, const service_request& before) {
      w.deny_if(who.name == before.requested_by, kind, key, "R-8.1-requests",
                "the requester may not approve their own request");
      // Nor may whoever recorded it, whoever they named as the requester.
      const auto log = detail::load_log(w.tx(), key);
      w.deny_if(!log.empty() && log.front().actor == who.name, kind, key, "R-8.1-requests",
                "whoever recorded a request may not approve it");
    };
  spec.after_save = [&](detail::write_scope& w, const service_request& before, const service_request& saved) {
    detail::log_event(w, key, "state", state_name(before.state), state_name(saved.state), detail_text, opts);
    w.publish(event{"service_request.state_changed", kind, key, saved.revision, w.now(), who.name,
                    {{"from", state_name(before.state)}, {"to", state_name(saved.state)},
                     {"detail", detail_text}, {"customer", saved.requested_by}}});
  };
  return detail::run_transition(*ctx_, who, key, spec, opts);
}

service_request request_management::approve(const actor& who, service_request_id id, const write_options& opts) {
  return move(who, id, request_transition::approve, "", opts, {});
}

service_request request_management::start(const actor& who, service_request_id id, const write_options& opts) {
  return move(who, id, request_transition::start, "", opts, {});
}

void request_management::add_step(const actor& who, service_request_id id, const std::string& text,
                                  const write_options& opts) {
  detail::write_scope w(*ctx_, who, "step");
  const auto key = id.key();
  auto r = w.get<service_request>(key);
  std::vector<violation> v;
  if (text.empty()) v.push_back({"R-8.1-requests", "a fulfilment step is described"});
  if (r.state != request_state::approved && r.state != request_state::in_fulfilment &&
      r.state != request_state::pending)
    v.push_back({"R-8.1-requests", fmt::format("{} is {}: steps are recorded during fulfilment", key,
                                               state_name(r.state))});
  w.authorize(kind, key, "step", r.customer.key());
  w.rules(v, kind, key);
  detail::log_event(w, key, "step", "", "", text, opts);
  w.publish(event{"service_request.updated", kind, key, r.revision, w.now(), who.name,
                  {{"step", text}, {"customer", r.requested_by}}});
  w.commit();
}

service_request request_management::pend(const actor& who, service_request_id id, const std::string& reason,
                                         const write_options& opts) {
  if (reason.empty()) throw_error(errc::invalid_argument, "pend needs a reason");
  return move(who, id, request_transition::pend, reason, opts, {});
}

service_request request_management::resume(const actor& who, service_request_id id, const write_options& opts) {
  return move(who, id, request_transition::resume, "", opts, {});
}

service_request request_management::fulfil(const actor& who, service_request_id id, const std::string& fulfilment,
                                           const write_options& opts) {
  return move(who, id, request_transition::fulfil, "", opts, [&](service_request& r, timestamp now) {
    r.fulfilment = fulfilment;
    r.fulfilled_at = now;
  });
}

service_request request_management::close(const actor& who, service_request_id id, const write_options& opts) {
  return move(who, id, request_transition::close, "", opts,
              [&](service_request& r, timestamp now) { r.closed_at = now; });
}

service_request request_management::cancel(const actor& who, service_request_id id, const std::string& reason,
                                           const write_options& opts) {
  return move(who, id, request_transition::cancel, reason, opts,
              [&](service_request& r, timestamp now) { r.closed_at = now; });
}

std::vector<violation> request_management::check(const actor& who, service_request_id id,
                                                 request_transition t) const {
  detail::reader r(*ctx_, who, kind);
  auto req = r.one<service_request>(id.key());
  if (!req) return {{"R-8.1-requests", "service request " + id.key() + " does not exist"}};
  const auto& s = step_of(t);
  std::vector<violation> v;
  if (std::find(s.from.begin(), s.from.end(), req->state) == s.from.end())
    v.push_back({"R-8.1-requests", fmt::format("cannot {} {}: it is {}", to_string(t), id.key(), state_name(req->state))});
  if (t == request_transition::approve && who.name == req->requested_by)
    v.push_back({"R-8.1-requests", "the requester may not approve their own request"});
  return v;
}

std::optional<service_request> request_management::find(const actor& who, service_request_id id) const {
  return detail::reader(*ctx_, who, kind).one<service_request>(id.key());
}

std::vector<service_request> request_management::list(const actor& who) const {
  return detail::reader(*ctx_, who, kind).all<service_request>();
}

std::vector<ticket_event> request_management::log(const actor& who, service_request_id id) const {
  detail::reader r(*ctx_, who, kind);
  if (!r.one<service_request>(id.key())) return {};
  return detail::load_log(r.tx(), id.key());
}

std::vector<std::string> request_management::steps(const actor& who, service_request_id id) const {
  std::vector<std::string> out;
  for (const auto& e : log(who, id))
    if (e.type == "step") out.push_back(e.detail);
  return out;
}

ticket_sla request_management::sla_figures(const actor& who, service_request_id id, std::optional<timestamp> at) const {
  detail::reader reader(*ctx_, who, kind);
  auto& tx = reader.tx();
  auto r = reader.one<service_request>(id.key());
  if (!r) throw_error(errc::not_found, "service request " + id.key() + " does not exist");
  return figures(tx, *ctx_->policies->tickets(tx), *r, detail::load_log(tx, id.key()), at ? *at : ctx_->clk->now());
}

std::vector<service_request> request_management::breaching_within(const actor& who, duration window) const {
  const auto [from, to] = detail::breach_window(ctx_->clk->now(), window);
  detail::reader r(*ctx_, who, kind);
  return r.visible<service_request>(escalation_->deadlines_in(r.tx(), from, to));
}

std::vector<event> request_management::escalate(const actor& who) {
  return detail::sweep(*ctx_, who, kind, *escalation_, [&](detail::write_scope& w, const std::string& key) {
    std::optional<std::vector<event>> fired;
    const auto r = detail::load<service_request>(w.tx(), key);
    if (!r || !escalates(*r)) return fired;  // finished since the index saw it: no notice
    w.rules({}, kind, key);
    const auto log = detail::load_log(w.tx(), key);
    fired = detail::fire_thresholds(w, kind, key, r->requested_by,
                                    figures(w.tx(), *ctx_->policies->tickets(w.tx()), *r, log, w.now()), log);
    return fired;
  });
}

}  // namespace itsm
