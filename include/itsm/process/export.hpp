// JSON export (docs/export.md): any record, a page of query results, and a ticket with its log,
// links and SLA figures, in the documented, versioned schema "itsm.export/1". The record forms
// are pure functions of what the caller already read (so reads stay authorized and scoped);
// the ticket forms read through the sms with the caller's actor.
// Thread-safety: as the sms they read through.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "itsm/core/actor.hpp"
#include "itsm/core/value.hpp"
#include "itsm/model/ids.hpp"
#include "itsm/model/kind.hpp"
#include "itsm/process/query.hpp"

namespace itsm {

class sms;

inline constexpr std::string_view export_schema = "itsm.export/1";

namespace detail {
// {"schema", "kind", "id", "revision", "fields": {name: value}}; lists and attribute maps as
// JSON arrays and objects, instants as ISO-8601 UTC strings, absent values as null.
ITSM_API std::string export_record(std::string_view kind, const std::vector<model::field_info>& fields,
                                   const std::string& id, std::int64_t revision,
                                   const std::vector<value>& values);
// {"schema", "kind", "items": [records], "next_cursor"}; `items` are export_record documents.
ITSM_API std::string export_list(std::string_view kind, const std::vector<std::string>& items,
                                 const std::string& next_cursor);
}  // namespace detail

// One record of any model kind. Errors: invalid_argument when a value is not storable.
template <class T>
std::string export_json(const T& obj) {
  const auto& k = T::def();
  return detail::export_record(k.name(), k.fields(), k.key(obj), obj.revision, k.encode(obj));
}

// A page of a query (sms::queries()), with its cursor.
template <class T>
std::string export_json(const page<T>& p) {
  std::vector<std::string> items;
  items.reserve(p.items.size());
  for (const auto& x : p.items) items.push_back(export_json(x));
  return detail::export_list(T::def().name(), items, p.next_cursor);
}

// A ticket as a service desk shows it: {"schema", "kind", "ticket": record, "log": [records],
// "links": [records], "comments": [records `who` may see], "attachments": [records],
// "sla": {"sla", "priority", "breached", "response", "resolution"}} with the SLA figures at the
// sms clock's now. ticket_management::import_ticket reads the same document back.
// Errors: not_found when `who` cannot see the ticket.
ITSM_API std::string export_ticket(sms& system, const actor& who, incident_id id);
ITSM_API std::string export_ticket(sms& system, const actor& who, service_request_id id);

}  // namespace itsm
