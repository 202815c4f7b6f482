#include "itsm/process/export.hpp"

#include <nlohmann/json.hpp>

#include "itsm/process/sms.hpp"

namespace itsm {

namespace {

using json = nlohmann::json;

// Texts are valid UTF-8 (every stored value passed the model's encode), so dump() cannot throw;
// `replace` keeps it so if an adapter ever hands back something else.
std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

json value_json(const value& v, bool document) {
  switch (v.type()) {
    case value_type::null: return nullptr;
    case value_type::boolean: return v.as_bool();
    case value_type::integer: return v.as_int();
    case value_type::real: return v.as_real();
    case value_type::time: return to_iso(v.as_time());
    case value_type::text: {
      if (!document) return v.as_text();
      auto parsed = json::parse(v.as_text(), nullptr, false);
      return parsed.is_discarded() ? json(v.as_text()) : parsed;
    }
  }
  return nullptr;
}

json record_json(std::string_view kind, const std::vector<model::field_info>& fields, const std::string& id,
                 std::int64_t revision, const std::vector<value>& values) {
  json f = json::object();
  for (std::size_t i = 0; i < fields.size() && i < values.size(); ++i)
    f[fields[i].name] = value_json(values[i], fields[i].document);
  return json{{"schema", export_schema}, {"kind", kind}, {"id", id}, {"revision", revision}, {"fields", f}};
}

template <class T>
json object_json(const T& obj) {
  const auto& k = T::def();
  return record_json(k.name(), k.fields(), k.key(obj), obj.revision, k.encode(obj));
}

json clock_json(const std::optional<calendar::sla_status>& st) {
  if (!st) return nullptr;
  auto instant = [](const std::optional<timestamp>& t) { return t ? json(to_iso(*t)) : json(nullptr); };
  json thresholds = json::array();
  for (const auto& th : st->thresholds)
    thresholds.push_back({{"percent", th.percent}, {"at", instant(th.at)}, {"reached", th.reached}});
  static const char* const phases[] = {"not_started", "running", "paused", "stopped"};
  return {{"phase", phases[static_cast<int>(st->phase)]},
          {"started_at", instant(st->started_at)},
          {"elapsed_seconds", st->elapsed.total_seconds()},
          {"paused_seconds", st->paused.total_seconds()},
          {"remaining_seconds", st->remaining.total_seconds()},
          {"deadline", instant(st->deadline)},
          {"breached_at", instant(st->breached_at)},
          {"thresholds", thresholds}};
}

template <class Ticket, class Process, class Id>
std::string ticket_json(sms& system, Process& process, const actor& who, Id id) {
  const auto ticket = process.find(who, id);
  if (!ticket) throw_error(errc::not_found, id.key() + " does not exist");
  json log = json::array();
  for (const auto& e : process.log(who, id)) log.push_back(object_json(e));
  json links = json::array();
  for (const auto& l : system.tickets().links(who, id))
    links.push_back(object_json(l));
  json comments = json::array();
  for (const auto& c : system.tickets().comments(who, id)) comments.push_back(object_json(c));
  json attachments = json::array();
  for (const auto& a : system.tickets().attachments(who, id)) attachments.push_back(object_json(a));
  const auto sla = process.sla_figures(who, id);
  return dump({{"schema", export_schema},
               {"kind", Ticket::def().name()},
               {"ticket", object_json(*ticket)},
               {"log", log},
               {"links", links},
               {"comments", comments},
               {"attachments", attachments},
               {"sla",
                {{"sla", sla.sla.valid() ? json(sla.sla.key()) : json(nullptr)},
                 {"sla_revision", sla.sla.valid() ? json(sla.sla_revision) : json(nullptr)},
                 {"priority", sla.priority},
                 {"breached", sla.breached()},
                 {"response", clock_json(sla.response)},
                 {"resolution", clock_json(sla.resolution)}}}});
}

}  // namespace

namespace detail {

std::string export_record(std::string_view kind, const std::vector<model::field_info>& fields, const std::string& id,
                          std::int64_t revision, const std::vector<value>& values) {
  return dump(record_json(kind, fields, id, revision, values));
}

std::string export_list(std::string_view kind, const std::vector<std::string>& items, const std::string& next_cursor) {
  json list = json::array();
  for (const auto& i : items) list.push_back(json::parse(i, nullptr, false));  // our own documents
  return dump({{"schema", export_schema}, {"kind", kind}, {"items", list},
               {"next_cursor", next_cursor.empty() ? json(nullptr) : json(next_cursor)}});
}

}  // namespace detail

std::string export_ticket(sms& system, const actor& who, incident_id id) {
  return ticket_json<model::incident>(system, system.incidents(), who, id);
}

std::string export_ticket(sms& system, const actor& who, service_request_id id) {
  return ticket_json<model::service_request>(system, system.requests(), who, id);
}

}  // namespace itsm
