// A small estate for the assurance tests, on any store: the webshop service runs on an
// application hosted by a 2-of-3 cluster (web-1..3), with a 99 % availability requirement over
// 24×7 service hours. Used by the process, SQLite and conformance tests.
#pragma once

#include <memory>

#include "fixture.hpp"
#include "itsm/process/sms.hpp"

namespace itsm::test {

struct assurance_estate {
  actor cmgr{"carla", {std::string(roles::configuration_manager)}};
  actor slm{"sam", {std::string(roles::service_level_manager)}};
  actor im{"ida", {std::string(roles::incident_manager)}};
  actor viewer{"vera", {std::string(roles::viewer)}};
  model::service shop;
  model::configuration_item app, pool, h1, h2, h3;
  model::availability_requirement req;

  explicit assurance_estate(sms& system) {
    auto& conf = system.configuration();
    conf.define_type(cmgr, model::ci_type{"host", 0, "", "a server", {}, {"member_of"}});
    conf.define_type(cmgr, model::ci_type{"cluster", 0, "", "k of n hosts", {{"required_members", value_type::integer, true}}, {}});
    conf.define_type(cmgr, model::ci_type{"application", 0, "", "software", {}, {"runs_on"}});
    model::service s;
    s.name = "webshop";
    s.owner = "sam";
    s.status = model::service_status::live;
    shop = system.service_level().add_service(slm, s);
    pool = conf.create(cmgr, ci("cluster", "web-pool", {{"required_members", value(std::int64_t{2})}}));
    h1 = conf.create(cmgr, ci("host", "web-1"));
    h2 = conf.create(cmgr, ci("host", "web-2"));
    h3 = conf.create(cmgr, ci("host", "web-3"));
    auto a = ci("application", "shop");
    a.services = {shop.id};
    app = conf.create(cmgr, a);
    for (const auto& h : {h1, h2, h3}) conf.relate(cmgr, h.id, "member_of", pool.id);
    conf.relate(cmgr, app.id, "runs_on", pool.id);
    model::availability_requirement r;
    r.service = shop.id;
    r.target_percent = 99.0;
    r.agreed_with = "webshop service review 2026-02";
    req = system.assurance().require_availability(slm, r);
  }

  static model::configuration_item ci(std::string type, std::string name, model::attribute_map attrs = {}) {
    return ci_draft(std::move(type), std::move(name), std::move(attrs));
  }
  static model::outage down(ci_id ci, const char* from, const char* to) {
    model::outage o;
    o.ci = ci;
    o.start = parse_iso(from);
    o.end = parse_iso(to);
    return o;
  }
};

}  // namespace itsm::test
