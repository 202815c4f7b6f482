// Availability management (clause 6.3): requirements per service (R-6.3-req), outages entered
// directly or from incidents, their investigation and end-to-end availability through the live
// CMDB graph with k-of-n redundancy (R-6.3-monitor).
#include <catch2/catch.hpp>

#include "assurance_fixture.hpp"
#include "fixture.hpp"

using namespace itsm;
using itsm::test::catch_error;
using model::outage_state;

namespace {

struct assurance_fx : test::process_fixture, test::assurance_estate {
  assurance_management& as = system.assurance();
  const timestamp march = parse_iso("2026-03-01T00:00:00Z"), april = parse_iso("2026-04-01T00:00:00Z");
  assurance_fx() : assurance_estate(system) {}
};

bool cites(const error& e, const std::string& rule) {
  for (const auto& v : e.violations())
    if (v.rule == rule) return true;
  return false;
}

}  // namespace

TEST_CASE_METHOD(assurance_fx, "R-6.3-req: one active availability requirement per live service, agreed and valid",
                 "[process][assurance]") {
  CHECK(req.id.key() == "AVR-1");
  CHECK(as.requirements(viewer).size() == 1);
  const auto before = take(false);
  model::availability_requirement again = req;
  again.id = {}, again.revision = 0;
  auto e = catch_error([&] { as.require_availability(slm, again); });
  CHECK(e.code() == errc::rule_violation);
  CHECK(cites(e, "R-6.3-req"));
  for (double bad : {0.0, 100.5}) {
    again.target_percent = bad;
    CHECK(cites(catch_error([&] { as.require_availability(slm, again); }), "R-6.3-req"));
  }
  model::availability_requirement other;
  other.service = service_id::parse("SVC-99");
  other.calendar = "no-such-calendar";
  e = catch_error([&] { as.require_availability(slm, other); });
  CHECK(e.violations().size() == 3);  // no service, no calendar, nobody agreed it
  CHECK(take(false) == before);
  // Retiring it makes room for the next version.
  auto retired = req;
  retired.retired = true;
  as.update_requirement(slm, retired);
  again.target_percent = 99.9;
  CHECK(as.require_availability(slm, again).target_percent == 99.9);
  CHECK(catch_error([&] { as.require_availability(desk, again); }).code() == errc::permission_denied);
}

TEST_CASE_METHOD(assurance_fx, "R-6.3-monitor: availability end to end through the CMDB graph with k of n", "[process][assurance]") {
  const auto o1 = as.record_outage(slm, down(h1.id, "2026-03-02T00:00:00Z", "2026-03-02T10:00:00Z"));
  const auto o2 = as.record_outage(slm, down(h2.id, "2026-03-02T08:00:00Z", "2026-03-02T12:00:00Z"));
  const auto o3 = as.record_outage(slm, down(h3.id, "2026-03-10T00:00:00Z", "2026-03-10T05:00:00Z"));
  const auto o4 = as.record_outage(slm, down(app.id, "2026-03-05T00:00:00Z", "2026-03-05T01:00:00Z"));
  auto whole = down({}, "2026-03-06T00:00:00Z", "2026-03-06T00:30:00Z");
  whole.service = shop.id;
  const auto o5 = as.record_outage(slm, whole);
  CHECK(o1.state == outage_state::ended);

  const auto a = as.availability(viewer, shop.id, march, april);
  // 2 of 3 hosts down only 08:00-10:00 on the 2nd; one host alone leaves the pool's quorum.
  CHECK(a.agreed == hours(31 * 24));
  CHECK(a.unavailable == hours(3) + minutes(30));
  REQUIRE(a.percent);
  CHECK(*a.percent == Approx(100.0 * (744 * 60 - 210) / (744 * 60)));
  CHECK(a.budget == hours(7) + minutes(26) + seconds(24));  // 1 % of 744 h
  CHECK(a.remaining == a.budget - a.unavailable);
  CHECK(a.target_met);
  CHECK(a.outages == std::vector<outage_id>{o1.id, o2.id, o4.id, o5.id});  // not o3: the pool held

  // The budget runs out: a 5-hour outage of the whole service misses the 99 % target.
  whole.start = parse_iso("2026-03-20T00:00:00Z"), whole.end = parse_iso("2026-03-20T05:00:00Z");
  as.record_outage(slm, whole);
  const auto b = as.availability(viewer, shop.id, march, april);
  CHECK(b.unavailable == hours(8) + minutes(30));
  CHECK(b.remaining.is_negative());
  CHECK_FALSE(b.target_met);

  // A period without outages, and bad periods.
  CHECK(as.availability(viewer, shop.id, april, april + hours(24)).percent == 100.0);
  CHECK(catch_error([&] { as.availability(viewer, shop.id, april, march); }).code() == errc::invalid_argument);
  CHECK(catch_error([&] { as.availability(viewer, service_id::parse("SVC-42"), march, april); }).code() == errc::not_found);
  const actor customer_user{"cleo", {std::string(roles::customer)}, "CUS-1"};
  CHECK(catch_error([&] { as.availability(customer_user, shop.id, march, april); }).code() == errc::permission_denied);
}

TEST_CASE_METHOD(assurance_fx, "R-6.3-monitor: an unplanned outage from an incident awaits its investigation", "[process][assurance]") {
  model::incident d;
  d.title = "shop returns 502";
  d.impact = 2, d.urgency = 2;
  d.service = shop.id;
  d.ci = app.id;
  const auto inc = system.incidents().record(im, d);
  auto o = as.outage_from_incident(im, inc.id);
  CHECK(o.ci == app.id);
  CHECK(o.start == inc.opened_at);
  CHECK(o.state == outage_state::ongoing);
  CHECK(cites(catch_error([&] { as.outage_from_incident(im, inc.id); }), "R-6.3-monitor"));  // one per incident
  CHECK(as.uninvestigated(viewer).empty());  // still ongoing
  auto e = catch_error([&] { as.investigate(slm, o.id, "too early"); });
  CHECK(cites(e, "R-6.3-monitor"));

  clk->advance(hours(2));
  CHECK(cites(catch_error([&] { as.end_outage(slm, o.id, o.start - minutes(1)); }), "R-6.3-monitor"));
  o = as.end_outage(slm, o.id, clk->now());
  REQUIRE(as.uninvestigated(viewer).size() == 1);
  CHECK(as.uninvestigated(viewer)[0].id == o.id);
  CHECK(cites(catch_error([&] { as.investigate(slm, o.id, ""); }), "R-6.3-monitor"));  // a finding is required
  o = as.investigate(slm, o.id, "connection pool exhausted; raised limit (PRB-1)");
  CHECK(o.state == outage_state::investigated);
  CHECK(o.investigated_by == "sam");
  CHECK(as.uninvestigated(viewer).empty());
  CHECK(last_audit().action == "transition:investigate");

  // Planned maintenance needs no investigation, and cannot be given one.
  auto p = down(h1.id, "2026-03-03T01:00:00Z", "2026-03-03T02:00:00Z");
  p.planned = true;
  p = as.record_outage(slm, p);
  CHECK(as.uninvestigated(viewer).empty());
  CHECK(cites(catch_error([&] { as.investigate(slm, p.id, "n/a"); }), "R-6.3-monitor"));
}

TEST_CASE_METHOD(assurance_fx, "R-6.3-monitor: bad outages are refused and change nothing", "[process][assurance]") {
  const auto before = take(false);
  auto backwards = down(h1.id, "2026-03-02T10:00:00Z", "2026-03-02T09:00:00Z");
  CHECK(cites(catch_error([&] { as.record_outage(slm, backwards); }), "R-6.3-monitor"));
  auto both = down(h1.id, "2026-03-02T08:00:00Z", "2026-03-02T09:00:00Z");
  both.service = shop.id;
  CHECK(cites(catch_error([&] { as.record_outage(slm, both); }), "R-6.3-monitor"));
  auto ghost = down(ci_id::parse("CI-404"), "2026-03-02T08:00:00Z", "2026-03-02T09:00:00Z");
  CHECK(cites(catch_error([&] { as.record_outage(slm, ghost); }), "R-6.3-monitor"));
  CHECK(catch_error([&] { as.record_outage(desk, both); }).code() == errc::permission_denied);
  CHECK(catch_error([&] { as.end_outage(slm, outage_id::parse("OUT-9"), clk->now()); }).code() == errc::not_found);
  CHECK(take(false) == before);
  CHECK_FALSE(as.find_outage(viewer, outage_id::parse("OUT-9")));
}
