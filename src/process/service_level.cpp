#include "itsm/process/service_level.hpp"

#include <fmt/format.h>

#include "itsm/process/detail/write_scope.hpp"

namespace itsm {

using model::service;
using model::sla;

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
  return v;
}

service service_level_management::add_service(const actor& who, service draft, const write_options& opts) {
  if (draft.id.valid() || draft.revision != 0)
    throw_error(errc::invalid_argument, "add_service takes a draft without id or revision");
  detail::write_scope w(*ctx_, who, "create");
  w.authorize("service", "");
  w.rules(service_rules(w.tx(), draft), "service", "");
  auto saved = w.save(std::move(draft), nullptr, opts, "created");
  w.commit();
  return saved;
}

service service_level_management::update_service(const actor& who, const service& edited, const write_options& opts) {
  detail::write_scope w(*ctx_, who, "update");
  auto before = w.get<service>(edited.id.key());
  if (before.revision != edited.revision)
    throw_error(errc::conflict, fmt::format("{} is at revision {}, not {}", edited.id.key(), before.revision, edited.revision));
  w.authorize("service", edited.id.key());
  w.rules(service_rules(w.tx(), edited), "service", edited.id.key());
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
  w.authorize("sla", "", draft.service.key());
  w.rules(v, "sla", "");
  auto saved = w.save(std::move(draft), nullptr, opts, "created");
  w.commit();
  return saved;
}

std::optional<service> service_level_management::find_service(service_id id) const {
  auto tx = ctx_->read();
  return detail::load<service>(*tx, id.key());
}

std::vector<service> service_level_management::services() const {
  auto tx = ctx_->read();
  return detail::load_all<service>(*tx, {});
}

std::vector<sla> service_level_management::slas_of(service_id id) const {
  auto tx = ctx_->read();
  storage::query q;
  q.where_eq("service", id.key());
  return detail::load_all<sla>(*tx, q);
}

}  // namespace itsm
