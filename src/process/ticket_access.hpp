// What the ticket extensions need to know about the ticket they extend (not installed).
// Thread-safety: stateless helpers over the caller's transaction.
#pragma once

#include <optional>
#include <string>

#include "itsm/process/tickets.hpp"
#include "detail/write_scope.hpp"
#include "itsm/storage/backend.hpp"

namespace itsm::detail {

struct ticket_facts {
  std::string customer;  // "CUS-3", "" = internal
  bool closed = false;   // closed or cancelled: nothing more is recorded on it
};

// The facts of `t`, or nullopt when no such ticket exists (or its kind is not a ticket kind).
std::optional<ticket_facts> ticket_of(storage::transaction& tx, const ticket_ref& t);

// "<kind> <key> does not exist" as a violation citing the ticket kind's rule.
violation no_such_ticket(const ticket_ref& t);

// Steps 2 and 3 of a write that extends ticket `t`: authorizes w's action on it (with its
// customer), then runs `v` plus the ticket's own rules (it exists and is not closed). Returns
// the ticket's facts. Throws as write_scope::authorize and write_scope::rules do.
ticket_facts authorize_on_ticket(write_scope& w, const ticket_ref& t, std::vector<violation> v,
                                 const std::string& detail = {});

}  // namespace itsm::detail
