// Reconciliation items: a feed's proposed updates of change-controlled CIs, reviewed and applied
// under an RFC or rejected (docs/import.md, "Discovery feeds").
#include "reconciliation.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "itsm/audit/changes.hpp"
#include "itsm/process/configuration.hpp"
#include "cmdb_reads.hpp"
#include "reads.hpp"

namespace itsm {

using model::configuration_item;
using model::reconciliation_item;
using model::reconciliation_state;

namespace detail {

proposal propose(write_scope& w, const configuration_item& ci, const std::string& source, const std::string& changes,
                 const write_options& opts) {
  storage::query q;
  q.where_eq("ci", ci.id.key()).where_eq("state", "pending");
  for (const auto& item : load_all<reconciliation_item>(w.tx(), q))
    if (item.source == source && item.base_revision == ci.revision && item.changes == changes) return {item.id, false};
  reconciliation_item item;
  item.ci = ci.id;
  item.source = source;
  item.base_revision = ci.revision;
  item.changes = changes;
  w.authorize("reconciliation_item", "", ci.type, ci.customer.key());
  return {w.save(item, nullptr, opts, "proposed").id, true};
}

}  // namespace detail

namespace {

// `ci` with the item's proposed field values.
configuration_item proposed(const detail::context& ctx, const configuration_item& ci, const reconciliation_item& item) {
  const auto& schema = ctx.schema("configuration_item");
  auto rec = detail::to_record(ci);
  for (const auto& c : audit::decode_changes(item.changes, schema))
    for (std::size_t i = 0; i < schema.fields.size(); ++i)
      if (schema.fields[i].name == c.field) rec.values[i] = c.after;
  return detail::from_record<configuration_item>(rec);
}

std::vector<violation> pending_rule(const reconciliation_item& item) {
  if (item.state == reconciliation_state::pending) return {};
  return {{"R-9.1-versions", fmt::format("{} is {}, not pending", item.id.key(), model::enum_to_string(item.state))}};
}

}  // namespace

std::vector<reconciliation_item> configuration_management::pending_reconciliations(const actor& who, ci_id ci) const {
  detail::reader r(*ctx_, who, "reconciliation_item");
  storage::query q;
  q.where_eq("state", "pending");
  if (ci.valid()) q.where_eq("ci", ci.key());
  auto items = r.all<reconciliation_item>(q);
  std::sort(items.begin(), items.end(), [](const reconciliation_item& a, const reconciliation_item& b) { return a.id.number() < b.id.number(); });
  return items;
}

configuration_item configuration_management::reconcile(const actor& who, reconciliation_id id, const write_options& opts) {
  detail::write_scope w(*ctx_, who, "reconcile");
  const auto before_item = w.get<reconciliation_item>(id.key());
  const auto before = w.get<configuration_item>(before_item.ci.key());
  auto edited = proposed(*ctx_, before, before_item);
  auto v = pending_rule(before_item);
  if (v.empty() && before.revision != before_item.base_revision)
    v.push_back({"R-9.1-versions", fmt::format("{} changed since {} was proposed (revision {}, not {}): the feed "
                                               "proposes again on its next run", before.id.key(), id.key(),
                                               before.revision, before_item.base_revision)});
  detail::cmdb_reads in(*ctx_, w.tx());
  for (auto& x : update_rules(in, before, edited, opts.reference)) v.push_back(std::move(x));
  w.authorize("configuration_item", before.id.key(), before.type, before.customer.key());
  w.authorize("reconciliation_item", id.key(), before.type, before.customer.key());
  w.rules(v, "reconciliation_item", id.key());
  auto saved = w.save(edited, &before, opts, "updated");
  auto item = before_item;
  item.state = reconciliation_state::applied;
  item.reference = opts.reference;
  w.save(item, &before_item, opts, "applied");
  w.commit();
  return saved;
}

reconciliation_item configuration_management::reject_reconciliation(const actor& who, reconciliation_id id,
                                                                     const write_options& opts) {
  detail::write_scope w(*ctx_, who, "reject");
  const auto before = w.get<reconciliation_item>(id.key());
  w.authorize("reconciliation_item", id.key());
  w.rules(pending_rule(before), "reconciliation_item", id.key());
  auto item = before;
  item.state = reconciliation_state::rejected;
  item.reference = opts.reason;
  auto saved = w.save(item, &before, opts, "rejected");
  w.commit();
  return saved;
}

}  // namespace itsm
