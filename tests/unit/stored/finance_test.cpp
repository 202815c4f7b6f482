// Budgeting and accounting on a durable store (a SQLite file, a PostgreSQL schema: store.hpp):
// costs, budgets and the finance policy survive reopening; cost per service and budget against
// actual read back the same; a CI's cost centre is stored; the apportionment rule survives and
// apportions after reopening (R-6.4-costs, R-9.1-finance).
#include <catch2/catch.hpp>

#include "itsm/core/clock.hpp"
#include "itsm/process/sms.hpp"
#include "store.hpp"
#include "unit/process/finance_fixture.hpp"

using namespace itsm;

TEST_CASE("R-6.4-costs R-9.1-finance: costs and budgets on a durable store, across reopening", "[stored][finance]") {
  const auto path = stored_test::fresh("finance");
  auto clk = std::make_shared<manual_clock>(parse_iso("2026-03-01T00:00:00Z"));
  service_id shop, pay;
  ci_id db01;
  {
    sms system(stored_test::open(path), sms_options{clk, nullptr, nullptr, {}});
    test::finance_estate estate(system);
    shop = estate.shop.id;
    pay = estate.pay.id;
    db01 = estate.db01.id;
    auto tagged = estate.db01;
    tagged.cost_centre = "CC-100";
    system.configuration().update(estate.cmgr, tagged);
    auto& fin = system.finance();
    fin.record_cost(estate.fiona, estate.cost("db01 lease", 1001, {db01}));
    fin.record_cost(estate.fiona, estate.cost("webshop developers", 5000, {}, {shop}));
    fin.approve_budget(estate.felix, fin.propose_budget(estate.fiona, estate.budget(shop, 5000)).id);
    fin.set_policy(estate.fiona, model::finance_policy{});
    model::apportionment_policy rule;
    rule.rules = {{"2026-04", "", model::apportionment_method::weights, {{shop, 3}, {pay, 1}}}};
    fin.set_apportionment(estate.fiona, rule);
    fin.record_cost(estate.fiona, estate.cost("db01 lease", 1001, {db01}, {}, "2026-04"));
    CHECK(test::code_of([&] { fin.approve_budget(estate.fiona, fin.propose_budget(estate.fiona, estate.budget(pay, 1)).id); }) ==
          errc::permission_denied);
  }
  sms system(stored_test::open(path), sms_options{clk, nullptr, nullptr, {}});
  const actor viewer{"vera", {std::string(roles::viewer)}};
  auto& fin = system.finance();
  const auto a = fin.cost_per_service(viewer, "2026-03");
  REQUIRE(a.services.size() == 2);
  CHECK(a.services[0].total() == 5000 + 501);
  CHECK(a.services[1].total() == 500);
  const auto over = fin.over_budget(viewer, "2026-03");
  REQUIRE(over.size() == 1);
  CHECK(over[0].variance == -501);
  CHECK(fin.budgets(viewer, "2026-03").size() == 2);
  CHECK(fin.policy(viewer).has_value());
  // March predates the rule (even, above); April is apportioned 3:1 by it, and says so.
  const auto april = fin.cost_per_service(viewer, "2026-04");
  REQUIRE(april.services.size() == 2);
  CHECK(april.services[0].apportioned == 751);  // 750.75 and 250.25: the odd cent to the larger fraction
  CHECK(april.services[1].apportioned == 250);
  CHECK(april.services[0].shares.at(0).method == model::apportionment_method::weights);
  CHECK(april.services[0].shares.at(0).policy_revision == 1);
  CHECK(fin.apportionment(viewer)->rules.at(0).weights.size() == 2);
  CHECK(system.configuration().find(viewer, db01)->cost_centre == "CC-100");
  CHECK(system.verify().ok());
}
