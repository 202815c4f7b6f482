#include <catch2/catch.hpp>

#include <algorithm>

#include "itsm/graph/builder.hpp"
#include "report_fixture.hpp"

using namespace itsm;
using test::report_world;

namespace {
const report::target_row& row(const report::service_report& r, int priority, const std::string& clock) {
  auto it = std::find_if(r.targets.begin(), r.targets.end(),
                         [&](const auto& t) { return t.kind == "incident" && t.priority == priority && t.clock == clock; });
  REQUIRE(it != r.targets.end());
  return *it;
}
const report::service_row& service(const report::service_report& r, const std::string& key) {
  auto it = std::find_if(r.services.begin(), r.services.end(), [&](const auto& s) { return s.service == key; });
  REQUIRE(it != r.services.end());
  return *it;
}
}  // namespace

TEST_CASE_METHOD(report_world, "R-6.2-content R-6.1-monitor: performance against each target and priority", "[report]") {
  const auto r = report::build(snap(), {march});
  const auto& p2 = row(r, 2, "resolution");  // 6 h against 4 h
  CHECK(p2.tickets == 1);
  CHECK(p2.breached == 1);
  CHECK(p2.goal_minutes == 240);
  const auto req = std::find_if(r.targets.begin(), r.targets.end(), [](const auto& t) { return t.kind == "service_request"; });
  REQUIRE(req != r.targets.end());
  CHECK_FALSE(req->goal_minutes);  // a request's goal depends on its type
  CHECK(*p2.compliance == Approx(0.0));
  const auto& p5 = row(r, 5, "resolution");
  CHECK(p5.met == 1);
  CHECK(*p5.compliance == Approx(100.0));
  // The outage's response came exactly at its 2 h target: met, but a near miss.
  const auto& p4 = row(r, 4, "response");
  CHECK(p4.met == 1);
  CHECK(p4.near_misses == 1);
  REQUIRE(r.breaches.size() == 1);
  CHECK(r.breaches.front().id == breached.key());
  CHECK(std::any_of(r.near_misses.begin(), r.near_misses.end(), [&](const auto& t) { return t.id == outage.key(); }));
  const auto& shop = service(r, webshop.id.key());
  CHECK(shop.tickets == 5);  // four incidents and the request
  CHECK(shop.breached == 1);
  CHECK(*shop.compliance == Approx(80.0));
}

TEST_CASE_METHOD(report_world, "R-6.3-monitor: availability through the CMDB graph against the target", "[report]") {
  const auto r = report::build(snap(), {march});
  // db01 lost power for 2 h; shop runs_on db01 and webshop needs shop; reports depends on webshop.
  const double expected = 100.0 * (31 * 24 - 2) / (31 * 24);
  const auto& shop = service(r, webshop.id.key());
  CHECK(*shop.availability == Approx(expected));
  CHECK(shop.availability_target == Approx(99.5));
  CHECK(shop.unavailable_seconds == 2 * 3600);
  CHECK(shop.outages == std::vector<std::string>{outage.key()});
  CHECK(*service(r, reports.id.key()).availability == Approx(expected));
  // A graph in which nothing depends on db01: no outage reaches a service.
  graph::builder b;
  b.add_node({db01.id.number(), "server", "db01", false, true, 0});
  b.add_node({-webshop.id.number(), "service", "webshop", true, true, 0});
  const auto g = b.build();
  report::report_options o{march};
  o.cmdb = &g;
  CHECK(*service(report::build(snap(), o), webshop.id.key()).availability == Approx(100.0));
}

TEST_CASE_METHOD(report_world, "R-6.2-content: workload, major incidents, changes and releases", "[report]") {
  const auto r = report::build(snap(), {march});
  CHECK(r.work.opened.at("incident") == 4);
  CHECK(r.work.finished.at("incident") == 4);
  CHECK(r.work.opened.at("service_request") == 1);
  CHECK(r.work.backlog == 0);
  CHECK(*r.work.mttr_hours == Approx((2.0 + 6.0 + 1.0 + 2.0) / 4));
  CHECK(r.work.reopened == 0);
  REQUIRE(r.majors.size() == 1);
  CHECK(r.majors.front().id == major.key());
  CHECK(r.majors.front().reviewed);
  CHECK(r.changes.finished == 2);
  CHECK(r.changes.failed_ids == std::vector<std::string>{failed_change.key()});
  CHECK(*r.changes.success_rate == Approx(50.0));
  CHECK(*r.changes.emergency_share == Approx(0.0));
  CHECK(r.releases.deployed_ids == std::vector<std::string>{release.key()});
  CHECK(r.weeks.size() == 5);  // 1, 8, 15, 22, 29 March
  CHECK(r.weeks.front().incidents == 4);
  CHECK(r.audit_head == last_audit().seq);
}

TEST_CASE_METHOD(report_world, "R-6.2-content: weekly trends flag significant changes", "[report]") {
  auto s = snap();
  auto copy = s.incidents.front();
  for (int n = 0; n < 10; ++n) {  // ten incidents in the second week
    copy.id = incident_id(1000 + n);
    copy.opened_at = parse_iso("2026-03-09T10:00:00Z");
    s.incidents.push_back(copy);
  }
  const auto r = report::build(s, {march});
  CHECK(r.weeks[0].significant.empty());
  CHECK(r.weeks[1].incidents == 10);
  CHECK(r.weeks[1].significant.find("incidents +150%") != std::string::npos);
  CHECK(r.weeks[2].significant.find("incidents -100%") != std::string::npos);
  CHECK(r.weeks[3].significant.empty());
}

TEST_CASE_METHOD(report_world, "a report's scope: one service, one customer; bad input is refused", "[report]") {
  const auto s = snap();
  report::report_options o{march};
  o.scope = "service:" + reports.id.key();
  const auto r = report::build(s, o);
  CHECK(r.services.size() == 1);
  CHECK(r.work.opened.at("incident") == 0);
  o.scope = "service:SVC-999";
  CHECK(test::code_of([&] { report::build(s, o); }) == errc::invalid_argument);
  o.scope = "everything";
  CHECK(test::code_of([&] { report::build(s, o); }) == errc::invalid_argument);
  o.scope = "all";
  o.covered = {march.end, march.start};
  CHECK(test::code_of([&] { report::build(s, o); }) == errc::invalid_argument);
}
