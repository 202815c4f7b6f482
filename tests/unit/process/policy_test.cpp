// Policies as data: the rules live in the store, change only through the write path, and every
// sms on the store enforces the stored version (R-9.2-policy, R-9.3-policy, R-8.1-priority).
#include <catch2/catch.hpp>

#include "change_fixture.hpp"
#include "fixture.hpp"
#include "itsm/model/service.hpp"

using namespace itsm;
using itsm::test::catch_error;

namespace {

class deny_all final : public authorizer {
 public:
  decision authorize(const access_request&) const override { return decision::deny("closed shop"); }
};

struct policy_fx : test::process_fixture {
  policy_management& policies = system.policies();
  configuration_management& conf = system.configuration();

  model::configuration_item database(const std::string& name) {
    model::configuration_item ci;
    ci.type = "database";
    ci.name = name;
    return conf.create(cm, ci);
  }
  policy_fx() { conf.define_type(cm, model::ci_type{"database", 0, "", "a database", {}, {}}); }
};

}  // namespace

TEST_CASE_METHOD(policy_fx, "R-9.2-policy: a new store is seeded with the options' policies, audited as itsm",
                 "[process][policy]") {
  CHECK(policies.revision(desk, policy_names::changes) == 1);
  CHECK(policies.changes(desk).controlled_ci_types.empty());
  CHECK(policies.relationship_kinds(desk).size() == model::default_relationship_kinds().size());
  auto tx = store->begin(storage::tx_mode::read_only);
  storage::audit_query q;
  q.kind = "policy";
  const auto trail = tx->scan_audit(q);
  REQUIRE(trail.size() == 5);  // tickets, changes, releases, relationship kinds, attribute sources
  for (const auto& e : trail) {
    CHECK(e.actor == "itsm");
    CHECK(e.outcome == "applied");
  }
}

TEST_CASE_METHOD(policy_fx, "R-9.2-policy: a changed change policy is enforced from the next operation on",
                 "[process][policy]") {
  auto db = database("db01");
  db.location = "rack 1";
  db = conf.update(cm, db);  // not controlled yet
  change_policy p = policies.changes(admin);
  p.controlled_ci_types = {"database"};
  CHECK(policies.set_changes(admin, p, {"databases under change control", ""}) == 2);
  db.location = "rack 2";
  const auto e = catch_error([&] { conf.update(cm, db); });
  CHECK(e.code() == errc::rule_violation);
  CHECK(e.violates("R-9.2-record"));
  CHECK(conf.find(cm, db.id)->location == "rack 1");
  CHECK(policies.changes(desk).controlled_ci_types == std::vector<std::string>{"database"});
}

TEST_CASE_METHOD(policy_fx, "R-9.2-policy: options do not override the rules of an existing store", "[process][policy]") {
  auto db = database("db02");
  change_policy p;
  p.controlled_ci_types = {"database"};
  policies.set_changes(admin, p);
  // A second sms on the same store with default options (no CI type controlled) still enforces it.
  sms other(store, sms_options{clk, nullptr, nullptr, {}});
  db.location = "elsewhere";
  CHECK(catch_error([&] { other.configuration().update(cm, db); }).violates("R-9.2-record"));
  CHECK(other.policies().changes(desk).controlled_ci_types == std::vector<std::string>{"database"});
}

TEST_CASE_METHOD(policy_fx, "R-9.1-access: only an authorized actor changes a policy; the denial is audited",
                 "[process][policy]") {
  const auto before = take();
  change_policy p;
  p.controlled_ci_types = {"database"};
  const auto e = catch_error([&] { policies.set_changes(cm, p); });
  CHECK(e.code() == errc::permission_denied);
  const auto after = take();
  CHECK(after.records == before.records);
  CHECK(after.audit_seq == before.audit_seq + 1);
  auto tx = store->begin(storage::tx_mode::read_only);
  const auto last = tx->last_audit().value();
  CHECK(last.outcome == "denied");
  CHECK(last.kind == "policy");
  CHECK(last.actor == "carla");
}

TEST_CASE_METHOD(policy_fx, "R-9.1-access: a denied caller is denied before any rule reveals the store",
                 "[process][policy]") {
  change_policy p;
  p.calendar.maintenance[99] = {{0, 60, 120}};  // names a service that does not exist
  const auto e = catch_error([&] { policies.set_changes(cm, p); });
  CHECK(e.code() == errc::permission_denied);
  CHECK(std::string(e.what()).find("SVC-99") == std::string::npos);
}

TEST_CASE_METHOD(policy_fx, "R-9.2-policy R-9.3-policy R-8.1-priority: invalid policies are refused with their R- ids",
                 "[process][policy]") {
  const auto before = take(false);
  change_policy c;
  c.normal.quorum = 0;
  c.calendar.maintenance[99] = {{0, 60, 120}};
  c.calendar.freezes.push_back({"backwards", {parse_iso("2026-03-02T10:00:00Z"), parse_iso("2026-03-01T10:00:00Z")}});
  const auto ec = catch_error([&] { policies.set_changes(admin, c); });
  CHECK(ec.code() == errc::rule_violation);
  CHECK(ec.violates("R-9.2-approve"));
  CHECK(ec.violates("R-9.2-schedule"));
  release_policy r;
  r.types = {"minor", "minor"};
  r.measure_window = hours(-1);
  const auto er = catch_error([&] { policies.set_releases(admin, r); });
  CHECK(er.violates("R-9.3-policy"));
  CHECK(er.violates("R-9.3-measure"));
  ticket_policy t;
  t.matrix.cells[0][0] = 9;
  t.calendars["broken"].time_zone = "Mars/Olympus_Mons";
  const auto et = catch_error([&] { policies.set_tickets(admin, t); });
  CHECK(et.violates("R-8.1-priority"));
  CHECK(et.violates("R-6.1-sla"));
  CHECK(take(false) == before);
  CHECK(policies.revision(admin, policy_names::changes) == 1);
}

TEST_CASE_METHOD(policy_fx, "R-9.2-schedule: maintenance slots are set after the services exist, without a reopen",
                 "[process][policy]") {
  const actor slm{"sam", {std::string(roles::service_level_manager)}};
  model::service s;
  s.name = "Mail";
  s.description = "mail";
  s.status = model::service_status::live;
  const auto mail = system.service_level().add_service(slm, s);
  change_policy p;
  p.calendar.maintenance[mail.id.number()] = {{6, 22 * 60, 26 * 60}};
  policies.set_changes(admin, p);
  CHECK(policies.changes(admin).calendar.maintenance.at(mail.id.number()).size() == 1);
}

TEST_CASE_METHOD(policy_fx, "R-9.1-types: a relationship kind in use cannot leave the catalogue", "[process][policy]") {
  conf.define_type(cm, model::ci_type{"host", 0, "", "a host", {}, {"runs_on"}});
  conf.define_type(cm, model::ci_type{"app", 0, "", "an app", {}, {"runs_on"}});
  model::configuration_item a, h;
  a.type = "app", a.name = "shop";
  h.type = "host", h.name = "h1";
  a = conf.create(cm, a);
  h = conf.create(cm, h);
  conf.relate(cm, a.id, "runs_on", h.id);
  auto kinds = policies.relationship_kinds(admin);
  std::erase_if(kinds, [](const auto& k) { return k.name == "runs_on"; });
  CHECK(catch_error([&] { policies.set_relationship_kinds(admin, kinds); }).violates("R-9.1-types"));
  // A new kind is usable at once.
  kinds = policies.relationship_kinds(admin);
  kinds.push_back({"replicates_to", model::propagation::none, "storage replication"});
  policies.set_relationship_kinds(admin, kinds);
  conf.define_type(cm, model::ci_type{"store", 0, "", "a store", {}, {"replicates_to"}});
}

TEST_CASE_METHOD(policy_fx, "R-8.1-priority: a new priority matrix applies to the next incident", "[process][policy]") {
  model::incident draft;
  draft.title = "slow";
  draft.description = "the shop is slow";
  draft.impact = 3;
  draft.urgency = 3;
  CHECK(system.incidents().record(desk, draft).priority == 5);
  ticket_policy t = policies.tickets(admin);
  t.matrix.cells[2][2] = 4;
  policies.set_tickets(admin, t);
  CHECK(system.incidents().record(desk, draft).priority == 4);
}

TEST_CASE("R-9.1-access: reading the policies is authorized and a denied read is audited", "[process][policy]") {
  std::shared_ptr<storage::backend> store = storage::make_memory_backend();
  auto clk = std::make_shared<manual_clock>(parse_iso("2026-03-02T08:00:00Z"));
  sms system(store, sms_options{clk, std::make_shared<deny_all>(), nullptr, {}});  // seeding needs no grant
  const actor eve{"eve", {}};
  const auto e = catch_error([&] { system.policies().changes(eve); });
  CHECK(e.code() == errc::permission_denied);
  auto tx = store->begin(storage::tx_mode::read_only);
  const auto last = tx->last_audit().value();
  CHECK(last.action == "read");
  CHECK(last.outcome == "denied");
  CHECK(last.actor == "eve");
}

TEST_CASE("R-9.2-policy: policies round-trip through their JSON form; bad JSON is a clear error", "[process][policy]") {
  change_policy c;
  c.controlled_ci_types = {"server", "database"};
  c.standard_models.push_back({"patch", "monthly patches", {"server"}, "uninstall"});
  c.calendar.freezes.push_back({"year end", {parse_iso("2026-12-20T00:00:00Z"), parse_iso("2027-01-05T00:00:00Z")}});
  c.calendar.maintenance[3] = {{6, 1320, 1560}};
  c.emergency.quorum = 2;
  const auto back = change_policy_from_json(to_json(c));
  CHECK(back.controlled_ci_types == c.controlled_ci_types);
  CHECK(back.standard_models.at(0).backout_plan == "uninstall");
  CHECK(back.calendar.freezes.at(0).when.end == c.calendar.freezes[0].when.end);
  CHECK(back.calendar.maintenance.at(3).at(0).end_minute == 1560);
  CHECK(back.emergency.quorum == 2);
  CHECK(to_json(back) == to_json(c));

  ticket_policy t;
  t.request_targets["access"] = {60, 120};
  t.calendars["office"] = calendar::calendar_definition::weekdays({{hours(8), hours(17)}}, "Europe/Berlin");
  CHECK(to_json(ticket_policy_from_json(to_json(t))) == to_json(t));
  release_policy r;
  r.min_interval = hours(24 * 7);
  CHECK(release_policy_from_json(to_json(r)).min_interval == hours(24 * 7));

  for (const char* bad : {"{", "[]", R"({"controlled_ci_typos":["server"]})", R"({"normal":{"quorum":"two"}})",
                          R"({"maintenance":{"server":[]}})"}) {
    INFO(bad);
    CHECK(catch_error([&] { change_policy_from_json(bad); }).code() == errc::invalid_argument);
  }
  CHECK(catch_error([&] { relationship_kinds_from_json(R"([{"name":"x","impact":"sideways"}])"); }).code() ==
        errc::invalid_argument);
}

TEST_CASE_METHOD(test::change_world, "R-6.1-change: a live service and its SLAs change only under an RFC when the policy says so",
                 "[process][policy]") {
  auto p = system.policies().changes(root);
  p.catalogue_under_change_control = true;
  system.policies().set_changes(root, p);
  auto edited = *system.service_level().find_service(reader, webshop.id);
  edited.description = "the shop, now with gift cards";
  CHECK(refused([&] { system.service_level().update_service(root, edited); }).violates("R-6.1-change"));

  auto d = draft({shop.id});
  d.scope_services = {webshop.id};
  auto r = changes.submit(rita, d);
  changes.assess(chris, r.id, answers());
  changes.decide(chris, r.id, vote::approve);
  if (changes.decide(cathy, r.id, vote::approve).state == model::rfc_state::assessed)
    changes.decide(owen, r.id, vote::approve);
  CHECK(refused([&] { system.service_level().update_service(root, edited, {.reason = "", .reference = r.id.key()}); })
            .violates("R-6.1-change"));  // approved, not yet in implementation
  changes.schedule(chris, r.id, window(3));
  changes.mark_built(ivan, r.id);
  changes.mark_tested(ivan, r.id);
  start_in_window(r.id);
  CHECK(system.service_level().update_service(root, edited, {.reason = "gift cards", .reference = r.id.key()}).revision ==
        edited.revision + 1);
  model::sla sla;
  sla.name = "gift cards";
  sla.service = webshop.id;
  sla.targets = {{3, 60, 480}};
  CHECK(refused([&] { system.service_level().define_sla(root, sla); }).violates("R-6.1-change"));
  CHECK(system.service_level().define_sla(root, sla, {.reason = "", .reference = r.id.key()}).id.valid());
}
