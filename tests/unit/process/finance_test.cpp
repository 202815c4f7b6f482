// Budgeting and accounting (clause 6.4, R-6.4-costs): cost items allocated directly or
// apportioned over the live CMDB graph, to the minor unit; budgets approved by someone other than
// their author; budget against actual and the over-budget state; the rules that refuse bad costs
// and budgets without writing; no costs for a customer's users; and the CIs' finance fields in
// the exports (R-9.1-finance).
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "finance_fixture.hpp"
#include "itsm/process/export.hpp"

using namespace itsm;

namespace {

struct finance_world : test::process_fixture, test::finance_estate {
  finance_management& fin = system.finance();
  finance_world() : finance_estate(system) {}

  // The March costs: db01 shared (10.01), SAN and the spare host (3.00, half unallocated), a
  // team working for the webshop only (50.00), and a yearly licence of the payroll application.
  void march_costs() {
    fin.record_cost(fiona, cost("db01 lease", 1001, {db01.id}));
    fin.record_cost(fiona, cost("SAN and spare host", 300, {san.id, spare.id}));
    fin.record_cost(fiona, cost("webshop developers", 5000, {}, {shop.id}));
    fin.record_cost(fiona, cost("payroll licence", 1200, {pay_app.id}, {}, "2026"));
  }
  const service_cost* row(const cost_allocation& a, service_id s) {
    for (const auto& r : a.services)
      if (r.service == s) return &r;
    return nullptr;
  }
};

}  // namespace

TEST_CASE("R-6.4-costs: an even split keeps every minor unit", "[process][finance]") {
  CHECK(split_evenly(1001, 2) == std::vector<std::int64_t>{501, 500});
  CHECK(split_evenly(2, 3) == std::vector<std::int64_t>{1, 1, 0});
  CHECK(split_evenly(0, 1) == std::vector<std::int64_t>{0});
  CHECK(test::code_of([] { split_evenly(5, 0); }) == errc::invalid_argument);
  CHECK(model::valid_period("2026"));
  CHECK(model::valid_period("2026-12"));
  CHECK_FALSE(model::valid_period("2026-13"));
  CHECK_FALSE(model::valid_period("26-01"));
  CHECK(model::period_within("2026-03", "2026"));
  CHECK_FALSE(model::period_within("2026", "2026-03"));
}

TEST_CASE_METHOD(finance_world, "R-6.4-costs: direct costs are allocated, shared costs apportioned over the CMDB graph",
                 "[process][finance]") {
  march_costs();
  const auto march = fin.cost_per_service(viewer, "2026-03");
  REQUIRE(march.services.size() == 2);
  const auto* s = row(march, shop.id);
  const auto* p = row(march, pay.id);
  REQUIRE((s && p));
  CHECK(s->direct == 5000);
  CHECK(s->apportioned == 501 + 75);  // db01's 10.01 over both services (first gets the odd cent); SAN 1.50 / 2
  CHECK(p->direct == 0);
  CHECK(p->apportioned == 500 + 75);
  CHECK(s->total() + p->total() == 1001 + 150 + 5000);
  REQUIRE(march.unallocated.size() == 1);  // the spare host's half of the SAN cost
  CHECK(march.unallocated[0].amount == 150);
  CHECK(march.unallocated[0].why.find(spare.id.key()) != std::string::npos);
  // The year includes its months and the yearly licence.
  CHECK(row(fin.cost_per_service(viewer, "2026"), pay.id)->apportioned == 575 + 1200);
  // The graph is live: once a webshop component also runs on the spare host, it bears that half.
  system.configuration().relate(cmgr, shop_app.id, "runs_on", spare.id);
  const auto after = fin.cost_per_service(viewer, "2026-03");
  CHECK(after.unallocated.empty());
  CHECK(row(after, shop.id)->apportioned == 501 + 75 + 150);
  // A cancelled cost counts nowhere.
  auto dev = fin.costs(viewer, "2026-03")[2];
  dev.cancelled = true;
  fin.update_cost(fiona, dev);
  CHECK(row(fin.cost_per_service(viewer, "2026-03"), shop.id)->direct == 0);
  CHECK(test::code_of([&] { fin.cost_per_service(viewer, "March"); }) == errc::invalid_argument);
}

TEST_CASE_METHOD(finance_world, "R-6.4-costs: bad costs are refused and change nothing", "[process][finance]") {
  auto bad = cost("", -5, {}, {}, "2026-3");
  bad.currency = "eur";
  bad.cost_centre = "";
  auto e = test::error_of([&] { fin.record_cost(fiona, bad); });
  CHECK(e.code() == errc::rule_violation);
  CHECK(e.violates("R-6.4-costs"));
  CHECK(e.violations().size() == 6);  // name, amount, currency, period, cost centre, no CI or service
  CHECK(test::error_of([&] { fin.record_cost(fiona, cost("x", 1, {ci_id(99)}, {service_id(99)})); }).violations().size() == 2);
  CHECK(fin.costs(viewer, "2026").empty());
  // Only finance staff record costs; a customer's users see none.
  CHECK(test::code_of([&] { fin.record_cost(cmgr, cost("x", 1, {db01.id})); }) == errc::permission_denied);
  const actor cust{"cora", {std::string(roles::customer)}, "CUS-1"};
  CHECK(test::code_of([&] { fin.costs(cust, "2026"); }) == errc::permission_denied);
  CHECK(test::code_of([&] { fin.budget_vs_actual(cust, "2026"); }) == errc::permission_denied);
  auto draft = cost("x", 1, {db01.id});
  draft.recorded_by = "someone else";
  CHECK(test::code_of([&] { fin.record_cost(fiona, draft); }) == errc::invalid_argument);
}

TEST_CASE_METHOD(finance_world, "R-6.4-costs: budgets are approved by another, compared with actual costs",
                 "[process][finance]") {
  march_costs();
  auto b = fin.propose_budget(fiona, budget(shop.id, 5000));
  CHECK(b.state == model::budget_state::draft);
  CHECK(b.author == "fiona");
  CHECK(test::code_of([&] { fin.approve_budget(fiona, b.id); }) == errc::permission_denied);  // her own
  CHECK(test::code_of([&] { fin.approve_budget(viewer, b.id); }) == errc::permission_denied);
  b = fin.approve_budget(tess, b.id);
  CHECK(b.approved_by == "tess");
  CHECK(test::error_of([&] { fin.approve_budget(felix, b.id); }).violates("R-6.4-costs"));  // approved already
  CHECK(test::error_of([&] { fin.propose_budget(felix, budget(shop.id, 1)); }).violates("R-6.4-costs"));  // a second one
  auto usd = budget(pay.id, 700);
  usd.currency = "USD";
  const auto pay_budget = fin.propose_budget(fiona, usd);  // payroll has only apportioned costs so far
  // A direct cost in another currency than its service's budget is refused, and vice versa.
  auto usd_cost = cost("consultant", 100, {}, {shop.id});
  usd_cost.currency = "USD";
  CHECK(test::error_of([&] { fin.record_cost(fiona, usd_cost); }).violates("R-6.4-costs"));
  auto other = budget(shop.id, 9000, "2026-04");
  fin.record_cost(fiona, cost("april team", 100, {}, {shop.id}, "2026-04"));
  other.currency = "GBP";
  CHECK(test::error_of([&] { fin.propose_budget(fiona, other); }).violates("R-6.4-costs"));

  auto rows = fin.budget_vs_actual(viewer, "2026-03");
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].service == shop.id);
  CHECK(rows[0].actual == 5576);
  CHECK(rows[0].variance == -576);
  CHECK(rows[0].over_budget);
  CHECK(rows[1].service == pay.id);
  CHECK_FALSE(rows[1].approved);
  CHECK(rows[1].actual == 0);  // its costs are in EUR, its budget in USD: not comparable
  CHECK(rows[1].other_currencies == std::vector<std::string>{"EUR"});
  const auto over = fin.over_budget(viewer, "2026-03");
  REQUIRE(over.size() == 1);
  CHECK(over[0].budget == b.id);
  // A revision is a new draft version by its reviser, approved again by someone else.
  auto raised = b;
  raised.amount = 6000;
  raised = fin.revise_budget(felix, raised);
  CHECK(raised.version == 2);
  CHECK(raised.state == model::budget_state::draft);
  CHECK(fin.over_budget(viewer, "2026-03").empty());
  CHECK(test::code_of([&] { fin.approve_budget(felix, raised.id); }) == errc::permission_denied);
  raised = fin.approve_budget(fiona, raised.id);
  CHECK(fin.budget_vs_actual(viewer, "2026-03")[0].variance == 424);
  CHECK(test::code_of([&] { fin.revise_budget(felix, b); }) == errc::conflict);  // a stale revision
  CHECK(fin.budgets(viewer, "2026").size() == 2);
  CHECK(pay_budget.currency == "USD");
}

TEST_CASE_METHOD(finance_world, "R-9.1-finance: the CIs' asset tag and cost centre are exported for finance",
                 "[process][finance]") {
  auto tagged = db01;
  tagged.asset_tag = "INV-0042";
  tagged.cost_centre = "CC-100";
  tagged = system.configuration().update(cmgr, tagged);
  fin.record_cost(fiona, cost("db01 lease", 1001, {db01.id}));
  fin.record_cost(fiona, cost("SAN and db01 power", 300, {san.id, db01.id}));
  const auto doc = nlohmann::json::parse(fin.export_assets(viewer, "2026-03"));
  CHECK(doc["schema"] == "itsm.finance-assets/1");
  const auto& assets = doc["assets"];
  const auto it = std::find_if(assets.begin(), assets.end(), [&](const auto& a) { return a["ci"] == db01.id.key(); });
  REQUIRE(it != assets.end());
  CHECK((*it)["asset_tag"] == "INV-0042");
  CHECK((*it)["cost_centre"] == "CC-100");
  CHECK((*it)["costs"]["EUR"] == 1001 + 150);
  CHECK(nlohmann::json::parse(export_json(tagged))["fields"]["cost_centre"] == "CC-100");

  model::finance_policy pol;
  pol.ci_types = {"host"};
  pol = fin.set_policy(fiona, pol);
  pol.currency = "euro";
  CHECK(test::error_of([&] { fin.set_policy(fiona, pol); }).violates("R-9.1-finance"));
  pol.currency = "CHF";
  CHECK(fin.set_policy(fiona, pol).revision == 2);
  CHECK(fin.policy(viewer)->currency == "CHF");
  CHECK(test::code_of([&] { fin.set_policy(cmgr, pol); }) == errc::permission_denied);
  CHECK(system.verify().ok());  // every write, the policy's change included, matches its trail
}
