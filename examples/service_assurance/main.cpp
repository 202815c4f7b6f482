// service_assurance: availability management on a real store (issue 16, clause 6.3).
//
//   service_assurance [--db URI]      (default: sqlite:service_assurance.db, removed at start)
//
// The path: a webshop whose application runs on a 2-of-3 web cluster, with 99.5 % availability
// agreed → one host fails (the cluster holds: no unavailability) → a second host fails while the
// first is still out, an incident is raised and its outage opened from it → the incident is
// resolved and the outage ended → availability for March end to end, with the remaining budget →
// the unplanned outages awaiting investigation, a conformance finding until they are
// investigated → a continuity plan for the webshop, its test, an RFC on web-2 whose impact
// touches the plan and a security control (its assessment lists both: R-6.3-rfc, R-6.6-rfc), the
// plan exported to one standalone JSON file → a memory metric on web-1 whose least-squares trend
// crosses its 90 % threshold, and the breach that records an incident → the web pool's lease
// apportioned over the webshop and a status page that share it, budgets approved by another,
// budget against actual, the hosts' asset tags for finance, from April a stored rule that
// apportions the lease 3:1 by agreed weights, and the service report's capacity and cost sections
// (R-6.4-costs, R-9.1-finance). Each check prints ok/FAIL;
// the program exits 1 when any check failed.
#include <filesystem>
#include <iostream>
#include <string>

#include <fmt/format.h>

#include "itsm/process/sms.hpp"
#include "itsm/report/conformance.hpp"
#include "itsm/report/service_report.hpp"
#include "itsm/storage/sqlite.hpp"

using namespace itsm;

namespace {

const actor auditor{"audrey", {std::string(roles::auditor)}};
const actor carla{"carla", {std::string(roles::configuration_manager)}};
const actor sam{"sam", {std::string(roles::service_level_manager)}};
const actor ida{"ida", {std::string(roles::incident_manager)}};
const actor rita{"rita", {std::string(roles::cab_member)}};
const actor chris{"chris", {std::string(roles::change_manager)}};
const actor sid{"sid", {std::string(security_manager_role)}};
const actor cam{"cam", {std::string(capacity_manager_role)}};
const actor fiona{"fiona", {std::string(finance_manager_role)}};
const actor tess{"tess", {std::string(top_management_role)}};

int failures = 0;
void check(bool ok, const std::string& what) {
  std::cout << (ok ? "  ok    " : "  FAIL  ") << what << '\n';
  failures += ok ? 0 : 1;
}

model::configuration_item ci(std::string type, std::string name, model::attribute_map attrs = {}) {
  model::configuration_item c;
  c.type = std::move(type);
  c.name = std::move(name);
  c.status = model::ci_status::live;
  c.attributes = std::move(attrs);
  return c;
}

std::string as_minutes(duration d) { return fmt::format("{:.1f} min", static_cast<double>(d.total_seconds()) / 60); }

report::verdict verdict_of(sms& system, const period& p, const std::string& id) {
  const auto st = report::check_conformance(system.reports().snapshot(auditor, p.end), p, system.verify());
  for (const auto& r : st.results)
    if (r.requirement == id) return r.outcome;
  return report::verdict::no_evidence;
}

}  // namespace

int main(int argc, char** argv) {
  std::string uri = "sqlite:service_assurance.db";
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--db" && i + 1 < argc) uri = argv[++i];
    else {
      std::cerr << "usage: service_assurance [--db URI]\n";
      return 2;
    }
  }
  try {
    storage::register_sqlite();
    if (uri.rfind("sqlite:", 0) == 0 && uri != "sqlite::memory:")
      for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(uri.substr(7) + suffix);
    auto clk = std::make_shared<manual_clock>(parse_iso("2026-03-01T00:00:00Z"));
    sms system = sms::open(uri, sms_options{clk, nullptr, nullptr, {}});
    auto& conf = system.configuration();
    auto& as = system.assurance();
    const period march{parse_iso("2026-03-01T00:00:00Z"), parse_iso("2026-04-01T00:00:00Z")};

    std::cout << "1. The estate and the availability agreed (R-6.3-req)\n";
    conf.define_type(carla, model::ci_type{"host", 0, "", "a server", {}, {"member_of"}});
    conf.define_type(carla, model::ci_type{"cluster", 0, "", "k of n hosts", {{"required_members", value_type::integer, true}}, {}});
    conf.define_type(carla, model::ci_type{"application", 0, "", "software", {}, {"runs_on"}});
    model::service shop;
    shop.name = "webshop";
    shop.owner = "sam";
    shop.status = model::service_status::live;
    shop = system.service_level().add_service(sam, shop);
    const auto pool = conf.create(carla, ci("cluster", "web-pool", {{"required_members", value(std::int64_t{2})}}));
    std::vector<model::configuration_item> hosts;
    for (const char* n : {"web-1", "web-2", "web-3"}) {
      hosts.push_back(conf.create(carla, ci("host", n)));
      conf.relate(carla, hosts.back().id, "member_of", pool.id);
    }
    auto app_draft = ci("application", "shop");
    app_draft.services = {shop.id};
    const auto app = conf.create(carla, app_draft);
    conf.relate(carla, app.id, "runs_on", pool.id);
    model::availability_requirement req;
    req.service = shop.id;
    req.target_percent = 99.5;
    req.agreed_with = "webshop service review 2026-02";
    req = as.require_availability(sam, req);
    check(verdict_of(system, march, "R-6.3-req") == report::verdict::conforms,
          fmt::format("{}: {} % agreed for {} (conformance: conforms)", req.id.key(), req.target_percent, shop.id.key()));

    std::cout << "2. web-1 fails for six hours: the 2-of-3 cluster holds\n";
    model::outage o;
    o.ci = hosts[0].id;
    o.start = parse_iso("2026-03-10T02:00:00Z");
    o.end = parse_iso("2026-03-10T08:00:00Z");
    const auto web1 = as.record_outage(sam, o);
    auto a = as.availability(auditor, shop.id, march.start, march.end);
    check(a.unavailable.total_seconds() == 0, fmt::format("{} recorded; webshop unavailable 0 s", web1.id.key()));

    std::cout << "3. web-2 fails at 06:30 while web-1 is still out: an incident and its outage\n";
    clk->set(parse_iso("2026-03-10T06:30:00Z"));
    model::incident inc;
    inc.title = "web-2 down: webshop returns 503";
    inc.impact = 1, inc.urgency = 1;
    inc.service = shop.id;
    inc.ci = hosts[1].id;
    inc = system.incidents().record(ida, inc);
    auto web2 = as.outage_from_incident(ida, inc.id);
    check(web2.state == model::outage_state::ongoing, fmt::format("{} opened from {} (ongoing)", web2.id.key(), inc.id.key()));
    clk->set(parse_iso("2026-03-10T07:45:00Z"));
    system.incidents().assign(ida, inc.id, "web-ops", "ida");
    system.incidents().start_work(ida, inc.id);
    system.incidents().resolve(ida, inc.id, "replaced the failed power supply of web-2");
    web2 = as.end_outage(ida, web2.id, clk->now());

    std::cout << "4. Availability for March, end to end through the CMDB graph (R-6.3-monitor)\n";
    a = as.availability(auditor, shop.id, march.start, march.end);
    check(a.unavailable == minutes(75), fmt::format("unavailable {} (both hosts out 06:30-07:45)", as_minutes(a.unavailable)));
    check(a.percent && *a.percent > 99.8, fmt::format("availability {:.3f} % against {} %", a.percent.value_or(0), a.target_percent));
    check(a.target_met && a.remaining == a.budget - a.unavailable,
          fmt::format("budget {}, remaining {}", as_minutes(a.budget), as_minutes(a.remaining)));
    check(a.outages == std::vector<outage_id>{web1.id, web2.id}, "caused by both host outages");

    std::cout << "5. Unplanned outages are investigated\n";
    clk->set(parse_iso("2026-03-11T09:00:00Z"));
    check(as.uninvestigated(auditor).size() == 2, "two outages await investigation");
    check(verdict_of(system, march, "R-6.3-monitor") == report::verdict::nonconformity,
          "conformance: nonconformity while they wait");
    as.investigate(sam, web1.id, "web-1: disk controller firmware; patched all three hosts");
    as.investigate(sam, web2.id, "web-2: power supply; the spare pool was empty, reordered two");
    check(as.uninvestigated(auditor).empty(), "none awaits investigation");
    check(verdict_of(system, march, "R-6.3-monitor") == report::verdict::conforms, "conformance: conforms");

    std::cout << "6. Continuity: a plan, its test, an RFC touching it, the plan exported (R-6.3-plans, -test, -rfc)\n";
    model::continuity_plan plan;
    plan.name = "webshop recovery";
    plan.owner = "sam";
    plan.content = "1. fail the web pool over to the standby site  2. restore orders from the 02:00 backup";
    plan.contacts = {"Sam Lee, service owner, +49 30 1234567", "NOC, 24x7, noc@example.org"};
    plan.covered_services = {shop.id};
    plan = system.continuity().add_plan(sam, plan);
    const auto test = system.continuity().record_test(sam, plan.id, model::test_result::passed, "failover in 14 minutes");
    check(test.plan_version == 1, fmt::format("{} version {} tested: {}", plan.id.key(), plan.version, test.findings));
    model::rfc change;
    change.title = "replace web-2's power supplies";
    change.reason = "recurring PSU failures";
    change.scope_cis = {hosts[1].id};
    change.backout_plan = "reinstall the old units";
    change = system.changes().submit(rita, change);
    // Information security: a risk on the web hosts and the control that addresses it (R-6.6-*).
    auto& sec = system.security();
    model::security_risk risk;
    risk.title = "web host tampering by on-site vendors";
    risk.owner = "sid";
    risk.likelihood = 2;
    risk.impact = 4;
    risk.treatment = "reduce: sealed chassis, escorted access";
    risk.cis = {hosts[1].id};
    risk = sec.add_risk(sid, risk);
    model::security_control seal;
    seal.name = "chassis intrusion alarm";
    seal.description = "tamper switch reported to the SIEM";
    seal.owner = "sid";
    seal.risks = {risk.id};
    seal.cis = {hosts[1].id};
    seal = sec.add_control(sid, seal);
    const auto assessed = system.changes().assess(
        chris, change.id, {"low", "vendor on site: escorted, intrusion alarm re-armed after the swap", "webshop recovery plan unchanged", "", ""});
    const auto touched = system.continuity().plans_touched_by(auditor, change.id);
    check(touched.size() == 1 && touched[0].id == plan.id, fmt::format("{} touches {}", change.id.key(), plan.id.key()));
    check(assessed.touched_plans == std::vector<continuity_plan_id>{plan.id} &&
              assessed.touched_controls == std::vector<security_control_id>{seal.id},
          fmt::format("its assessment lists plan {} and control {} (risk {})", plan.id.key(), seal.id.key(), risk.id.key()));
    const auto doc = system.continuity().export_plan(auditor, plan.id);
    check(doc.find("noc@example.org") != std::string::npos && doc.find("web-pool") != std::string::npos,
          fmt::format("{} exported with contacts and its CMDB subset ({} bytes of JSON)", plan.id.key(), doc.size()));

    std::cout << "7. Capacity: a threshold, a forecast crossing it, a breach raising an incident (R-6.5-*)\n";
    auto& cap = system.capacity();
    model::capacity_metric mem;
    mem.name = "web-1 memory used";
    mem.ci = hosts[0].id;
    mem.unit = "%";
    mem.threshold = 90;
    mem.raise_incident = true;
    mem = cap.add_metric(cam, mem);
    const auto first = parse_iso("2026-03-20T00:00:00Z");
    for (int day = 0; day < 4; ++day) {
      clk->set(first + hours(24 * day));
      cap.record_measurement(cam, mem.id, clk->now(), 72.0 + 5.0 * day);
    }
    const auto f = cap.forecast(auditor, mem.id, first, clk->now() + hours(1));
    check(f.crosses_at.has_value(), fmt::format("trend +{:.1f} points a day: 90 % crossed at {}", f.slope_per_day,
                                                f.crosses_at ? to_iso(*f.crosses_at) : "never"));
    clk->set(first + hours(24 * 4));
    const auto breach = cap.record_measurement(cam, mem.id, clk->now(), 92.5);
    check(breach.breached && breach.incident.valid(), fmt::format("92.5 % breaches: {} recorded", breach.incident.key()));

    std::cout << "8. Budgeting and accounting: cost per service, budget against actual (R-6.4-costs, R-9.1-finance)\n";
    auto& fin = system.finance();
    model::service status;
    status.name = "status page";
    status.owner = "sam";
    status.status = model::service_status::live;
    status = system.service_level().add_service(sam, status);
    auto page_app = ci("application", "statuspage");
    page_app.services = {status.id};
    conf.relate(carla, conf.create(carla, page_app).id, "runs_on", pool.id);
    model::cost_item lease;
    lease.name = "web pool lease, March";
    lease.kind = model::cost_kind::hardware;
    lease.amount = 90'001;  // EUR 900.01, shared: both services run on the pool
    lease.currency = "EUR";
    lease.period = "2026-03";
    lease.cost_centre = "CC-IT-OPS";
    lease.cis = {pool.id};
    fin.record_cost(fiona, lease);
    model::cost_item team = lease;
    team.name = "webshop developers, March";
    team.kind = model::cost_kind::personnel;
    team.amount = 1'200'000;
    team.cis = {};
    team.services = {shop.id};
    fin.record_cost(fiona, team);
    const auto costs = fin.cost_per_service(auditor, "2026-03");
    check(costs.services.size() == 2 && costs.services[0].total() == 1'245'001 && costs.services[1].total() == 45'000,
          "webshop EUR 12,450.01 (12,000.00 direct + 450.01 of the lease), status page EUR 450.00");
    for (auto [svc, amount] : {std::pair{shop.id, std::int64_t{1'200'000}}, std::pair{status.id, std::int64_t{50'000}}}) {
      model::budget b;
      b.service = svc;
      b.period = "2026-03";
      b.amount = amount;
      b.currency = "EUR";
      fin.approve_budget(tess, fin.propose_budget(fiona, b).id);  // proposed by finance, approved by top management
    }
    const auto over = fin.over_budget(auditor, "2026-03");
    check(over.size() == 1 && over[0].service == shop.id && over[0].variance == -45'001,
          "webshop over its approved budget by EUR 450.01; the status page within its own");
    check(verdict_of(system, march, "R-6.4-costs") == report::verdict::conforms,
          "conformance: every live service budgeted and its costs allocated");
    model::finance_policy fp;
    fp.ci_types = {"host"};
    fin.set_policy(fiona, fp);
    check(verdict_of(system, march, "R-9.1-finance") == report::verdict::nonconformity, "hosts without asset tags: nonconformity");
    for (auto h : hosts) {
      h = *conf.find(auditor, h.id);
      h.asset_tag = "INV-" + h.name;
      h.cost_centre = "CC-IT-OPS";
      conf.update(carla, h);
    }
    check(verdict_of(system, march, "R-9.1-finance") == report::verdict::conforms &&
              fin.export_assets(auditor, "2026-03").find("INV-web-2") != std::string::npos,
          "asset tags and cost centres recorded and exported for finance");
    // From April the shared lease is apportioned by agreed weights (a stored, audited rule); March
    // keeps the even split it was reported with.
    model::apportionment_policy rule;
    rule.rules = {{"2026-04", "", model::apportionment_method::weights, {{shop.id, 3}, {status.id, 1}}}};
    fin.set_apportionment(fiona, rule, {"webshop bears three quarters of the pool from April", ""});
    lease.name = "web pool lease, April";
    lease.period = "2026-04";
    fin.record_cost(fiona, lease);
    const auto april = fin.cost_per_service(auditor, "2026-04");
    for (const auto& row : april.services)
      for (const auto& share : row.shares)
        std::cout << "        " << row.service_name << ": " << share.amount << " " << row.currency << " of "
                  << share.item.key() << " by " << model::enum_to_string(share.method) << " from " << share.rule_from
                  << " (apportionment policy revision " << share.policy_revision << ")\n";
    check(april.services.size() == 2 && april.services[0].apportioned == 67'501 && april.services[1].apportioned == 22'500,
          "April's lease apportioned 3:1 by the stored weights: EUR 675.01 and EUR 225.00");
    const auto rep = report::build(system.reports().snapshot(auditor, march.end), {march});
    check(rep.capacity.breaches == 1 && rep.costs.over_budget == std::vector<std::string>{shop.id.key()},
          "the service report shows the memory breach and the webshop over budget");
    check(system.verify().ok(), "audit trail and records verify");
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << '\n';
    return 1;
  }
  std::cout << (failures ? "FAILED\n" : "all checks passed\n");
  return failures ? 1 : 0;
}
