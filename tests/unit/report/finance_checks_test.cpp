// The conformance checks of budgeting and accounting: every live service has an approved budget
// for the period and its costs are accounted, none left unallocated (R-6.4-costs); live CIs carry
// the finance fields the finance policy requires (R-9.1-finance).
#include <catch2/catch.hpp>

#include "conformance_fixture.hpp"
#include "unit/process/finance_fixture.hpp"

using namespace itsm;
using report::verdict;
using test::names;

namespace {

struct checked : test::process_fixture, test::finance_estate {
  const period march{parse_iso("2026-03-01T00:00:00Z"), parse_iso("2026-04-01T00:00:00Z")};
  checked() : finance_estate(system) {}
  report::check_result result(const std::string& id) { return test::check_of(system, reader, march, id); }
};

}  // namespace

TEST_CASE_METHOD(checked, "R-6.4-costs: live services budgeted and their costs accounted", "[report][finance]") {
  CHECK(result("R-6.4-costs").outcome == verdict::no_evidence);
  auto& fin = system.finance();
  fin.record_cost(fiona, cost("db01 lease", 1001, {db01.id}));
  auto r = result("R-6.4-costs");
  CHECK(r.outcome == verdict::nonconformity);  // no budget
  CHECK(names(r, shop.id.key()));
  CHECK(names(r, pay.id.key()));
  fin.propose_budget(fiona, budget(shop.id, 600));
  fin.approve_budget(felix, fin.propose_budget(fiona, budget(pay.id, 6000, "2026")).id);  // a yearly budget covers March
  r = result("R-6.4-costs");
  CHECK(r.outcome == verdict::nonconformity);  // the webshop's budget is still a draft
  CHECK(names(r, shop.id.key()));
  CHECK_FALSE(names(r, pay.id.key()));
  fin.approve_budget(tess, fin.budgets(viewer, "2026-03")[0].id);
  r = result("R-6.4-costs");
  CHECK(r.outcome == verdict::conforms);
  CHECK(r.records.size() == 2);  // the two budgets
  const auto spare_cost = fin.record_cost(fiona, cost("spare host", 200, {spare.id}));
  r = result("R-6.4-costs");
  CHECK(r.outcome == verdict::nonconformity);  // no live service bears it
  CHECK(r.records == std::vector<std::string>{spare_cost.id.key()});
}

TEST_CASE_METHOD(checked, "R-9.1-finance: live CIs carry the finance fields the policy requires", "[report][finance]") {
  CHECK(result("R-9.1-finance").outcome == verdict::no_evidence);  // no policy
  model::finance_policy pol;
  pol.ci_types = {"host"};
  pol.require_asset_tag = true;
  pol.require_cost_centre = true;
  system.finance().set_policy(fiona, pol);
  auto r = result("R-9.1-finance");
  CHECK(r.outcome == verdict::nonconformity);
  CHECK(r.records.size() == 3);  // san, db01, spare; the applications are not hosts
  for (auto ci : {san, db01, spare}) {
    ci.asset_tag = "INV-" + ci.name;
    ci.cost_centre = "CC-100";
    system.configuration().update(cmgr, ci);
  }
  r = result("R-9.1-finance");
  CHECK(r.outcome == verdict::conforms);
  CHECK(names(r, db01.id.key()));
  CHECK_FALSE(names(r, shop_app.id.key()));
}
