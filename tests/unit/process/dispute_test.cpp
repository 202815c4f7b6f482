// Disputes (R-7.1-complaints for a customer's, R-7.2-monitor for a supplier's): the agreed
// procedure, the workflow raised -> investigating -> resolved | rejected with its decision, the
// link to a complaint and escalation past the agreed business time, on the in-memory store.
#include <catch2/catch.hpp>

#include <algorithm>

#include "relations_fixture.hpp"
#include "support/errors.hpp"

using namespace itsm;

namespace {

bool cites(const itsm::error& e, std::string_view rule) {
  return std::any_of(e.violations().begin(), e.violations().end(), [&](const auto& v) { return v.rule == rule; });
}

struct dispute_world : test::relations_world {
  dispute_management& dis = system.disputes();
  actor alice{"alice", {std::string(roles::customer)}};

  dispute_world() { alice.customer = acme.id.key(); }
  model::dispute_procedure agreed(std::int64_t minutes, std::string calendar = {}) {
    model::dispute_procedure p;
    p.decide_minutes = minutes;
    p.calendar = std::move(calendar);
    p.escalate_to = "head of service";
    return dis.set_procedure(sue, p);
  }
  model::dispute of_customer(complaint_id c = {}) {
    model::dispute d;
    d.customer = acme.id;
    d.complaint = c;
    d.raised_by = "alice";
    d.subject = "service credits for the February outage";
    return d;
  }
  model::complaint complaint_of_acme() {
    model::complaint_definition def;
    def.definition = "any expression of dissatisfaction";
    def.resolve_minutes = 600;
    def.escalate_to = "head of service";
    rel.define_complaints(sue, def);
    model::complaint c;
    c.customer = acme.id;
    c.complainant = "alice";
    c.summary = "outage not communicated";
    return rel.record_complaint(sue, c);
  }
};

}  // namespace

TEST_CASE_METHOD(dispute_world, "R-7.1-complaints: a customer dispute from its complaint to a decision",
                 "[process][disputes]") {
  CHECK(cites(test::error_of([&] { dis.raise(sue, of_customer()); }), "R-7.1-complaints"));  // no procedure
  agreed(8 * 60, office_hours());
  const auto c = complaint_of_acme();
  auto d = dis.raise(alice, of_customer(c.id));  // the customer raises it herself
  CHECK(d.state == model::dispute_state::raised);
  CHECK(d.complaint == c.id);
  CHECK(d.due_at == parse_iso("2026-03-02T16:00:00Z"));  // Monday 08:00 + 8 business hours

  CHECK(cites(test::error_of([&] { dis.resolve(sue, d.id, "credits granted"); }), "R-7.1-complaints"));  // not investigated
  CHECK(cites(test::error_of([&] { dis.investigate(sue, d.id, ""); }), "R-7.1-complaints"));             // no findings
  CHECK(test::error_of([&] { dis.investigate(alice, d.id, "x"); }).code() == errc::permission_denied);
  d = dis.investigate(sue, d.id, "two P1 outages breached the SLA");
  CHECK(cites(test::error_of([&] { dis.resolve(sue, d.id, ""); }), "R-7.1-complaints"));  // no decision
  d = dis.resolve(sue, d.id, "credits of 5% for February granted");
  CHECK(d.state == model::dispute_state::resolved);
  CHECK(d.decided_at == clk->now());
  CHECK(cites(test::error_of([&] { dis.reject(sue, d.id, "again"); }), "R-7.1-complaints"));
  CHECK(dis.find(alice, d.id).has_value());
  CHECK(system.verify().ok());
}

TEST_CASE_METHOD(dispute_world, "R-7.2-monitor: a supplier dispute is rejected with its decision", "[process][disputes]") {
  agreed(60);
  model::dispute d;
  d.supplier = hostco.id;
  d.raised_by = "sam";
  d.subject = "HostCo invoices hours outside the contract";
  d = dis.raise(sam, d);
  CHECK(d.rule() == std::string_view("R-7.2-monitor"));
  dis.investigate(sam, d.id, "the hours were for announced maintenance");
  d = dis.reject(sam, d.id, "the contract excludes announced maintenance");
  CHECK(d.state == model::dispute_state::rejected);
  CHECK(dis.find(alice, d.id) == std::nullopt);  // not acme's
}

TEST_CASE_METHOD(dispute_world, "R-7.2-monitor: bad disputes are refused and change nothing", "[process][disputes]") {
  agreed(60);
  auto both = of_customer();
  both.supplier = hostco.id;
  CHECK(cites(test::error_of([&] { dis.raise(sue, both); }), "R-7.2-monitor"));
  model::dispute internal;
  internal.supplier = unix_team.id;  // not a supplier
  internal.raised_by = "sam";
  internal.subject = "x";
  CHECK(cites(test::error_of([&] { dis.raise(sam, internal); }), "R-7.2-monitor"));
  auto ghost = of_customer(complaint_id(42));
  CHECK(cites(test::error_of([&] { dis.raise(sue, ghost); }), "R-7.1-complaints"));
  auto unnamed = of_customer();
  unnamed.subject.clear();
  CHECK(cites(test::error_of([&] { dis.raise(sue, unnamed); }), "R-7.1-complaints"));
  actor gus{"gus", {std::string(roles::customer)}, "CUS-99"};
  CHECK(test::error_of([&] { dis.raise(gus, of_customer()); }).code() == errc::permission_denied);
  model::dispute_procedure no_one;
  no_one.decide_minutes = 60;
  CHECK(cites(test::error_of([&] { dis.set_procedure(sue, no_one); }), "R-7.2-monitor"));
  CHECK(dis.disputes(reader).empty());
}

TEST_CASE_METHOD(dispute_world, "R-7.1-complaints: an undecided dispute escalates once past its agreed time",
                 "[process][disputes]") {
  agreed(120);
  const auto d = dis.raise(sue, of_customer());
  clk->advance(minutes(119));
  CHECK(dis.escalate_overdue(sue).empty());
  clk->advance(minutes(2));
  const auto up = dis.escalate_overdue(sue);
  REQUIRE(up.size() == 1);
  CHECK(up[0].id == d.id);
  CHECK(up[0].escalated_to == "head of service");
  CHECK(up[0].escalated_at == clk->now());
  CHECK(dis.escalate_overdue(sue).empty());  // once
  CHECK(test::error_of([&] { dis.escalate_overdue(alice); }).code() == errc::permission_denied);
  CHECK(std::count_if(sink->events.begin(), sink->events.end(), [](const auto& e) { return e.type == "dispute.escalated"; }) == 1);
}
