// Authorization runs before any rule that reveals data (R-9.1-access): a caller without a grant
// is denied — audited as "denied", not "refused" — whatever the rules would have said, and the
// denial names no record of the store; asking for a key that does not exist is denied too, not
// answered with not_found. Walks every mutating entry point of every process.
#include <catch2/catch.hpp>

#include <functional>

#include "change_fixture.hpp"

using namespace itsm;

namespace {

struct outsider_world : test::change_world {
  const actor mallory{"mallory", {}};

  std::vector<std::vector<storage::record>> records() {
    std::vector<std::vector<storage::record>> out;
    auto tx = store->begin(storage::tx_mode::read_only);
    for (auto kind : {"itsm_sequence", "ci_type", "configuration_item", "relationship", "link", "service", "sla",
                      "incident", "service_request", "problem", "known_error", "ticket_event", "rfc", "release",
                      "baseline", "approval", "policy"}) {
      storage::query q;
      q.kind = kind;
      out.push_back(tx->scan(q));
    }
    return out;
  }
  storage::audit_record last() {
    auto tx = store->begin(storage::tx_mode::read_only);
    return tx->last_audit().value();
  }
};

}  // namespace

TEST_CASE_METHOD(outsider_world, "R-9.1-access: every write of an outsider is denied before the rules, audited as denied",
                 "[process][authorization]") {
  auto& conf = system.configuration();
  auto dup = db01;
  dup.id = {};
  dup.revision = 0;
  model::incident inc;
  inc.title = "x";
  inc.description = "y";
  inc.impact = inc.urgency = 2;
  inc.service = service_id(999);  // would be refused: not in the catalogue
  model::problem prb;
  prb.title = "p";
  model::rfc rfc;
  rfc.title = "r";
  rfc.scope_cis = {ci_id(999)};
  model::release rls;
  rls.name = "r";
  model::service svc;
  svc.name = webshop.name;  // would be refused: the name is taken
  model::sla sla;
  sla.service = service_id(999);
  model::service_request req;
  req.title = "t";
  change_policy pol;
  pol.calendar.maintenance[999] = {{0, 0, 60}};

  const std::vector<std::pair<const char*, std::function<void()>>> calls{
      {"define_type", [&] { conf.define_type(mallory, {"server", 0, "", "", {}, {}}); }},
      {"create (duplicate identity)", [&] { conf.create(mallory, dup); }},
      {"update", [&] { conf.update(mallory, db01); }},
      {"retire", [&] { conf.retire(mallory, db01.id); }},
      {"retire (no such CI)", [&] { conf.retire(mallory, ci_id(999)); }},
      {"relate", [&] { conf.relate(mallory, shop.id, "runs_on", db01.id); }},
      {"unrelate (no such relationship)", [&] { conf.unrelate(mallory, relationship_id(999)); }},
      {"link_ci", [&] { conf.link_ci(mallory, ci_id(999), "rfc", "RFC-1", "x"); }},
      {"take_baseline", [&] { conf.take_baseline(mallory, "b", {}); }},
      {"add_service", [&] { system.service_level().add_service(mallory, svc); }},
      {"update_service", [&] { system.service_level().update_service(mallory, webshop); }},
      {"define_sla", [&] { system.service_level().define_sla(mallory, sla); }},
      {"incident record", [&] { system.incidents().record(mallory, inc); }},
      {"incident assign (no such incident)", [&] { system.incidents().assign(mallory, incident_id(999), "g", "a"); }},
      {"incident resolve (no such incident)", [&] { system.incidents().resolve(mallory, incident_id(999), "r"); }},
      {"incident escalate", [&] { system.incidents().escalate(mallory); }},
      {"problem record", [&] { system.problems().record(mallory, prb); }},
      {"problem investigate (no such problem)", [&] { system.problems().investigate(mallory, problem_id(999)); }},
      {"request record", [&] { system.requests().record(mallory, req); }},
      {"request approve (no such request)", [&] { system.requests().approve(mallory, service_request_id(999)); }},
      {"rfc submit", [&] { changes.submit(mallory, rfc); }},
      {"rfc decide (no such RFC)", [&] { changes.decide(mallory, rfc_id(999), vote::approve); }},
      {"release plan", [&] { system.releases().plan(mallory, rls); }},
      {"release deploy (no such release)", [&] { system.releases().deploy(mallory, release_id(999)); }},
      {"set_changes", [&] { system.policies().set_changes(mallory, pol); }},
  };
  const auto before = records();
  for (const auto& [name, call] : calls) {
    INFO(name);
    const auto seq = last().seq;
    try {
      call();
      FAIL("an outsider's write was accepted");
    } catch (const error& e) {
      CHECK(e.code() == errc::permission_denied);
      const std::string text = e.what();
      // No rule's text: neither the taken names nor the missing references.
      CHECK(text.find("db01") == std::string::npos);
      CHECK(text.find("webshop") == std::string::npos);
      CHECK(text.find("R-") == std::string::npos);
      CHECK(text.find("does not exist") == std::string::npos);
    }
    const auto entry = last();
    CHECK(entry.seq == seq + 1);
    CHECK(entry.outcome == "denied");
    CHECK(entry.actor == "mallory");
  }
  CHECK(records() == before);
}

TEST_CASE("R-9.1-access: an authorizer that throws denies (fail closed), and the attempt is audited",
          "[process][authorization]") {
  struct throwing_authorizer final : authorizer {
    decision authorize(const access_request&) const override { throw std::runtime_error("policy service down"); }
  };
  std::shared_ptr<storage::backend> store = storage::make_memory_backend();
  sms system(store, sms_options{std::make_shared<manual_clock>(parse_iso("2026-03-02T08:00:00Z")),
                                std::make_shared<throwing_authorizer>(), nullptr, {}});
  const actor carla{"carla", {std::string(roles::configuration_manager)}};
  for (const auto& call : std::vector<std::function<void()>>{
           [&] { system.configuration().define_type(carla, {.name = "server", .description = "a host"}); },
           [&] { system.configuration().types(carla); }}) {
    try {
      call();
      FAIL("a throwing authorizer let the call through");
    } catch (const itsm::error& e) {
      CHECK(e.code() == errc::permission_denied);
      CHECK(std::string(e.what()).find("policy service down") != std::string::npos);
    }
    auto tx = store->begin(storage::tx_mode::read_only);
    CHECK(tx->last_audit().value().outcome == "denied");
  }
}
