// assurance_management's writes: availability requirements and outages (clause 6.3).
#include "itsm/process/assurance.hpp"

#include <fmt/format.h>

#include "itsm/model/configuration_item.hpp"
#include "itsm/model/incident.hpp"
#include "itsm/model/service.hpp"
#include "detail/write_scope.hpp"
#include "policy_store.hpp"
#include "ticket_support.hpp"
#include "transition.hpp"

namespace itsm {

using model::availability_requirement;
using model::outage;
using model::outage_state;

namespace {

const char* const requirement_kind = "availability_requirement";
const char* const outage_kind = "outage";

std::vector<violation> requirement_rules(const detail::context& ctx, storage::transaction& tx,
                                         const availability_requirement& r) {
  auto v = r.check();
  const char* rule = "R-6.3-req";
  if (!r.service.valid()) return v;
  const auto svc = detail::load<model::service>(tx, r.service.key());
  if (!svc) v.push_back({rule, fmt::format("{}: no such service", r.service.key())});
  else if (svc->status == model::service_status::retired && !r.retired)
    v.push_back({rule, fmt::format("{} is retired: no availability is agreed for it", r.service.key())});
  try {
    (void)detail::service_hours(r.calendar, *ctx.policies->tickets(tx), "the requirement");
  } catch (const error& e) {
    v.push_back({rule, fmt::format("service hours of {}: {}", r.service.key(), e.what())});
  }
  if (r.retired) return v;
  storage::query q;
  q.where_eq("service", r.service.key());
  for (const auto& other : detail::load_all<availability_requirement>(tx, q))
    if (other.id != r.id && !other.retired)
      v.push_back({rule, fmt::format("{} already has an active availability requirement ({})", r.service.key(),
                                     other.id.key())});
  return v;
}

std::vector<violation> outage_rules(storage::transaction& tx, const outage& o) {
  auto v = o.check();
  const char* rule = "R-6.3-monitor";
  if (o.ci.valid() && !detail::load<model::configuration_item>(tx, o.ci.key()))
    v.push_back({rule, fmt::format("outage of {}: no such CI", o.ci.key())});
  if (o.service.valid() && !detail::load<model::service>(tx, o.service.key()))
    v.push_back({rule, fmt::format("outage of {}: no such service", o.service.key())});
  if (o.incident.valid() && !detail::load<model::incident>(tx, o.incident.key()))
    v.push_back({rule, fmt::format("outage from {}: no such incident", o.incident.key())});
  return v;
}

// The outage workflow: ongoing -> ended -> investigated (unplanned ones).
const std::vector<detail::transition_rule<outage_state>>& outage_workflow() {
  static const std::vector<detail::transition_rule<outage_state>> t{
      {"end", {outage_state::ongoing}, "R-6.3-monitor"},
      {"investigate", {outage_state::ended}, "R-6.3-monitor"}};
  return t;
}

}  // namespace

assurance_management::assurance_management(std::shared_ptr<const detail::context> ctx,
                                           const configuration_management& configuration)
    : ctx_(std::move(ctx)), configuration_(configuration) {}

availability_requirement assurance_management::require_availability(const actor& who, availability_requirement draft,
                                                                     const write_options& opts) {
  if (draft.id.valid() || draft.revision != 0)
    throw_error(errc::invalid_argument, "require_availability takes a draft without id or revision");
  detail::write_scope w(*ctx_, who, "create");
  w.authorize(requirement_kind, "");
  w.rules(requirement_rules(*ctx_, w.tx(), draft), requirement_kind, "");
  auto saved = w.save(std::move(draft), nullptr, opts, "created");
  w.commit();
  return saved;
}

availability_requirement assurance_management::update_requirement(const actor& who,
                                                                   const availability_requirement& edited,
                                                                   const write_options& opts) {
  detail::write_scope w(*ctx_, who, "update");
  auto before = w.get<availability_requirement>(edited.id.key());
  w.authorize(requirement_kind, edited.id.key());
  if (before.revision != edited.revision)
    throw_error(errc::conflict,
                fmt::format("{} is at revision {}, not {}", edited.id.key(), before.revision, edited.revision));
  w.rules(requirement_rules(*ctx_, w.tx(), edited), requirement_kind, edited.id.key());
  auto saved = w.save(edited, &before, opts, "updated");
  w.commit();
  return saved;
}

outage assurance_management::record_outage(const actor& who, outage draft, const write_options& opts) {
  if (draft.id.valid() || draft.revision != 0)
    throw_error(errc::invalid_argument, "record_outage takes a draft without id or revision");
  draft.state = draft.end.is_special() ? outage_state::ongoing : outage_state::ended;
  draft.finding.clear(), draft.investigated_by.clear(), draft.investigated_at = timestamp();
  detail::write_scope w(*ctx_, who, "create");
  w.authorize(outage_kind, "");
  w.rules(outage_rules(w.tx(), draft), outage_kind, "");
  auto saved = w.save(std::move(draft), nullptr, opts, "recorded");
  w.commit();
  return saved;
}

outage assurance_management::outage_from_incident(const actor& who, incident_id incident, bool planned,
                                                  const write_options& opts) {
  detail::write_scope w(*ctx_, who, "create");
  auto inc = w.get<model::incident>(incident.key());
  w.authorize(outage_kind, "", "from " + incident.key(), inc.customer.key());
  outage o;
  o.ci = inc.ci;
  if (!inc.ci.valid()) o.service = inc.service;
  o.start = inc.opened_at;
  o.end = inc.resolved_at;
  o.state = o.end.is_special() ? outage_state::ongoing : outage_state::ended;
  o.planned = planned;
  o.incident = incident;
  o.description = inc.title;
  std::vector<violation> v;
  const char* rule = "R-6.3-monitor";
  if (!inc.ci.valid() && !inc.service.valid())
    v.push_back({rule, fmt::format("{} names neither a CI nor a service: no outage to record", incident.key())});
  storage::query q;
  q.where_eq("incident", incident.key());
  for (const auto& other : detail::load_all<outage>(w.tx(), q))
    v.push_back({rule, fmt::format("{} already has its outage ({})", incident.key(), other.id.key())});
  if (v.empty()) v = outage_rules(w.tx(), o);
  w.rules(v, outage_kind, "");
  auto saved = w.save(std::move(o), nullptr, opts, "recorded");
  w.commit();
  return saved;
}

outage assurance_management::end_outage(const actor& who, outage_id id, timestamp end, const write_options& opts) {
  if (end.is_special()) throw_error(errc::invalid_argument, "end_outage needs a valid end time");
  const auto& t = detail::rule_of(outage_workflow(), "end");
  detail::transition_spec<outage> spec{"transition:end", "", "ended",
                                       [&](detail::write_scope&, const outage& before, outage& after, auto& v) {
                                         v = detail::state_guard(t, before.id.key(), before.state);
                                         after.end = end;
                                         after.state = outage_state::ended;
                                       }};
  return detail::run_transition(*ctx_, who, id.key(), spec, opts);
}

outage assurance_management::investigate(const actor& who, outage_id id, const std::string& finding,
                                         const write_options& opts) {
  const auto& t = detail::rule_of(outage_workflow(), "investigate");
  detail::transition_spec<outage> spec{"transition:investigate", "", "investigated",
                                       [&](detail::write_scope& w, const outage& before, outage& after, auto& v) {
                                         v = detail::state_guard(t, before.id.key(), before.state);
                                         if (before.planned)
                                           v.push_back({"R-6.3-monitor", fmt::format(
                                               "{} was planned: only unplanned outages are investigated",
                                               before.id.key())});
                                         after.state = outage_state::investigated;
                                         after.finding = finding;
                                         after.investigated_by = w.who().name;
                                         after.investigated_at = w.now();
                                       }};
  return detail::run_transition(*ctx_, who, id.key(), spec, opts);
}

}  // namespace itsm
