// Service reviews at the agreed interval (R-7.1-review) and complaints with escalation on the
// business calendar (R-7.1-complaints), on the in-memory store.
#include <catch2/catch.hpp>

#include <algorithm>

#include "relations_fixture.hpp"
#include "support/errors.hpp"

using namespace itsm;
using itsm::test::relations_world;

namespace {

bool cites(const itsm::error& e, std::string_view rule) {
  return std::any_of(e.violations().begin(), e.violations().end(), [&](const auto& v) { return v.rule == rule; });
}

struct care_world : relations_world {
  care_world() {
    model::customer_relationship r;
    r.customer = acme.id;
    r.relationship_manager = "rachel";
    r.contacts = {"alice"};
    r.review_interval_days = 30;
    rel.set_customer_relationship(sue, r);
  }
  model::complaint_definition agreed(std::int64_t minutes, std::string calendar = {}) {
    model::complaint_definition d;
    d.definition = "any expression of dissatisfaction with a service, made by a customer's contact";
    d.resolve_minutes = minutes;
    d.calendar = std::move(calendar);
    d.escalate_to = "head of service";
    return rel.define_complaints(sue, d);
  }
  model::complaint about_webshop() {
    model::complaint c;
    c.customer = acme.id;
    c.service = webshop.id;
    c.complainant = "alice";
    c.summary = "checkout outages were not communicated";
    return c;
  }
};

}  // namespace

TEST_CASE_METHOD(care_world, "R-7.1-review: reviews recur at the agreed interval and overdue ones are queryable",
                 "[process][relationships][reviews]") {
  const auto t0 = clk->now();
  const auto first = rel.schedule_review(sue, acme.id, t0 + hours(24));
  CHECK(rel.overdue_reviews(reader, t0 + hours(23)).empty());
  clk->set(t0 + hours(48));
  const auto overdue = rel.overdue_reviews(reader, clk->now());
  REQUIRE(overdue.size() == 1);
  CHECK(overdue[0].id == first.id);

  auto e = test::error_of([&] { rel.hold_review(sue, first.id, "", {}, {}); });
  CHECK(cites(e, "R-7.1-review"));  // held without the report of the period

  const auto held = rel.hold_review(sue, first.id, "RPT-1 February", {"two P1 breaches"}, {"add a second carrier"});
  CHECK(held.state == model::review_state::held);
  CHECK(held.held_at == t0 + hours(48));
  const auto all = rel.reviews(reader, acme.id);
  REQUIRE(all.size() == 2);  // the next one was scheduled with it
  const auto next = *std::find_if(all.begin(), all.end(), [&](const auto& r) { return r.id != first.id; });
  CHECK(next.state == model::review_state::scheduled);
  CHECK(next.due_at == t0 + hours(48) + hours(24 * 30));
  CHECK(rel.overdue_reviews(reader, clk->now()).empty());
  CHECK(rel.overdue_reviews(reader, next.due_at + minutes(1)).size() == 1);

  CHECK(cites(test::error_of([&] { rel.close_review(sue, first.id, ""); }), "R-7.1-review"));  // actions not followed up
  CHECK(rel.close_review(sue, first.id, "second carrier ordered (RFC-9)").state == model::review_state::closed);
  CHECK(cites(test::error_of([&] { rel.close_review(sue, first.id, "again"); }), "R-7.1-review"));
}

TEST_CASE_METHOD(relations_world, "R-7.1-review: a review needs the customer's relationship and its scope",
                 "[process][relationships][reviews]") {
  CHECK(cites(test::error_of([&] { rel.schedule_review(sue, acme.id, clk->now()); }), "R-7.1-review"));
  CHECK(rel.reviews(reader, acme.id).empty());
}

TEST_CASE_METHOD(care_world, "R-7.1-complaints: recorded only under an agreed definition, then worked step by step",
                 "[process][relationships][complaints]") {
  auto e = test::error_of([&] { rel.record_complaint(dave, about_webshop()); });
  CHECK(cites(e, "R-7.1-complaints"));
  CHECK(rel.complaints(reader).empty());

  agreed(20 * 60, office_hours());  // two business days of 08-18
  const auto c = rel.record_complaint(dave, about_webshop());
  CHECK(c.due_at == parse_iso("2026-03-03T18:00:00Z"));  // Monday 08:00 + 20 business hours

  CHECK(cites(test::error_of([&] { rel.act(sue, c.id, "publish outage notices"); }), "R-7.1-complaints"));
  rel.investigate(sue, c.id, "status page not updated during two outages");
  rel.act(sue, c.id, "status page updates are part of the major incident procedure");
  CHECK(cites(test::error_of([&] { rel.close_complaint(sue, c.id); }), "R-7.1-complaints"));
  rel.report_back(sue, c.id, "letter to alice, 2026-03-03");
  const auto closed = rel.close_complaint(sue, c.id);
  CHECK(closed.state == model::complaint_state::closed);
  CHECK(closed.closed_at == clk->now());

  SECTION("a customer's own user records a complaint; another customer's user cannot see it") {
    model::customer other_cu;
    other_cu.name = "Globex";
    other_cu.contact = "gus";
    const auto globex = system.service_level().add_customer(root, other_cu);
    const actor alice{"alice", {std::string(roles::customer)}, acme.id.key()};
    const actor gus{"gus", {std::string(roles::customer)}, globex.id.key()};
    rel.record_complaint(alice, about_webshop());
    CHECK(rel.complaints(alice).size() == 2);
    CHECK(rel.complaints(gus).empty());
    CHECK(test::error_of([&] { rel.record_complaint(gus, about_webshop()); }).code() == errc::permission_denied);
  }
}

TEST_CASE_METHOD(care_world, "R-7.1-complaints: a complaint not closed in the agreed business time escalates once",
                 "[process][relationships][complaints]") {
  agreed(20 * 60, office_hours());
  const auto late = rel.record_complaint(dave, about_webshop());
  auto on_time = about_webshop();
  on_time.summary = "invoice wrong";
  const auto fixed = rel.record_complaint(dave, on_time);
  rel.investigate(sue, fixed.id, "VAT rate");
  rel.act(sue, fixed.id, "credit note");
  rel.report_back(sue, fixed.id, "credit note sent");
  rel.close_complaint(sue, fixed.id);

  clk->set(parse_iso("2026-03-03T17:59:00Z"));  // 20 business hours not yet used up
  CHECK(rel.escalate_overdue(sue).empty());
  clk->set(parse_iso("2026-03-03T18:01:00Z"));
  const auto escalated = rel.escalate_overdue(sue);
  REQUIRE(escalated.size() == 1);
  CHECK(escalated[0].id == late.id);
  CHECK(escalated[0].escalated_to == "head of service");
  CHECK(rel.escalate_overdue(sue).empty());  // once

  const auto rows = rel.complaint_report(reader, parse_iso("2026-03-01T00:00:00Z"), parse_iso("2026-04-01T00:00:00Z"));
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].customer == acme.id);
  CHECK(rows[0].service == webshop.id);
  CHECK(rows[0].recorded == 2);
  CHECK(rows[0].closed == 1);
  CHECK(rows[0].escalated == 1);
  CHECK(test::error_of([&] { rel.escalate_overdue(dave); }).code() == errc::permission_denied);
}
