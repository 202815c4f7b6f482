// Assignment groups as records (R-8.1-procedure): the teams tickets are routed and assigned to.
// Routing rules that pick a group live in the ticket policy (ticket_fields.cpp).
#include "itsm/process/tickets.hpp"
#include "detail/write_scope.hpp"
#include "reads.hpp"

namespace itsm {

using model::assignment_group;

assignment_group ticket_management::save_group(const actor& who, assignment_group group, const write_options& opts) {
  detail::write_scope w(*ctx_, who, "save");
  const auto& kind = assignment_group::def().name();
  const auto stored = detail::load<assignment_group>(w.tx(), group.name);
  w.authorize(kind, group.name);
  w.rules(group.check(), kind, group.name);
  const std::int64_t expected = stored ? stored->revision : 0;
  if (group.revision != expected)
    throw_error(errc::conflict, "assignment group '" + group.name + "' is at revision " + std::to_string(expected) +
                                    ", not " + std::to_string(group.revision));
  auto saved = w.save(std::move(group), stored ? &*stored : nullptr, opts, stored ? "updated" : "created");
  w.commit();
  return saved;
}

std::optional<assignment_group> ticket_management::group(const actor& who, const std::string& name) const {
  return detail::reader(*ctx_, who, assignment_group::def().name()).one<assignment_group>(name);
}

std::vector<assignment_group> ticket_management::groups(const actor& who) const {
  return detail::reader(*ctx_, who, assignment_group::def().name()).all<assignment_group>();
}

}  // namespace itsm
