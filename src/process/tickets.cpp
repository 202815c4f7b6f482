// ticket_management: construction and what every extension asks about its ticket.
#include "itsm/process/tickets.hpp"

#include "itsm/model/incident.hpp"
#include "detail/records.hpp"
#include "ticket_access.hpp"
#include "ticket_fields.hpp"

namespace itsm {

ticket_management::ticket_management(std::shared_ptr<const detail::context> ctx) : ctx_(std::move(ctx)) {}

std::string_view to_string(ticket_link_role r) noexcept {
  switch (r) {
    case ticket_link_role::child_of: return "child_of";
    case ticket_link_role::duplicate_of: return "duplicate_of";
    case ticket_link_role::caused_by: return "caused_by";
  }
  return "child_of";
}

namespace detail {

std::optional<ticket_facts> ticket_of(storage::transaction& tx, const ticket_ref& t) {
  if (t.kind == "incident") {
    if (auto i = load<model::incident>(tx, t.key))
      return ticket_facts{i->customer.key(), i->state == model::incident_state::closed};
  } else if (t.kind == "service_request") {
    if (auto r = load<model::service_request>(tx, t.key))
      return ticket_facts{r->customer.key(), r->state == model::request_state::closed ||
                                                 r->state == model::request_state::cancelled};
  }
  return std::nullopt;
}

violation no_such_ticket(const ticket_ref& t) {
  return {ticket_rule(t.kind), t.kind + " " + t.key + " does not exist"};
}

ticket_facts authorize_on_ticket(write_scope& w, const ticket_ref& t, std::vector<violation> v,
                                 const std::string& detail) {
  const auto facts = ticket_of(w.tx(), t);
  w.authorize(t.kind, t.key, detail, facts ? facts->customer : std::string());
  if (!facts) v.insert(v.begin(), no_such_ticket(t));
  else if (facts->closed) v.insert(v.begin(), {ticket_rule(t.kind), t.kind + " " + t.key + " is closed"});
  w.rules(v, t.kind, t.key);
  return facts.value_or(ticket_facts{});
}

}  // namespace detail
}  // namespace itsm
