// service_transition: a new service through design and transition on a real store (issue 17,
// clause 5 and competence).
//
//   service_transition [--db URI]      (default: sqlite:service_transition.db, removed at start)
//
// The path: "payments" enters the catalogue as pipeline → an RFC introducing it is assessed and
// routed to design & transition → the CAB's approval is refused until the plan is complete → the
// implementation is refused until the design is complete and the implementer holds the server
// competence the store requires → the release deploys it, the transition is accepted against
// its criteria and the catalogue shows the service live → the RFC's closure is refused until the
// outcome report compares actual with expected → the conformance check's verdicts for clause 5
// and competence. Each check prints ok/FAIL; the program exits 1 when any check failed.
#include <filesystem>
#include <iostream>
#include <string>

#include <fmt/format.h>

#include "itsm/process/sms.hpp"
#include "itsm/report/conformance.hpp"
#include "itsm/storage/sqlite.hpp"

using namespace itsm;

namespace {

const actor auditor{"audrey", {std::string(roles::auditor)}};
const actor carla{"carla", {std::string(roles::configuration_manager)}};
const actor sam{"sam", {std::string(roles::service_level_manager)}};
const actor rita{"rita", {std::string(roles::cab_member)}};
const actor chris{"chris", {std::string(roles::change_manager)}};
const actor cathy{"cathy", {std::string(roles::cab_member)}};
const actor carl{"carl", {std::string(roles::cab_member)}};
const actor owen{"owen", {std::string(service_owner_role)}};
const actor ivan{"ivan", {std::string(roles::cab_member)}};
const actor rob{"rob", {std::string(roles::release_manager)}};
const actor quinn{"quinn", {std::string(sms_manager_role)}};

int failures = 0;
void check(bool ok, const std::string& what) {
  std::cout << (ok ? "  ok    " : "  FAIL  ") << what << '\n';
  failures += ok ? 0 : 1;
}

// Runs `f`, which the library must refuse citing `rule`; prints what it said.
template <class F>
void refused(const std::string& rule, F&& f) {
  try {
    f();
    check(false, "expected a refusal citing " + rule);
  } catch (const itsm::error& e) {
    check(e.violates(rule), "refused (" + rule + "): " + e.violations().front().message);
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::string uri = "sqlite:service_transition.db";
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--db" && i + 1 < argc) uri = argv[++i];
    else {
      std::cerr << "usage: service_transition [--db URI]\n";
      return 2;
    }
  }
  try {
    storage::register_sqlite();
    if (uri.rfind("sqlite:", 0) == 0 && uri != "sqlite::memory:")
      for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(uri.substr(7) + suffix);
    auto clk = std::make_shared<manual_clock>(parse_iso("2026-03-02T08:00:00Z"));
    sms system = sms::open(uri, sms_options{clk, nullptr, nullptr, {}});
    auto& changes = system.changes();
    auto& design = system.design();
    const period march{parse_iso("2026-03-01T00:00:00Z"), parse_iso("2026-04-01T00:00:00Z")};

    std::cout << "1. A new service is requested and routed to design & transition (R-5-scope)\n";
    system.configuration().define_type(carla, {"server", 0, "", "A host", {}, {}});
    model::configuration_item host;
    host.type = "server";
    host.name = "pay01";
    host.status = model::ci_status::live;
    host = system.configuration().create(carla, host);
    model::service payments;
    payments.name = "payments";
    payments.owner = "owen";  // status pipeline: not yet offered
    payments = system.service_level().add_service(sam, payments);
    model::sla sla;
    sla.name = "payments standard";
    sla.service = payments.id;
    sla.targets = {{1, 30, 240}, {2, 60, 480}};
    sla = system.service_level().define_sla(sam, sla);
    model::rfc rfc;
    rfc.title = "introduce the payments service";
    rfc.reason = "customers ask to pay by card";
    rfc.scope_cis = {host.id};
    rfc.scope_services = {payments.id};
    rfc.service_action = "new";
    rfc.backout_plan = "switch the webshop back to invoice-only checkout";
    rfc = changes.submit(rita, rfc);
    rfc = changes.assess(chris, rfc.id, {"medium", "card data: PCI scope grows", "none", "", "2 FTE months"});
    check(rfc.design_transition, fmt::format("{} is classified {} and routed to design & transition", rfc.id.key(),
                                             model::enum_to_string(rfc.classification)));
    model::service_transition t;
    t.rfc = rfc.id;
    t.service = payments.id;
    t.timescales = "go-live by 2026-04-15";
    t = design.open(chris, t);
    check(changes.find(auditor, rfc.id)->design_plan == t.id.key(), t.id.key() + " opened for " + rfc.id.key());

    std::cout << "2. The plan before approval (R-5.2-plan)\n";
    refused("R-5.2-plan", [&] { changes.decide(chris, rfc.id, vote::approve); });
    t.authorities = "chris approves; owen accepts for the service";
    t.activities = "build pay01, integrate the card gateway, train the desk";
    t.communication = "customers by newsletter a week before go-live";
    t.resources = "two engineers for six weeks";
    t.risks = "gateway certification late";
    t.dependencies = "card gateway contract signed";
    t.testing = "end-to-end payments on staging, load test";
    t.acceptance_criteria = {"1,000 test payments succeed", "PCI scan passed"};
    t.measurable_outcomes = {"card share of orders at least 30 % after 4 weeks"};
    t = design.revise(chris, t);
    for (const auto* who : {&chris, &cathy, &carl, &owen}) rfc = changes.decide(*who, rfc.id, vote::approve);
    check(rfc.state == model::rfc_state::approved, rfc.id.key() + " approved by the CAB and the service owner");

    std::cout << "3. The design and the implementer's competence (R-5.3-design, R-4.4-competence)\n";
    const auto start = parse_iso("2026-03-10T22:00:00Z");
    changes.schedule(chris, rfc.id, {start, start + hours(4)});
    changes.mark_built(ivan, rfc.id);
    changes.mark_tested(ivan, rfc.id);
    clk->set(start + minutes(5));
    refused("R-5.3-design", [&] { changes.start_implementation(ivan, rfc.id); });
    t.responsibilities = "owen owns the service; the desk handles payment incidents";
    t.human_resources = "one more engineer on call";
    t.finance = "gateway fee 1.2 % per payment";
    t.technology = "pay01 behind the web tier";
    t.contracts = "card gateway contract";
    t.procedures = "refund procedure";
    t.sms_changes = "payments added to the SMS scope";
    t.catalogue_update = "payments: live, for all webshop customers";
    t.slas = {sla.id};
    t = design.revise(chris, t);
    model::competence_requirement need;
    need.skill = "linux-server-administration";
    need.description = "only trained administrators change servers";
    need.ci_types = {"server"};
    system.competence().require(quinn, need);
    refused("R-4.4-competence", [&] { changes.start_implementation(ivan, rfc.id); });
    model::training_record course;
    course.person = "ivan";
    course.course = "Linux administration II";
    course.provider = "in-house academy";
    course.completed_at = parse_iso("2026-02-20T16:00:00Z");
    course.evidence = "certificate LA2-0042";
    model::competence skill;
    skill.person = "ivan";
    skill.skill = need.skill;
    skill.evidence = "supervised upgrade of db02";
    skill.training = system.competence().record_training(quinn, course).id;
    skill.achieved_at = parse_iso("2026-02-27T12:00:00Z");
    skill.expires_at = parse_iso("2028-02-27T12:00:00Z");
    system.competence().grant(quinn, skill);
    check(changes.start_implementation(ivan, rfc.id).state == model::rfc_state::implementing,
          "ivan, now holding the competence, starts the implementation");

    std::cout << "4. Release, acceptance and the catalogue update (R-5.4-transition)\n";
    auto& releases = system.releases();
    model::release rel;
    rel.name = "payments 1.0";
    rel.type = "major";
    rel.rfcs = {rfc.id};
    rel.planned_at = clk->now();
    rel.rollback_plan = "disable the payment option";
    rel.deliverables = "payments package 1.0";
    rel.deployment_method = "blue/green";
    rel.acceptance_criteria = {"functional"};
    rel = releases.plan(rob, rel);
    releases.mark_built(rob, rel.id);
    releases.record_test(rob, rel.id, "functional", true, "suite green");
    releases.accept(rob, rel.id);
    rel = releases.deploy(rob, rel.id);
    t = design.accept(rob, t.id, {{"1,000 test payments succeed", true, "1,000/1,000 on staging"},
                                  {"PCI scan passed", true, "ASV report 2026-03-09"}}, rel.id);
    check(t.release == rel.id, t.id.key() + " accepted against both criteria, deployed by " + rel.id.key());
    check(system.service_level().find_service(auditor, payments.id)->status == model::service_status::live,
          "payments is live in the catalogue");

    std::cout << "5. Review and the outcome report (R-5.4-transition)\n";
    changes.complete(ivan, rfc.id, true);
    changes.review(chris, rfc.id, "went live on time; gateway latency higher than planned", {"ivan"});
    refused("R-5.4-transition", [&] { changes.close(chris, rfc.id); });
    clk->set(parse_iso("2026-03-30T09:00:00Z"));
    design.report_outcome(chris, t.id, {"card share 34 % after 4 weeks"}, "expected at least 30 %, reached 34 %", true);
    check(changes.close(chris, rfc.id).state == model::rfc_state::closed, rfc.id.key() + " closed");

    std::cout << "6. The conformance check for March\n";
    const auto st = report::check_conformance(system.reports().snapshot(auditor, march.end), march, system.verify());
    for (const auto& r : st.results)
      if (r.requirement.rfind("R-5", 0) == 0 || r.requirement == "R-4.4-competence")
        check(r.outcome == report::verdict::conforms, fmt::format("{}: {}", r.requirement, r.summary));
    check(system.verify().ok(), "audit trail and records verify");
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << '\n';
    return 1;
  }
  std::cout << (failures ? "FAILED\n" : "all checks passed\n");
  return failures ? 1 : 0;
}
