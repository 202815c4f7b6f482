// managed_services: a managed service provider's quarter with two customers and two suppliers
// (issue 15), on a real store and a manual clock.
//
//   managed_services [--db URI]   (default: sqlite:managed_services.db, removed at start)
//
// The path: customers with their relationship managers and review interval, suppliers with
// contract managers, an internal group with an OLA, who operates which process → contracts that
// state every clause field, activated → the alignment check walks the CMDB below each SLA and
// finds the planted misalignment (the carrier resolves P1 in 8 h, the SLA promises 4 h) → the
// contract is amended under an approved RFC and the check is clean → a quarter of incidents on
// supplier CIs and the carrier's performance → a complaint escalated on the business calendar,
// then closed → quarterly reviews, one left overdue → a satisfaction survey on a sample of the
// quarter's tickets, answered by the customer → a dispute with the carrier over its invoice,
// decided. Each check prints ok/FAIL; exit 1 on a FAIL.
#include <filesystem>
#include <iostream>
#include <string>

#include <fmt/format.h>

#include "itsm/core/clock.hpp"
#include "itsm/process/sms.hpp"
#include "itsm/storage/registry.hpp"
#include "itsm/storage/sqlite.hpp"

using namespace itsm;

namespace {

const actor root{"root", {std::string(roles::admin)}};
const actor carla{"carla", {std::string(roles::configuration_manager)}};
const actor sue{"sue", {std::string(roles::service_level_manager)}};
const actor sam{"sam", {"supplier_manager"}};
const actor dana{"dana", {std::string(roles::service_desk)}};
const actor audrey{"audrey", {std::string(roles::auditor)}};
const actor chris{"chris", {std::string(roles::change_manager)}};
const actor cathy{"cathy", {std::string(roles::cab_member)}};
const actor rita{"rita", {std::string(roles::cab_member)}};  // raises the RFC
const actor owen{"owen", {"service_owner"}};  // owns the webshop: approves changes reaching it

int failures = 0;
void check(bool ok, const std::string& what) {
  std::cout << (ok ? "  ok    " : "  FAIL  ") << what << '\n';
  failures += ok ? 0 : 1;
}

const char* const office_hours =
    R"({"tz":"Europe/Berlin","week":{"1":[["08:00","18:00"]],"2":[["08:00","18:00"]],"3":[["08:00","18:00"]],)"
    R"("4":[["08:00","18:00"]],"5":[["08:00","18:00"]]}})";

model::configuration_item live(std::string type, std::string name, std::vector<service_id> services = {}) {
  model::configuration_item c;
  c.type = std::move(type);
  c.name = std::move(name);
  c.status = model::ci_status::live;
  c.services = std::move(services);
  return c;
}

model::agreement contract(std::string name, party_id with, std::vector<ci_id> covers,
                          std::vector<model::sla_target> targets, double availability) {
  model::agreement a;
  a.name = std::move(name);
  a.party = with;
  a.covers = std::move(covers);
  a.targets = std::move(targets);
  a.availability_target = availability;
  a.scope = "operation of the covered CIs";
  a.dependencies = "power, cooling and rack space from the provider";
  a.requirements = "ISO/IEC 27001 certified operations";
  a.interfaces = "tickets through the provider's service desk API";
  a.workload = "up to 40 incidents a month";
  a.exceptions = "announced maintenance on Sundays 02:00-06:00";
  a.authorities = "the provider's contract manager approves scope changes";
  a.reporting = "monthly performance report by the 5th";
  a.charging_basis = "fixed fee per CI per month";
  a.termination = "90 days' notice at quarter end; configuration data returned";
  return a;
}

model::customer_relationship relationship(customer_id c, std::string manager, std::string contact) {
  model::customer_relationship r;
  r.customer = c;
  r.relationship_manager = std::move(manager);
  r.contacts = {std::move(contact)};
  r.review_interval_days = 91;  // quarterly
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  std::string uri = "sqlite:managed_services.db";
  for (int i = 1; i < argc; ++i) {
    if (std::string(argv[i]) == "--db" && i + 1 < argc) uri = argv[++i];
    else {
      std::cerr << "usage: managed_services [--db URI]\n";
      return 2;
    }
  }
  storage::register_sqlite();
  if (uri.rfind("sqlite:", 0) == 0) std::filesystem::remove(uri.substr(7));
  try {
    auto clk = std::make_shared<manual_clock>(parse_iso("2026-01-05T08:00:00Z"));
    sms system(std::shared_ptr<storage::backend>(storage::open(uri)), sms_options{clk, nullptr, nullptr, {}});
    auto& conf = system.configuration();
    auto& slm = system.service_level();
    auto& rel = system.relationships();

    std::cout << "1. Parties and governance\n";
    model::customer acme, globex;
    acme.name = "Acme Retail";
    acme.contact = "alice";
    globex.name = "Globex Logistics";
    globex.contact = "gus";
    acme = slm.add_customer(root, acme);
    globex = slm.add_customer(root, globex);
    rel.set_customer_relationship(sue, relationship(acme.id, "rachel", "alice (IT director)"));
    rel.set_customer_relationship(sue, relationship(globex.id, "ralf", "gus (CIO)"));
    model::party hostco, netco, unix_team;
    hostco.name = "HostCo";
    hostco.manager = "sam";
    netco.name = "NetCo";
    netco.manager = "nina";
    unix_team.name = "Unix team";
    unix_team.type = model::party_type::internal_group;
    unix_team.manager = "uma";
    hostco = rel.add_party(sam, hostco);
    netco = rel.add_party(sam, netco);
    unix_team = rel.add_party(sam, unix_team);
    model::process_operator night_desk{"night service desk", 0, hostco.id, "sue",
                                       "monthly KPI report, quarterly audit right, shared ticket tool"};
    rel.set_operator(sue, night_desk);
    check(rel.parties(audrey).size() == 3 && rel.operators(audrey).size() == 1,
          "3 parties, the night service desk operated by HostCo and governed by sue");

    std::cout << "2. Catalogue, CMDB and SLAs\n";
    model::service shop, mail;
    shop.name = "webshop";
    shop.owner = "owen";
    shop.status = model::service_status::live;
    shop.dedicated_to = acme.id;
    mail.name = "mail";
    mail.owner = "mia";
    mail.status = model::service_status::live;
    mail.dedicated_to = globex.id;
    shop = slm.add_service(root, shop);
    mail = slm.add_service(root, mail);
    conf.define_type(carla, {"host", 0, "", "a hosted server", {}, {"member_of"}});
    conf.define_type(carla, {"cluster", 0, "", "k of n hosts", {{"required_members", value_type::integer, true}}, {}});
    conf.define_type(carla, {"network", 0, "", "a carrier link", {}, {}});
    conf.define_type(carla, {"application", 0, "", "deployed software", {}, {"runs_on", "depends_on"}});
    auto pool = live("cluster", "web-pool");
    pool.attributes = {{"required_members", value(std::int64_t{2})}};
    pool = conf.create(carla, pool);
    std::vector<ci_id> hosts;
    for (int i = 1; i <= 3; ++i) {
      hosts.push_back(conf.create(carla, live("host", fmt::format("web-{}", i))).id);
      conf.relate(carla, hosts.back(), "member_of", pool.id);
    }
    const auto wan = conf.create(carla, live("network", "wan-frankfurt"));
    const auto shop_app = conf.create(carla, live("application", "shop-app", {shop.id}));
    const auto mail_app = conf.create(carla, live("application", "mail-app", {mail.id}));
    const auto mail_host = conf.create(carla, live("host", "mail-1"));
    conf.relate(carla, shop_app.id, "runs_on", pool.id);
    conf.relate(carla, shop_app.id, "depends_on", wan.id);
    conf.relate(carla, mail_app.id, "runs_on", mail_host.id);
    model::sla shop_sla, mail_sla;
    shop_sla.name = "webshop gold";
    shop_sla.service = shop.id;
    shop_sla.customer = acme.id;
    shop_sla.availability_target = 99.5;
    shop_sla.targets = {{1, 30, 240}, {2, 60, 480}};
    mail_sla = shop_sla;
    mail_sla.name = "mail silver";
    mail_sla.service = mail.id;
    mail_sla.customer = globex.id;
    mail_sla.availability_target = 99.0;
    mail_sla.targets = {{1, 60, 480}, {2, 120, 960}};
    shop_sla = slm.define_sla(root, shop_sla);
    mail_sla = slm.define_sla(root, mail_sla);

    std::cout << "3. Contracts, an OLA and the alignment check\n";
    auto incomplete = contract("hosting", hostco.id, hosts, {{1, 15, 120}, {2, 30, 360}}, 99.0);
    incomplete.termination.clear();
    try {
      rel.add_agreement(sam, incomplete);
      check(false, "a contract without termination terms is refused");
    } catch (const error& e) {
      check(e.code() == errc::rule_violation, fmt::format("refused: {}", e.violations().front().message));
    }
    rel.activate(sam, rel.add_agreement(sam, contract("hosting", hostco.id, hosts, {{1, 15, 120}, {2, 30, 360}}, 99.0)).id);
    auto carrier = rel.activate(sam, rel.add_agreement(sam, contract("carrier", netco.id, {wan.id},
                                                                      {{1, 15, 480}, {2, 30, 480}}, 99.9)).id);
    auto ola = contract("Unix OLA", unix_team.id, {mail_host.id}, {{1, 15, 240}, {2, 30, 600}}, 99.5);
    ola.type = model::agreement_type::ola;
    ola.calendar = office_hours;  // the Unix team works office hours; mail silver is 24x7
    rel.activate(sam, rel.add_agreement(sam, ola).id);
    auto report = rel.alignment(audrey, clk->now());
    for (const auto& f : report.findings) {
      std::string path;
      for (const auto& p : f.path) path += (path.empty() ? "" : " -> ") + p;
      const auto target = f.priority ? fmt::format("{} P{}", f.sla.key(), f.priority) : f.sla.key();
      std::cout << fmt::format("        {} {}: {} [{}]\n", model::enum_to_string(f.what), target, f.detail, path);
    }
    const auto found = [&](misalignment what, sla_id s) {
      return std::any_of(report.findings.begin(), report.findings.end(),
                         [&](const auto& f) { return f.what == what && f.sla == s; });
    };
    check(found(misalignment::resolution, shop_sla.id), "the planted misalignment: the carrier's P1 resolution");
    check(found(misalignment::service_hours, mail_sla.id) && found(misalignment::resolution, mail_sla.id) == false,
          "the Unix team's office-hours OLA does not cover mail's 24x7 hours");
    check(!found(misalignment::availability, shop_sla.id), "2 of 3 hosts at 99% and a 99.9% carrier meet 99.5%");

    model::rfc r;
    r.title = "carrier contract: P1 resolution 4 h";
    r.reason = "align the carrier with webshop gold (R-7.2-align)";
    r.scope_cis = {wan.id};
    r.backout_plan = "keep the current contract version";
    r = system.changes().submit(rita, r);
    system.changes().assess(chris, r.id, {"low", "none", "none", "", ""});
    system.changes().decide(chris, r.id, vote::approve);
    r = system.changes().decide(cathy, r.id, vote::approve);
    if (r.state == model::rfc_state::assessed) r = system.changes().decide(owen, r.id, vote::approve);
    carrier.targets = {{1, 15, 180}, {2, 30, 480}};
    carrier = rel.amend(sam, carrier, {"aligned with webshop gold", r.id.key()});
    report = rel.alignment(audrey, clk->now());
    check(!found(misalignment::resolution, shop_sla.id), fmt::format("amended under {} ({}): webshop gold aligned",
                                                                  r.id.key(), model::enum_to_string(r.state)));

    std::cout << "4. The quarter: carrier incidents, a complaint, reviews\n";
    const auto q_start = clk->now();
    rel.define_complaints(sue, {"agreed", 0, "a customer contact's written dissatisfaction", 2 * 10 * 60, office_hours,
                                "head of service delivery"});
    for (int week = 0; week < 12; ++week) {
      clk->set(q_start + hours(24 * 7 * week));
      if (week % 3 != 0) continue;
      model::incident i;
      i.title = "WAN link down";
      i.impact = 1;
      i.urgency = 1;
      i.service = shop.id;
      i.ci = wan.id;
      i.caller = "monitoring";
      i.customer = acme.id;
      i = system.incidents().record(dana, i);
      system.incidents().assign(dana, i.id, "network", "nils");
      system.incidents().start_work(dana, i.id);
      system.incidents().pend(dana, i.id, "supplier");
      clk->set(clk->now() + minutes(week == 6 ? 300 : 90));  // one outage outlasts the 3 h target
      system.incidents().resume(dana, i.id);
      system.incidents().resolve(dana, i.id, "carrier replaced the line card");
    }
    const auto perf = rel.performance(audrey, carrier.id, q_start, q_start + hours(24 * 91));
    check(perf.measured.size() == 4 && perf.breached.size() == 1,
          fmt::format("carrier: {} incidents, {} breached, {:.0f}% met", perf.measured.size(), perf.breached.size(),
                      perf.percent_met()));

    clk->set(parse_iso("2026-03-23T09:00:00Z"));
    model::complaint c;
    c.customer = acme.id;
    c.service = shop.id;
    c.complainant = "alice";
    c.summary = "WAN outages were announced late";
    c = rel.record_complaint(dana, c);
    clk->set(parse_iso("2026-03-26T09:00:00Z"));  // two business days gone
    const auto escalated = rel.escalate_overdue(sue);
    check(escalated.size() == 1 && escalated[0].escalated_to == "head of service delivery",
          fmt::format("{} escalated after 20 business hours (due {})", c.id.key(), to_iso(c.due_at)));
    rel.investigate(sue, c.id, "the carrier's outage notices went to a retired mailbox");
    rel.act(sue, c.id, "notice address corrected; outages now posted on the status page");
    rel.report_back(sue, c.id, "call with alice, 2026-03-26");
    check(rel.close_complaint(sue, c.id).state == model::complaint_state::closed, c.id.key() + " closed");

    const auto acme_review = rel.schedule_review(sue, acme.id, parse_iso("2026-03-27T10:00:00Z"));
    rel.schedule_review(sue, globex.id, parse_iso("2026-03-27T14:00:00Z"));
    clk->set(parse_iso("2026-03-27T11:00:00Z"));
    rel.hold_review(sue, acme_review.id, "Q1 service report webshop",
                    {"one carrier outage over target", "complaint on outage notices"}, {"second carrier offer"});
    clk->set(parse_iso("2026-03-31T17:00:00Z"));
    const auto overdue = rel.overdue_reviews(audrey, clk->now());
    check(overdue.size() == 1 && overdue[0].customer == globex.id, "Globex's quarterly review is overdue");
    check(rel.reviews(audrey, acme.id).size() == 2, "Acme's next review is scheduled one interval on");

    std::cout << "5. Customer satisfaction and a supplier dispute\n";
    auto& sat = system.satisfaction();
    model::survey_rule rule;
    rule.interval_days = 91;  // every customer service each quarter
    rule.sample_size = 3;
    sat.set_rule(sue, rule);
    const auto survey = sat.open_survey(sue, shop.id, q_start, clk->now());
    check(survey.sample.size() == 3 && survey.population == 4,
          fmt::format("{} samples {} of the quarter's {} webshop tickets, spread over it", survey.id.key(),
                      survey.sample.size(), survey.population));
    const actor alice{"alice", {std::string(roles::customer)}, acme.id.key()};
    sat.respond(alice, {.survey = survey.id, .ticket = survey.sample[0], .score = 4, .comment = "fixed quickly"});
    sat.respond(alice, {.survey = survey.id, .ticket = survey.sample[1], .score = 2, .comment = "told too late"});
    const auto results = sat.results(audrey, q_start, clk->now());
    check(results.size() == 1 && results[0].responses == 2 && *results[0].mean_score == 3.0,
          fmt::format("webshop: {:.0f}% answered, mean score {:.1f}, {:.0f}% satisfied", results[0].response_rate,
                      *results[0].mean_score, *results[0].satisfied));
    auto& disputes = system.disputes();
    disputes.set_procedure(sam, {"agreed", 0, 5 * 10 * 60, office_hours, "head of supplier management"});
    model::dispute d;
    d.supplier = netco.id;
    d.raised_by = "sam";
    d.subject = "NetCo invoiced the March line card replacement as extra work";
    d = disputes.raise(sam, d);
    disputes.investigate(sam, d.id, "line cards are part of the covered WAN link");
    d = disputes.resolve(sam, d.id, "NetCo credits the invoice: hardware of covered CIs is in the fee");
    check(d.state == model::dispute_state::resolved, d.id.key() + " resolved with its decision (R-7.2-monitor)");
    check(system.verify().ok(), "audit trail and records verify");
  } catch (const error& e) {
    std::cerr << "error: " << e.what() << '\n';
    return 1;
  }
  std::cout << (failures ? fmt::format("{} check(s) FAILED\n", failures) : std::string("all checks passed\n"));
  return failures ? 1 : 0;
}
