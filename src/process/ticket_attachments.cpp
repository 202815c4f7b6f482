// Attachment references (R-8.1-procedure, R-8.1-requests): name, media type, size, SHA-256 and
// URI of a file the product keeps in its own blob store.
#include <algorithm>

#include "itsm/process/tickets.hpp"
#include "reads.hpp"
#include "ticket_access.hpp"

namespace itsm {

using model::ticket_attachment;

ticket_attachment ticket_management::attach(const actor& who, const ticket_ref& ticket, ticket_attachment draft,
                                            const write_options& opts) {
  if (draft.id.valid() || draft.revision != 0)
    throw_error(errc::invalid_argument, "attach takes a draft without id or revision");
  detail::refuse_owned_fields("attach", {{"ticket", !draft.ticket.empty()},
                                         {"added_by", !draft.added_by.empty()},
                                         {"added_at", !draft.added_at.is_special()},
                                         {"customer", draft.customer.valid()}});
  detail::write_scope w(*ctx_, who, "attach");
  draft.ticket = ticket.key;
  draft.added_by = who.name;
  draft.added_at = w.now();
  const auto facts = detail::authorize_on_ticket(w, ticket, draft.check(), draft.media_type);
  draft.customer = facts.customer.empty() ? customer_id{} : customer_id::parse(facts.customer);
  auto saved = w.save(std::move(draft), nullptr, opts, "added");
  w.commit();
  return saved;
}

std::vector<ticket_attachment> ticket_management::attachments(const actor& who, const ticket_ref& ticket) const {
  detail::reader r(*ctx_, who, ticket_attachment::def().name());
  storage::query q;
  q.where_eq("ticket", ticket.key);
  auto all = r.all<ticket_attachment>(q);
  std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.id.number() < b.id.number(); });
  return all;
}

}  // namespace itsm
