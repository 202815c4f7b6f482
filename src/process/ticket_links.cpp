// Links between tickets (R-8.1-procedure): child_of, duplicate_of, caused_by, stored as
// model::link records. Both tickets belong to the same customer (R-7.1-parties), so a link
// never shows one customer's ticket to another.
#include <set>
#include <utility>

#include "itsm/process/tickets.hpp"
#include "detail/records.hpp"
#include "link_queries.hpp"
#include "ticket_access.hpp"
#include "ticket_fields.hpp"
#include "reads.hpp"

namespace itsm {

namespace {
bool is_ticket_kind(const std::string& kind) { return kind == "incident" || kind == "service_request"; }

// Every link from or to (kind, key).
std::vector<model::link> touching(storage::transaction& tx, const std::string& kind, const std::string& key) {
  std::vector<model::link> out;
  for (const auto& q : detail::links_touching(kind, key))
    for (auto& l : detail::load_all<model::link>(tx, q)) out.push_back(std::move(l));
  return out;
}

// The customer of ticket (kind, key); nullopt when there is no such ticket.
std::optional<std::string> customer_of_ticket(storage::transaction& tx, const std::string& kind, const std::string& key) {
  if (kind == "incident") {
    if (auto i = detail::load<model::incident>(tx, key)) return i->customer.key();
  } else if (auto q = detail::load<model::service_request>(tx, key)) {
    return q->customer.key();
  }
  return std::nullopt;
}

bool linked(storage::transaction& tx, const ticket_ref& from, const std::string& role, const ticket_ref& to) {
  storage::query q;
  q.where_eq("from_kind", from.kind).where_eq("from_id", from.key);
  for (const auto& l : detail::load_all<model::link>(tx, q))
    if (l.role == role && l.to_kind == to.kind && l.to_id == to.key) return true;
  return false;
}

// True when `child` reaches `ancestor` by following child_of links upwards.
bool descends_from(storage::transaction& tx, const ticket_ref& child, const ticket_ref& ancestor) {
  std::set<std::pair<std::string, std::string>> seen;
  std::vector<std::pair<std::string, std::string>> todo{{child.kind, child.key}};
  while (!todo.empty()) {
    const auto at = todo.back();
    todo.pop_back();
    if (at.first == ancestor.kind && at.second == ancestor.key) return true;
    if (!seen.insert(at).second) continue;
    storage::query q;
    q.where_eq("from_kind", at.first).where_eq("from_id", at.second);
    for (const auto& l : detail::load_all<model::link>(tx, q))
      if (l.role == to_string(ticket_link_role::child_of)) todo.emplace_back(l.to_kind, l.to_id);
  }
  return false;
}
}  // namespace

model::link ticket_management::link(const actor& who, const ticket_ref& from, ticket_link_role role,
                                    const ticket_ref& to, const write_options& opts) {
  detail::write_scope w(*ctx_, who, "link");
  const std::string name(to_string(role));
  const char* rule = detail::ticket_rule(from.kind);
  std::vector<violation> v;
  auto target = detail::ticket_of(w.tx(), to);
  // A caller scoped to a customer is not told that another customer's ticket exists.
  if (target && !who.customer.empty() && target->customer != who.customer) target.reset();
  const auto source = detail::ticket_of(w.tx(), from);
  if (!target) v.push_back(detail::no_such_ticket(to));
  if (from.kind == to.kind && from.key == to.key) v.push_back({rule, "a ticket is not linked to itself"});
  if (source && target && source->customer != target->customer)
    v.push_back({"R-7.1-parties", from.key + " and " + to.key + " belong to different customers"});
  if (source && target && linked(w.tx(), from, name, to))
    v.push_back({rule, from.key + " is already " + name + " " + to.key});
  if (role == ticket_link_role::child_of && source && target && descends_from(w.tx(), to, from))
    v.push_back({rule, to.key + " is already a descendant of " + from.key + ": no cycle of parents"});
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

std::vector<model::link> ticket_management::links(const actor& who, const ticket_ref& ticket) const {
  if (who.customer.empty()) {
    detail::reader r(*ctx_, who, model::link::def().name());
    auto all = touching(r.tx(), ticket.kind, ticket.key);
    std::erase_if(all, [&](const model::link& l) { return !r.sees(l); });
    return all;
  }
  detail::reader r(*ctx_, who, ticket.kind);
  const bool visible = ticket.kind == "incident"          ? r.one<model::incident>(ticket.key).has_value()
                       : ticket.kind == "service_request" ? r.one<model::service_request>(ticket.key).has_value()
                                                          : false;
  if (!visible) return {};
  auto all = touching(r.tx(), ticket.kind, ticket.key);
  std::erase_if(all, [&](const model::link& l) {
    const bool outgoing = l.from_kind == ticket.kind && l.from_id == ticket.key;
    const auto& kind = outgoing ? l.to_kind : l.from_kind;
    const auto& key = outgoing ? l.to_id : l.from_id;
    if (!is_ticket_kind(kind)) return true;  // a link to a CI or another record: staff's
    return customer_of_ticket(r.tx(), kind, key) != who.customer;
  });
  return all;
}

}  // namespace itsm
