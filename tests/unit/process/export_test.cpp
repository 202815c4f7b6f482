// JSON export (R-8.1-info, R-9.1-trace): records, pages and tickets in the schema
// "itsm.export/1", parsed back and checked field by field; scope applies to tickets.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "fixture.hpp"
#include "itsm/process/export.hpp"

using namespace itsm;
using json = nlohmann::json;

namespace {

struct export_fx : test::process_fixture {
  actor slm{"sam", {std::string(roles::service_level_manager)}};
  model::service mail;
  export_fx() {
    model::service s;
    s.name = "Mail";
    s.owner = "olga";
    s.status = model::service_status::live;
    mail = system.service_level().add_service(slm, s);
    model::sla sla;
    sla.name = "24x7";
    sla.service = mail.id;
    sla.targets = {{1, 60, 480}, {2, 60, 480}, {3, 60, 480}, {4, 60, 480}, {5, 60, 480}};  // 8 h, any priority
    system.service_level().define_sla(slm, sla);
  }
};

}  // namespace

TEST_CASE_METHOD(export_fx, "R-8.1-info: a record exports with every field, typed", "[process][export]") {
  const auto i = system.incidents().record(
      desk, {.title = "queue \"stuck\"\nagain ✉", .description = "d", .impact = 2, .urgency = 2, .service = mail.id});
  const auto j = json::parse(export_json(i));
  CHECK(j["schema"] == "itsm.export/1");
  CHECK(j["kind"] == "incident");
  CHECK(j["id"] == i.id.key());
  CHECK(j["revision"] == i.revision);
  CHECK(j["fields"]["title"] == i.title);  // quotes, newline and non-ASCII survive
  CHECK(j["fields"]["opened_at"] == "2026-03-02T08:00:00Z");
  CHECK(j["fields"]["resolved_at"].is_null());
  CHECK(j["fields"]["service"] == mail.id.key());
  CHECK(j["fields"]["problem"].is_null());
  CHECK(j["fields"]["priority"] == i.priority);

  system.configuration().define_type(cm, {"vm", 0, "", "A VM", {{"vcpus", value_type::integer, true}}, {}});
  const auto ci = system.configuration().create(
      cm, {.type = "vm", .name = "mx1", .services = {mail.id}, .attributes = {{"vcpus", value(4)}}});
  const auto c = json::parse(export_json(ci));
  // a map, not a string; each value keeps its type (integer vs real, time vs text)
  CHECK(c["fields"]["attributes"]["vcpus"] == json({{"t", "integer"}, {"v", 4}}));
  CHECK(c["fields"]["services"] == json::array({mail.id.key()}));  // a list, not a string
}

TEST_CASE_METHOD(export_fx, "R-8.1-info: a page of a query exports with its cursor", "[process][export]") {
  for (int n = 0; n < 3; ++n)
    system.incidents().record(desk, {.title = "t" + std::to_string(n), .description = "d", .service = mail.id});
  const auto first = system.queries().find(reader, query<model::incident>().order_by("opened_at").limit(2));
  const auto j = json::parse(export_json(first));
  CHECK(j["kind"] == "incident");
  REQUIRE(j["items"].size() == 2);
  CHECK(j["items"][0]["id"] == first.items[0].id.key());
  CHECK(j["next_cursor"] == first.next_cursor);
  const auto last = system.queries().find(reader, query<model::incident>().order_by("opened_at").limit(2).after(first.next_cursor));
  CHECK(json::parse(export_json(last))["next_cursor"].is_null());
}

TEST_CASE_METHOD(export_fx, "R-8.1-info R-9.1-trace: a ticket exports with its log and SLA figures", "[process][export]") {
  const auto i = system.incidents().record(desk, {.title = "bounce", .description = "d", .service = mail.id});
  system.incidents().assign(desk, i.id, "messaging", "dana");
  system.incidents().add_note(desk, i.id, "restarted the relay");
  clk->set(parse_iso("2026-03-02T17:00:00Z"));  // past the 8 h resolution target
  const auto j = json::parse(export_ticket(system, reader, i.id));
  CHECK(j["ticket"]["id"] == i.id.key());
  REQUIRE(j["log"].size() >= 3);
  CHECK(j["log"][0]["kind"] == "ticket_event");
  bool note = false;
  for (const auto& e : j["log"]) note = note || e["fields"]["detail"] == "restarted the relay";
  CHECK(note);
  CHECK(j["sla"]["priority"] == i.priority);
  CHECK(j["sla"]["breached"] == true);
  CHECK(j["sla"]["resolution"]["breached_at"] == "2026-03-02T16:00:00Z");
  CHECK(j["sla"]["resolution"]["phase"] == "running");
}

TEST_CASE_METHOD(export_fx, "R-9.1-access: a ticket the caller may not see does not export", "[process][export]") {
  const auto c = system.service_level().add_customer(slm, {.name = "ACME", .description = "retail"});
  const actor alice{"alice", {std::string(roles::customer)}, c.id.key()};
  const auto internal = system.incidents().record(desk, {.title = "core switch", .description = "d"});
  CHECK(test::catch_error([&] { export_ticket(system, alice, internal.id); }).code() == errc::not_found);
  CHECK(test::catch_error([&] { export_ticket(system, reader, incident_id(999)); }).code() == errc::not_found);
}
