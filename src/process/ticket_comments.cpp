// Comments and work notes (R-8.1-procedure, R-8.1-requests): appended, never edited; a
// correction is a new comment naming the one it corrects. A customer's user writes and reads
// customer-visible comments only, whatever the authorizer says.
#include <algorithm>

#include "itsm/process/tickets.hpp"
#include "reads.hpp"
#include "ticket_access.hpp"
#include "ticket_fields.hpp"

namespace itsm {

using model::comment_visibility;
using model::ticket_comment;

namespace {
bool customer_user(const actor& who) { return !who.customer.empty(); }

ticket_comment add_comment(detail::write_scope& w, const ticket_ref& t, const std::string& text,
                           comment_visibility visibility, comment_id corrects, const write_options& opts) {
  ticket_comment c;
  c.ticket = t.key;
  c.author = w.who().name;
  c.at = w.now();
  c.visibility = visibility;
  c.text = text;
  c.corrects = corrects;
  auto v = c.check();
  if (customer_user(w.who()) && visibility == comment_visibility::internal)
    v.push_back({detail::ticket_rule(t.kind), "a customer's user writes customer-visible comments only"});
  const auto facts = detail::authorize_on_ticket(w, t, std::move(v), std::string(model::enum_to_string(visibility)));
  c.customer = facts.customer.empty() ? customer_id{} : customer_id::parse(facts.customer);
  auto saved = w.save(std::move(c), nullptr, opts, "added");
  w.commit();
  return saved;
}
}  // namespace

ticket_comment ticket_management::comment(const actor& who, const ticket_ref& ticket, const std::string& text,
                                          comment_visibility visibility, const write_options& opts) {
  detail::write_scope w(*ctx_, who, "comment");
  return add_comment(w, ticket, text, visibility, {}, opts);
}

ticket_comment ticket_management::correct(const actor& who, comment_id original, const std::string& text,
                                          const write_options& opts) {
  detail::write_scope w(*ctx_, who, "comment");
  // A missing original is not_found once the authorizer allowed acting on comments at all; the
  // correction keeps its visibility, so a customer's user cannot correct a work note.
  const auto before = w.get<ticket_comment>(original.key());
  if (customer_user(who) && before.visibility == comment_visibility::internal) {
    // A customer's user is not told that a work note exists: it reads as a key never used.
    w.authorize(ticket_comment::def().name(), original.key());
    throw_error(errc::not_found, ticket_comment::def().name() + " " + original.key() + " does not exist");
  }
  const bool request = before.ticket.rfind("REQ-", 0) == 0;
  const auto t = request ? ticket_ref(service_request_id::parse(before.ticket))
                         : ticket_ref(incident_id::parse(before.ticket));
  return add_comment(w, t, text, before.visibility, original, opts);
}

std::vector<ticket_comment> ticket_management::comments(const actor& who, const ticket_ref& ticket) const {
  detail::reader r(*ctx_, who, ticket_comment::def().name());
  storage::query q;
  q.where_eq("ticket", ticket.key);
  auto all = r.all<ticket_comment>(q);
  std::erase_if(all, [&](const ticket_comment& c) {
    return customer_user(who) && c.visibility == comment_visibility::internal;
  });
  std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) {
    return a.at != b.at ? a.at < b.at : a.id.number() < b.id.number();
  });
  return all;
}

}  // namespace itsm
