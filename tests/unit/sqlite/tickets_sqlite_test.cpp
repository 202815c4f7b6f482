// Extensible tickets on a real SQLite file (issue 12): custom fields, comments, links,
// attachments, groups and an imported legacy ticket survive a reopen, and a refused write
// leaves the file's records as they were.
#include <catch2/catch.hpp>

#include <memory>

#include "itsm/core/clock.hpp"
#include "itsm/process/export.hpp"
#include "itsm/process/sms.hpp"
#include "itsm/storage/sqlite.hpp"
#include "support.hpp"

using namespace itsm;

namespace {
sms open_at(const std::string& path, std::shared_ptr<manual_clock> clk) {
  ticket_policy p;
  p.custom_fields["incident"] = {{.name = "channel", .type = value_type::text, .required = true,
                                  .allowed = {"phone", "portal"}}};
  p.routing = {{.group = "service-desk"}};
  return sms(storage::make_sqlite_backend(path), sms_options{clk, nullptr, nullptr, {}, p});
}
}  // namespace

TEST_CASE("R-8.1-procedure: ticket extensions persist in SQLite", "[sqlite][tickets]") {
  const auto path = sqlite_test::fresh_path("tickets");
  auto clk = std::make_shared<manual_clock>(parse_iso("2026-03-02T08:00:00Z"));
  const actor desk{"dave", {std::string(roles::service_desk)}};
  const actor manager{"ines", {std::string(roles::incident_manager)}};
  incident_id first, second;
  std::string exported;
  {
    auto system = open_at(path, clk);
    model::incident d;
    d.title = "mail slow";
    d.custom = {{"channel", value("phone")}};
    first = system.incidents().record(desk, d).id;
    second = system.incidents().record(desk, d).id;
    auto& t = system.tickets();
    t.comment(desk, first, "work note", model::comment_visibility::internal);
    t.link(desk, second, ticket_link_role::duplicate_of, first);
    t.attach(desk, first, {.name = "log.txt", .media_type = "text/plain", .size = 3,
                           .sha256 = std::string(64, 'f'), .uri = "file:///blobs/1"});
    t.save_group(manager, {.name = "service-desk", .members = {"dave"}});
    exported = export_ticket(system, desk, first);

    // Refused: wrong custom type; the file's records stay as they were.
    const auto rows = [&] {
      auto tx = system.unaudited_store().begin(storage::tx_mode::read_only);
      storage::query q;
      q.kind = "incident";
      return tx->scan(q);
    };
    const auto before = rows();
    auto bad = d;
    bad.custom = {{"channel", value(7)}};
    CHECK_THROWS_AS(system.incidents().record(desk, bad), itsm::error);
    CHECK(rows() == before);
  }
  clk->advance(hours(2));
  auto system = open_at(path, clk);  // a second process on the same file
  const auto inc = system.incidents().find(desk, first).value();
  CHECK(inc.custom.at("channel") == value("phone"));
  CHECK(inc.assignment_group == "service-desk");
  CHECK(system.tickets().comments(desk, first).size() == 1);
  CHECK(system.tickets().attachments(desk, first).size() == 1);
  CHECK(system.configuration().links(desk, "incident", first.key()).size() == 1);
  CHECK(system.tickets().group(desk, "service-desk")->members == std::vector<std::string>{"dave"});
  const auto copy = system.tickets().import_ticket(desk, exported);
  const auto imported = system.incidents().find(desk, incident_id::parse(copy.key)).value();
  CHECK(imported.opened_at == inc.opened_at);
  CHECK(system.tickets().comments(desk, imported.id).size() == 1);
  CHECK(system.verify().ok());
}

TEST_CASE("R-8.1-procedure: incidents stored before custom fields existed read and update after upgrade",
          "[sqlite][tickets]") {
  const auto path = sqlite_test::fresh_path("tickets_upgrade");
  {
    // incident as version 4 stored it: every field before the custom map, appended in version 5
    // (and the fields appended after it).
    const auto& k = model::incident::def();
    storage::schema v4;
    v4.kind = k.name();
    v4.version = 4;
    for (const auto& f : k.fields()) {
      if (f.name == "custom") break;
      v4.fields.push_back({f.name, f.type, f.nullable});
    }
    REQUIRE(v4.fields.size() < k.fields().size());
    for (const auto& ix : k.indexes()) v4.indexes.push_back({ix.name, ix.fields});
    v4.text_fields = k.text_fields();
    auto store = storage::make_sqlite_backend(path);
    store->register_schema(v4);
    model::incident old;
    old.id = incident_id(50);
    old.title = "stored by itsm before custom fields";
    auto values = k.encode(old);
    values.resize(v4.fields.size());
    auto tx = store->begin(storage::tx_mode::read_write);
    tx->put("incident", storage::record{"INC-50", 0, values});
    tx->commit();
  }
  auto clk = std::make_shared<manual_clock>(parse_iso("2026-03-02T08:00:00Z"));
  auto system = open_at(path, clk);
  const actor desk{"dave", {std::string(roles::service_desk)}};
  const auto old = system.incidents().find(desk, incident_id(50)).value();
  CHECK(old.custom.empty());  // the upgraded row holds null: no values
  CHECK(system.tickets().set_custom(desk, old.id, {{"channel", value("portal")}}).custom.size() == 1);
}
