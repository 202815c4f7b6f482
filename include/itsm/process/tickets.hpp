// What extends a ticket (incident or service request), through the one write path: comments and
// work notes with visibility, links between tickets, attachment references, custom field
// values, assignment groups, and the import of legacy tickets from JSON (docs/tickets.md).
// Rules: R-8.1-procedure, R-8.1-requests, R-7.1-parties, R-9.1-trace.
// Thread-safety: safe to call from several threads (writes serialise in the store).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "itsm/core/actor.hpp"
#include "itsm/model/codec.hpp"
#include "itsm/model/incident.hpp"
#include "itsm/model/link.hpp"
#include "itsm/model/ticket_records.hpp"
#include "itsm/process/write_options.hpp"

namespace itsm {

namespace detail {
struct context;
}

// A ticket of either kind: {"incident", "INC-4"} or {"service_request", "REQ-2"}.
struct ticket_ref {
  std::string kind;
  std::string key;
  ticket_ref(incident_id id) : kind("incident"), key(id.key()) {}              // NOLINT: implicit
  ticket_ref(service_request_id id) : kind("service_request"), key(id.key()) {}  // NOLINT: implicit
};

// How one ticket relates to another (stored as a model::link whose role is the name below).
enum class ticket_link_role { child_of, duplicate_of, caused_by };
std::string_view to_string(ticket_link_role r) noexcept;

class ticket_management {
 public:
  // Adds a comment (never edited later). Authorized as ("comment", ticket kind, ticket). A
  // customer's user may write only customer-visible comments. Rules: the ticket exists, text
  // and author (R-8.1-procedure / R-8.1-requests).
  model::ticket_comment comment(const actor& who, const ticket_ref& ticket, const std::string& text,
                                model::comment_visibility visibility, const write_options& opts = {});
  // A correction: a new comment on the same ticket, with the original's visibility, naming it.
  model::ticket_comment correct(const actor& who, comment_id original, const std::string& text,
                                const write_options& opts = {});
  // The comments `who` may see, oldest first. A customer's user never sees internal ones.
  std::vector<model::ticket_comment> comments(const actor& who, const ticket_ref& ticket) const;

  // Links `from` to `to` (R-8.1-procedure): both exist, differ, belong to the same customer
  // (R-7.1-parties) and are not linked with this role already. Authorized as ("link", from kind).
  model::link link(const actor& who, const ticket_ref& from, ticket_link_role role, const ticket_ref& to,
                   const write_options& opts = {});
  // The links of `ticket` that `who` may see, as stored. Staff (no customer) read them as "link"
  // records: every link touching the ticket, to tickets and to CIs alike. A customer's user who
  // may see the ticket gets the links between it and its customer's other tickets, and nothing
  // when the ticket is hidden from them.
  std::vector<model::link> links(const actor& who, const ticket_ref& ticket) const;

  // Records an attachment reference (name, media type, size, SHA-256 hex, URI; the bytes stay in
  // the product's blob store). REQUIRES: draft.id invalid; ticket, added_by, added_at and
  // customer are set by the library. Authorized as ("attach", ticket kind, ticket).
  model::ticket_attachment attach(const actor& who, const ticket_ref& ticket, model::ticket_attachment draft,
                                  const write_options& opts = {});
  std::vector<model::ticket_attachment> attachments(const actor& who, const ticket_ref& ticket) const;

  // Replaces a ticket's custom field values, validated against the ticket policy's fields for
  // its kind (type, required, allowed values…). Refused on a closed ticket. Authorized as
  // ("custom_fields", kind, ticket).
  model::incident set_custom(const actor& who, incident_id id, model::attribute_map values,
                             const write_options& opts = {});
  model::service_request set_custom(const actor& who, service_request_id id, model::attribute_map values,
                                    const write_options& opts = {});

  // Assignment groups (records keyed by name). save_group creates or replaces one:
  // group.revision is the stored revision it replaces (0 = a new group; else errc::conflict). Authorized as ("save", "assignment_group", name).
  model::assignment_group save_group(const actor& who, model::assignment_group group,
                                     const write_options& opts = {});
  std::optional<model::assignment_group> group(const actor& who, const std::string& name) const;
  std::vector<model::assignment_group> groups(const actor& who) const;

  // Imports a ticket exported by export_ticket (schema itsm.export/1) or written by a migration
  // tool in that form, keeping its original timestamps (opened_at, log, comments), as a new
  // ticket of this store; its audit entries carry action "import" and reference
  // "imported:<original id>". Validated before anything is written: known keys only, instants
  // not in the future and in order, references that exist, custom fields per the policy.
  // Errors: invalid_argument (malformed JSON, unknown key, wrong type); rule_violation; nothing
  // is written on any error. Authorized as ("import", kind).
  ticket_ref import_ticket(const actor& who, std::string_view json, const write_options& opts = {});

 private:
  friend class sms;
  explicit ticket_management(std::shared_ptr<const detail::context> ctx);
  std::shared_ptr<const detail::context> ctx_;
};

}  // namespace itsm
