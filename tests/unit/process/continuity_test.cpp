// Continuity and availability plans (clause 6.3): versioned plans revised only under an RFC in
// implementation (R-6.3-plans), plan tests with results and follow-up (R-6.3-test), the plans an
// RFC touches (R-6.3-rfc) and the standalone export of a plan with its CMDB subset.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "change_fixture.hpp"
#include "support/errors.hpp"

using namespace itsm;
using model::test_result;

namespace {

struct plans_fx : test::change_world {
  continuity_management& cont = system.continuity();
  actor sam{"sam", {std::string(roles::service_level_manager)}};
  model::continuity_plan shop_plan, db02_plan;

  plans_fx() {
    continuity_answer = "the recovery plans still apply";
    shop_plan = cont.add_plan(sam, plan("webshop recovery", {}, {webshop.id}));
    db02_plan = cont.add_plan(sam, plan("db02 restore", {db02.id}, {}));
  }
  static model::continuity_plan plan(std::string name, std::vector<ci_id> cis, std::vector<service_id> services) {
    model::continuity_plan p;
    p.name = std::move(name);
    p.owner = "sam";
    p.content = "1. fail over to the standby site  2. restore from last night's backup";
    p.contacts = {"Sam Lee, service owner, +49 30 1234567", "NOC, 24x7, noc@example.org"};
    p.covered_cis = std::move(cis);
    p.covered_services = std::move(services);
    p.test_interval_days = 180;
    return p;
  }
};

}  // namespace

TEST_CASE_METHOD(plans_fx, "R-6.3-plans: plans are versioned records changed only under an RFC in implementation",
                 "[process][continuity]") {
  CHECK(shop_plan.id.key() == "CTP-1");
  CHECK(shop_plan.version == 1);
  CHECK(shop_plan.approved_at == clk->now());
  auto bad = plan("", {}, {});
  bad.test_interval_days = 0;
  auto e = test::error_of([&] { cont.add_plan(sam, bad); });
  CHECK(e.code() == errc::rule_violation);
  CHECK(e.violates("R-6.3-plans"));
  CHECK(e.violations().size() == 3);  // name, coverage, interval
  CHECK(test::error_of([&] { cont.add_plan(rita, plan("x", {db01.id}, {})); }).code() == errc::permission_denied);

  auto edited = shop_plan;
  edited.content += "  3. tell the customers";
  e = test::error_of([&] { cont.revise_plan(sam, edited, {}); });
  CHECK(e.violates("R-6.3-plans"));  // no RFC
  const auto rfc = approved({db01.id});
  e = test::error_of([&] { cont.revise_plan(sam, edited, {"", rfc.id.key()}); });
  CHECK(e.violates("R-6.3-plans"));  // approved, not implementing yet
  CHECK(cont.find(reader, shop_plan.id)->version == 1);

  const auto live = implementing({db02.id}, window(3));
  const auto v2 = cont.revise_plan(sam, edited, {"plan after the site move", live.id.key()});
  CHECK(v2.version == 2);
  CHECK(v2.changed_under == live.id.key());
  CHECK(cont.find(reader, shop_plan.id)->content == edited.content);
  CHECK(test::error_of([&] { cont.revise_plan(sam, edited, {"", live.id.key()}); }).code() == errc::conflict);
}

TEST_CASE_METHOD(plans_fx, "R-6.3-test: plan tests record the version tested, results and follow-up", "[process][continuity]") {
  auto e = test::error_of([&] { cont.record_test(sam, shop_plan.id, test_result::failed, "standby site DNS stale"); });
  CHECK(e.violates("R-6.3-test"));  // a failure needs its follow-up
  CHECK(test::error_of([&] { cont.record_test(sam, shop_plan.id, test_result::passed, ""); }).violates("R-6.3-test"));
  const auto t = cont.record_test(sam, shop_plan.id, test_result::failed, "standby site DNS stale",
                                  "automate the DNS switch (RFC to follow)");
  CHECK(t.plan_version == 1);
  CHECK(t.recorded_by == "sam");
  CHECK(cont.tests(reader, shop_plan.id).size() == 1);
  CHECK(cont.tests(reader, db02_plan.id).empty());
  CHECK(test::error_of([&] { cont.record_test(sam, continuity_plan_id(77), test_result::passed, "ok"); }).code() ==
        errc::not_found);
}

TEST_CASE_METHOD(plans_fx, "R-6.3-rfc: an RFC's assessment lists the plans whose CIs or services it touches",
                 "[process][continuity]") {
  const auto r = assessed({db01.id});  // shop runs on db01: webshop is impacted, db02 is not
  const auto touched = cont.plans_touched_by(reader, r.id);
  REQUIRE(touched.size() == 1);
  CHECK(touched[0].id == shop_plan.id);
  const auto other = assessed({db02.id});
  REQUIRE(cont.plans_touched_by(reader, other.id).size() == 1);
  CHECK(cont.plans_touched_by(reader, other.id)[0].id == db02_plan.id);
  CHECK(test::error_of([&] { cont.plans_touched_by(reader, rfc_id(99)); }).code() == errc::not_found);
}

TEST_CASE_METHOD(plans_fx, "R-6.3-plans: a plan exports to one standalone JSON file with contacts and its CMDB subset",
                 "[process][continuity]") {
  cont.record_test(sam, shop_plan.id, test_result::passed, "failover in 14 minutes");
  const auto doc = nlohmann::json::parse(cont.export_plan(reader, shop_plan.id));
  CHECK(doc["schema"] == "itsm.plan/1");
  CHECK(doc["plan"]["name"] == "webshop recovery");
  CHECK(doc["contacts"].size() == 2);
  CHECK(doc["tests"][0]["findings"] == "failover in 14 minutes");
  std::set<std::string> cis;
  for (const auto& c : doc["cmdb"]["configuration_items"]) cis.insert(c["name"].get<std::string>());
  CHECK(cis == std::set<std::string>{"shop", "db01"});  // what webshop depends on, not db02
  CHECK(doc["cmdb"]["services"][0]["name"] == "webshop");
  CHECK(test::error_of([&] { cont.export_plan(reader, continuity_plan_id(9)); }).code() == errc::not_found);
  const actor customer_user{"cleo", {std::string(roles::customer)}, "CUS-1"};
  CHECK(test::error_of([&] { cont.export_plan(customer_user, shop_plan.id); }).code() == errc::permission_denied);
}
