// Indirect costs apportioned by the stored rule (R-6.4-costs): the largest-remainder split keeps
// every minor unit; the rule in force for a cost's cost centre and period (even, weights,
// ci_count) apportions it and is named in the result; a cost whose services all weigh 0 is
// reported as unallocated; bad rules are refused citing R-6.4-costs and change nothing.
#include <catch2/catch.hpp>

#include <limits>

#include "finance_fixture.hpp"

using namespace itsm;

namespace {

struct apportion_world : test::process_fixture, test::finance_estate {
  finance_management& fin = system.finance();
  apportion_world() : finance_estate(system) {}

  static model::apportionment_rule rule(std::string from, model::apportionment_method m,
                                        std::vector<model::service_weight> weights = {}, std::string centre = "") {
    return {std::move(from), std::move(centre), m, std::move(weights)};
  }
  const service_cost& row(const cost_allocation& a, service_id s) {
    for (const auto& r : a.services)
      if (r.service == s) return r;
    FAIL("no cost row for " << s.key());
    throw;
  }
};

}  // namespace

TEST_CASE("R-6.4-costs: a split by weights keeps every minor unit, ties to the earlier service", "[process][finance]") {
  CHECK(split_by_weights(1001, {70, 30}) == std::vector<std::int64_t>{701, 300});
  CHECK(split_by_weights(1000, {4, 3}) == std::vector<std::int64_t>{571, 429});  // .43 and .57: the 1 goes to .57
  CHECK(split_by_weights(1, {1, 1, 1}) == std::vector<std::int64_t>{1, 0, 0});
  CHECK(split_by_weights(1, {0, 5, 5}) == std::vector<std::int64_t>{0, 1, 0});
  CHECK(split_by_weights(10, {1, 1, 1}) == split_evenly(10, 3));
  CHECK(test::code_of([] { split_by_weights(5, {0, 0}); }) == errc::invalid_argument);
  CHECK(test::code_of([] { split_by_weights(5, {2, -1}); }) == errc::invalid_argument);
  CHECK(test::code_of([] { split_by_weights(-5, {2, 1}); }) == errc::invalid_argument);  // would not add up
  CHECK(test::code_of([] { split_evenly(-5, 2); }) == errc::invalid_argument);
  const auto big = std::numeric_limits<std::int64_t>::max();
  for (std::int64_t amount : {std::int64_t{0}, std::int64_t{1}, std::int64_t{2}, std::int64_t{999'999}, big}) {
    std::vector<std::int64_t> many;
    for (int i = 0; i < 997; ++i) many.push_back((i * 7919) % 1'000'001);  // uneven, some 0
    for (const auto& weights : {many, std::vector<std::int64_t>{1}, std::vector<std::int64_t>{1'000'000, 1, 1}}) {
      const auto shares = split_by_weights(amount, weights);
      std::int64_t sum = 0;
      for (std::size_t i = 0; i < shares.size(); ++i) {
        CHECK(shares[i] >= 0);
        if (weights[i] == 0) CHECK(shares[i] == 0);
        sum += shares[i];
      }
      CHECK(sum == amount);
    }
  }
}

TEST_CASE_METHOD(apportion_world, "R-6.4-costs: shared costs follow the stored rule in force for their period",
                 "[process][finance]") {
  system.configuration().relate(cmgr, shop_app.id, "runs_on", spare.id);  // the webshop: 4 CIs, payroll: 3
  for (const char* month : {"2026-02", "2026-03", "2026-04"}) fin.record_cost(fiona, cost("db01", 1000, {db01.id}, {}, month));
  auto other = cost("db01 support", 1000, {db01.id});
  other.cost_centre = "CC-200";
  fin.record_cost(fiona, other);
  // No policy stored: even, as always.
  CHECK(row(fin.cost_per_service(viewer, "2026-03"), shop.id).apportioned == 500 + 500);
  CHECK_FALSE(fin.apportionment(viewer));

  model::apportionment_policy p;
  p.rules = {rule("2026-03", model::apportionment_method::weights, {{shop.id, 70}, {pay.id, 30}}),
             rule("2026-04", model::apportionment_method::ci_count),
             rule("2026", model::apportionment_method::even, {}, "CC-200")};
  p = fin.set_apportionment(fiona, p, {"agreed shares for 2026", ""});
  CHECK(p.revision == 1);
  CHECK(last_audit().kind == "apportionment_policy");
  CHECK(last_audit().actor == "fiona");

  const auto feb = fin.cost_per_service(viewer, "2026-02");  // before every rule: even
  CHECK(row(feb, shop.id).apportioned == 500);
  REQUIRE(row(feb, shop.id).shares.size() == 1);
  CHECK(row(feb, shop.id).shares[0].method == model::apportionment_method::even);
  CHECK(row(feb, shop.id).shares[0].rule_from.empty());
  CHECK(row(feb, shop.id).shares[0].policy_revision == 1);

  const auto march = fin.cost_per_service(viewer, "2026-03");
  CHECK(row(march, shop.id).apportioned == 700 + 500);  // CC-100 by 70:30, CC-200 evenly by its own rule
  CHECK(row(march, pay.id).apportioned == 300 + 500);
  const auto& shares = row(march, shop.id).shares;
  REQUIRE(shares.size() == 2);
  CHECK(shares[0].method == model::apportionment_method::weights);
  CHECK(shares[0].rule_from == "2026-03");
  CHECK(shares[0].amount == 700);
  CHECK(shares[1].method == model::apportionment_method::even);
  CHECK(shares[1].rule_from == "2026");

  const auto april = fin.cost_per_service(viewer, "2026-04");  // by CI count 4:3
  CHECK(row(april, shop.id).apportioned == 571);
  CHECK(row(april, pay.id).apportioned == 429);
  CHECK(row(april, pay.id).shares[0].method == model::apportionment_method::ci_count);
  // The year is the sum of its months, each by its own rule.
  CHECK(row(fin.cost_per_service(viewer, "2026"), shop.id).apportioned == 500 + 700 + 500 + 571);

  // A rule naming neither service leaves db01's part unallocated, and says why.
  const auto intranet = service(system, "intranet");
  p.rules[0].weights = {{intranet.id, 1}};
  p = fin.set_apportionment(fiona, p);
  CHECK(p.revision == 2);
  const auto left = fin.cost_per_service(viewer, "2026-03");
  REQUIRE(left.unallocated.size() == 1);
  CHECK(left.unallocated[0].amount == 1000);
  CHECK(left.unallocated[0].why.find("all weigh 0") != std::string::npos);
  CHECK(left.unallocated[0].why.find("revision 2") != std::string::npos);
}

TEST_CASE_METHOD(apportion_world, "R-6.4-costs: bad apportionment rules are refused and change nothing",
                 "[process][finance]") {
  model::apportionment_policy p;
  p.rules = {rule("2026-03", model::apportionment_method::weights, {{shop.id, 1}})};
  p = fin.set_apportionment(fiona, p);
  auto unchanged = [&] {
    const auto stored = fin.apportionment(viewer);
    return stored && stored->revision == p.revision && stored->rules == p.rules;
  };
  auto refused = [&](model::apportionment_policy bad) {
    const auto e = test::error_of([&] { fin.set_apportionment(fiona, bad); });
    CHECK(e.code() == errc::rule_violation);
    CHECK(e.violates("R-6.4-costs"));
    CHECK(unchanged());
  };
  auto bad = p;
  bad.rules[0].weights = {{shop.id, -1}, {pay.id, 5}};
  refused(bad);
  bad.rules[0].weights = {{service_id(99), 5}};  // not in the catalogue
  refused(bad);
  bad.rules[0] = rule("March", model::apportionment_method::even);
  refused(bad);
  bad.rules[0] = rule("2026-03", model::apportionment_method::ci_count, {{shop.id, 1}});  // weights need method weights
  refused(bad);

  // The JSON form: an unknown method, a weight that is not a non-negative integer.
  for (const char* text : {R"({"rules":[{"from":"2026-03","method":"by_headcount"}]})",
                           R"({"rules":[{"from":"2026-03","method":"weights","weights":{"SVC-1":2.5}}]})",
                           R"({"rules":[{"from":"2026-03","method":"weights","weights":{"SVC-1":-3}}]})"}) {
    const auto e = test::error_of([&] { model::apportionment_policy_from_json(text); });
    CHECK(e.code() == errc::rule_violation);
    CHECK(e.violates("R-6.4-costs"));
  }
  CHECK(test::code_of([] { model::apportionment_policy_from_json(R"({"rules":[{"form":"2026"}]})"); }) ==
        errc::invalid_argument);
  CHECK(test::code_of([] { model::apportionment_policy_from_json("{"); }) == errc::invalid_argument);
  CHECK(model::apportionment_policy_from_json(model::to_json(p)).rules == p.rules);

  // Only the finance manager sets the rule; a stale revision conflicts; customers read none.
  CHECK(test::code_of([&] { fin.set_apportionment(cmgr, p); }) == errc::permission_denied);
  auto stale = p;
  stale.revision = 0;
  CHECK(test::code_of([&] { fin.set_apportionment(fiona, stale); }) == errc::conflict);
  const actor cust{"cora", {std::string(roles::customer)}, "CUS-1"};
  CHECK(test::code_of([&] { fin.apportionment(cust); }) == errc::permission_denied);
  CHECK(unchanged());
}
