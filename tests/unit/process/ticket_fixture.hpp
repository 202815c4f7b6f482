// Shared by the ticket-extension tests: two customers, a service each plus a shared one, a
// ticket policy with custom fields and routing, and an incident of each customer.
#pragma once

#include <string>

#include "fixture.hpp"
#include "itsm/model/customer.hpp"
#include "itsm/model/service.hpp"

namespace itsm::test {

struct ticket_fixture : process_fixture {
  actor slm{"sam", {std::string(roles::service_level_manager)}};
  actor manager{"ines", {std::string(roles::incident_manager)}};
  model::customer acme, bobco;
  model::service mail;
  actor alice, bob;
  model::incident acme_inc, bob_inc;

  static ticket_policy policy_with_fields() {
    ticket_policy p;
    model::attribute_def channel{.name = "channel", .type = value_type::text, .required = true,
                                 .allowed = {"phone", "mail", "portal"}};
    model::attribute_def seats{.name = "affected_users", .type = value_type::integer, .min = 1};
    p.custom_fields["incident"] = {channel, seats};
    p.routing = {{.ticket_kind = "incident", .category = "network", .group = "network-ops"},
                 {.ticket_kind = "", .category = "", .service = "", .ci_type = "", .group = "service-desk"}};
    return p;
  }

  ticket_fixture() {
    for (const char* group : {"network-ops", "service-desk"})
      system.tickets().save_group(manager, {.name = group, .description = "routed to", .members = {"dave"}});
    system.policies().set_tickets(admin, policy_with_fields());
    auto& sl = system.service_level();
    acme = sl.add_customer(slm, {.name = "ACME", .description = "retail"});
    bobco = sl.add_customer(slm, {.name = "Bob & Co", .description = "payroll"});
    alice = actor{"alice", {std::string(roles::customer)}, acme.id.key()};
    bob = actor{"bob", {std::string(roles::customer)}, bobco.id.key()};
    mail = sl.add_service(slm, {.name = "Mail", .description = "mail", .status = model::service_status::live});
    acme_inc = incident_of(alice, "acme mail slow");
    bob_inc = incident_of(bob, "bob mail down");
  }

  model::incident incident_of(const actor& who, std::string title, std::string category = {}) {
    model::incident d;
    d.title = std::move(title);
    d.service = mail.id;
    d.category = std::move(category);
    d.custom = {{"channel", value("portal")}};
    return system.incidents().record(who, d);
  }
};

}  // namespace itsm::test
