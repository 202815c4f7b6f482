// Impact analysis under a customer-scoped read policy (R-9.1-access): a vendor lets its
// customers' users read their own CIs; changes().impact_of walks the whole CMDB but tells such a
// caller only of the impacted CIs and services they may see. Staff see the whole impact.
#include <catch2/catch.hpp>

#include "fixture.hpp"
#include "itsm/model/customer.hpp"
#include "itsm/model/service.hpp"

using namespace itsm;

namespace {

struct shared_platform {
  std::shared_ptr<storage::backend> store = storage::make_memory_backend();
  sms system{store, sms_options{std::make_shared<manual_clock>(parse_iso("2026-03-02T08:00:00Z")),
                                std::make_shared<role_policy>(role_policy::defaults()
                                                                  .grant(std::string(roles::customer), "configuration_item", "read")
                                                                  .grant(std::string(roles::customer), "relationship", "read")),
                                nullptr,
                                {}}};
  actor cm{"carla", {std::string(roles::configuration_manager)}};
  actor slm{"sam", {std::string(roles::service_level_manager)}};
  actor staff{"rita", {std::string(roles::change_manager)}};
  model::customer acme, bobco;
  model::configuration_item db, acme_app, bob_app;
  model::service bob_payroll;
  actor alice;

  shared_platform() {
    auto& conf = system.configuration();
    auto& sl = system.service_level();
    acme = sl.add_customer(slm, {.name = "ACME", .description = "retail"});
    bobco = sl.add_customer(slm, {.name = "Bob & Co", .description = "payroll"});
    alice = actor{"alice", {std::string(roles::customer)}, acme.id.key()};
    bob_payroll = sl.add_service(slm, {.name = "Bob payroll", .description = "only Bob & Co",
                                       .status = model::service_status::live, .dedicated_to = bobco.id});
    conf.define_type(cm, model::ci_type{"host", 0, "", "a server", {}, {}});
    conf.define_type(cm, model::ci_type{"application", 0, "", "software", {}, {"depends_on"}});
    db = conf.create(cm, test::ci_draft("host", "shared-db"));  // shared infrastructure
    auto a = test::ci_draft("application", "acme-shop");
    a.customer = acme.id;
    acme_app = conf.create(cm, a);
    auto b = test::ci_draft("application", "bob-payroll-app");
    b.customer = bobco.id;
    b.services = {bob_payroll.id};
    bob_app = conf.create(cm, b);
    conf.relate(cm, acme_app.id, "depends_on", db.id);
    conf.relate(cm, bob_app.id, "depends_on", db.id);
  }
};

}  // namespace

TEST_CASE_METHOD(shared_platform, "R-9.1-access: impact_of shows a customer's user only the impact they may see",
                 "[process][change][customer]") {
  const auto all = system.changes().impact_of(staff, {db.id});
  REQUIRE(all.cis.size() == 2);  // both applications depend on the shared database
  CHECK(all.services == std::vector<service_id>{bob_payroll.id});

  const auto mine = system.changes().impact_of(alice, {db.id});
  CHECK(mine.cis == std::vector<ci_id>{acme_app.id});  // not Bob & Co's application
  CHECK(mine.services.empty());                       // nor its dedicated service
}
