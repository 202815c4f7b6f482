// Relationship processes: parties (R-7.1-parties), governance (R-4.2-governance), contracts and
// OLAs (R-7.2-contract, R-6.1-internal), their change control and performance (R-7.2-monitor)
// and the alignment check (R-7.2-align), on the in-memory store.
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

std::int64_t audit_head(storage::backend& store) {
  auto tx = store.begin(storage::tx_mode::read_only);
  auto last = tx->last_audit();
  return last ? last->seq : 0;
}

std::string last_reference(storage::backend& store) {
  auto tx = store.begin(storage::tx_mode::read_only);
  return tx->last_audit()->reference;
}

std::vector<misalignment> kinds_of(const alignment_report& r) {
  std::vector<misalignment> out;
  for (const auto& f : r.findings) out.push_back(f.what);
  return out;
}

}  // namespace

TEST_CASE_METHOD(relations_world, "R-7.1-parties: a customer relationship needs a relationship manager and a contact",
                 "[process][relationships]") {
  model::customer_relationship r;
  r.customer = acme.id;
  auto e = test::error_of([&] { rel.set_customer_relationship(sue, r); });
  CHECK(e.code() == errc::rule_violation);
  CHECK(cites(e, "R-7.1-parties"));
  CHECK_FALSE(rel.customer_relationship(reader, acme.id));

  r.relationship_manager = "rachel";
  r.contacts = {"alice (contract)", "bob (escalation)"};
  r.users = {"alice", "bob", "carol"};
  auto saved = rel.set_customer_relationship(sue, r);
  CHECK(saved.revision == 1);
  CHECK(rel.customer_relationship(reader, acme.id)->relationship_manager == "rachel");

  SECTION("a stale version is a conflict; the next version is stored") {
    CHECK(test::error_of([&] { rel.set_customer_relationship(sue, r); }).code() == errc::conflict);
    saved.review_interval_days = 30;
    CHECK(rel.set_customer_relationship(sue, saved).revision == 2);
  }
  SECTION("an unknown customer is refused") {
    model::customer_relationship other = r;
    other.customer = customer_id(99);
    CHECK(cites(test::error_of([&] { rel.set_customer_relationship(sue, other); }), "R-7.1-parties"));
  }
  SECTION("the service desk may read it but not write it") {
    CHECK(rel.customer_relationship(dave, acme.id));
    CHECK(test::error_of([&] { rel.set_customer_relationship(dave, saved); }).code() == errc::permission_denied);
  }
}

TEST_CASE_METHOD(relations_world, "R-7.2-contract: a supplier needs a contract manager; a sub-contractor a lead supplier",
                 "[process][relationships]") {
  const auto before = audit_head(*store);
  auto e = test::error_of([&] { rel.add_party(sam, supplier("CheapCo", "")); });
  CHECK(cites(e, "R-7.2-contract"));
  CHECK(cites(test::error_of([&] { rel.add_party(sam, supplier("HostCo", "x")); }), "R-7.1-parties"));
  auto sub = supplier("RackCo", "sam");
  sub.lead_supplier = unix_team.id;  // not a supplier
  CHECK(cites(test::error_of([&] { rel.add_party(sam, sub); }), "R-7.2-contract"));
  CHECK(rel.parties(reader).size() == 3);
  CHECK(audit_head(*store) == before + 3);  // three refusals audited, nothing written

  sub.lead_supplier = hostco.id;
  const auto saved = rel.add_party(sam, sub);
  CHECK(rel.find_party(reader, saved.id)->lead_supplier == hostco.id);
}

TEST_CASE_METHOD(relations_world, "R-4.2-governance: a process operated by another party records how it is governed",
                 "[process][relationships]") {
  model::process_operator op;
  op.process = "first-line service desk";
  op.operated_by = hostco.id;
  op.accountable = "sue";
  CHECK(cites(test::error_of([&] { rel.set_operator(sue, op); }), "R-4.2-governance"));
  op.operated_by = party_id(42);
  op.controls = "monthly KPI report, quarterly audit";
  CHECK(cites(test::error_of([&] { rel.set_operator(sue, op); }), "R-4.2-governance"));
  CHECK(rel.operators(reader).empty());

  op.operated_by = hostco.id;
  rel.set_operator(sue, op);
  model::process_operator own;
  own.process = "change management";
  own.accountable = "chris";
  rel.set_operator(sue, own);  // operated by the provider itself: no controls needed
  const auto all = rel.operators(reader);
  REQUIRE(all.size() == 2);
  CHECK(std::count_if(all.begin(), all.end(), [](const auto& o) { return o.operated_by.valid(); }) == 1);
}

TEST_CASE_METHOD(relations_world, "R-7.2-contract: a contract states every field of the clause",
                 "[process][relationships]") {
  auto c = contract("hosting", hostco.id, {h1.id}, {{1, 15, 120}}, 99.0);
  c.termination.clear();
  c.charging_basis.clear();
  const auto before = audit_head(*store);
  auto e = test::error_of([&] { rel.add_agreement(sam, c); });
  CHECK(e.code() == errc::rule_violation);
  CHECK(cites(e, "R-7.2-contract"));
  CHECK(std::string(e.what()).find("termination") != std::string::npos);
  CHECK(rel.agreements(reader).empty());
  CHECK(audit_head(*store) == before + 1);

  SECTION("a contract is made with a supplier, an OLA with an internal group") {
    auto ola = contract("unix OLA", hostco.id, {h1.id}, {{1, 15, 120}}, 0);
    ola.type = model::agreement_type::ola;
    CHECK(cites(test::error_of([&] { rel.add_agreement(sam, ola); }), "R-6.1-internal"));
    ola.party = unix_team.id;
    CHECK(rel.add_agreement(sam, ola).status == model::agreement_status::draft);
  }
  SECTION("covered CIs and the calendar must exist") {
    auto bad = contract("hosting", hostco.id, {ci_id(999)}, {{1, 15, 120}}, 99.0, "no-such-calendar");
    e = test::error_of([&] { rel.add_agreement(sam, bad); });
    CHECK(e.violations().size() == 2);
  }
  SECTION("only supplier managers (and admins) write agreements") {
    c = contract("hosting", hostco.id, {h1.id}, {{1, 15, 120}}, 99.0);
    CHECK(test::error_of([&] { rel.add_agreement(dave, c); }).code() == errc::permission_denied);
  }
  SECTION("a complete contract is recorded as a draft and activated") {
    c = contract("hosting", hostco.id, {h1.id}, {{1, 15, 120}}, 99.0);
    auto saved = rel.add_agreement(sam, c);
    CHECK(saved.id.key() == "AGR-1");
    CHECK(rel.activate(sam, saved.id).status == model::agreement_status::active);
    CHECK(cites(test::error_of([&] { rel.activate(sam, saved.id); }), "R-7.2-contract"));
    CHECK(rel.terminate(sam, saved.id).status == model::agreement_status::terminated);
  }
}

TEST_CASE_METHOD(relations_world, "R-7.2-monitor: an active contract changes only under an approved RFC",
                 "[process][relationships]") {
  auto a = active(contract("hosting", hostco.id, {h1.id}, {{1, 15, 120}}, 99.0));
  a.availability_target = 99.9;
  auto e = test::error_of([&] { rel.amend(sam, a); });
  CHECK(cites(e, "R-7.2-monitor"));
  const auto draft_rfc = changes.submit(rita, draft({h1.id}));
  e = test::error_of([&] { rel.amend(sam, a, {"raise availability", draft_rfc.id.key()}); });
  CHECK(cites(e, "R-7.2-monitor"));
  CHECK(rel.find_agreement(reader, a.id)->availability_target == 99.0);

  const auto rfc = approved({h1.id});
  const auto amended = rel.amend(sam, a, {"raise availability", rfc.id.key()});
  CHECK(amended.availability_target == 99.9);
  CHECK(amended.status == model::agreement_status::active);
  CHECK(last_reference(*store) == rfc.id.key());
  CHECK(test::error_of([&] { rel.amend(sam, a, {"", rfc.id.key()}); }).code() == errc::conflict);
}

TEST_CASE_METHOD(relations_world, "R-7.2-monitor, R-6.1-internal: agreement performance from the incidents on covered CIs",
                 "[process][relationships]") {
  const auto a = active(contract("hosting", hostco.id, {h1.id, h2.id}, {{1, 15, 120}, {3, 60, 600}}, 99.0));
  auto& inc = system.incidents();
  auto open = [&](ci_id ci) {
    model::incident i;
    i.title = "host down";
    i.impact = 1;
    i.urgency = 1;
    i.service = webshop.id;
    i.ci = ci;
    i.caller = "carl";
    return inc.record(dave, i);
  };
  const auto t0 = clk->now();
  const auto fast = open(h1.id);
  const auto slow = open(h2.id);
  const auto elsewhere = open(wan.id);  // not covered: not the supplier's
  for (const auto& i : {fast, slow}) {
    inc.assign(dave, i.id, "hosting", "hank");
    inc.start_work(dave, i.id);
  }
  inc.pend(dave, slow.id, "supplier");
  clk->set(t0 + minutes(60));
  inc.resolve(dave, fast.id, "rebooted");
  clk->set(t0 + minutes(200));  // the wait for the supplier does not stop its clock
  inc.resume(dave, slow.id);
  inc.resolve(dave, slow.id, "replaced disk");

  const auto p = rel.performance(reader, a.id, t0, t0 + hours(24));
  CHECK(p.measured == std::vector<incident_id>{fast.id, slow.id});
  CHECK(p.breached == std::vector<incident_id>{slow.id});
  CHECK(p.supplier_waits == std::vector<incident_id>{slow.id});
  CHECK(p.percent_met() == Approx(50.0));
  CHECK(std::find(p.measured.begin(), p.measured.end(), elsewhere.id) == p.measured.end());
  CHECK(rel.performance(reader, a.id, t0 + hours(24), t0 + hours(48)).measured.empty());
  CHECK(test::error_of([&] { rel.performance(reader, a.id, t0, t0); }).code() == errc::invalid_argument);
  CHECK(test::error_of([&] { rel.performance(reader, agreement_id(77), t0, t0 + hours(1)); }).code() == errc::not_found);
}

TEST_CASE_METHOD(relations_world, "R-7.2-align: underpinning agreements that support the SLA are aligned",
                 "[process][relationships][alignment]") {
  underpin(99.9, 180);
  const auto r = rel.alignment(reader, clk->now());
  CHECK(r.slas == std::vector<sla_id>{gold.id});
  CHECK(r.aligned());
}

TEST_CASE_METHOD(relations_world, "R-7.2-align: a supplier resolving slower than the SLA is found with its path",
                 "[process][relationships][alignment]") {
  underpin(99.9, 480);  // the WAN carrier resolves P1 in 8 h; the SLA promises 4 h
  const auto r = rel.alignment(reader, clk->now());
  REQUIRE(r.findings.size() == 1);
  const auto& f = r.findings.front();
  CHECK(f.what == misalignment::resolution);
  CHECK(f.sla == gold.id);
  CHECK(f.priority == 1);
  CHECK(f.agreement.key() == "AGR-2");
  CHECK(f.path == std::vector<std::string>{webshop.id.key(), shop.id.key(), wan.id.key()});
  CHECK(f.detail.find("480") != std::string::npos);
}

TEST_CASE_METHOD(relations_world, "R-7.2-align: availability composes in series and k-of-n in parallel",
                 "[process][relationships][alignment]") {
  SECTION("2 of 3 hosts at 99% (99.97%) in series with a 99.9% WAN meet 99.5%") {
    underpin(99.9, 180);
    CHECK(rel.alignment(reader, clk->now()).aligned());
  }
  SECTION("a 99.0% WAN in series cannot meet 99.5%, although each host alone is at 99%") {
    underpin(99.0, 180);
    const auto r = rel.alignment(reader, clk->now());
    REQUIRE(kinds_of(r) == std::vector<misalignment>{misalignment::availability});
    CHECK(r.findings[0].detail.find("98.970%") != std::string::npos);  // 0.99970 * 0.99
  }
  SECTION("without the redundancy group the three hosts would be in series: 97.0% end to end") {
    auto& conf = system.configuration();
    auto p = *conf.find(reader, pool.id);
    p.attributes["required_members"] = value(std::int64_t{3});  // all three needed
    conf.update(carla, p);
    underpin(99.9, 180);
    const auto r = rel.alignment(reader, clk->now());
    REQUIRE(kinds_of(r) == std::vector<misalignment>{misalignment::availability});
    CHECK(r.findings[0].detail.find("96.93") != std::string::npos);  // 0.99^3 * 0.999
  }
}

TEST_CASE_METHOD(relations_world, "R-7.2-align: service hours the supplier does not cover are found",
                 "[process][relationships][alignment]") {
  underpin(99.9, 180, office_hours());  // the SLA is 24x7, the carrier works weekdays 08-18
  const auto r = rel.alignment(reader, parse_iso("2026-03-02T00:00:00Z"));
  REQUIRE(kinds_of(r) == std::vector<misalignment>{misalignment::service_hours});
  CHECK(r.findings[0].detail.find("118 h") != std::string::npos);  // 168 - 5 x 10
  CHECK(r.findings[0].path.back() == wan.id.key());
}

TEST_CASE_METHOD(relations_world, "R-7.2-align: terminated agreements and unreadable graphs",
                 "[process][relationships][alignment]") {
  underpin(99.9, 480);
  rel.terminate(sam, agreement_id(2));
  CHECK(rel.alignment(reader, clk->now()).aligned());
  const actor customer_user{"cu", {std::string(roles::customer)}, acme.id.key()};
  CHECK(test::error_of([&] { rel.alignment(customer_user, clk->now()); }).code() == errc::permission_denied);
}
