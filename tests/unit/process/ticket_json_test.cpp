// Ticket export with comments and attachments, and import of the same JSON through the write
// path (R-9.1-trace, R-8.1-procedure): legacy tickets keep their original timestamps, the audit
// trail marks them imported, and a bad document is a clear error that writes nothing.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "itsm/process/export.hpp"
#include "ticket_fixture.hpp"

using namespace itsm;
using itsm::test::catch_error;
using json = nlohmann::json;

namespace {

// A legacy ticket as a migration tool writes it: opened three days ago, resolved and closed.
std::string legacy_ticket(const std::string& service) {
  return json{{"schema", "itsm.export/1"},
              {"kind", "incident"},
              {"ticket",
               {{"id", "INC-9041"},
                {"fields",
                 {{"title", "VPN drops every hour"},
                  {"state", "closed"},
                  {"impact", 2},
                  {"urgency", 2},
                  {"service", service},
                  {"opened_at", "2026-02-27T09:00:00Z"},
                  {"resolved_at", "2026-02-28T10:00:00Z"},
                  {"closed_at", "2026-03-01T10:00:00Z"},
                  {"resolution", "MTU fixed"},
                  {"custom", {{"channel", {{"t", "text"}, {"v", "phone"}}}}}}}}},
              {"comments",
               json::array({{{"id", "CMT-77"},
                             {"fields", {{"author", "old-desk"}, {"at", "2026-02-27T09:30:00Z"},
                                         {"visibility", "customer"}, {"text", "looking into it"}}}}})}}
      .dump();
}

}  // namespace

TEST_CASE_METHOD(test::ticket_fixture, "R-9.1-trace: a legacy ticket migrates with its original timestamps",
                 "[process][tickets][import]") {
  const auto ref = system.tickets().import_ticket(desk, legacy_ticket(mail.id.key()));
  CHECK(ref.kind == "incident");
  const auto inc = system.incidents().find(desk, incident_id::parse(ref.key)).value();
  CHECK(inc.opened_at == parse_iso("2026-02-27T09:00:00Z"));
  CHECK(inc.closed_at == parse_iso("2026-03-01T10:00:00Z"));
  CHECK(inc.state == model::incident_state::closed);
  CHECK(inc.priority == 3);  // from the matrix: the document gave none
  CHECK(inc.assignment_group == "service-desk");  // routed

  const auto log = system.incidents().log(desk, inc.id);
  REQUIRE(log.size() == 3);  // no history given: recorded, resolved, closed at their instants
  CHECK(log[0].at == inc.opened_at);
  CHECK(log[2].to == "closed");
  CHECK(log[2].at == inc.closed_at);
  const auto comments = system.tickets().comments(desk, inc.id);
  REQUIRE(comments.size() == 1);
  CHECK(comments[0].author == "old-desk");
  CHECK(comments[0].at == parse_iso("2026-02-27T09:30:00Z"));

  // The audit trail says who imported it, when (now, not then) and from where.
  const auto entry = [&] {
    auto tx = store->begin(storage::tx_mode::read_only);
    storage::audit_query q;
    for (const auto& a : tx->scan_audit(q))
      if (a.kind == "incident" && a.object_id == ref.key) return a;
    FAIL("no audit entry");
    return storage::audit_record{};
  }();
  CHECK(entry.action == "import");
  CHECK(entry.actor == "dave");
  CHECK(entry.reference == "imported:INC-9041");
  CHECK(entry.at == clk->now());
  CHECK(system.verify().ok());
}

TEST_CASE_METHOD(test::ticket_fixture, "R-9.1-trace: an exported ticket imports back with its log and comments",
                 "[process][tickets][import]") {
  auto& t = system.tickets();
  clk->advance(minutes(10));
  system.incidents().assign(desk, acme_inc.id, "service-desk", "dave");
  t.comment(desk, acme_inc.id, "checking the relay", model::comment_visibility::internal);
  const auto c2 = t.comment(desk, acme_inc.id, "relay restarted", model::comment_visibility::customer);
  t.correct(desk, c2.id, "relay and queue restarted");
  t.attach(desk, acme_inc.id, {.name = "trace.txt", .media_type = "text/plain", .size = 10,
                               .sha256 = std::string(64, '0'), .uri = "https://blobs.example/1"});
  const auto doc = export_ticket(system, reader, acme_inc.id);
  const auto parsed = json::parse(doc);
  CHECK(parsed["comments"].size() == 3);
  CHECK(parsed["attachments"].size() == 1);

  clk->advance(hours(1));
  const auto ref = t.import_ticket(desk, doc);
  const auto copy = system.incidents().find(desk, incident_id::parse(ref.key)).value();
  CHECK(copy.id != acme_inc.id);
  CHECK(copy.opened_at == acme_inc.opened_at);
  CHECK(copy.customer == acme.id);
  CHECK(copy.state == model::incident_state::assigned);
  const auto old_log = system.incidents().log(desk, acme_inc.id);
  const auto new_log = system.incidents().log(desk, copy.id);
  REQUIRE(new_log.size() == old_log.size());
  for (std::size_t i = 0; i < old_log.size(); ++i) {
    CHECK(new_log[i].at == old_log[i].at);
    CHECK(new_log[i].to == old_log[i].to);
  }
  const auto comments = t.comments(desk, copy.id);
  REQUIRE(comments.size() == 3);
  CHECK(comments[2].corrects == comments[1].id);  // the correction still names its original
  CHECK(t.comments(alice, copy.id).size() == 2);  // work notes stay internal
  CHECK(t.attachments(desk, copy.id).size() == 1);
  // The SLA figures are recomputed from the imported log: the same as the original's.
  CHECK(system.incidents().sla_figures(desk, copy.id).priority ==
        system.incidents().sla_figures(desk, acme_inc.id).priority);
}

TEST_CASE_METHOD(test::ticket_fixture, "R-9.1-trace: a bad import document is a clear error and writes nothing",
                 "[process][tickets][import]") {
  const auto good = json::parse(legacy_ticket(mail.id.key()));
  const auto before = take(false);
  const auto refused = [&](const json& doc, errc code, const std::string& says) {
    INFO(doc.dump());
    auto e = catch_error([&] { system.tickets().import_ticket(desk, doc.dump()); });
    CHECK(e.code() == code);
    CHECK_THAT(e.what(), Catch::Contains(says));
  };
  CHECK_THAT(catch_error([&] { system.tickets().import_ticket(desk, "{\"schema\": "); }).what(),
             Catch::Contains("not valid JSON"));
  auto doc = good;
  doc["priority_override"] = 1;
  refused(doc, errc::invalid_argument, "document.priority_override is not a known key");
  doc = good;
  doc["ticket"]["fields"]["colour"] = "red";
  refused(doc, errc::invalid_argument, "ticket.fields.colour is not a field of incident");
  doc = good;
  doc["ticket"]["fields"]["impact"] = "high";
  refused(doc, errc::invalid_argument, "ticket.fields.impact must be an integer");
  doc = good;
  doc["ticket"]["fields"]["custom"] = {{"channel", {{"t", "integer"}, {"v", 3}}}};
  refused(doc, errc::rule_violation, "'channel' must be text");
  doc = good;
  doc["ticket"]["fields"]["opened_at"] = "2026-03-02T09:00:00Z";  // after now, after resolved_at
  refused(doc, errc::rule_violation, "is in the future");
  doc = good;
  doc["ticket"]["fields"]["closed_at"] = "2026-02-28T09:00:00Z";  // before resolved_at
  refused(doc, errc::rule_violation, "closed_at is before the previous instant");
  doc = good;
  doc["ticket"]["fields"]["state"] = "in_progress";  // yet resolved_at and closed_at are set
  refused(doc, errc::rule_violation, "resolved_at is set but the state is in_progress");
  doc = good;
  doc["comments"][0]["fields"]["at"] = "2026-02-01T00:00:00Z";
  refused(doc, errc::rule_violation, "comments[0] 2026-02-01T00:00:00Z is outside opened_at .. now");
  doc = good;
  doc["schema"] = "itsm.export/2";
  refused(doc, errc::invalid_argument, "schema must be \"itsm.export/1\"");
  doc = good;
  doc["ticket"]["fields"]["customer"] = bobco.id.key();
  auto e = catch_error([&] { system.tickets().import_ticket(alice, doc.dump()); });
  CHECK(e.code() == errc::permission_denied);  // a customer's user imports nothing
  CHECK(take(false) == before);
}
