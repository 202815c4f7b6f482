// Links between tickets (R-8.1-procedure): child_of, duplicate_of, caused_by, stored as
// model::link records. Both tickets belong to the same customer (R-7.1-parties), so a link
// never shows one customer's ticket to another.
#include "itsm/process/tickets.hpp"
#include "detail/records.hpp"
#include "ticket_access.hpp"
#include "ticket_fields.hpp"

namespace itsm {

namespace {
bool linked(storage::transaction& tx, const ticket_ref& from, const std::string& role, const ticket_ref& to) {
  storage::query q;
  q.where_eq("from_kind", from.kind).where_eq("from_id", from.key);
  for (const auto& l : detail::load_all<model::link>(tx, q))
    if (l.role == role && l.to_kind == to.kind && l.to_id == to.key) return true;
  return false;
}
}  // namespace

model::link ticket_management::link(const actor& who, const ticket_ref& from, ticket_link_role role,
                                    const ticket_ref& to, const write_options& opts) {
  detail::write_scope w(*ctx_, who, "link");
  const std::string name(to_string(role));
  const char* rule = detail::ticket_rule(from.kind);
  std::vector<violation> v;
  const auto target = detail::ticket_of(w.tx(), to);
  const auto source = detail::ticket_of(w.tx(), from);
  if (!target) v.push_back(detail::no_such_ticket(to));
  if (from.kind == to.kind && from.key == to.key) v.push_back({rule, "a ticket is not linked to itself"});
  if (source && target && source->customer != target->customer)
    v.push_back({"R-7.1-parties", from.key + " and " + to.key + " belong to different customers"});
  if (source && target && linked(w.tx(), from, name, to))
    v.push_back({rule, from.key + " is already " + name + " " + to.key});
  if (role == ticket_link_role::child_of && source && target && linked(w.tx(), to, name, from))
    v.push_back({rule, to.key + " is already a child of " + from.key + ": no cycle of parents"});
  // Linking changes neither ticket: a closed ticket may still be marked a duplicate or a cause.
  w.authorize(from.kind, from.key, name, source ? source->customer : std::string());
  if (!source) v.insert(v.begin(), detail::no_such_ticket(from));
  w.rules(v, from.kind, from.key);
  model::link l;
  l.from_kind = from.kind;
  l.from_id = from.key;
  l.to_kind = to.kind;
  l.to_id = to.key;
  l.role = name;
  auto saved = w.save(std::move(l), nullptr, opts, "created");
  w.commit();
  return saved;
}

}  // namespace itsm
