// Shared set-up for the relationship tests (memory and SQLite): the change world's CMDB plus a
// 2-of-3 web pool with a supplier contract, a WAN link with another, an SLA on webshop, a
// customer and the actors of supplier and service level management.
#pragma once

#include "change_fixture.hpp"
#include "itsm/model/relations.hpp"

namespace itsm::test {

struct relations_world : change_world {
  relationship_management& rel;
  actor sam{"sam", {"supplier_manager"}};
  actor sue{"sue", {std::string(roles::service_level_manager)}};
  actor dave{"dave", {std::string(roles::service_desk)}};
  model::configuration_item pool, h1, h2, h3, wan;
  model::sla gold;
  model::customer acme;
  model::party hostco, netco, unix_team;

  relations_world() : rel(system.relationships()) {
    auto& conf = system.configuration();
    conf.define_type(carla, {"host", 0, "", "a web host", {}, {"member_of"}});
    conf.define_type(carla, {"cluster", 0, "", "k of n hosts", {{"required_members", value_type::integer, true}}, {}});
    conf.define_type(carla, {"network", 0, "", "a carrier link", {}, {}});
    model::configuration_item c;
    c.type = "cluster";
    c.name = "web-pool";
    c.status = model::ci_status::live;
    c.attributes = {{"required_members", value(std::int64_t{2})}};
    pool = conf.create(carla, c);
    h1 = ci("host", "web-1");
    h2 = ci("host", "web-2");
    h3 = ci("host", "web-3");
    for (const auto& h : {h1, h2, h3}) conf.relate(carla, h.id, "member_of", pool.id);
    wan = ci("network", "wan-link");
    conf.relate(carla, shop.id, "runs_on", pool.id);
    conf.relate(carla, shop.id, "depends_on", wan.id);
    model::sla s;
    s.name = "webshop gold";
    s.service = webshop.id;
    s.availability_target = 99.5;
    s.targets = {{1, 30, 240}, {2, 60, 480}};
    gold = system.service_level().define_sla(root, s);
    model::customer cu;
    cu.name = "Acme";
    cu.contact = "alice";
    acme = system.service_level().add_customer(root, cu);
    hostco = rel.add_party(sam, supplier("HostCo", "sam"));
    netco = rel.add_party(sam, supplier("NetCo", "nina"));
    model::party team;
    team.name = "Unix team";
    team.type = model::party_type::internal_group;
    team.manager = "uma";
    unix_team = rel.add_party(sam, team);
  }

  static model::party supplier(std::string name, std::string manager) {
    model::party p;
    p.name = std::move(name);
    p.manager = std::move(manager);
    return p;
  }
  // A contract stating every clause field (R-7.2-contract), 24x7 unless `calendar` says otherwise.
  static model::agreement contract(std::string name, party_id with, std::vector<ci_id> covers,
                                   std::vector<model::sla_target> targets, double availability,
                                   std::string calendar = {}) {
    model::agreement a;
    a.name = std::move(name);
    a.party = with;
    a.covers = std::move(covers);
    a.targets = std::move(targets);
    a.availability_target = availability;
    a.calendar = std::move(calendar);
    a.scope = "operate the covered CIs";
    a.dependencies = "power and rack space from the provider";
    a.requirements = "ISO/IEC 27001 certified operations";
    a.interfaces = "incidents through the provider's service desk API";
    a.workload = "up to 50 incidents a month";
    a.exceptions = "announced maintenance on Sundays";
    a.authorities = "provider's contract manager approves changes";
    a.reporting = "monthly performance report";
    a.charging_basis = "fixed monthly fee per CI";
    a.termination = "90 days' notice; data returned";
    return a;
  }
  // Weekdays 08:00-18:00 UTC.
  static std::string office_hours() {
    return R"({"tz":"UTC","week":{"1":[["08:00","18:00"]],"2":[["08:00","18:00"]],"3":[["08:00","18:00"]],)"
           R"("4":[["08:00","18:00"]],"5":[["08:00","18:00"]]}})";
  }
  model::agreement active(model::agreement a) { return rel.activate(sam, rel.add_agreement(sam, std::move(a)).id); }
  // The pool's hosts at 99% each (2 of 3: 99.97%) and the WAN at `wan_availability`.
  void underpin(double wan_availability, std::int64_t wan_p1_minutes, std::string wan_hours = {}) {
    active(contract("hosting", hostco.id, {h1.id, h2.id, h3.id}, {{1, 15, 120}, {2, 30, 360}}, 99.0));
    active(contract("wan", netco.id, {wan.id}, {{1, 15, wan_p1_minutes}, {2, 30, 480}}, wan_availability,
                    std::move(wan_hours)));
  }
};

}  // namespace itsm::test
