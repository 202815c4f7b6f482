// A small estate for the finance tests, on any store: two live services, webshop and payroll,
// whose applications run on one shared host db01, which sits on the SAN; a spare host no service
// depends on; finance managers, top management and a customer's user. Helpers draft costs and
// budgets. Used by the process, SQLite and conformance tests.
#pragma once

#include <string>
#include <vector>

#include "fixture.hpp"
#include "itsm/process/management.hpp"
#include "itsm/process/sms.hpp"

namespace itsm::test {

struct finance_estate {
  actor cmgr{"carla", {std::string(roles::configuration_manager)}};
  actor slm{"sam", {std::string(roles::service_level_manager)}};
  actor fiona{"fiona", {std::string(finance_manager_role)}};
  actor felix{"felix", {std::string(finance_manager_role)}};
  actor tess{"tess", {std::string(top_management_role)}};
  actor viewer{"vera", {std::string(roles::viewer)}};
  model::service shop, pay;
  model::configuration_item san, db01, shop_app, pay_app, spare;

  explicit finance_estate(sms& system) {
    auto& conf = system.configuration();
    conf.define_type(cmgr, model::ci_type{"host", 0, "", "a server", {}, {"runs_on"}});
    conf.define_type(cmgr, model::ci_type{"application", 0, "", "software", {}, {"runs_on"}});
    shop = service(system, "webshop");
    pay = service(system, "payroll");
    san = conf.create(cmgr, ci_draft("host", "san"));
    db01 = conf.create(cmgr, ci_draft("host", "db01"));
    spare = conf.create(cmgr, ci_draft("host", "spare"));
    auto a = ci_draft("application", "shop");
    a.services = {shop.id};
    shop_app = conf.create(cmgr, a);
    a = ci_draft("application", "payroll");
    a.services = {pay.id};
    pay_app = conf.create(cmgr, a);
    conf.relate(cmgr, db01.id, "runs_on", san.id);
    conf.relate(cmgr, shop_app.id, "runs_on", db01.id);
    conf.relate(cmgr, pay_app.id, "runs_on", db01.id);
  }

  model::service service(sms& system, std::string name) {
    model::service s;
    s.name = std::move(name);
    s.owner = "sam";
    s.status = model::service_status::live;
    return system.service_level().add_service(slm, s);
  }

  static model::cost_item cost(std::string name, std::int64_t amount, std::vector<ci_id> cis,
                               std::vector<service_id> services = {}, std::string period = "2026-03") {
    model::cost_item c;
    c.name = std::move(name);
    c.amount = amount;
    c.currency = "EUR";
    c.period = std::move(period);
    c.cost_centre = "CC-100";
    c.cis = std::move(cis);
    c.services = std::move(services);
    return c;
  }
  static model::budget budget(service_id s, std::int64_t amount, std::string period = "2026-03") {
    model::budget b;
    b.service = s;
    b.amount = amount;
    b.currency = "EUR";
    b.period = std::move(period);
    return b;
  }
  // Budgets both services for March 2026 (proposed by fiona, approved by felix).
  void approved_budgets(sms& system, std::int64_t shop_amount, std::int64_t pay_amount) {
    for (auto [s, amount] : {std::pair{shop.id, shop_amount}, std::pair{pay.id, pay_amount}})
      system.finance().approve_budget(felix, system.finance().propose_budget(fiona, budget(s, amount)).id);
  }
};

}  // namespace itsm::test
