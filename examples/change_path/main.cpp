// change_path: one change from a problem's RFC to closure, on a real store (issue 7).
//
//   change_path [--db URI]   (default: sqlite:change_path.db, removed at start)
//
// The path: a problem raises an RFC → assessment through the CMDB graph → CAB approval (the
// requester's own vote is denied) → the schedule of change (a second, conflicting RFC is refused,
// then accepted with its conflicts recorded) → a release with acceptance tests → deployment with
// the automatic baseline → the controlled CI updated under the RFC → PIR and closure → the
// release report. Each check prints ok/FAIL; the program exits 1 when any check failed.
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>

#include "itsm/process/sms.hpp"
#include "itsm/storage/registry.hpp"
#include "itsm/storage/sqlite.hpp"

using namespace itsm;

namespace {

// Reads for the printed reports and checks: an auditor sees every record and writes nothing.
const actor auditor{"audrey", {std::string(roles::auditor)}};

int failures = 0;
void check(bool ok, const std::string& what) {
  std::cout << (ok ? "  ok    " : "  FAIL  ") << what << '\n';
  failures += ok ? 0 : 1;
}

// Runs f, expecting an itsm::error; returns it (nothing when f succeeded).
template <class F>
std::optional<itsm::error> expect_error(F&& f) {
  try {
    f();
  } catch (const itsm::error& e) {
    return e;
  }
  return std::nullopt;
}

void print_schedule(change_management& changes, const period& p) {
  std::cout << "schedule of change " << to_iso(p.start) << " .. " << to_iso(p.end) << ":\n";
  for (const auto& r : changes.schedule_of_change(auditor, p)) {
    std::cout << "  " << r.id.key() << "  " << to_iso(r.window_start) << " .. " << to_iso(r.window_end) << "  "
              << model::enum_names<model::rfc_state>::values[static_cast<std::size_t>(r.state)] << "  " << r.title << '\n';
    if (!r.conflicts.empty()) std::cout << "      accepted conflicts: " << r.conflicts << '\n';
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::string uri = "sqlite:change_path.db";
  for (int i = 1; i < argc; ++i) {
    if (std::string(argv[i]) == "--db" && i + 1 < argc) {
      uri = argv[++i];
    } else {
      std::cerr << "usage: change_path [--db URI]\n";
      return 2;
    }
  }
  try {
    // 1. The store: a fresh SQLite file (any registered URI works, e.g. memory:).
    storage::register_sqlite();
    if (uri.rfind("sqlite:", 0) == 0 && uri != "sqlite::memory:")
      for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(uri.substr(7, uri.find('?') - 7) + suffix);
    // 2. The sms: a manual clock (the story has dates). The change policy is stored in the store;
    //    servers go under change control once the CMDB is loaded (step 3).
    auto clk = std::make_shared<manual_clock>(parse_iso("2026-03-02T08:00:00Z"));
    sms_options opt;
    opt.time_source = clk;
    sms system = sms::open(uri, opt);
    auto& conf = system.configuration();
    auto& changes = system.changes();
    auto& releases = system.releases();

    // The people: each holds one role; the default role policy decides what they may do.
    const actor carla{"carla", {std::string(roles::configuration_manager)}};
    const actor paula{"paula", {std::string(roles::problem_manager)}};
    const actor rita{"rita", {std::string(roles::cab_member)}};  // requester
    const actor chris{"chris", {std::string(roles::change_manager)}};
    const actor cathy{"cathy", {std::string(roles::cab_member)}};
    const actor owen{"owen", {"service_owner"}};  // owns the webshop
    const actor ivan{"ivan", {std::string(roles::cab_member)}};  // implementer
    const actor rob{"rob", {std::string(roles::release_manager)}};
    const actor dave{"dave", {std::string(roles::service_desk)}};
    const actor root{"root", {std::string(roles::admin)}};  // catalogue set-up only

    // 3. A small CMDB: the app "shop" runs on the server db01 and delivers the webshop service.
    conf.define_type(carla, {"server", 0, "", "A host", {}, {"connects_to"}});
    conf.define_type(carla, {"application", 0, "", "Deployed software", {}, {"runs_on"}});
    model::service svc;
    svc.name = "webshop";
    svc.owner = "owen";
    svc.status = model::service_status::live;
    const auto webshop = system.service_level().add_service(root, svc);
    auto make_ci = [&](std::string type, std::string name, std::vector<service_id> services) {
      model::configuration_item c;
      c.type = std::move(type);
      c.name = std::move(name);
      c.status = model::ci_status::live;
      c.services = std::move(services);
      return conf.create(carla, c);
    };
    const auto db01 = make_ci("server", "db01", {});
    const auto shop = make_ci("application", "shop", {webshop.id});
    conf.relate(carla, shop.id, "runs_on", db01.id);
    // From now on servers change only under an RFC in implementation (R-9.2-policy, R-9.2-record):
    // creating one, editing it, relating it.
    auto policy = system.policies().changes(root);
    policy.controlled_ci_types = {"server"};
    system.policies().set_changes(root, policy);

    // 4. A problem whose cause is db01's disk controller firmware raises an RFC (R-8.2-rfc).
    model::problem pd;
    pd.title = "checkout timeouts under load";
    pd.priority = 2;
    pd.service = webshop.id;
    pd.ci = db01.id;
    auto problem = system.problems().record(paula, pd);
    system.problems().investigate(paula, problem.id);
    model::rfc d;
    d.title = "upgrade db01 disk controller firmware";
    d.reason = "root cause of " + problem.id.key();
    d.scope_cis = {db01.id};
    d.backout_plan = "flash firmware 7.1 again";
    d.problem = problem.id;
    auto rfc = changes.submit(rita, d);
    system.problems().raise_rfc(paula, problem.id, rfc.id);
    std::cout << "RFC " << rfc.id.key() << " raised from " << problem.id.key() << '\n';

    // 5. Assessment: the blast radius comes from the CMDB graph (shop runs on db01).
    rfc = changes.assess(chris, rfc.id, {"medium", "none", "none", "", ""});
    check(rfc.impact_cis == std::vector<ci_id>{shop.id}, "impact reaches the shop application");

    // 6. CAB: the requester may not approve her own RFC (denied and audited, R-9.2-approve);
    //    change manager + CAB member + the webshop's owner make the quorum.
    const auto own = expect_error([&] { changes.decide(rita, rfc.id, vote::approve); });
    check(own && own->code() == errc::permission_denied, "requester's own vote denied");
    changes.decide(chris, rfc.id, vote::approve);
    changes.decide(cathy, rfc.id, vote::approve);
    rfc = changes.decide(owen, rfc.id, vote::approve, "fine in the maintenance slot");
    check(rfc.state == model::rfc_state::approved, "approved by the CAB quorum");

    // 7. Scheduling: 10 March 22:00-24:00. A second RFC on the shop overlapping it conflicts
    //    (shop is in the first RFC's impact set): refused, then accepted with conflicts recorded.
    const period slot{parse_iso("2026-03-10T22:00:00Z"), parse_iso("2026-03-11T00:00:00Z")};
    changes.schedule(chris, rfc.id, slot);
    model::rfc d2;
    d2.title = "shop config tweak";
    d2.reason = "tuning";
    d2.scope_cis = {shop.id};
    d2.backout_plan = "revert config";
    auto other = changes.submit(cathy, d2);
    changes.assess(chris, other.id, {"low", "none", "none", "", ""});
    for (const auto* voter : {&chris, &ivan, &owen}) changes.decide(*voter, other.id, vote::approve);
    const period clash{parse_iso("2026-03-10T23:00:00Z"), parse_iso("2026-03-11T01:00:00Z")};
    for (const auto& c : changes.conflicts(auditor, other.id, clash)) std::cout << "conflict: " << describe(c) << '\n';
    const auto refused = expect_error([&] { changes.schedule(chris, other.id, clash); });
    check(refused && refused->violates("R-9.2-schedule"), "conflicting RFC refused (R-9.2-schedule)");
    other = changes.schedule(chris, other.id, clash, true);
    check(other.conflicts.find(rfc.id.key()) != std::string::npos, "accepted conflicts recorded on the RFC");
    print_schedule(changes, {parse_iso("2026-03-09T00:00:00Z"), parse_iso("2026-03-12T00:00:00Z")});

    // 8. Build and test the change; plan a release for it with agreed acceptance criteria.
    changes.mark_built(ivan, rfc.id);
    changes.mark_tested(ivan, rfc.id);
    model::release rd;
    rd.name = "db01 firmware 7.2";
    rd.type = "patch";
    rd.rfcs = {rfc.id};
    rd.problems = {problem.id};
    rd.planned_at = slot.start;
    rd.rollback_plan = "flash 7.1";
    rd.deliverables = "firmware image 7.2";
    rd.deployment_method = "maintenance window";
    rd.acceptance_criteria = {"functional", "load"};
    auto rel = releases.plan(rob, rd);
    releases.mark_built(rob, rel.id);
    releases.record_test(rob, rel.id, "functional", true, "controller self-test passed");
    releases.record_test(rob, rel.id, "load", true, "p95 120 ms at 2x peak");
    rel = releases.accept(rob, rel.id);

    // 9. The window opens: implementation starts, the release deploys and takes the baseline.
    clk->set(slot.start + minutes(5));
    changes.start_implementation(ivan, rfc.id);
    rel = releases.deploy(rob, rel.id);
    check(rel.baseline.valid(), "baseline taken before deployment (R-9.3-integrity)");

    // 10. The CMDB follows the change: db01 is controlled, so the update needs the RFC.
    auto host = *conf.find(auditor, db01.id);
    host.version = "fw-7.2";
    const auto uncontrolled = expect_error([&] { conf.update(carla, host); });
    check(uncontrolled && uncontrolled->violates("R-9.2-record"), "CI update without an RFC refused (R-9.2-record)");
    conf.update(carla, host, {"firmware upgraded", rfc.id.key()});
    check(conf.history(auditor, db01.id).back().reference == rfc.id.key(), "CI history points at the RFC");

    // 11. Done: complete, PIR with the implementer, close; the problem resolves with the change.
    clk->set(slot.start + minutes(50));
    changes.complete(ivan, rfc.id, true);
    changes.review(chris, rfc.id, "timeouts gone, no side effects", {"ivan"});
    rfc = changes.close(chris, rfc.id);
    check(rfc.state == model::rfc_state::closed, "RFC closed after its PIR");
    problem = *system.problems().find(auditor, problem.id);
    problem.root_cause = "controller firmware 7.1 stalls under queue depth > 64";
    system.problems().update(paula, problem);
    problem = system.problems().resolve(paula, problem.id, "firmware 7.2 deployed by " + rfc.id.key());

    // 12. Next morning an incident hits db01: it counts against the release (R-9.3-measure).
    clk->set(parse_iso("2026-03-11T08:00:00Z"));
    model::incident in;
    in.title = "slow checkout";
    in.service = webshop.id;
    in.ci = db01.id;
    system.incidents().record(dave, in);

    // 13. The release report: outcome, what changed since the baseline, incidents in the window.
    const auto rep = releases.report(auditor, rel.id);
    std::cout << "release " << rel.id.key() << " '" << rep.release.name << "': outcome " << rep.outcome << '\n';
    if (rep.since_baseline)
      for (const auto& ch : rep.since_baseline->cis_changed)
        for (const auto& a : ch.changes)
          std::cout << "  since baseline: " << ch.id << " " << a.field << " changed\n";
    for (const auto& i : rep.incidents) std::cout << "  incident in window: " << i.id.key() << " " << i.title << '\n';
    check(rep.since_baseline && rep.since_baseline->cis_changed.size() == 1, "baseline diff shows db01 changed");
    check(rep.incidents.size() == 1, "one incident within the measure window");
    check(releases.close(rob, rel.id).state == model::release_state::closed, "release closed");
    check(problem.state == model::problem_state::resolved, "problem resolved by the change");

    // 14. The audit trail: every step above, including the refusals, hash-chained (R-9.1-trace).
    const auto v = system.verify_audit();
    std::cout << "audit trail: " << v.entries << " entries\n";
    check(v.ok, "audit trail verifies");
  } catch (const std::exception& e) {
    std::cerr << "change_path: " << e.what() << '\n';
    return 1;
  }
  std::cout << (failures == 0 ? "all checks passed\n" : "checks failed\n");
  return failures == 0 ? 0 : 1;
}
