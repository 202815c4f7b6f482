// Probes of the newest entry points the way a careless caller or an attacker would call them
// (finance apportionment, event delivery and escalation, CMDB import): every bad call ends in an
// itsm::error, a rule violation names its R- id, and nothing but the call's own audit entry is
// written.
#include <catch2/catch.hpp>

#include <limits>
#include <map>
#include <string>

#include "finance_fixture.hpp"
#include "store_state.hpp"
#include "itsm/process/export.hpp"
#include "itsm/process/import.hpp"
#include "itsm/process/policies.hpp"

using namespace itsm;
using itsm::test::catch_error;
using itsm::test::state_of;

namespace {

struct estate : test::process_fixture, test::finance_estate {
  finance_management& fin = system.finance();
  estate() : finance_estate(system) {}

  // f fails with an itsm::error and writes at most one audit entry of `outcome` ("" = none).
  template <class F>
  itsm::error only_audited(F&& f, const std::string& outcome) {
    auto before = state_of(*store);
    auto e = catch_error(std::forward<F>(f));
    auto after = state_of(*store);
    if (outcome.empty()) {
      CHECK(after.audit_seq == before.audit_seq);
    } else {
      CHECK(after.audit_seq == before.audit_seq + 1);
      CHECK(last_audit().outcome == outcome);
    }
    for (const auto& [kind, records] : before.records) {
      INFO(kind);
      CHECK(after.records[kind] == records);
    }
    return e;
  }
};

}  // namespace

TEST_CASE_METHOD(estate, "R-6.4-costs R-9.1-access: apportionment calls with a bad actor, rule, period or JSON change nothing",
                 "[process][finance][probe]") {
  model::apportionment_policy p;
  p.rules = {{"2026-03", "", model::apportionment_method::weights, {{shop.id, 70}, {pay.id, 30}}}};
  const actor alice{"alice", {std::string(roles::customer)}, "CUS-1"};
  for (const actor& who : {actor{"", {std::string(finance_manager_role)}}, actor{"   ", {}}, actor{"x\xFF", {}}}) {
    INFO(who.name);
    CHECK(only_audited([&] { fin.set_apportionment(who, p); }, "").code() == errc::invalid_argument);
    CHECK(catch_error([&] { fin.apportionment(who); }).code() == errc::invalid_argument);
  }
  for (const actor& who : {actor{"nobody", {}}, alice, actor{"vera", {std::string(roles::viewer)}}}) {
    CHECK(only_audited([&] { fin.set_apportionment(who, p); }, "denied").code() == errc::permission_denied);
  }
  CHECK(catch_error([&] { fin.apportionment(alice); }).code() == errc::permission_denied);
  CHECK(catch_error([&] { fin.cost_per_service(alice, "2026"); }).code() == errc::permission_denied);
  CHECK(catch_error([&] { fin.budget_vs_actual(alice, "2026"); }).code() == errc::permission_denied);

  auto bad = p;
  bad.rules[0].weights = {{shop.id, std::numeric_limits<std::int64_t>::max()}, {pay.id, 1}};
  CHECK(only_audited([&] { fin.set_apportionment(fiona, bad); }, "refused").violates("R-6.4-costs"));
  bad.rules[0].weights = {{shop.id, 0}, {pay.id, 0}};
  CHECK(only_audited([&] { fin.set_apportionment(fiona, bad); }, "refused").violates("R-6.4-costs"));
  bad.rules[0].weights = {{shop.id, 1}, {shop.id, 2}};
  CHECK(only_audited([&] { fin.set_apportionment(fiona, bad); }, "refused").violates("R-6.4-costs"));
  bad.rules[0].weights = {{service_id{}, 1}};
  CHECK(only_audited([&] { fin.set_apportionment(fiona, bad); }, "refused").violates("R-6.4-costs"));
  bad = p;
  bad.rules.push_back(p.rules[0]);
  CHECK(only_audited([&] { fin.set_apportionment(fiona, bad); }, "refused").violates("R-6.4-costs"));
  for (const char* from : {"", "2026-13", "2026-00", "0000", "2026-3", "2026-03 "}) {
    bad = p;
    bad.rules[0].from = from;
    CHECK(only_audited([&] { fin.set_apportionment(fiona, bad); }, "refused").violates("R-6.4-costs"));
  }
  bad = p;
  bad.rules[0].from = std::string("2026\0-03", 8);
  CHECK(only_audited([&] { fin.set_apportionment(fiona, bad); }, "refused").violates("R-6.4-costs"));
  bad = p;
  bad.rules[0].cost_centre = "CC\xFF";
  CHECK(only_audited([&] { fin.set_apportionment(fiona, bad); }, "").code() == errc::invalid_argument);
  bad = p;
  bad.id = apportionment_policy_id(7);
  CHECK(only_audited([&] { fin.set_apportionment(fiona, bad); }, "").code() == errc::invalid_argument);
  bad = p;
  bad.revision = 3;
  CHECK(only_audited([&] { fin.set_apportionment(fiona, bad); }, "").code() == errc::invalid_argument);

  for (const write_options& opts : {write_options{"why \xFF", ""}, write_options{"", "RFC\xC0"}})
    CHECK(only_audited([&] { fin.set_apportionment(fiona, p, opts); }, "").code() == errc::invalid_argument);
  const auto stored = fin.set_apportionment(fiona, p);
  auto stale = stored;
  stale.revision = 0;
  CHECK(only_audited([&] { fin.set_apportionment(fiona, stale); }, "").code() == errc::conflict);
  stale.revision = -1;
  CHECK(only_audited([&] { fin.set_apportionment(fiona, stale); }, "").code() == errc::conflict);

  for (std::string_view period : {"", "2026-13", "26", "2026-1", "2026/03", "99999", "2026-03-01"}) {
    CHECK(catch_error([&] { fin.cost_per_service(viewer, period); }).code() == errc::invalid_argument);
    CHECK(catch_error([&] { fin.budget_vs_actual(viewer, period); }).code() == errc::invalid_argument);
    CHECK(catch_error([&] { fin.over_budget(viewer, period); }).code() == errc::invalid_argument);
    CHECK(catch_error([&] { fin.costs(viewer, period); }).code() == errc::invalid_argument);
  }
  CHECK(catch_error([&] { fin.cost_per_service(viewer, std::string_view("2026\0", 5)); }).code() == errc::invalid_argument);

  // The JSON form.
  for (const char* text : {"", "{", "[]", "null", "{\"rules\":{}}", "{\"rules\":[1]}", "{\"rules\":[{\"from\":5}]}",
                           "{\"rules\":[{\"from\":\"2026\",\"method\":\"weights\",\"weights\":[1]}]}",
                           "\xEF\xBB\xBF{\"rules\":[{\"from\":\"2026\",\"weights\":{\"SVC-1\":1}}],}",
                           "{\"rules\":[], \"rules\":[]}",
                           "{\"rules\":[{\"from\":\"2026\",\"method\":\"weights\",\"weights\":{\"SVC-1\":1,\"SVC-1\":2}}]}"}) {
    INFO(text);
    const auto e = catch_error([&] { model::apportionment_policy_from_json(text); });
    CHECK((e.code() == errc::invalid_argument || e.code() == errc::rule_violation));
  }
  for (const char* key : {"", "SVC-", "SVC-0", "SVC--1", "SVC-+1", "SVC- 1", "SVC-1x", "svc-1", "SVC-99999999999999999999"}) {
    INFO(key);
    const auto text = std::string("{\"rules\":[{\"from\":\"2026\",\"method\":\"weights\",\"weights\":{\"") + key +
                      "\":1,\"SVC-1\":1}}]}";
    CHECK(catch_error([&] { model::apportionment_policy_from_json(text); }).violates("R-6.4-costs"));
  }
  CHECK(catch_error([&] {
          model::apportionment_policy_from_json(R"({"rules":[{"from":"2026","method":"weights","weights":{"SVC-01":1,"SVC-1":1}}]})");
        }).violates("R-6.4-costs"));  // SVC-1 spelt twice
  for (auto id : {budget_id{}, budget_id(0), budget_id(std::numeric_limits<std::int64_t>::max())}) {
    CHECK(only_audited([&] { fin.approve_budget(felix, id); }, "").code() != errc::rule_violation);
  }
  model::cost_item ghost = cost("ghost", 5, {db01.id});
  CHECK(only_audited([&] { fin.update_cost(fiona, ghost); }, "").code() != errc::rule_violation);
  ghost.id = cost_item_id(424242);
  CHECK(only_audited([&] { fin.update_cost(fiona, ghost); }, "").code() == errc::not_found);
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  CHECK(catch_error([&] { model::apportionment_policy_from_json(deep); }).code() == errc::invalid_argument);
  const std::string deep_weight = "{\"rules\":[{\"from\":\"2026\",\"method\":\"weights\",\"weights\":{\"SVC-1\":" +
                                  std::string(100000, '[') + std::string(100000, ']') + "}}]}";
  CHECK(catch_error([&] { model::apportionment_policy_from_json(deep_weight); }).violates("R-6.4-costs"));
  for (const char* w : {"1e400", "-0", "1.0", "NaN", "Infinity", "18446744073709551616", "\"1\"", "true", "null"}) {
    INFO(w);
    const auto text = std::string("{\"rules\":[{\"from\":\"2026\",\"method\":\"weights\",\"weights\":{\"SVC-1\":") + w + "}}]}";
    const auto e = catch_error([&] { model::apportionment_policy_from_json(text); });
    CHECK((e.code() == errc::invalid_argument || e.code() == errc::rule_violation));
  }
}

TEST_CASE_METHOD(estate, "R-6.4-costs: costs summing beyond 64 bits are an error, not a wrapped total",
                 "[process][finance][probe]") {
  const auto big = std::numeric_limits<std::int64_t>::max();
  fin.record_cost(fiona, cost("a", big, {}, {shop.id}));
  CHECK(fin.cost_per_service(viewer, "2026-03").services.at(0).total() == big);  // one fits
  fin.record_cost(fiona, cost("b", big - 5, {db01.id}));  // apportioned, half of it to the webshop
  for (const auto& period : {"2026-03", "2026"}) {
    CHECK(catch_error([&] { fin.cost_per_service(viewer, period); }).code() == errc::invalid_argument);
    CHECK(catch_error([&] { fin.budget_vs_actual(viewer, period); }).code() == errc::invalid_argument);
  }
  for (std::size_t parts : {std::numeric_limits<std::size_t>::max(), std::size_t{1} << 62})
    CHECK(catch_error([&] { split_evenly(5, parts); }).code() == errc::invalid_argument);
  fin.record_cost(fiona, cost("c", big, {db01.id}));
  CHECK(catch_error([&] { fin.export_assets(viewer, "2026-03"); }).code() == errc::invalid_argument);
  CHECK(fin.cost_per_service(viewer, "2026-04").services.empty());
}

namespace {

// Two customers' users beside the estate; Bob & Co's incident runs an SLA clock on its own service.
struct customers : estate {
  actor slm_{"sam", {std::string(roles::service_level_manager)}};
  actor im{"irene", {std::string(roles::incident_manager)}};
  actor alice{"alice", {std::string(roles::customer)}};
  actor bob{"bob", {std::string(roles::customer)}};
  customers() {
    auto& sl = system.service_level();
    const auto acme = sl.add_customer(slm_, {.name = "ACME", .description = "retail"});
    const auto bobco = sl.add_customer(slm_, {.name = "Bob & Co", .description = "payroll"});
    alice.customer = acme.id.key();
    bob.customer = bobco.id.key();
    const auto own = sl.add_service(slm_, {.name = "Bob payroll", .description = "only Bob & Co",
                                           .status = model::service_status::live, .dedicated_to = bobco.id});
    sl.define_sla(slm_, {.name = "bob payroll", .service = own.id,
                         .targets = {{1, 30, 240}, {2, 60, 480}, {3, 120, 960}, {4, 240, 1920}, {5, 480, 3840}},
                         .customer = bobco.id});
    system.incidents().record(bob, {.title = "payroll down", .description = "d", .impact = 1, .urgency = 1,
                                    .service = own.id});
  }
};

}  // namespace

TEST_CASE_METHOD(customers, "R-9.1-access R-8.1-inform: escalation and delivery refuse bad actors; no other customer's clock leaks",
                 "[process][events][probe]") {
  auto& incidents = system.incidents();
  REQUIRE(incidents.next_escalation(im).has_value());
  CHECK(incidents.next_escalation(bob) == incidents.next_escalation(im));
  CHECK_FALSE(incidents.next_escalation(alice).has_value());  // Bob & Co's clock is not ACME's business
  for (const actor& who : {actor{"", {std::string(roles::admin)}}, actor{" \t", {std::string(roles::admin)}},
                           actor{"x\xC0", {std::string(roles::admin)}}, actor{"x", {"\xFF"}}}) {
    CHECK(only_audited([&] { system.deliver_events(who); }, "").code() == errc::invalid_argument);
    CHECK(only_audited([&] { incidents.escalate(who); }, "").code() == errc::invalid_argument);
    CHECK(only_audited([&] { system.requests().escalate(who); }, "").code() == errc::invalid_argument);
    CHECK(only_audited([&] { incidents.next_escalation(who); }, "").code() == errc::invalid_argument);
  }
  for (const actor& who : {actor{"nobody", {}}, alice, bob, desk}) {
    CHECK(only_audited([&] { system.deliver_events(who); }, "denied").code() == errc::permission_denied);
    if (who.name != desk.name)  // the service desk keeps tickets, escalation included
      CHECK(only_audited([&] { system.requests().escalate(who); }, "denied").code() == errc::permission_denied);
  }
  CHECK(only_audited([&] { incidents.escalate(alice); }, "denied").code() == errc::permission_denied);
  CHECK(incidents.breaching_within(im, hours(2'000'000'000)).size() == 1);  // past year 9999: still compared
  CHECK(incidents.breaching_within(alice, hours(2'000'000'000)).empty());
  for (const auto window : {duration(boost::posix_time::pos_infin), duration(boost::posix_time::not_a_date_time),
                            minutes(-1)})
    CHECK(catch_error([&] { incidents.breaching_within(im, window); }).code() == errc::invalid_argument);
  clk->advance(hours(10));
  const auto before = state_of(*store);
  const auto fired = incidents.escalate(im);
  CHECK_FALSE(fired.empty());
  CHECK(incidents.escalate(im).empty());  // each threshold fires once
  CHECK(state_of(*store).audit_seq > before.audit_seq);
  CHECK(system.deliver_events(admin).pending == 0);

  // An outbox row written beside the write path with a key that is no position: corrupt, not a
  // std::invalid_argument out of the next write.
  {
    auto tx = system.unaudited_store().begin(storage::tx_mode::read_write);
    tx->put("itsm_outbox", storage::record{"x", 0, {value(std::int64_t{0}), value("t"), value("k"), value("o"),
                                                    value(std::int64_t{1}), value(clk->now()), value("a"), value("{}")}});
    tx->commit();
  }
  CHECK(catch_error([&] { incidents.record(desk, {.title = "after", .description = "d"}); }).code() == errc::corrupt);
}

TEST_CASE_METHOD(estate, "R-9.1-access: hostile CSV and JSON imports (duplicate keys, NUL, nesting, truncation) write nothing",
                 "[process][import][probe]") {
  auto& conf = system.configuration();
  import_options dry;
  dry.dry_run = true;
  auto plan_of = [&](import_source s, const import_options& o) { return conf.import_csv(cmgr, s, o); };
  auto json = [](std::string cis, std::string rels = {}) {
    import_source s;
    s.cis_json = std::move(cis);
    s.relationships_json = std::move(rels);
    return s;
  };
  auto malformed = [&](const import_source& s) {
    const auto plan = plan_of(s, dry);
    CHECK(plan.writes() == 0);
    REQUIRE_FALSE(plan.refusals.empty());
    CHECK(plan.refusals[0].why.rule == "R-9.1-access");
    CHECK(only_audited([&] { plan_of(s, {}); }, "refused").violates("R-9.1-access"));
  };
  // A byte-order mark and CRLF are fine in both files.
  auto plan = plan_of(import_source("\xEF\xBB\xBFtype,name\r\nhost,bom-1\r\n",
                                    "\xEF\xBB\xBFsource_type,source,kind,target_type,target\r\nhost,bom-1,runs_on,host,san\r\n"),
                      dry);
  CHECK(plan.refusals.empty());
  CHECK(plan.count(import_action::create) == 2);
  plan = plan_of(json("\xEF\xBB\xBF[{\"type\":\"host\",\"name\":\"bom-2\"}]"), dry);
  CHECK(plan.refusals.empty());
  CHECK(plan.count(import_action::create) == 1);

  for (const std::string& text :
       {std::string("["), std::string("[{\"type\":\"host\",\"name\":\"x\"}"), std::string("[{\"type\":\"host\"]"),
        std::string("[]]"), std::string("[1e400]"), std::string("{}"), std::string("\"x\""), std::string("null"),
        std::string(100000, '[') + std::string(100000, ']'),
        "[{\"type\":\"host\",\"name\":" + std::string(100000, '[') + std::string(100000, ']') + "}]",
        std::string("[{\"type\":\"host\",\"name\":\"a\",\"name\":\"b\"}]"),
        std::string("[{\"type\":\"host\",\"name\":\"a\"}]\0[", 30)}) {
    INFO(text.substr(0, 60));
    malformed(json(text));
  }
  // Distinct keys are columns: no more than a CSV header may have (1024), however many rows.
  std::string wide = "[";
  for (int row = 0; row < 3; ++row) {
    wide += std::string(row ? "," : "") + "{\"type\":\"host\",\"name\":\"w" + std::to_string(row) + "\"";
    for (int k = 0; k < 500; ++k) wide += ",\"k" + std::to_string(row * 500 + k) + "\":1";
    wide += "}";
  }
  malformed(json(wide + "]"));
  // A value of the wrong type is read as text: `true` names no CI type.
  CHECK(only_audited([&] { plan_of(json(R"([{"type":true,"name":"a"}])"), {}); }, "refused").violates("R-9.1-types"));
  for (const std::string& text : {std::string("type,name\nhost,\"a\rb\"x\n"), std::string("type,type\nhost,a\n"),
                                  std::string("\xEF\xBB\xBF\xEF\xBB\xBFtype,name\nhost,a\n"), std::string("\r\n"),
                                  std::string("type,name\nhost,a\xED\xA0\x80\n")}) {
    INFO(text);
    malformed(import_source(text));
  }
  // A NUL byte is text like any other: kept whole, not a cut.
  const std::string nul("a\0b", 3);
  CHECK(plan_of(import_source("type,name\nhost," + nul + "\n"), {}).applied);
  CHECK(conf.find_by_name(viewer, "host", nul).value().name == nul);
  CHECK_FALSE(conf.find_by_name(viewer, "host", "a").has_value());
  // A blank name: the row is refused by the CI's own rules, nothing written.
  CHECK(only_audited([&] { plan_of(import_source("type,name\nhost,  \n"), {}); }, "refused").code() ==
        errc::rule_violation);
  const actor alice{"alice", {std::string(roles::customer)}, "CUS-1"};
  for (const actor& who : {actor{"nobody", {}}, alice, viewer}) {
    CHECK(only_audited([&] { conf.import_csv(who, import_source("type,name\nhost,sneaky\n")); }, "denied").code() ==
          errc::permission_denied);
  }
  CHECK(only_audited([&] { conf.import_csv(actor{" ", {std::string(roles::admin)}}, import_source("type,name\nhost,z\n")); },
                     "")
            .code() == errc::invalid_argument);
}

TEST_CASE_METHOD(estate, "R-9.1-access: policy and ticket JSON with a key given twice or a NUL byte are refused",
                 "[process][probe]") {
  // Two values for one key: nlohmann would keep the last one silently; a NUL would end the text.
  CHECK(catch_error([] { ticket_policy_from_json(R"({"escalation_percent":[50],"escalation_percent":[75]})"); })
            .code() == errc::invalid_argument);
  CHECK(catch_error([] { ticket_policy_from_json(std::string("{}") + '\0' + "{\"x\":1}"); }).code() ==
        errc::invalid_argument);

  const auto i = system.incidents().record(desk, {.title = "relay down", .description = "d"});
  const std::string doc = export_ticket(system, desk, i.id);
  REQUIRE(doc.front() == '{');
  const std::string twice = R"({"kind":"incident",)" + doc.substr(1);  // the document names its kind too
  const auto e = only_audited([&] { system.tickets().import_ticket(desk, twice); }, "");
  CHECK(e.code() == errc::invalid_argument);
  CHECK(std::string(e.what()).find("twice") != std::string::npos);
}

TEST_CASE_METHOD(customers, "R-8.1-inform R-9.1-access: staff tied to a customer escalate that customer's tickets, "
                            "and pass over others' without a denial each",
                 "[process][events][probe]") {
  auto& incidents = system.incidents();
  const actor bob_desk{"bob-desk", {std::string(roles::service_desk)}, bob.customer};
  const actor acme_desk{"acme-desk", {std::string(roles::service_desk)}, alice.customer};
  clk->advance(hours(10));  // Bob & Co's incident is past its thresholds
  const auto before = state_of(*store);
  CHECK(incidents.escalate(acme_desk).empty());  // not ACME's ticket: passed over
  const auto after_acme = state_of(*store);
  CHECK(after_acme.audit_seq == before.audit_seq);  // no denial per ticket, nothing fired
  const auto fired = incidents.escalate(bob_desk);
  REQUIRE_FALSE(fired.empty());
  for (const auto& e : fired) CHECK(e.actor == bob_desk.name);
  CHECK(incidents.escalate(im).empty());  // fired once, by Bob & Co's own desk
}
