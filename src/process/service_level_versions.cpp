// SLA versions under change control (R-6.1-change): an agreed SLA's next version (the replaced
// one archived as an sla_version record), and the history of a catalogue entry and its SLAs read
// from the audit trail.
#include <fmt/format.h>

#include <algorithm>

#include "itsm/process/service_level.hpp"
#include "catalogue_control.hpp"
#include "detail/write_scope.hpp"
#include "reads.hpp"
#include "versions.hpp"

namespace itsm {

using model::sla;

sla service_level_management::update_sla(const actor& who, const sla& edited, const write_options& opts) {
  detail::write_scope w(*ctx_, who, "update");
  auto before = w.get<sla>(edited.id.key());
  w.authorize("sla", edited.id.key(), before.service.key(), before.customer.key());
  // Agreeing it with another customer is acting for that customer too.
  if (edited.customer != before.customer) w.authorize("sla", edited.id.key(), before.service.key(), edited.customer.key());
  if (before.revision != edited.revision)
    throw_error(errc::conflict, fmt::format("{} is at revision {}, not {}", edited.id.key(), before.revision, edited.revision));
  auto v = edited.check();
  if (edited.service != before.service)
    v.push_back({"R-6.1-sla", fmt::format("{} is agreed for {}: agree a new SLA for another service", edited.id.key(),
                                          before.service.key())});
  for (auto& x : detail::sla_context_rules(*ctx_, w.tx(), edited)) v.push_back(std::move(x));
  detail::catalogue_change_control(*ctx_, w.tx(), before.service, opts.reference, v, true);
  w.rules(v, "sla", edited.id.key());
  auto saved = w.save(edited, &before, opts, "updated");
  // Tickets recorded under the replaced version keep being measured against it.
  w.save(model::sla_version::of(before, w.now()), nullptr, opts, "archived");
  w.commit();
  return saved;
}

std::vector<version_entry> service_level_management::history(const actor& who, service_id id) const {
  detail::reader reader(*ctx_, who, "service");
  if (!reader.one<model::service>(id.key())) return {};
  std::vector<std::pair<std::string, std::string>> objects{{"service", id.key()}};
  storage::query q;
  q.where_eq("service", id.key());
  for (const auto& s : detail::reader(*ctx_, who, "sla").all<sla>(q)) objects.emplace_back("sla", s.id.key());
  std::vector<version_entry> out;
  for (const auto& [kind, key] : objects) detail::append_versions(*ctx_, reader.tx(), kind, key, out);
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.seq < b.seq; });
  return out;
}

}  // namespace itsm
