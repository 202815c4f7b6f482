// itsm incidents list | record, and itsm show ID: tickets and any record by its key, read through
// the library's authorized queries and exports.
#include <iostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli.hpp"
#include "itsm/process/export.hpp"

namespace itsm::cli {
namespace {

// A service given as "SVC-3" or by its name.
service_id find_service(sms& system, const actor& who, const std::string& text) {
  if (text.starts_with("SVC-")) return service_id::parse(text);
  for (const auto& svc : system.service_level().services(who))
    if (svc.name == text) return svc.id;
  throw error(errc::not_found, fmt::format("no service '{}'", text));
}

struct list_args {
  std::string state, service, format = "table";
  std::size_t page = 1, limit = 20;
};

filter state_filter(const std::string& state) {
  if (state == "open") return sets::open<model::incident>();
  if (state == "active") return sets::active<model::incident>();
  for (auto name : model::enum_names<model::incident_state>::values)
    if (name == state) return field("state").eq(value(state));
  throw error(errc::invalid_argument,
              fmt::format("--state '{}': use open, active, recorded, assigned, in_progress, pending, resolved or closed", state));
}

void list_incidents(session& s, const list_args& a) {
  if (a.page == 0) throw error(errc::invalid_argument, "--page counts from 1");
  const actor who = s.who();
  sms system = s.open();
  query<model::incident> q;
  q.limit(a.limit);
  if (!a.state.empty()) q.where(state_filter(a.state));
  if (!a.service.empty()) q.where(field("service").eq(value(find_service(system, who, a.service).key())));
  auto page = system.queries().find(who, q);
  for (std::size_t n = 1; n < a.page; ++n) {
    if (page.next_cursor.empty()) {  // past the last page: an empty one
      page.items.clear();
      break;
    }
    page = system.queries().find(who, q.after(page.next_cursor));
  }
  if (a.format == "json") {
    std::cout << export_json(page) << '\n';
    return;
  }
  std::vector<std::vector<std::string>> rows{{"ID", "STATE", "P", "SERVICE", "OPENED", "TITLE"}};
  for (const auto& i : page.items)
    rows.push_back({i.id.key(), std::string(model::enum_to_string(i.state)), std::to_string(i.priority),
                    i.service.valid() ? i.service.key() : "-", to_iso(i.opened_at), i.title});
  print_table(rows);
  std::cout << fmt::format("page {}: {} incidents{}\n", a.page, page.items.size(),
                           page.next_cursor.empty() ? "" : fmt::format(" (more: --page {})", a.page + 1));
}

struct record_args {
  std::string title, description, service, ci, category, caller;
  int impact = 3, urgency = 3;
};

void record_incident(session& s, const record_args& a) {
  const actor who = s.who();
  sms system = s.open();
  model::incident draft;
  draft.title = a.title;
  draft.description = a.description;
  draft.impact = a.impact;
  draft.urgency = a.urgency;
  draft.category = a.category;
  draft.caller = a.caller.empty() ? who.name : a.caller;
  if (!a.service.empty()) draft.service = find_service(system, who, a.service);
  if (!a.ci.empty()) draft.ci = ci_id::parse(a.ci);
  const auto inc = system.incidents().record(who, draft);
  std::cout << fmt::format("recorded {} (priority {})\n", inc.id.key(), inc.priority);
}

// A record or ticket document (docs/export.md) as "field  value" rows.
void print_document(const nlohmann::json& doc) {
  const bool ticket = doc.contains("ticket");
  const auto& record = ticket ? doc["ticket"] : doc;
  std::vector<std::vector<std::string>> rows{{"FIELD", "VALUE"}, {"id", record["id"].get<std::string>()},
                                             {"kind", record["kind"].get<std::string>()},
                                             {"revision", record["revision"].dump()}};
  const auto text = [](const nlohmann::json& v) { return v.is_string() ? v.get<std::string>() : v.is_null() ? "" : v.dump(); };
  for (const auto& [name, v] : record["fields"].items()) rows.push_back({name, text(v)});
  if (ticket) {
    for (const auto& [name, v] : doc["sla"].items()) rows.push_back({"sla." + name, text(v)});
    for (const char* part : {"log", "links", "comments", "attachments"})
      rows.push_back({part, fmt::format("{} entries", doc[part].size())});
  }
  print_table(rows);
}

std::string export_any(sms& system, const actor& who, const std::string& key) {
  const auto absent = [&]() -> std::string { throw error(errc::not_found, fmt::format("no record '{}'", key)); };
  const auto one = [&](const auto& found) { return found ? export_json(*found) : absent(); };
  const std::string prefix = key.substr(0, key.find('-'));
  if (prefix == "INC") return export_ticket(system, who, incident_id::parse(key));
  if (prefix == "REQ") return export_ticket(system, who, service_request_id::parse(key));
  if (prefix == "CI") return one(system.configuration().find(who, ci_id::parse(key)));
  if (prefix == "SVC") return one(system.service_level().find_service(who, service_id::parse(key)));
  if (prefix == "PRB") return one(system.problems().find(who, problem_id::parse(key)));
  if (prefix == "KE") return one(system.problems().find_known_error(who, known_error_id::parse(key)));
  if (prefix == "RFC") return one(system.changes().find(who, rfc_id::parse(key)));
  if (prefix == "RLS") return one(system.releases().find(who, release_id::parse(key)));
  throw error(errc::invalid_argument,
              fmt::format("cannot show '{}': give an INC-, REQ-, CI-, SVC-, PRB-, KE-, RFC- or RLS- key", key));
}

void show(session& s, const std::string& key, const std::string& format) {
  const actor who = s.who();
  sms system = s.open();
  const std::string doc = export_any(system, who, key);
  if (format == "json") std::cout << doc << '\n';
  else print_document(nlohmann::json::parse(doc));
}

}  // namespace

void add_ticket_commands(CLI::App& app, session& s) {
  auto* inc = app.add_subcommand("incidents", "List and record incidents");
  inc->require_subcommand(1);

  auto* list = inc->add_subcommand("list", "One page of incidents the actor may see, oldest id first");
  auto l = std::make_shared<list_args>();
  list->add_option("--state", l->state, "open, active, or a state (recorded, assigned, in_progress, pending, resolved, closed)");
  list->add_option("--service", l->service, "Only this service (SVC-n or its name)");
  list->add_option("--page", l->page, "Which page, from 1")->check(CLI::PositiveNumber);
  list->add_option("--limit", l->limit, "Incidents per page (1 … 1000)")->check(CLI::Range(1, 1000));
  list->add_option("--format", l->format, "table or json (schema itsm.export/1)")->check(CLI::IsMember({"table", "json"}));
  list->callback([&s, l] { list_incidents(s, *l); });

  auto* rec = inc->add_subcommand("record", "Record an incident (priority from the store's matrix)");
  auto r = std::make_shared<record_args>();
  rec->add_option("--title", r->title, "What is wrong")->required();
  rec->add_option("--description", r->description, "More detail");
  rec->add_option("--service", r->service, "The affected service (SVC-n or its name)");
  rec->add_option("--ci", r->ci, "The affected CI (CI-n)");
  rec->add_option("--impact", r->impact, "1 (highest) … 3")->check(CLI::Range(1, 3));
  rec->add_option("--urgency", r->urgency, "1 (highest) … 3")->check(CLI::Range(1, 3));
  rec->add_option("--category", r->category, "e.g. outage");
  rec->add_option("--caller", r->caller, "Who reported it (default: the actor)");
  rec->callback([&s, r] { record_incident(s, *r); });

  auto* sh = app.add_subcommand("show", "Show one record by key (INC-7, CI-12, SVC-1, …) as JSON or a table");
  auto key = std::make_shared<std::string>();
  auto format = std::make_shared<std::string>("json");
  sh->add_option("key", *key, "The record's key")->required();
  sh->add_option("--format", *format, "json (schema itsm.export/1) or table")->check(CLI::IsMember({"json", "table"}));
  sh->callback([&s, key, format] { show(s, *key, *format); });
}

}  // namespace itsm::cli
