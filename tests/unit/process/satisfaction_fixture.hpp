// Shared set-up for the customer satisfaction tests (memory and SQLite): two services, two
// customers with their users, the actors of service level management and the desk, and a helper
// that records and resolves a customer's incident on a service.
#pragma once

#include <memory>

#include "itsm/core/clock.hpp"
#include "itsm/process/sms.hpp"
#include "itsm/storage/memory.hpp"

namespace itsm::test {

struct satisfaction_world {
  std::shared_ptr<manual_clock> clk = std::make_shared<manual_clock>(parse_iso("2026-01-05T08:00:00Z"));
  sms system;
  satisfaction_management& sat;
  actor root{"root", {std::string(roles::admin)}};
  actor sue{"sue", {std::string(roles::service_level_manager)}};
  actor dave{"dave", {std::string(roles::service_desk)}};
  actor audrey{"audrey", {std::string(roles::auditor)}};
  model::service mail, web;
  model::customer acme, globex;
  actor alice, gus;  // users of acme and globex

  explicit satisfaction_world(std::shared_ptr<storage::backend> store = storage::make_memory_backend())
      : system(std::move(store), sms_options{clk, nullptr, nullptr, {}}), sat(system.satisfaction()) {
    auto& sl = system.service_level();
    mail = sl.add_service(root, service("mail"));
    web = sl.add_service(root, service("web"));
    acme = sl.add_customer(root, customer("Acme"));
    globex = sl.add_customer(root, customer("Globex"));
    alice = actor{"alice", {std::string(roles::customer)}, acme.id.key()};
    gus = actor{"gus", {std::string(roles::customer)}, globex.id.key()};
  }

  static model::service service(std::string name) {
    model::service s;
    s.name = std::move(name);
    s.owner = "olga";
    s.status = model::service_status::live;
    return s;
  }
  static model::customer customer(std::string name) {
    model::customer c;
    c.name = std::move(name);
    c.contact = "front desk";
    return c;
  }
  // Records `c`'s incident on `s` and resolves it an hour later; the clock then moves on a minute,
  // so a period ending at the clock's time includes it.
  model::incident resolved(const model::service& s, const model::customer& c) {
    model::incident i;
    i.title = "cannot log in";
    i.impact = 3;
    i.urgency = 3;
    i.service = s.id;
    i.customer = c.id;
    i.caller = "carl";
    auto& inc = system.incidents();
    i = inc.record(dave, i);
    inc.assign(dave, i.id, "desk", "dave");
    clk->advance(hours(1));
    auto done = inc.resolve(dave, i.id, "reset the password");
    clk->advance(minutes(1));
    return done;
  }
  model::survey_rule agreed(std::int64_t sample_size, std::int64_t interval_days = 30) {
    model::survey_rule r;
    r.sample_size = sample_size;
    r.interval_days = interval_days;
    return sat.set_rule(sue, r);
  }
  model::survey_response answer(survey_id s, const std::string& ticket, std::int64_t score) {
    model::survey_response a;
    a.survey = s;
    a.ticket = ticket;
    a.score = score;
    a.comment = "ok";
    return a;
  }
};

}  // namespace itsm::test
