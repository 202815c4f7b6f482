// Customer scope (R-9.1-access, R-7.1-parties): a user of one customer walks every read and write
// entry point against another customer's records and learns nothing — hidden records read as
// absent (the attempt audited as a denial), lists leave them out, writes are denied and audited.
#include <catch2/catch.hpp>

#include <functional>

#include "fixture.hpp"
#include "itsm/model/customer.hpp"
#include "itsm/model/service.hpp"

using namespace itsm;
using itsm::test::catch_error;

namespace {

const char* const secret = "bobs-secret-payroll-outage";

struct two_customers : test::process_fixture {
  actor slm{"sam", {std::string(roles::service_level_manager)}};
  model::customer acme, bobco;
  model::service shared, dedicated;
  model::incident acme_inc, bob_inc;
  model::service_request acme_req, bob_req;
  actor alice, bob;

  two_customers() {
    auto& sl = system.service_level();
    acme = sl.add_customer(slm, {.name = "ACME", .description = "retail"});
    bobco = sl.add_customer(slm, {.name = "Bob & Co", .description = "payroll"});
    alice = actor{"alice", {std::string(roles::customer)}, acme.id.key()};
    bob = actor{"bob", {std::string(roles::customer)}, bobco.id.key()};
    shared = sl.add_service(slm, {.name = "Mail", .description = "mail for all", .status = model::service_status::live});
    dedicated = sl.add_service(slm, {.name = "Bob payroll", .description = "only Bob & Co",
                                     .status = model::service_status::live, .dedicated_to = bobco.id});
    model::sla sla;
    sla.name = "bob payroll";
    sla.service = dedicated.id;
    sla.targets = {{1, 30, 240}, {2, 60, 480}, {3, 120, 960}, {4, 240, 1920}, {5, 480, 3840}};
    sla.customer = bobco.id;
    sl.define_sla(slm, sla);
    acme_inc = system.incidents().record(alice, {.title = "mail slow", .description = "acme", .impact = 2,
                                                .urgency = 2, .service = shared.id});
    bob_inc = system.incidents().record(bob, {.title = secret, .description = secret, .impact = 1, .urgency = 1,
                                              .service = dedicated.id});
    acme_req = system.requests().record(alice, {.title = "new mailbox", .request_type = "access", .service = shared.id});
    bob_req = system.requests().record(bob, {.title = secret, .request_type = "access", .service = dedicated.id});
  }

  storage::audit_record last_audit() {
    auto tx = store->begin(storage::tx_mode::read_only);
    return tx->last_audit().value();
  }
};

}  // namespace

TEST_CASE_METHOD(two_customers, "R-7.1-parties: a customer's user records tickets for its own customer",
                 "[process][customer]") {
  CHECK(acme_inc.customer == acme.id);  // set from the actor
  CHECK(bob_inc.customer == bobco.id);
  CHECK(acme_req.customer == acme.id);
  // For another customer: denied before any rule, audited as a denial.
  const auto e = catch_error([&] {
    system.incidents().record(alice, {.title = "x", .description = "y", .impact = 2, .urgency = 2, .customer = bobco.id});
  });
  CHECK(e.code() == errc::permission_denied);
  CHECK(last_audit().outcome == "denied");
  // On a service dedicated to another customer: refused.
  CHECK(catch_error([&] {
          system.incidents().record(alice, {.title = "x", .description = "y", .impact = 2, .urgency = 2,
                                            .service = dedicated.id});
        }).violates("R-7.1-parties"));
  // A customer that does not exist: refused.
  CHECK(catch_error([&] {
          system.incidents().record(admin, {.title = "x", .description = "y", .impact = 2, .urgency = 2,
                                            .customer = customer_id(99)});
        }).violates("R-7.1-parties"));
}

TEST_CASE_METHOD(two_customers, "R-9.1-access: another customer's records stay hidden at every read",
                 "[process][customer]") {
  auto& inc = system.incidents();
  auto& req = system.requests();
  auto& sl = system.service_level();
  const auto seq = last_audit().seq;
  CHECK_FALSE(inc.find(alice, bob_inc.id).has_value());
  CHECK(last_audit().seq == seq + 1);  // the hidden read is audited
  CHECK(last_audit().outcome == "denied");
  CHECK(last_audit().actor == "alice");
  CHECK(inc.find(alice, acme_inc.id).has_value());
  CHECK(inc.list(alice).size() == 1);
  CHECK(inc.open_incidents(alice).size() == 1);
  CHECK(inc.log(alice, bob_inc.id).empty());
  CHECK_FALSE(inc.review(alice, bob_inc.id).has_value());
  CHECK(catch_error([&] { inc.sla_figures(alice, bob_inc.id); }).code() == errc::not_found);
  CHECK(catch_error([&] { inc.info(alice, bob_inc.id); }).code() == errc::not_found);
  CHECK(inc.check(alice, bob_inc.id, incident_transition::close).at(0).message.find(secret) == std::string::npos);
  CHECK(inc.security_stats(alice, parse_iso("2000-01-01T00:00:00Z"), parse_iso("2100-01-01T00:00:00Z")).total == 0);

  CHECK_FALSE(req.find(alice, bob_req.id).has_value());
  CHECK(req.list(alice).size() == 1);
  CHECK(req.log(alice, bob_req.id).empty());
  CHECK(req.steps(alice, bob_req.id).empty());
  CHECK(catch_error([&] { req.sla_figures(alice, bob_req.id); }).code() == errc::not_found);

  CHECK_FALSE(sl.find_service(alice, dedicated.id).has_value());
  CHECK(sl.find_service(alice, shared.id).has_value());
  CHECK(sl.services(alice).size() == 1);
  CHECK(sl.slas_of(alice, dedicated.id).empty());
  CHECK_FALSE(sl.find_customer(alice, bobco.id).has_value());
  REQUIRE(sl.customers(alice).size() == 1);
  CHECK(sl.customers(alice)[0].id == acme.id);

  // Kinds a customer's user has no grant for are refused outright (and audited).
  for (const auto& [name, call] : std::vector<std::pair<const char*, std::function<void()>>>{
           {"CIs", [&] { system.configuration().list(alice); }},
           {"CI types", [&] { system.configuration().types(alice); }},
           {"relationships", [&] { system.configuration().all_relationships(alice); }},
           {"problems", [&] { system.problems().list(alice); }},
           {"known errors", [&] { system.problems().lookup(alice, {}); }},
           {"RFCs", [&] { system.changes().trends(alice, {parse_iso("2000-01-01T00:00:00Z"), parse_iso("2100-01-01T00:00:00Z")}); }},
           {"releases", [&] { system.releases().recently_failed(alice, parse_iso("2000-01-01T00:00:00Z")); }},
           {"problem effectiveness", [&] { system.problems().effectiveness(alice, parse_iso("2000-01-01T00:00:00Z"), parse_iso("2100-01-01T00:00:00Z")); }},
       }) {
    INFO(name);
    CHECK(catch_error(call).code() == errc::permission_denied);
    CHECK(last_audit().outcome == "denied");
  }
  // The provider's staff see both customers.
  CHECK(inc.list(reader).size() == 2);
  CHECK(sl.services(reader).size() == 2);
}

TEST_CASE_METHOD(two_customers, "R-9.1-access: another customer's tickets cannot be touched", "[process][customer]") {
  const auto before = take(false);
  for (const auto& [name, call] : std::vector<std::pair<const char*, std::function<void()>>>{
           {"note", [&] { system.incidents().add_note(alice, bob_inc.id, "hello"); }},
           {"resolve", [&] { system.incidents().resolve(alice, bob_inc.id, "done"); }},
           {"reprioritise", [&] { system.incidents().reprioritise(alice, bob_inc.id, 3, 3); }},
           {"request cancel", [&] { system.requests().cancel(alice, bob_req.id, "no"); }},
           {"request record for another customer",
            [&] { system.requests().record(alice, {.title = "t", .request_type = "access", .customer = bobco.id}); }},
           {"update the other's customer record", [&] { system.service_level().update_customer(alice, bobco); }},
       }) {
    INFO(name);
    const auto e = catch_error(call);
    CHECK(e.code() == errc::permission_denied);
    CHECK(std::string(e.what()).find(secret) == std::string::npos);
    CHECK(last_audit().outcome == "denied");
    CHECK(last_audit().actor == "alice");
  }
  CHECK(take(false) == before);
  // Her own ticket she may follow up.
  system.incidents().add_note(alice, acme_inc.id, "any news?");
  CHECK(system.incidents().log(alice, acme_inc.id).back().detail == "any news?");
}
