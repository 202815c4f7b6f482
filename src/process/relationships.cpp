// Relationship processes: the writes (parties, customer relationships, process operators,
// agreements and their lifecycle) and the plain reads. Performance and alignment: alignment.cpp.
#include "itsm/process/relationships.hpp"

#include <fmt/format.h>

#include "itsm/model/change.hpp"
#include "itsm/model/configuration_item.hpp"
#include "itsm/model/customer.hpp"
#include "agreement_hours.hpp"
#include "detail/write_scope.hpp"
#include "policy_store.hpp"
#include "reads.hpp"
#include "transition.hpp"

namespace itsm {

using model::agreement;
using model::agreement_status;
using model::party;
using model::party_type;

namespace {

const char* const party_kind = "party";
const char* const agreement_kind = "agreement";

// Creates `obj` (no stored version) or stores its next version, under one write scope.
template <class T, class Rules>
T put_keyed(const detail::context& ctx, const actor& who, T obj, const std::string& customer,
            const write_options& opts, Rules&& rules) {
  const auto& kind = T::def().name();
  const auto key = T::def().key(obj);
  if (key.empty()) throw_error(errc::invalid_argument, kind + " needs its key");
  detail::write_scope w(ctx, who, "set");
  auto before = detail::load<T>(w.tx(), key);
  w.authorize(kind, before ? key : "", {}, customer);
  if (before && before->revision != obj.revision)
    throw_error(errc::conflict, fmt::format("{} is at revision {}, not {}", key, before->revision, obj.revision));
  if (!before && obj.revision != 0) throw_error(errc::not_found, kind + " " + key + " does not exist");
  auto v = obj.check();
  rules(w.tx(), v);
  w.rules(v, kind, key);
  auto saved = w.save(std::move(obj), before ? &*before : nullptr, opts, before ? "updated" : "created");
  w.commit();
  return saved;
}

std::vector<violation> party_rules(storage::transaction& tx, const party& p) {
  auto v = p.check();
  storage::query q;
  q.where_eq("name", p.name);
  for (const auto& other : detail::load_all<party>(tx, q))
    if (other.id != p.id) v.push_back({"R-7.1-parties", fmt::format("party '{}' exists already ({})", p.name, other.id.key())});
  if (p.lead_supplier.valid()) {
    auto lead = detail::load<party>(tx, p.lead_supplier.key());
    if (!lead || lead->type != party_type::supplier)
      v.push_back({"R-7.2-contract", fmt::format("lead supplier {} is not a recorded supplier", p.lead_supplier.key())});
  }
  if (p.customer.valid() && !detail::load<model::customer>(tx, p.customer.key()))
    v.push_back({"R-6.1-internal", fmt::format("{} is not a recorded customer", p.customer.key())});
  return v;
}

// The agreement's party must be a supplier (contract) or an internal group or supplying customer
// (OLA); covered CIs must exist; a named calendar must be one the ticket policy defines.
std::vector<violation> agreement_rules(const detail::context& ctx, storage::transaction& tx, const agreement& a) {
  auto v = a.check();
  const bool contract = a.type == model::agreement_type::contract;
  const char* rule = contract ? "R-7.2-contract" : "R-6.1-internal";
  if (a.party.valid()) {
    auto p = detail::load<party>(tx, a.party.key());
    if (!p) v.push_back({rule, fmt::format("{} is not a recorded party", a.party.key())});
    else if (contract != (p->type == party_type::supplier))
      v.push_back({rule, fmt::format("a {} is made with {}, and {} is a {}", model::enum_to_string(a.type),
                                     contract ? "a supplier" : "an internal group or a supplying customer",
                                     a.party.key(), model::enum_to_string(p->type))});
  }
  for (const auto& ci : a.covers)
    if (!detail::load<model::configuration_item>(tx, ci.key()))
      v.push_back({rule, fmt::format("agreement '{}' covers {}, which is not a recorded CI", a.name, ci.key())});
  if (auto problem = detail::calendar_problem(a.calendar, *ctx.policies->tickets(tx)); !problem.empty())
    v.push_back({rule, fmt::format("agreement '{}': {}", a.name, problem)});
  return v;
}

const std::vector<detail::transition_rule<agreement_status>>& agreement_table() {
  static const std::vector<detail::transition_rule<agreement_status>> t{
      {"activate", {agreement_status::draft}, "R-7.2-contract"},
      {"terminate", {agreement_status::draft, agreement_status::active}, "R-7.2-contract"},
      {"amend", {agreement_status::draft, agreement_status::active}, "R-7.2-monitor"}};
  return t;
}

// R-7.2-monitor: an active agreement changes only under an approved RFC that is still open.
std::vector<violation> change_control(storage::transaction& tx, const agreement& a, const std::string& reference) {
  using model::rfc_state;
  if (a.status != agreement_status::active) return {};
  const char* rule = "R-7.2-monitor";
  if (reference.rfind("RFC-", 0) != 0)
    return {{rule, fmt::format("{} is active: amend it under an approved RFC (write_options.reference)", a.id.key())}};
  std::optional<model::rfc> rfc;
  try {
    rfc = detail::load<model::rfc>(tx, reference);
  } catch (const error&) {
  }
  if (!rfc) return {{rule, fmt::format("{} is not a recorded RFC", reference)}};
  for (auto s : {rfc_state::approved, rfc_state::scheduled, rfc_state::built, rfc_state::tested,
                 rfc_state::implementing, rfc_state::implemented})
    if (rfc->state == s) return {};
  return {{rule, fmt::format("{} is {}: an agreement changes under an approved, open RFC", reference,
                             model::enum_to_string(rfc->state))}};
}

}  // namespace

relationship_management::relationship_management(std::shared_ptr<const detail::context> ctx,
                                                 const configuration_management& cmdb)
    : ctx_(std::move(ctx)), cmdb_(cmdb) {}

model::customer_relationship relationship_management::set_customer_relationship(const actor& who,
                                                                                model::customer_relationship r,
                                                                                const write_options& opts) {
  const auto customer = r.customer.key();
  return put_keyed(*ctx_, who, std::move(r), customer, opts, [&](storage::transaction& tx, std::vector<violation>& v) {
    if (!detail::load<model::customer>(tx, customer))
      v.push_back({"R-7.1-parties", fmt::format("{} is not a recorded customer", customer)});
  });
}

party relationship_management::add_party(const actor& who, party draft, const write_options& opts) {
  if (draft.id.valid() || draft.revision != 0)
    throw_error(errc::invalid_argument, "add_party takes a draft without id or revision");
  detail::write_scope w(*ctx_, who, "create");
  w.authorize(party_kind, "");
  w.rules(party_rules(w.tx(), draft), party_kind, "");
  auto saved = w.save(std::move(draft), nullptr, opts, "created");
  w.commit();
  return saved;
}

party relationship_management::update_party(const actor& who, const party& edited, const write_options& opts) {
  detail::write_scope w(*ctx_, who, "update");
  auto before = w.get<party>(edited.id.key());
  w.authorize(party_kind, edited.id.key());
  if (before.revision != edited.revision)
    throw_error(errc::conflict, fmt::format("{} is at revision {}, not {}", edited.id.key(), before.revision, edited.revision));
  w.rules(party_rules(w.tx(), edited), party_kind, edited.id.key());
  auto saved = w.save(edited, &before, opts, "updated");
  w.commit();
  return saved;
}

model::process_operator relationship_management::set_operator(const actor& who, model::process_operator p,
                                                              const write_options& opts) {
  const auto by = p.operated_by;
  return put_keyed(*ctx_, who, std::move(p), "", opts, [&](storage::transaction& tx, std::vector<violation>& v) {
    if (by.valid() && !detail::load<party>(tx, by.key()))
      v.push_back({"R-4.2-governance", fmt::format("{} is not a recorded party", by.key())});
  });
}

agreement relationship_management::add_agreement(const actor& who, agreement draft, const write_options& opts) {
  if (draft.id.valid() || draft.revision != 0)
    throw_error(errc::invalid_argument, "add_agreement takes a draft without id or revision");
  draft.status = agreement_status::draft;
  detail::write_scope w(*ctx_, who, "create");
  w.authorize(agreement_kind, "");
  w.rules(agreement_rules(*ctx_, w.tx(), draft), agreement_kind, "");
  auto saved = w.save(std::move(draft), nullptr, opts, "created");
  w.commit();
  return saved;
}

namespace {
agreement move_to(const detail::context& ctx, const actor& who, agreement_id id, const char* name,
                  agreement_status to, const write_options& opts) {
  detail::transition_spec<agreement> spec;
  spec.action = std::string("transition:") + name;
  spec.detail = std::string(model::enum_to_string(to));
  spec.event = name == std::string("activate") ? "activated" : "terminated";
  spec.rules = [&](detail::write_scope& w, const agreement& before, agreement& after, std::vector<violation>& v) {
    v = detail::state_guard(detail::rule_of(agreement_table(), name), before.id.key(), before.status);
    after.status = to;
    if (to == agreement_status::active)
      for (auto& x : agreement_rules(ctx, w.tx(), after)) v.push_back(std::move(x));
  };
  return detail::run_transition(ctx, who, id.key(), spec, opts);
}
}  // namespace

agreement relationship_management::activate(const actor& who, agreement_id id, const write_options& opts) {
  return move_to(*ctx_, who, id, "activate", agreement_status::active, opts);
}

agreement relationship_management::terminate(const actor& who, agreement_id id, const write_options& opts) {
  return move_to(*ctx_, who, id, "terminate", agreement_status::terminated, opts);
}

agreement relationship_management::amend(const actor& who, const agreement& edited, const write_options& opts) {
  detail::transition_spec<agreement> spec;
  spec.action = "amend";
  spec.event = "amended";
  spec.rules = [&](detail::write_scope& w, const agreement& before, agreement& after, std::vector<violation>& v) {
    if (before.revision != edited.revision)
      throw_error(errc::conflict, fmt::format("{} is at revision {}, not {}", before.id.key(), before.revision, edited.revision));
    v = detail::state_guard(detail::rule_of(agreement_table(), "amend"), before.id.key(), before.status);
    for (auto& x : change_control(w.tx(), before, opts.reference)) v.push_back(std::move(x));
    after = edited;
    after.status = before.status;
    for (auto& x : agreement_rules(*ctx_, w.tx(), after)) v.push_back(std::move(x));
  };
  return detail::run_transition(*ctx_, who, edited.id.key(), spec, opts);
}

std::optional<model::customer_relationship> relationship_management::customer_relationship(const actor& who,
                                                                                          customer_id c) const {
  detail::reader r(*ctx_, who, "customer_relationship");
  return r.one<model::customer_relationship>(c.key());
}

std::optional<party> relationship_management::find_party(const actor& who, party_id id) const {
  detail::reader r(*ctx_, who, party_kind);
  return r.one<party>(id.key());
}

std::vector<party> relationship_management::parties(const actor& who) const {
  detail::reader r(*ctx_, who, party_kind);
  return r.all<party>();
}

std::vector<model::process_operator> relationship_management::operators(const actor& who) const {
  detail::reader r(*ctx_, who, "process_operator");
  return r.all<model::process_operator>();
}

std::optional<agreement> relationship_management::find_agreement(const actor& who, agreement_id id) const {
  detail::reader r(*ctx_, who, agreement_kind);
  return r.one<agreement>(id.key());
}

std::vector<agreement> relationship_management::agreements(const actor& who) const {
  detail::reader r(*ctx_, who, agreement_kind);
  return r.all<agreement>();
}

}  // namespace itsm
