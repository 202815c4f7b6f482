#include "itsm/process/service_level.hpp"

#include <fmt/format.h>

#include "detail/write_scope.hpp"
#include "itsm/model/change.hpp"
#include "agreement_hours.hpp"
#include "catalogue_control.hpp"
#include "policy_store.hpp"
#include "reads.hpp"

namespace itsm {

using model::customer;
using model::service;
using model::sla;

namespace {
void customer_exists(storage::transaction& tx, customer_id c, std::vector<violation>& v) {
  if (c.valid() && !detail::load<customer>(tx, c.key()))
    v.push_back({"R-7.1-parties", fmt::format("customer {} does not exist", c.key())});
}
}  // namespace

// A bad calendar accepted here would fail every ticket measured against the SLA later.
std::vector<violation> detail::sla_context_rules(const context& ctx, storage::transaction& tx, const sla& s) {
  std::vector<violation> v;
  if (auto problem = calendar_problem(s.calendar, *ctx.policies->tickets(tx)); !problem.empty())
    v.push_back({"R-6.1-sla", "SLA " + s.name + ": " + problem});
  customer_exists(tx, s.customer, v);
  if (auto svc = detail::load<service>(tx, s.service.key()); svc && svc->dedicated_to.valid() && s.customer.valid() &&
                                                              svc->dedicated_to != s.customer)
    v.push_back({"R-7.1-parties", fmt::format("service {} is dedicated to {}, not to {}", s.service.key(),
                                              svc->dedicated_to.key(), s.customer.key())});
  return v;
}

void detail::catalogue_change_control(const context& ctx, storage::transaction& tx, service_id s,
                                      const std::string& reference, std::vector<violation>& v, bool always) {
  if (!always && !ctx.policies->changes(tx)->catalogue_under_change_control) return;
  auto svc = detail::load<service>(tx, s.key());
  if (!svc || svc->status != model::service_status::live) return;
  const auto need = fmt::format("{} is a live service under change control: change it under an RFC in "
                                "implementation whose scope names it (write_options.reference)", s.key());
  std::optional<model::rfc> r;
  try {
    if (!reference.empty()) r = detail::load<model::rfc>(tx, rfc_id::parse(reference).key());
  } catch (const error&) {
  }
  if (!r) v.push_back({"R-6.1-change", need});
  else if (r->state != model::rfc_state::implementing)
    v.push_back({"R-6.1-change", need + "; " + reference + " is not in implementation"});
  else if (std::find(r->scope_services.begin(), r->scope_services.end(), s) == r->scope_services.end())
    v.push_back({"R-6.1-change", need + "; " + reference + " does not name it"});
}

service_level_management::service_level_management(std::shared_ptr<const detail::context> ctx)
    : ctx_(std::move(ctx)) {}

std::vector<violation> service_level_management::service_rules(storage::transaction& tx,
                                                               const service& s) const {
  auto v = s.check();
  storage::query q;
  q.where_eq("name", s.name);
  for (const auto& other : detail::load_all<service>(tx, q))
    if (other.id != s.id)
      v.push_back({"R-6.1-catalogue", fmt::format("service '{}' is already in the catalogue ({})", s.name, other.id.key())});
  for (const auto& d : s.depends_on)
    if (!detail::load<service>(tx, d.key()))
      v.push_back({"R-6.1-catalogue", fmt::format("dependency {} is not in the catalogue", d.key())});
  customer_exists(tx, s.dedicated_to, v);
  return v;
}

service service_level_management::add_service(const actor& who, service draft, const write_options& opts) {
  if (draft.id.valid() || draft.revision != 0)
    throw_error(errc::invalid_argument, "add_service takes a draft without id or revision");
  detail::write_scope w(*ctx_, who, "create");
  w.authorize("service", "", "", draft.dedicated_to.key());
  w.rules(service_rules(w.tx(), draft), "service", "");
  auto saved = w.save(std::move(draft), nullptr, opts, "created");
  w.commit();
  return saved;
}

service service_level_management::update_service(const actor& who, const service& edited, const write_options& opts) {
  detail::write_scope w(*ctx_, who, "update");
  auto before = w.get<service>(edited.id.key());
  w.authorize("service", edited.id.key(), "", before.dedicated_to.key());
  // Dedicating it to another customer is acting for that customer too.
  if (edited.dedicated_to != before.dedicated_to) w.authorize("service", edited.id.key(), "", edited.dedicated_to.key());
  if (before.revision != edited.revision)
    throw_error(errc::conflict, fmt::format("{} is at revision {}, not {}", edited.id.key(), before.revision, edited.revision));
  auto v = service_rules(w.tx(), edited);
  detail::catalogue_change_control(*ctx_, w.tx(), edited.id, opts.reference, v);
  w.rules(v, "service", edited.id.key());
  auto saved = w.save(edited, &before, opts, "updated");
  w.commit();
  return saved;
}

sla service_level_management::define_sla(const actor& who, sla draft, const write_options& opts) {
  if (draft.id.valid() || draft.revision != 0)
    throw_error(errc::invalid_argument, "define_sla takes a draft without id or revision");
  detail::write_scope w(*ctx_, who, "create");
  auto v = draft.check();
  if (draft.service.valid() && !detail::load<service>(w.tx(), draft.service.key()))
    v.push_back({"R-6.1-sla", fmt::format("service {} is not in the catalogue", draft.service.key())});
  for (auto& x : detail::sla_context_rules(*ctx_, w.tx(), draft)) v.push_back(std::move(x));
  detail::catalogue_change_control(*ctx_, w.tx(), draft.service, opts.reference, v);
  w.authorize("sla", "", draft.service.key(), draft.customer.key());
  w.rules(v, "sla", "");
  auto saved = w.save(std::move(draft), nullptr, opts, "created");
  w.commit();
  return saved;
}

std::vector<violation> service_level_management::customer_rules(storage::transaction& tx, const customer& c) const {
  auto v = c.check();
  storage::query q;
  q.where_eq("name", c.name);
  for (const auto& other : detail::load_all<customer>(tx, q))
    if (other.id != c.id)
      v.push_back({"R-7.1-parties", fmt::format("customer '{}' already exists ({})", c.name, other.id.key())});
  return v;
}

customer service_level_management::add_customer(const actor& who, customer draft, const write_options& opts) {
  if (draft.id.valid() || draft.revision != 0)
    throw_error(errc::invalid_argument, "add_customer takes a draft without id or revision");
  detail::write_scope w(*ctx_, who, "create");
  w.authorize("customer", "");
  w.rules(customer_rules(w.tx(), draft), "customer", "");
  auto saved = w.save(std::move(draft), nullptr, opts, "created");
  w.commit();
  return saved;
}

customer service_level_management::update_customer(const actor& who, const customer& edited,
                                                   const write_options& opts) {
  detail::write_scope w(*ctx_, who, "update");
  auto before = w.get<customer>(edited.id.key());
  w.authorize("customer", edited.id.key(), "", edited.id.key());
  if (before.revision != edited.revision)
    throw_error(errc::conflict, fmt::format("{} is at revision {}, not {}", edited.id.key(), before.revision, edited.revision));
  w.rules(customer_rules(w.tx(), edited), "customer", edited.id.key());
  auto saved = w.save(edited, &before, opts, "updated");
  w.commit();
  return saved;
}

std::optional<service> service_level_management::find_service(const actor& who, service_id id) const {
  return detail::reader(*ctx_, who, "service").one<service>(id.key());
}

std::vector<service> service_level_management::services(const actor& who) const {
  return detail::reader(*ctx_, who, "service").all<service>();
}

std::vector<sla> service_level_management::slas_of(const actor& who, service_id id) const {
  storage::query q;
  q.where_eq("service", id.key());
  return detail::reader(*ctx_, who, "sla").all<sla>(q);
}

std::optional<customer> service_level_management::find_customer(const actor& who, customer_id id) const {
  return detail::reader(*ctx_, who, "customer").one<customer>(id.key());
}

std::vector<customer> service_level_management::customers(const actor& who) const {
  return detail::reader(*ctx_, who, "customer").all<customer>();
}

}  // namespace itsm
