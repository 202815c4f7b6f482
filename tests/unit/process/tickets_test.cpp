// Extensible tickets (R-8.1-procedure, R-7.1-parties): custom fields declared in the stored
// ticket policy, comments with visibility, links between tickets, attachment references and
// assignment groups with routing. Bad input is a clear error and changes nothing.
#include <catch2/catch.hpp>

#include "itsm/process/export.hpp"
#include "ticket_fixture.hpp"

using namespace itsm;
using itsm::test::catch_error;
using model::comment_visibility;

TEST_CASE_METHOD(test::ticket_fixture, "R-8.1-procedure: custom fields are validated against the ticket policy",
                 "[process][tickets]") {
  CHECK(acme_inc.custom.at("channel") == value("portal"));
  const auto before = take(false);

  model::incident wrong_type;
  wrong_type.title = "x";
  wrong_type.custom = {{"channel", value("mail")}, {"affected_users", value("many")}};
  auto e = catch_error([&] { system.incidents().record(desk, wrong_type); });
  CHECK(e.code() == errc::rule_violation);
  CHECK(e.violates("R-8.1-procedure"));
  CHECK_THAT(e.what(), Catch::Contains("affected_users") && Catch::Contains("must be integer"));

  model::incident unknown = wrong_type;
  unknown.custom = {{"channel", value("mail")}, {"colour", value("red")}};
  e = catch_error([&] { system.incidents().record(desk, unknown); });
  CHECK_THAT(e.what(), Catch::Contains("incident custom fields has no attribute 'colour'"));

  model::incident missing = wrong_type;
  missing.custom = {};
  e = catch_error([&] { system.incidents().record(desk, missing); });
  CHECK_THAT(e.what(), Catch::Contains("'channel' is required"));

  e = catch_error([&] { system.tickets().set_custom(desk, acme_inc.id, {{"channel", value("fax")}}); });
  CHECK_THAT(e.what(), Catch::Contains("allowed values") && Catch::Contains("fax"));
  CHECK(take(false) == before);  // nothing written (the refusals are audited)

  auto updated = system.tickets().set_custom(desk, acme_inc.id, {{"channel", value("phone")},
                                                                 {"affected_users", value(40)}});
  CHECK(updated.custom.at("affected_users") == value(40));
  CHECK(system.incidents().find(desk, acme_inc.id)->custom.at("channel") == value("phone"));
}

TEST_CASE_METHOD(test::ticket_fixture, "R-8.1-procedure: custom field declarations are checked when stored",
                 "[process][tickets]") {
  auto p = policy_with_fields();
  p.custom_fields["incident"].push_back({.name = "channel", .type = value_type::text});
  p.custom_fields["problem"] = {};
  p.routing.push_back({});
  auto e = catch_error([&] { system.policies().set_tickets(admin, p); });
  CHECK(e.code() == errc::rule_violation);
  CHECK_THAT(e.what(), Catch::Contains("declared twice") && Catch::Contains("not 'problem'") &&
                           Catch::Contains("names the group"));
  // A routing rule routes to a stored group.
  p = policy_with_fields();
  p.routing[0].group = "nobody-home";
  e = catch_error([&] { system.policies().set_tickets(admin, p); });
  CHECK(e.violates("R-8.1-procedure"));
  CHECK_THAT(e.what(), Catch::Contains("'nobody-home', which is not a stored assignment group"));
  // The JSON form round-trips and refuses unknown keys.
  const auto good = policy_with_fields();
  CHECK(to_json(ticket_policy_from_json(to_json(good))) == to_json(good));
  e = catch_error([] {
    ticket_policy_from_json(R"({"custom_fields": {"incident": [{"name": "x", "type": "text", "colour": 1}]}})");
  });
  CHECK(e.code() == errc::invalid_argument);
  CHECK_THAT(e.what(), Catch::Contains("colour") && Catch::Contains("not a known key"));
}

TEST_CASE_METHOD(test::ticket_fixture, "R-8.1-procedure: a ticket without a group is routed by the policy",
                 "[process][tickets]") {
  CHECK(incident_of(desk, "switch down", "network").assignment_group == "network-ops");
  CHECK(acme_inc.assignment_group == "service-desk");  // the catch-all rule
  model::incident chosen;
  chosen.title = "given group";
  chosen.assignment_group = "dba";
  chosen.custom = {{"channel", value("mail")}};
  CHECK(system.incidents().record(desk, chosen).assignment_group == "dba");  // a given group stays
  model::service_request req;
  req.title = "laptop";
  req.request_type = "hardware";
  CHECK(system.requests().record(desk, req).assignment_group == "service-desk");
}

TEST_CASE_METHOD(test::ticket_fixture, "R-8.1-procedure: assignment groups are records with members",
                 "[process][tickets]") {
  auto g = system.tickets().save_group(manager, {.name = "dba", .description = "databases",
                                                 .members = {"nina", "omar"}, .manager = "nina"});
  CHECK(g.revision == 1);
  g.members.push_back("pia");
  CHECK(system.tickets().save_group(manager, g).revision == 2);
  CHECK(system.tickets().group(desk, "dba")->members.size() == 3);
  CHECK(system.tickets().groups(desk).size() == 3);  // with the fixture's two

  const auto before = take(false);
  auto stale = g;  // revision 1: someone saved since
  CHECK(catch_error([&] { system.tickets().save_group(manager, stale); }).code() == errc::conflict);
  auto e = catch_error([&] {
    system.tickets().save_group(manager, {.name = "x", .members = {"a", "a"}, .manager = "z"});
  });
  CHECK(e.violates("R-8.1-procedure"));
  CHECK_THAT(e.what(), Catch::Contains("listed twice") && Catch::Contains("manager"));
  CHECK(catch_error([&] { system.tickets().save_group(desk, {.name = "y"}); }).code() == errc::permission_denied);
  CHECK(take(false) == before);
}

TEST_CASE_METHOD(test::ticket_fixture, "R-8.1-procedure: comments are appended; a correction is a new comment",
                 "[process][tickets]") {
  auto& t = system.tickets();
  auto note = t.comment(desk, acme_inc.id, "router 3 rebooted", comment_visibility::internal);
  auto reply = t.comment(desk, acme_inc.id, "we are on it", comment_visibility::customer);
  clk->advance(minutes(5));
  auto fixed = t.correct(desk, note.id, "router 4 rebooted, not 3");
  CHECK(fixed.corrects == note.id);
  CHECK(fixed.visibility == comment_visibility::internal);
  CHECK(fixed.author == "dave");
  CHECK(fixed.customer == acme.id);

  const auto staff = t.comments(desk, acme_inc.id);
  REQUIRE(staff.size() == 3);
  CHECK(staff[0].text == "router 3 rebooted");  // the original stays as written
  CHECK(staff[2].id == fixed.id);

  // A customer's user never sees work notes, through any read.
  const auto customer_view = t.comments(alice, acme_inc.id);
  REQUIRE(customer_view.size() == 1);
  CHECK(customer_view[0].id == reply.id);
  const auto exported = export_ticket(system, reader, acme_inc.id);
  CHECK_THAT(exported, Catch::Contains("router 4 rebooted"));
  // Another customer's user sees nothing of it.
  CHECK(t.comments(bob, acme_inc.id).empty());

  const auto before = take(false);
  auto e = catch_error([&] { t.comment(alice, acme_inc.id, "psst", comment_visibility::internal); });
  CHECK(e.violates("R-8.1-procedure"));
  CHECK(catch_error([&] { t.comment(desk, acme_inc.id, "  ", comment_visibility::customer); }).violates("R-8.1-procedure"));
  CHECK(catch_error([&] { t.comment(bob, acme_inc.id, "hi", comment_visibility::customer); }).code() ==
        errc::permission_denied);
  CHECK(catch_error([&] { t.comment(desk, incident_id(999), "hi", comment_visibility::customer); }).code() ==
        errc::rule_violation);
  CHECK(catch_error([&] { t.correct(desk, comment_id(999), "x"); }).code() == errc::not_found);
  CHECK(take(false) == before);
  CHECK(t.comment(alice, acme_inc.id, "thanks", comment_visibility::customer).author == "alice");
}

TEST_CASE_METHOD(test::ticket_fixture, "R-7.1-parties: tickets link within one customer only", "[process][tickets]") {
  auto& t = system.tickets();
  const auto second = incident_of(alice, "acme mail slow again");
  const auto l = t.link(desk, second.id, ticket_link_role::duplicate_of, acme_inc.id);
  CHECK(l.role == "duplicate_of");
  const auto links = system.configuration().links(desk, "incident", acme_inc.id.key());
  REQUIRE(links.size() == 1);
  CHECK(links[0].from_id == second.id.key());

  const auto before = take(false);
  auto e = catch_error([&] { t.link(desk, acme_inc.id, ticket_link_role::caused_by, bob_inc.id); });
  CHECK(e.code() == errc::rule_violation);
  CHECK(e.violates("R-7.1-parties"));
  CHECK_THAT(e.what(), Catch::Contains("different customers"));
  CHECK(catch_error([&] { t.link(desk, second.id, ticket_link_role::duplicate_of, acme_inc.id); })
            .violates("R-8.1-procedure"));  // already linked
  CHECK(catch_error([&] { t.link(desk, acme_inc.id, ticket_link_role::child_of, acme_inc.id); })
            .violates("R-8.1-procedure"));
  t.link(desk, second.id, ticket_link_role::child_of, acme_inc.id);
  const auto after_parent = take(false);
  CHECK(catch_error([&] { t.link(desk, acme_inc.id, ticket_link_role::child_of, second.id); })
            .violates("R-8.1-procedure"));  // no cycle of parents
  CHECK(catch_error([&] { t.link(alice, second.id, ticket_link_role::caused_by, acme_inc.id); }).code() ==
        errc::permission_denied);
  CHECK(take(false) == after_parent);
  CHECK(!(after_parent == before));
}

TEST_CASE_METHOD(test::ticket_fixture, "R-7.1-parties: a customer's user reads and exports the links of its own tickets",
                 "[process][tickets]") {
  auto& t = system.tickets();
  const auto second = incident_of(alice, "acme mail slow again");
  t.link(desk, second.id, ticket_link_role::duplicate_of, acme_inc.id);
  system.configuration().define_type(cm, {.name = "mailer", .description = "a mail relay"});
  const auto relay = system.configuration().create(cm, test::ci_draft("mailer", "relay-1"));
  system.configuration().link_ci(cm, relay.id, "incident", acme_inc.id.key(), "affects");

  // Staff see both links; the customer's user only the one between its tickets, not the CI.
  CHECK(t.links(desk, acme_inc.id).size() == 2);
  const auto mine = t.links(alice, acme_inc.id);
  REQUIRE(mine.size() == 1);
  CHECK(mine[0].from_id == second.id.key());
  CHECK(t.links(bob, acme_inc.id).empty());  // another customer's ticket reads as absent

  const auto doc = export_ticket(system, alice, acme_inc.id);  // no permission error on the links
  CHECK_THAT(doc, Catch::Contains(second.id.key()) && !Catch::Contains(relay.id.key() + "\""));
  CHECK_THAT(export_ticket(system, desk, acme_inc.id), Catch::Contains("\"" + relay.id.key() + "\""));
}

TEST_CASE_METHOD(test::ticket_fixture, "R-8.1-procedure: attachment references are validated", "[process][tickets]") {
  auto& t = system.tickets();
  const std::string sha(64, 'a');
  auto a = t.attach(alice, acme_inc.id, {.name = "screen.png", .media_type = "image/png", .size = 1234,
                                         .sha256 = sha, .uri = "s3://blobs/7f/screen.png"});
  CHECK(a.added_by == "alice");
  CHECK(a.customer == acme.id);
  CHECK(t.attachments(desk, acme_inc.id).size() == 1);
  CHECK(t.attachments(bob, acme_inc.id).empty());

  const auto before = take(false);
  auto e = catch_error([&] {
    t.attach(desk, acme_inc.id, {.name = "", .media_type = "png", .size = -1, .sha256 = "ABC", .uri = "no scheme"});
  });
  CHECK(e.violates("R-8.1-procedure"));
  CHECK(e.violations().size() == 5);
  CHECK(catch_error([&] {
          t.attach(desk, acme_inc.id, {.name = "x", .media_type = "a/b", .sha256 = sha, .uri = "u:x", .added_by = "me"});
        }).code() == errc::invalid_argument);  // a field the library sets
  CHECK(take(false) == before);
}
