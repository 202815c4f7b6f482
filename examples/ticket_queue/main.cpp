// ticket_queue: the screens of a service desk on itsm (issue 12).
//
//   ticket_queue [--db URI]   (default: sqlite:ticket_queue.db, removed at start)
//
// The path: a ticket policy with custom fields and a routing rule → assignment groups → 120
// incidents routed to their queues → the network queue paged by cursor (50 per page) and counted
// → a search for two words → comments (a work note and a customer reply), a duplicate link and
// an attachment → one ticket exported to JSON → a legacy ticket from the old tool migrated with
// its original timestamps → bad input refused with nothing written. Each check prints ok/FAIL;
// the program exits 1 when any check failed.
#include <filesystem>
#include <iostream>
#include <string>

#include "itsm/process/export.hpp"
#include "itsm/process/sms.hpp"
#include "itsm/storage/registry.hpp"
#include "itsm/storage/sqlite.hpp"

using namespace itsm;
using model::comment_visibility;

namespace {

int failures = 0;
void check(bool ok, const std::string& what) {
  std::cout << (ok ? "  ok    " : "  FAIL  ") << what << '\n';
  failures += ok ? 0 : 1;
}

const actor root{"root", {std::string(roles::admin)}};
const actor ines{"ines", {std::string(roles::incident_manager)}};
const actor dave{"dave", {std::string(roles::service_desk)}};

// What the desk agreed: every incident says how it came in; network incidents go to network-ops.
ticket_policy desk_policy() {
  ticket_policy p;
  p.custom_fields["incident"] = {
      {.name = "channel", .type = value_type::text, .required = true, .allowed = {"phone", "mail", "portal"}},
      {.name = "affected_users", .type = value_type::integer, .min = 1}};
  p.routing = {{.ticket_kind = "incident", .category = "network", .group = "network-ops"},
               {.group = "service-desk"}};
  return p;
}

// A legacy ticket as the migration tool writes it from the old system (schema itsm.export/1).
const char* const legacy = R"({
  "schema": "itsm.export/1", "kind": "incident",
  "ticket": {"id": "INC-9041", "fields": {
    "title": "VPN drops every hour", "category": "network", "state": "closed", "impact": 2, "urgency": 2,
    "opened_at": "2026-02-20T09:00:00Z", "resolved_at": "2026-02-21T10:00:00Z",
    "closed_at": "2026-02-23T10:00:00Z", "resolution": "MTU set to 1400",
    "custom": {"channel": {"t": "text", "v": "phone"}}}},
  "comments": [{"id": "CMT-17", "fields": {"author": "old-desk", "at": "2026-02-20T09:30:00Z",
                "visibility": "customer", "text": "we are looking into it"}}]
})";

}  // namespace

int main(int argc, char** argv) {
  std::string uri = "sqlite:ticket_queue.db";
  for (int i = 1; i < argc; ++i) {
    if (std::string(argv[i]) == "--db" && i + 1 < argc) {
      uri = argv[++i];
    } else {
      std::cerr << "usage: ticket_queue [--db URI]\n";
      return 2;
    }
  }
  try {
    storage::register_sqlite();
    if (uri.rfind("sqlite:", 0) == 0 && uri != "sqlite::memory:")
      for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(uri.substr(7, uri.find('?') - 7) + suffix);
    auto clk = std::make_shared<manual_clock>(parse_iso("2026-03-02T08:00:00Z"));
    sms_options opt;
    opt.time_source = clk;
    opt.tickets = desk_policy();  // seeds the new store's ticket policy
    sms system = sms::open(uri, opt);
    auto& tickets = system.tickets();

    std::cout << "1. groups and routed incidents\n";
    tickets.save_group(ines, {.name = "network-ops", .description = "LAN, WAN, VPN", .members = {"nina", "omar"}});
    tickets.save_group(ines, {.name = "service-desk", .description = "first line", .members = {"dave"}});
    std::vector<model::incident> drafts;
    for (int i = 0; i < 120; ++i) {
      model::incident d;
      d.title = i % 10 == 0 ? "wifi outage on floor " + std::to_string(i / 10) : "ticket " + std::to_string(i);
      d.category = i % 2 == 0 ? "network" : "desktop";
      d.impact = 1 + i % 3;
      d.urgency = 1 + (i / 3) % 3;
      d.custom = {{"channel", value(i % 3 == 0 ? "phone" : "portal")}};
      drafts.push_back(std::move(d));
      clk->advance(minutes(1));
    }
    const auto recorded = system.incidents().record_batch(dave, drafts);
    check(recorded[0].assignment_group == "network-ops" && recorded[1].assignment_group == "service-desk",
          "incidents without a group are routed by the stored policy");

    std::cout << "2. the network queue, 50 per page\n";
    const auto queue = query<model::incident>()
                           .where(sets::open<model::incident>() && field("assignment_group").eq("network-ops"))
                           .order_by("opened_at")
                           .limit(50);
    std::size_t seen = 0, pages = 0;
    for (auto p = system.queries().find(dave, queue);; p = system.queries().find(dave, queue.after(p.next_cursor))) {
      seen += p.items.size();
      ++pages;
      if (p.next_cursor.empty()) break;
    }
    check(seen == 60 && pages == 2, "60 network incidents in 2 pages");
    check(system.queries().count(dave, queue) == 60, "count agrees with the pages");

    std::cout << "3. search\n";
    const auto hits = system.queries().search<model::incident>(dave, "wifi outage");
    check(hits.items.size() == 12, "\"wifi outage\" finds the 12 wifi incidents");

    std::cout << "4. comments, links, attachments, custom fields\n";
    const auto first = recorded[0].id;
    tickets.comment(dave, first, "AP-7 rebooted, watching", comment_visibility::internal);
    tickets.comment(dave, first, "we restarted the access point", comment_visibility::customer);
    tickets.link(dave, recorded[10].id, ticket_link_role::duplicate_of, first);
    tickets.attach(dave, first, {.name = "ap7.log", .media_type = "text/plain", .size = 2048,
                                 .sha256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                                 .uri = "s3://desk-blobs/ap7.log"});
    tickets.set_custom(dave, first, {{"channel", value("phone")}, {"affected_users", value(35)}});
    check(tickets.comments(dave, first).size() == 2, "two comments on the ticket");

    std::cout << "5. export a ticket\n";
    const auto json = export_ticket(system, dave, first);
    std::cout << "  " << json.substr(0, 160) << "…\n";
    check(json.find("\"comments\"") != std::string::npos && json.find("ap7.log") != std::string::npos,
          "the export carries log, comments, links, attachments and SLA figures");

    std::cout << "6. migrate a legacy ticket\n";
    const auto migrated = tickets.import_ticket(dave, legacy);
    const auto old = system.incidents().find(dave, incident_id::parse(migrated.key)).value();
    check(to_iso(old.opened_at) == "2026-02-20T09:00:00Z" && old.assignment_group == "network-ops",
          "imported as " + migrated.key + " with its original opened_at, routed to network-ops");

    std::cout << "7. bad input\n";
    const auto before = system.queries().count(dave, query<model::incident>());
    const auto refused = [&](const auto& f, const std::string& what) {
      try {
        f();
        check(false, what);
      } catch (const error& e) {
        check(true, what + ": " + e.what());
      }
    };
    model::incident wrong;
    wrong.title = "typed wrong";
    wrong.custom = {{"channel", value(3)}};
    refused([&] { system.incidents().record(dave, wrong); }, "a custom field of the wrong type");
    refused([&] { system.queries().find(dave, queue.after("not-a-cursor")); }, "a malformed cursor");
    refused([&] { tickets.import_ticket(dave, R"({"schema": "itsm.export/1", "kind": "incident", "tiket": {}})"); },
            "an unknown field");
    check(system.queries().count(dave, query<model::incident>()) == before, "nothing was written");
    check(system.verify().ok(), "the audit trail and every record verify");
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << '\n';
    return 1;
  }
  std::cout << (failures == 0 ? "all checks passed\n" : "some checks FAILED\n");
  return failures == 0 ? 0 : 1;
}
