// The relationship checks of the conformance statement: each conforms on a store run through
// the library and finds its nonconformity (R-4.2-governance, R-6.1-internal, R-7.1-review,
// R-7.1-complaints, R-7.2-contract, R-7.2-align, R-7.2-monitor).
#include <catch2/catch.hpp>

#include "itsm/report/conformance.hpp"
#include "unit/process/relations_fixture.hpp"

using namespace itsm;
using report::verdict;

namespace {

struct checked_world : test::relations_world {
  period march{parse_iso("2026-03-01T00:00:00Z"), parse_iso("2026-04-01T00:00:00Z")};

  checked_world() {
    underpin(99.9, 180);
    auto ola = contract("unix OLA", unix_team.id, {h1.id}, {{1, 15, 120}, {2, 30, 240}}, 0);
    ola.type = model::agreement_type::ola;
    active(ola);
    model::customer_relationship r;
    r.customer = acme.id;
    r.relationship_manager = "rachel";
    r.contacts = {"alice"};
    rel.set_customer_relationship(sue, r);
    rel.schedule_review(sue, acme.id, parse_iso("2026-04-15T10:00:00Z"));
    rel.set_operator(sue, {"night service desk", 0, hostco.id, "sue", "monthly KPI report"});
    rel.define_complaints(sue, {"agreed", 0, "written dissatisfaction", 600, "", "head of service"});
    model::complaint c;
    c.customer = acme.id;
    c.complainant = "alice";
    c.summary = "late notices";
    rel.record_complaint(dave, c);
    auto wan_contract = *rel.find_agreement(reader, agreement_id(2));
    wan_contract.workload = "up to 80 incidents a month";
    rel.amend(sam, wan_contract, {"workload", approved({wan.id}).id.key()});
  }
  report::check_result result(const store_snapshot& s, const std::string& id) {
    for (const auto& r : report::check_conformance(s, march, system.verify()).results)
      if (r.requirement == id) return r;
    FAIL("no result for " + id);
    return {};
  }
  store_snapshot snap() { return system.reports().snapshot(reader, clk->now()); }
};

const char* const ids[] = {"R-4.2-governance", "R-6.1-internal", "R-7.1-review", "R-7.1-complaints",
                           "R-7.2-contract",   "R-7.2-align",    "R-7.2-monitor"};

}  // namespace

TEST_CASE_METHOD(checked_world, "relationship checks conform on a store run through the library",
                 "[report][conformance][relationships]") {
  const auto s = snap();
  for (const char* id : ids) {
    const auto r = result(s, id);
    INFO(id << ": " << r.summary);
    CHECK(r.outcome == verdict::conforms);
    CHECK(report::has_check(id));
  }
}

TEST_CASE_METHOD(checked_world, "relationship checks find their nonconformities", "[report][conformance][relationships]") {
  const auto base = snap();
  auto s = base;
  s.agreements.erase(s.agreements.begin());  // HostCo's contract gone: the night desk is ungoverned
  CHECK(result(s, "R-4.2-governance").outcome == verdict::nonconformity);
  CHECK(result(s, "R-7.2-contract").records == std::vector<std::string>{hostco.id.key()});

  s = base;
  s.agreements.back().status = model::agreement_status::terminated;  // the OLA
  CHECK(result(s, "R-6.1-internal").records == std::vector<std::string>{unix_team.id.key()});

  s = base;
  s.service_reviews.front().due_at = parse_iso("2026-03-20T10:00:00Z");  // overdue within March
  CHECK(result(s, "R-7.1-review").records == std::vector<std::string>{acme.id.key()});

  s = base;
  s.at = s.complaints.front().due_at + minutes(1);  // past its time and not escalated
  CHECK(result(s, "R-7.1-complaints").outcome == verdict::nonconformity);
  s.complaints.front().escalated_to = "head of service";
  CHECK(result(s, "R-7.1-complaints").outcome == verdict::conforms);

  s = base;
  for (auto& a : s.agreements)
    if (a.party == netco.id) a.targets = {{1, 15, 480}, {2, 30, 480}};  // slower than webshop gold's P1
  CHECK(result(s, "R-7.2-align").records == std::vector<std::string>{gold.id.key()});

  s = base;
  for (auto& e : s.audit)
    if (e.action == "amend") e.reference.clear();
  CHECK(result(s, "R-7.2-monitor").records == std::vector<std::string>{"AGR-2"});
}
