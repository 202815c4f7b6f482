// Probes of the ticket extensions (comments, corrections, attachments, links) the way an attacker
// or a careless caller would call them: another customer's keys, cycles of parents, text with
// NUL bytes. A refusal tells a scoped caller nothing it could not learn from a key never used,
// and nothing but the call's own audit entry is written.
#include <catch2/catch.hpp>

#include <string>

#include "change_fixture.hpp"
#include "store_state.hpp"
#include "ticket_fixture.hpp"

using namespace itsm;
using itsm::model::comment_visibility;
using itsm::test::catch_error;
using itsm::test::state_of;

namespace {

// e's message with `key` replaced by "KEY", to compare two refusals that differ only in the key.
std::string shape(const itsm::error& e, const std::string& key) {
  std::string s = e.what();
  for (auto at = s.find(key); at != std::string::npos; at = s.find(key, at)) s.replace(at, key.size(), "KEY");
  return s;
}

// The error of f, after checking that it changed no record (its audit entry aside).
template <class F>
itsm::error refused(storage::backend& store, F&& f) {
  const auto before = state_of(store);
  auto e = catch_error(std::forward<F>(f));
  INFO(e.what());
  CHECK(state_of(store).records == before.records);
  return e;
}

}  // namespace

TEST_CASE_METHOD(test::ticket_fixture, "R-8.1-procedure: a cycle of parents through three tickets is refused",
                 "[process][tickets][probe]") {
  auto& t = system.tickets();
  const auto b = incident_of(alice, "b");
  const auto c = incident_of(alice, "c");
  t.link(desk, acme_inc.id, ticket_link_role::child_of, b.id);
  t.link(desk, b.id, ticket_link_role::child_of, c.id);
  const auto e = refused(*store, [&] { t.link(desk, c.id, ticket_link_role::child_of, acme_inc.id); });
  CHECK(e.violates("R-8.1-procedure"));
  CHECK_THAT(e.what(), Catch::Contains("cycle"));
  // Other roles make no hierarchy: c may still be caused by the first ticket.
  CHECK(t.link(desk, c.id, ticket_link_role::caused_by, acme_inc.id).role == "caused_by");
}

TEST_CASE_METHOD(test::ticket_fixture, "R-7.1-parties R-9.1-access: staff scoped to a customer learn nothing of "
                                       "another customer's ticket by linking to it",
                 "[process][tickets][probe]") {
  auto& t = system.tickets();
  const actor acme_desk{"acme-desk", {std::string(roles::service_desk)}, acme.id.key()};
  const auto hidden = refused(*store, [&] { t.link(acme_desk, acme_inc.id, ticket_link_role::caused_by, bob_inc.id); });
  const auto absent =
      refused(*store, [&] { t.link(acme_desk, acme_inc.id, ticket_link_role::caused_by, incident_id(999)); });
  CHECK(hidden.code() == absent.code());
  CHECK(shape(hidden, bob_inc.id.key()) == shape(absent, "INC-999"));
  CHECK(t.links(acme_desk, bob_inc.id).empty());
  // Unscoped staff are told the real reason.
  CHECK(catch_error([&] { t.link(desk, acme_inc.id, ticket_link_role::caused_by, bob_inc.id); })
            .violates("R-7.1-parties"));
}

TEST_CASE_METHOD(test::ticket_fixture, "R-9.1-access: another customer's comments and tickets read as keys never used",
                 "[process][tickets][probe]") {
  auto& t = system.tickets();
  const auto note = t.comment(desk, acme_inc.id, "we are on it", comment_visibility::customer);
  const auto other = refused(*store, [&] { t.correct(bob, note.id, "mine now"); });
  const auto none = refused(*store, [&] { t.correct(bob, comment_id(999), "mine now"); });
  CHECK(other.code() == none.code());
  const auto work_note = t.comment(desk, acme_inc.id, "router 3 rebooted", comment_visibility::internal);
  const auto hidden = refused(*store, [&] { t.correct(alice, work_note.id, "what router?"); });
  const auto unused = refused(*store, [&] { t.correct(alice, comment_id(999), "what router?"); });
  CHECK(hidden.code() == unused.code());
  CHECK(shape(hidden, work_note.id.key()) == shape(unused, "CMT-999"));
  const std::string sha(64, 'b');
  const auto attach = [&](incident_id id) {
    return catch_error([&] {
      t.attach(bob, id, {.name = "x.txt", .media_type = "text/plain", .size = 1, .sha256 = sha, .uri = "s3://x"});
    });
  };
  CHECK(attach(acme_inc.id).code() == attach(incident_id(999)).code());
  const auto comment = [&](incident_id id) {
    return catch_error([&] { t.comment(bob, id, "hello", comment_visibility::customer); });
  };
  CHECK(comment(acme_inc.id).code() == comment(incident_id(999)).code());
  CHECK(t.attachments(bob, acme_inc.id).empty());
  CHECK(t.links(bob, incident_id(999)).empty());
}

TEST_CASE_METHOD(test::ticket_fixture, "R-8.1-procedure: a comment with a NUL byte or invalid UTF-8 is kept whole or refused",
                 "[process][tickets][probe]") {
  auto& t = system.tickets();
  const std::string nul("line one\0line two", 17);
  const auto c = t.comment(desk, acme_inc.id, nul, comment_visibility::customer);
  CHECK(t.comments(alice, acme_inc.id).back().text == nul);  // not cut at the NUL
  CHECK(refused(*store, [&] { t.comment(desk, acme_inc.id, "caf\xc3", comment_visibility::customer); }).code() ==
        errc::invalid_argument);
  CHECK(refused(*store, [&] { t.correct(desk, c.id, "\xff"); }).code() == errc::invalid_argument);
}

TEST_CASE_METHOD(test::change_world, "R-9.2-schedule: schedule reads refuse a period that is no period, and windows stay checked",
                 "[process][change][probe]") {
  const auto r = approved({db01.id});
  const auto day = window(3);
  const timestamp never(boost::posix_time::not_a_date_time), forever(boost::posix_time::pos_infin);
  for (const period& bad : {period{day.end, day.start}, period{day.start, day.start}, period{never, day.end},
                            period{day.start, forever}}) {
    CHECK(catch_error([&] { changes.conflicts(reader, r.id, bad); }).code() == errc::invalid_argument);
    CHECK(catch_error([&] { changes.schedule_of_change(reader, bad); }).code() == errc::invalid_argument);
    CHECK(catch_error([&] { changes.trends(reader, bad); }).code() == errc::invalid_argument);
    CHECK(refused([&] { changes.schedule(chris, r.id, bad); }).violates("R-9.2-schedule"));
  }
  auto d = draft({db02.id});
  d.window_start = day.end;
  d.window_end = day.start;
  CHECK(refused([&] { changes.submit(rita, d); }).violates("R-9.2-schedule"));
}

TEST_CASE_METHOD(test::change_world, "R-9.2-approve: votes twice, on unknown or closed RFCs, or by a nameless actor change nothing",
                 "[process][change][probe]") {
  auto r = assessed({db01.id});
  changes.decide(chris, r.id, vote::approve);
  CHECK(refused([&] { changes.decide(chris, r.id, vote::reject); }).violates("R-9.2-approve"));  // a second vote
  const auto before = take();
  CHECK(catch_error([&] { changes.decide(cathy, rfc_id(999), vote::approve); }).code() == errc::not_found);
  CHECK(catch_error([&] { changes.decide(actor{"", {std::string(roles::cab_member)}}, r.id, vote::approve); }).code() ==
        errc::invalid_argument);
  CHECK(catch_error([&] { changes.decide(actor{" ", {std::string(roles::cab_member)}}, r.id, vote::approve); })
            .code() == errc::invalid_argument);
  CHECK(take().records == before.records);
  r = changes.decide(cathy, r.id, vote::reject, "no");
  changes.close(chris, r.id);
  CHECK(refused([&] { changes.decide(owen, r.id, vote::approve); }).violates("R-9.2-approve"));
}

TEST_CASE_METHOD(test::change_world, "R-9.3-plan: a release with no, unknown or repeated RFCs or criteria, or a blank name, is refused",
                 "[process][release][probe]") {
  const auto rfc = approved({db01.id});
  auto& releases = system.releases();
  const timestamp never(boost::posix_time::not_a_date_time), forever(boost::posix_time::pos_infin);
  const auto release_of = [&](std::vector<rfc_id> rfcs) {
    model::release r;
    r.name = "shop 2.0";
    r.type = "minor";
    r.rfcs = std::move(rfcs);
    r.planned_at = parse_iso("2026-03-10T22:00:00Z");
    r.rollback_plan = "redeploy 1.9";
    r.acceptance_criteria = {"functional"};
    return r;
  };
  for (const auto& rfcs : {std::vector<rfc_id>{}, std::vector{rfc_id(999)}, std::vector{rfc.id, rfc.id}})
    CHECK(refused([&] { releases.plan(rob, release_of(rfcs)); }).violates("R-9.3-plan"));
  auto twice = release_of({rfc.id});
  twice.acceptance_criteria = {"functional", "functional"};
  CHECK(refused([&] { releases.plan(rob, twice); }).violates("R-9.3-accept"));
  auto blank = release_of({rfc.id});
  blank.name = " \t";
  CHECK(refused([&] { releases.plan(rob, blank); }).violates("R-9.3-plan"));
  const auto planned = releases.plan(rob, release_of({rfc.id}));
  const auto at = planned.planned_at;
  CHECK(releases.upcoming(reader, at, at + hours(1)).size() == 1);
  for (const auto& p : {std::pair{at + hours(1), at}, std::pair{at, at}, std::pair{never, at}, std::pair{at, forever}})
    CHECK(catch_error([&] { releases.upcoming(reader, p.first, p.second); }).code() == errc::invalid_argument);
  CHECK(catch_error([&] { releases.recently_failed(reader, never); }).code() == errc::invalid_argument);
}

TEST_CASE_METHOD(test::ticket_fixture, "R-6.1-sla R-7.1-parties: an SLA with a calendar that does not load, or for a customer "
                                       "the service is not dedicated to, is refused",
                 "[process][sla][probe]") {
  auto& sl = system.service_level();
  auto payroll = sl.add_service(slm, {.name = "Payroll", .description = "bob's", .dedicated_to = bobco.id});
  const auto sla_for = [&](service_id s, customer_id c, std::string calendar) {
    model::sla d;
    d.name = "gold";
    d.service = s;
    d.customer = c;
    d.calendar = std::move(calendar);
    d.targets = {{.priority = 1, .response_minutes = 15, .resolution_minutes = 240}};
    return d;
  };
  for (const char* calendar : {"no-such-calendar", "{\"weekly\": ", "{\"weekly\": 7}"})
    CHECK(refused(*store, [&] { sl.define_sla(slm, sla_for(mail.id, {}, calendar)); }).violates("R-6.1-sla"));
  CHECK(refused(*store, [&] { sl.define_sla(slm, sla_for(payroll.id, acme.id, "")); }).violates("R-7.1-parties"));
  auto agreed = sl.define_sla(slm, sla_for(mail.id, acme.id, ""));
  agreed.calendar = "no-such-calendar";
  CHECK(refused(*store, [&] { sl.update_sla(slm, agreed); }).violates("R-6.1-sla"));
  CHECK(incident_of(alice, "still recorded").id.valid());  // the SLA in force still measures
}

TEST_CASE_METHOD(test::ticket_fixture, "R-6.1-catalogue R-7.1-parties: blank names, and a dedicated service moved to "
                                       "another customer by staff scoped to its own, are refused",
                 "[process][sla][probe]") {
  auto& sl = system.service_level();
  CHECK(refused(*store, [&] { sl.add_customer(slm, {.name = " \t", .description = "blank"}); }).violates("R-7.1-parties"));
  CHECK(refused(*store, [&] { sl.add_service(slm, {.name = "\r\n", .description = "blank"}); }).violates("R-6.1-catalogue"));
  const actor acme_slm{"acme-slm", {std::string(roles::service_level_manager)}, acme.id.key()};
  auto shop = sl.add_service(acme_slm, {.name = "Shop", .description = "acme's", .dedicated_to = acme.id});
  shop.dedicated_to = bobco.id;
  CHECK(refused(*store, [&] { sl.update_service(acme_slm, shop); }).code() == errc::permission_denied);
}
