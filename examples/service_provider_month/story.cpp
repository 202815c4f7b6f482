// The month's story: the recurring problem and its chain, the failed change, the major incident,
// the security incident, the cluster node lost, the conflicting changes.
#include "runner.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <memory>

namespace spm {

using namespace itsm;
using model::incident;
using model::incident_state;
using model::request_state;
using model::rfc_class;
using model::rfc_state;

// The recurring problem of the month (three stories, one per month in turn).
struct problem_story {
  std::size_t service;
  std::string ci, incident_title, category, group, agent, quick_fix;
  std::string problem_title, root_cause, symptom, workaround;
  std::string base_version, fix_version;  // the CI's version before the first fix, and the fix's
  std::string rfc_title, release_name;    // "{}" = the version installed
  int weekday, minute;  // the release window, inside the service's maintenance slot
};

const problem_story& problem_of(int month_index) {
  static const std::vector<problem_story> stories{
      {email, "mail-gateway", "Outbound mail stuck in queue", "mail-flow", "messaging", "mia",
       "queue runner restarted, deferred mail flushed",
       "Outbound mail repeatedly stuck in the gateway queue",
       "MTA 3.4 queue runner leaks file handles when TLS retries pile up",
       "outbound mail stuck in queue",
       "flush the deferred queue and restart the queue runner; mail flows again within 10 minutes",
       "3.4.1", "3.6.2", "Upgrade the mail gateway MTA to {} (fixes the queue runner leak)", "Mail gateway {}", 3,
       19 * 60 + 30},
      {workplace, "vpn-gateway", "VPN login hangs at 'authenticating'", "vpn-auth", "network", "nils",
       "VPN service restarted", "VPN logins hang after each directory failover",
       "the VPN 7.0 RADIUS client stops retrying after a directory failover",
       "vpn login hangs authenticating",
       "switch the client profile to the secondary RADIUS server; users log in again at once",
       "7.0.3", "7.1.1", "Upgrade the VPN gateway to {} (RADIUS retry fix)", "VPN gateway {}", 3, 19 * 60 + 30},
      {payroll, "payroll-app", "Payslip batch stops after 1000 employees", "payslips", "hr-apps", "hanna",
       "batch restarted from the last employee", "Payslip batches abort on large departments",
       "the PDF renderer of payroll 11.2 runs out of heap on batches over 1000 payslips",
       "payslip batch stops employees",
       "run the payslip batch per department (each under 1000 payslips)",
       "11.2", "11.3", "Upgrade payroll to {} (PDF renderer heap fix)", "Payroll {}", 6, 6 * 60},
  };
  return stories[static_cast<std::size_t>(month_index) % stories.size()];
}

namespace {

struct failed_story {
  std::size_t service;
  std::string ci, title, backout, what_was_done, investigation, outage_title;
  int weekday, minute;
};

const failed_story& failed_of(int month_index) {
  static const std::vector<failed_story> stories{
      {payroll, "payroll-db", "Upgrade the payroll database from PostgreSQL 14 to 16",
       "restore the pre-upgrade snapshot of payroll-db-01 and repoint the application",
       "restored the pre-upgrade snapshot; PostgreSQL 14 back in service, payroll verified by HR on call",
       "pg_upgrade stopped: extension pg_partman 4.7 has no build for PostgreSQL 16; the test copy lacked the "
       "extension, so the rehearsal passed",
       "Payroll unavailable during the database upgrade", 6, 6 * 60},
      {email, "mailstore", "Install cumulative update CU15 on the mail store",
       "uninstall CU15 and restore the configuration backup",
       "uninstalled CU15 and restored the configuration; mail store healthy",
       "CU15 setup failed at the schema update: the service account lacked a new permission",
       "Mail store unavailable during the cumulative update", 3, 19 * 60 + 30},
  };
  return stories[static_cast<std::size_t>(month_index) % stories.size()];
}

}  // namespace

std::string bump(const std::string& v) {
  const auto dot = v.find_last_of('.');
  if (dot == std::string::npos || dot + 1 >= v.size()) return v + ".1";
  try {
    return v.substr(0, dot + 1) + std::to_string(std::stoi(v.substr(dot + 1)) + 1);
  } catch (const std::exception&) {
    return v + ".1";
  }
}

// --- the recurring problem -------------------------------------------------------------------
void runner::recurring_incident(const problem_story& ps, timestamp at, bool after_known_error) {
  tl_.at(at, [this, &ps, after_known_error] {
    auto& inc = sys_.incidents();
    const auto& s = w_.service(ps.service);
    incident d;
    d.title = ps.incident_title;
    d.description = "users report: " + ps.symptom;
    d.service = s.record.id;
    d.ci = w_.ci(ps.ci).id;
    d.impact = 2;
    d.urgency = 2;
    d.category = ps.category;
    d.caller = "monitoring";
    const auto rec = inc.record(desk(), d);
    st_.incidents.push_back(rec.id);
    st_.recurring.push_back(rec.id);
    const auto id = rec.id;
    std::string fix = ps.quick_fix;
    duration work = minutes(70);
    if (after_known_error) {
      // R-8.1-info: the handler sees the known error for this CI and applies its workaround.
      const auto info = inc.info(who().audrey, id);
      if (!info.known_errors.empty()) {
        const auto& ke = info.known_errors.front().known_error;
        fix = "workaround from " + ke.id.key() + " applied: " + ke.workaround;
        work = minutes(15);
        st_.workaround_used.push_back(id);
        if (st_.problem.valid()) sys_.problems().link_incident(who().paula, st_.problem, id);
      }
    }
    const auto now = clk_.now();
    tl_.at(now + minutes(6), [this, id, ps] { sys_.incidents().assign(desk(), id, ps.group, ps.agent); });
    tl_.at(now + minutes(8), [this, id] { sys_.incidents().start_work(desk(), id); });
    tl_.at(now + minutes(8) + work, [this, id, fix] { sys_.incidents().resolve(desk(), id, fix); });
    tl_.at(now + hours(26), [this, id] { sys_.incidents().close(desk(), id); });
  });
}

void runner::recurring_problem() {
  const auto& ps = problem_of(m_.index);
  for (int k : {1, 2, 3, 5, 6})
    recurring_incident(ps, bday(k) + minutes(70 + rng_.between(0, 90)), false);
  for (int k : {8, 10}) recurring_incident(ps, bday(k) + minutes(70 + rng_.between(0, 90)), true);

  // R-8.2-trends: the problem manager's weekly look at incident trends finds the CI.
  tl_.at(bday(6) + hours(7), [this, &ps] {
    auto& prb = sys_.problems();
    const auto ci = w_.ci(ps.ci);
    std::vector<incident_id> linked;
    for (const auto& c : prb.trends(who().audrey, m_.start, clk_.now(), 4)) {
      if (c.dimension != "ci" || c.key != ci.id.key()) continue;
      for (const auto& i : c.incidents)
        if (sys_.incidents().find(who().audrey, i)->category == ps.category) linked.push_back(i);
      st_.trend = fmt::format("{} incidents on {} ({}) since {} - {} of them '{}'", c.incidents.size(), ci.name,
                              c.key, to_iso(m_.start).substr(0, 10), linked.size(), ps.incident_title);
    }
    model::problem p;
    p.title = ps.problem_title;
    p.description = "raised from the incident trend on " + ci.name;
    p.priority = 2;
    p.category = ps.category;
    p.service = w_.service(ps.service).record.id;
    p.ci = ci.id;
    p.assignee = "paula";
    p = prb.record(who().paula, p, linked, {"incident trend (R-8.2-trends)", ""});
    st_.problem = p.id;
    prb.investigate(who().paula, p.id);
  });
  tl_.at(bday(7) + hours(3), [this, &ps] {
    model::known_error ke;
    ke.title = ps.problem_title;
    ke.symptom = ps.symptom;
    ke.root_cause = ps.root_cause;
    ke.workaround = ps.workaround;
    ke.cis = {w_.ci(ps.ci).id};
    auto p = *sys_.problems().find(who().audrey, st_.problem);
    p.root_cause = ps.root_cause;
    sys_.problems().update(who().paula, p);
    st_.known_error = sys_.problems().record_known_error(who().paula, st_.problem, ke).id;
  });
  // R-8.2-rfc: an RFC to remove the cause, raised from the problem.
  tl_.at(bday(8) + hours(6), [this, &ps] {
    auto& chg = sys_.changes();
    const auto ci = *sys_.configuration().find(who().audrey, w_.ci(ps.ci).id);
    // The fix installs the story's version the first time, a later patch level afterwards.
    fix_version_ = ci.version == ps.base_version ? ps.fix_version : bump(ci.version);
    model::rfc r;
    r.title = fmt::format(fmt::runtime(ps.rfc_title), fix_version_);
    r.reason = "remove the root cause of " + st_.problem.key() + ": " + ps.root_cause;
    r.classification = rfc_class::normal;
    r.scope_cis = {ci.id};
    r.backout_plan = "reinstall " + ci.version + " from the definitive media library and restore the configuration";
    r.problem = st_.problem;
    r.design_plan = "delivered as release " + fmt::format(fmt::runtime(ps.release_name), fix_version_) +
                    " under the release policy";
    r = chg.submit(who().paula, r);
    st_.problem_rfc = r.id;
    st_.rfcs.push_back(r.id);
    sys_.problems().raise_rfc(who().paula, st_.problem, r.id);
    chg.assess(who().chris, r.id, {"medium", "TLS and auth libraries updated; no new exposure",
                                   "service paused for about 10 minutes in the window", "none", "4 h engineering"});
  });
  const auto window_start = next_slot(bday(11), ps.weekday, ps.minute);
  const period window{window_start, window_start + minutes(90)};
  tl_.at(bday(9) + hours(2), [this, &ps, window] {
    cab_approves(st_.problem_rfc);
    auto& chg = sys_.changes();
    schedule(st_.problem_rfc, window, true);
    chg.mark_built(who().ivan, st_.problem_rfc);
    chg.mark_tested(who().ivan, st_.problem_rfc);
    model::release rel;
    rel.name = fmt::format(fmt::runtime(ps.release_name), fix_version_);
    rel.type = "minor";
    rel.rfcs = {st_.problem_rfc};
    rel.problems = {st_.problem};
    rel.known_errors = {st_.known_error};
    rel.planned_at = window.start;
    rel.rollback_plan = "reinstall the previous version from the definitive media library";
    rel.deliverables = rel.name + " package and configuration change";
    rel.deployment_method = "in-place upgrade in the maintenance window";
    rel.acceptance_criteria = {"end-to-end service test", "integration with partners", "soak test (24 h)"};
    rel = sys_.releases().plan(who().rob, rel);
    st_.release = rel.id;
    sys_.releases().mark_built(who().rob, rel.id);
  });
  tl_.at(bday(10) + hours(8), [this] {
    auto& rel = sys_.releases();
    rel.record_test(who().rob, st_.release, "end-to-end service test", true, "42 of 42 scenarios passed");
    rel.record_test(who().rob, st_.release, "integration with partners", true, "top 20 partners verified");
    rel.record_test(who().rob, st_.release, "soak test (24 h)", false, "handle count still grows after 18 h");
  });
  tl_.at(bday(11) + hours(1), [this] {
    auto& rel = sys_.releases();
    rel.record_test(who().rob, st_.release, "soak test (24 h)", true, "stable for 24 h after the retry limit fix");
    rel.accept(who().rob, st_.release);
  });
  tl_.at(window.start, [this, &ps] {
    sys_.changes().start_implementation(who().ivan, st_.problem_rfc);
    sys_.releases().deploy(who().rob, st_.release);  // takes the baseline first (R-9.3-integrity)
    auto ci = w_.ci(ps.ci);
    ci = *sys_.configuration().find(who().audrey, ci.id);
    ci.version = fix_version_;
    ci.media_location = "dml://" + ps.ci + "/" + ci.version;
    ci.media_checksum = fmt::format("sha256:{:016x}", rng_.next());
    sys_.configuration().update(who().carla, ci, {"deployed " + sys_.releases().find(who().audrey, st_.release)->name,
                                                  st_.problem_rfc.key()});
  });
  tl_.at(window.end, [this] { sys_.changes().complete(who().ivan, st_.problem_rfc, true); });
  tl_.at(window.end + hours(14), [this, &ps] {
    auto& chg = sys_.changes();
    chg.review(who().chris, st_.problem_rfc, "went as planned; " + ps.symptom + " not seen since", {"ivan", "paula"});
    chg.close(who().chris, st_.problem_rfc);
  });
  tl_.at(window.end + hours(72), [this] {
    // Closed once the policy's measure window after deployment has passed (R-9.3-measure).
    sys_.releases().close(who().rob, st_.release);
    sys_.problems().resolve(who().paula, st_.problem,
                            "cause removed by " + st_.problem_rfc.key() + " in release " + st_.release.key() +
                                "; no recurrence since");
  });
  tl_.at(window.end + hours(96), [this] { sys_.problems().close(who().paula, st_.problem); });
}

// Schedules the RFC in `p`; a refusal (conflicts, R-9.2-schedule) is kept for the report and,
// when `accept_conflicts`, the change manager schedules it anyway with the conflicts recorded.
bool runner::schedule(rfc_id id, const period& p, bool accept_conflicts) {
  try {
    sys_.changes().schedule(who().chris, id, p, false);
    return true;
  } catch (const itsm::error& e) {
    if (e.code() != errc::rule_violation) throw;
    refused_step r{fmt::format("scheduling {} for {} - {}", id.key(), to_iso(p.start), to_iso(p.end)), {}};
    for (const auto& v : e.violations()) r.why.push_back(v.message);
    st_.refused.push_back(std::move(r));
  }
  if (!accept_conflicts) return false;
  sys_.changes().schedule(who().chris, id, p, true);
  return true;
}

// Votes of the CAB until the RFC is decided: change manager, CAB members other than the
// requester, then the owners of every affected service (R-9.2-approve).
void runner::cab_approves(rfc_id id) {
  auto& chg = sys_.changes();
  auto r = *chg.find(who().audrey, id);
  std::vector<const actor*> voters{&who().chris, &who().cathy, &who().rita, &who().ivan};
  for (const auto& s : r.impact_services) {
    const auto i = w_.index_of(s);
    if (i < w_.services.size())
      if (const auto* o = who().owner(w_.service(i).record.owner)) voters.push_back(o);
  }
  std::vector<std::string> done;
  for (const auto* v : voters) {
    if (r.state != rfc_state::assessed) break;
    if (v->name == r.requester || std::find(done.begin(), done.end(), v->name) != done.end()) continue;
    // Owners vote last: the CAB's votes alone may not reach the quorum without them.
    r = chg.decide(*v, id, vote::approve, "approved at the CAB");
    done.push_back(v->name);
  }
}

// --- the failed change -----------------------------------------------------------------------
void runner::failed_change() {
  const auto& fs = failed_of(m_.index);
  const auto start = next_slot(bday(5), fs.weekday, fs.minute);
  const period window{start, start + hours(3)};
  tl_.at(bday(3) + hours(2), [this, &fs] {
    auto& chg = sys_.changes();
    const auto ci = w_.ci(fs.ci);
    model::rfc r;
    r.title = fs.title;
    r.reason = "vendor support for the current version ends this year";
    r.scope_cis = {ci.id};
    r.backout_plan = fs.backout;
    r = chg.submit(who().rita, r);
    st_.failed_rfc = r.id;
    st_.rfcs.push_back(r.id);
    chg.assess(who().chris, r.id, {"medium", "none", "service unavailable for up to 3 hours in the window", "none",
                                   "1 day engineering"});
  });
  tl_.at(bday(4) + hours(3), [this, window] {
    cab_approves(st_.failed_rfc);
    auto& chg = sys_.changes();
    schedule(st_.failed_rfc, window, true);
    chg.mark_built(who().ivan, st_.failed_rfc);
    chg.mark_tested(who().ivan, st_.failed_rfc);
  });
  tl_.at(window.start, [this] { sys_.changes().start_implementation(who().ivan, st_.failed_rfc); });
  tl_.at(window.start + minutes(25), [this, &fs] {
    const auto& s = w_.service(fs.service);
    incident d;
    d.title = fs.outage_title;
    d.description = "raised during " + st_.failed_rfc.key();
    d.service = s.record.id;
    d.ci = w_.ci(fs.ci).id;
    d.impact = 1;
    d.urgency = 2;
    d.category = "outage";
    d.caller = "ivan";
    const auto rec = sys_.incidents().record(desk(), d);
    st_.incidents.push_back(rec.id);
    st_.change_outage = rec.id;
    sys_.incidents().assign(desk(), rec.id, "change-team", "ivan");
    sys_.incidents().start_work(desk(), rec.id);
  });
  tl_.at(window.start + minutes(110), [this, &fs] {
    auto& chg = sys_.changes();
    chg.complete(who().ivan, st_.failed_rfc, false);
    chg.back_out(who().ivan, st_.failed_rfc, fs.what_was_done, fs.investigation);
  });
  tl_.at(window.start + minutes(150), [this] {
    sys_.incidents().resolve(desk(), st_.change_outage, "back-out of " + st_.failed_rfc.key() + " completed");
  });
  tl_.at(window.end + hours(30), [this] {
    auto& chg = sys_.changes();
    sys_.incidents().close(desk(), st_.change_outage);
    chg.review(who().chris, st_.failed_rfc, "rehearse upgrades on a full copy; add an extension inventory to the pre-checks",
               {"ivan", "rita"});
    chg.close(who().chris, st_.failed_rfc);
  });
}

// --- the major incident ----------------------------------------------------------------------
void runner::major_incident() {
  const bool storage = m_.index % 2 == 0;
  const auto at = bday(5) + hours(6) + minutes(20);
  tl_.at(at, [this, storage] {
    auto& inc = sys_.incidents();
    incident d;
    d.title = storage ? "Online shop down: checkout returns HTTP 500" : "Online shop down: checkout out of memory";
    d.description = storage ? "every checkout fails; database connections time out"
                            : "checkout pods restart in a loop after a traffic spike";
    d.service = w_.service(shop).record.id;
    d.ci = w_.ci(storage ? "shop-db" : "shop-checkout").id;
    d.impact = 1;
    d.urgency = 1;
    d.category = "outage";
    d.caller = "shop-monitoring";
    const auto rec = inc.record(desk(), d);  // P1 on a critical service: a major-incident candidate
    st_.incidents.push_back(rec.id);
    st_.major = rec.id;
  });
  tl_.at(at + minutes(4), [this] { sys_.incidents().declare_major(who().irene, st_.major, "irene"); });
  tl_.at(at + minutes(6), [this] { sys_.incidents().assign(who().irene, st_.major, "dba", "dora"); });
  tl_.at(at + minutes(8), [this] { sys_.incidents().start_work(who().irene, st_.major); });
  tl_.at(at + minutes(40), [this, storage] {
    sys_.incidents().add_note(who().irene, st_.major,
                              storage ? "failover to the replica blocked: replica 40 minutes behind"
                                      : "rollback of the autoscaling change started");
  });
  tl_.at(at + minutes(95), [this, storage] {
    sys_.incidents().add_note(who().irene, st_.major,
                              storage ? "storage latency 900 ms on san-01 controller B; vendor engaged"
                                      : "heap limit raised; pods stable at reduced traffic");
  });
  tl_.at(at + minutes(155), [this, storage] {
    sys_.incidents().resolve(who().irene, st_.major,
                             storage ? "san-01 controller B failed over to A; database restarted and verified; "
                                       "checkout restored"
                                     : "memory limit corrected and autoscaling fixed; checkout restored");
  });
  tl_.at(next_business(at + hours(20)), [this, storage] {
    sys_.incidents().record_review(
        who().irene, st_.major,
        storage ? "san-01 controller B degraded for three days without an alert; the database stalled on I/O; "
                  "replica lag prevented a failover"
                : "the autoscaling change lowered the memory limit; no load test covered the checkout",
        storage ? "alert on controller path failover; replace controller B (RFC); keep replica lag under 60 s"
                : "load-test checkout before autoscaling changes; alert on pod restarts");
  });
  tl_.at(next_business(at + hours(20)) + hours(1), [this] { sys_.incidents().close(who().irene, st_.major); });
}

// --- the information security incident -------------------------------------------------------
void runner::security_incident() {
  const auto at = bday(4) + hours(2) + minutes(40);
  tl_.at(at, [this] {
    auto& inc = sys_.incidents();
    incident d;
    d.title = "Suspicious mail asking staff to confirm their password";
    d.description = "14 recipients; a link to a look-alike sign-in page";
    d.service = w_.service(email).record.id;
    d.impact = 2;
    d.urgency = 3;
    d.category = "spam";
    d.caller = "user0042";
    auto rec = inc.record(desk(), d);  // P4 as recorded
    st_.incidents.push_back(rec.id);
    st_.security = rec.id;
    // Classified as an information security incident: at least P2 (R-6.6-incidents).
    inc.classify(desk(), rec.id, "phishing", true);
  });
  tl_.at(at + minutes(5), [this] { sys_.incidents().assign(desk(), st_.security, "security", "selma"); });
  tl_.at(at + minutes(9), [this] { sys_.incidents().start_work(desk(), st_.security); });
  tl_.at(at + minutes(30), [this] {
    sys_.incidents().add_note(desk(), st_.security, "sender domain blocked at the gateway; 2 users entered credentials");
  });
  tl_.at(at + minutes(75), [this] {
    sys_.incidents().resolve(desk(), st_.security,
                             "sender blocked, 2 passwords reset and sessions revoked, awareness notice sent");
  });
  tl_.at(at + hours(24), [this] { sys_.incidents().close(desk(), st_.security); });
}

// --- a cluster node lost: 2 of 3 web nodes still serve, no outage --------------------------
void runner::cluster_outage() {
  const auto at = bday(14) - hours(4);
  tl_.at(at, [this] {
    incident d;
    d.title = "web-03 unreachable (kernel panic)";
    d.description = "load balancer marks web-03 down; web-01 and web-02 serve";
    d.service = w_.service(shop).record.id;
    d.ci = w_.ci("web-03").id;
    d.impact = 2;
    d.urgency = 2;
    d.category = "outage";
    d.caller = "shop-monitoring";
    const auto rec = sys_.incidents().record(desk(), d);
    st_.incidents.push_back(rec.id);
    st_.cluster_outage = rec.id;
  });
  tl_.at(at + minutes(12), [this] { sys_.incidents().assign(desk(), st_.cluster_outage, "shop-ops", "sven"); });
  tl_.at(at + minutes(15), [this] { sys_.incidents().start_work(desk(), st_.cluster_outage); });
  tl_.at(at + hours(5), [this] {
    sys_.incidents().resolve(desk(), st_.cluster_outage, "VM restarted on another host; kernel updated");
  });
  tl_.at(at + hours(30), [this] { sys_.incidents().close(desk(), st_.cluster_outage); });
}

// --- changes whose windows conflict; the schedule of change ---------------------------------
void runner::conflicting_changes() {
  // The freeze and the maintenance windows come from the change policy (make_change_policy).
  const auto first = next_slot(bday(13), 2, 60);  // a Tuesday 01:00 UTC: the shop's slot
  const period shared{first, first + hours(2)};
  const auto later = next_slot(first + hours(24), 4, 60);  // the Thursday after
  const period controller{later, later + hours(3)};
  const period in_freeze{m_.end - hours(30), m_.end - hours(27)};
  auto submit = [this](const actor& by, std::string title, std::string ci, rfc_class cls, std::string model,
                       std::string backout, std::string design) {
    model::rfc r;
    r.title = std::move(title);
    r.reason = "planned maintenance";
    r.classification = cls;
    r.standard_model = std::move(model);
    r.scope_cis = {w_.ci(ci).id};
    r.backout_plan = std::move(backout);
    r.design_plan = std::move(design);
    r = sys_.changes().submit(by, r);
    st_.rfcs.push_back(r.id);
    return r.id;
  };
  auto a = std::make_shared<rfc_id>(), b = std::make_shared<rfc_id>(), c = std::make_shared<rfc_id>();
  tl_.at(bday(12) + hours(2), [=, this] {
    auto& chg = sys_.changes();
    *a = submit(who().rita, "Hypervisor firmware upgrade on hv-02", "hv-02", rfc_class::normal, "",
                "flash the previous firmware from the vendor image", "");
    chg.assess(who().chris, *a, {"low", "none", "VMs live-migrated off hv-02 first", "none", ""});
    cab_approves(*a);
    schedule(*a, shared, false);
    // A standard (pre-approved) patch on a VM that hv-02 hosts, wanted in the same window.
    *b = submit(who().rita, "Monthly OS security patches on web-02", "web-02", rfc_class::standard,
                "os-security-patch", "revert the VM snapshot", "");
    chg.assess(who().chris, *b, {"low", "closes published OS vulnerabilities", "none", "", ""});
    schedule(*b, shared, true);  // the change manager accepts: both drain web-02 from the pool
  });
  tl_.at(bday(13) + hours(2), [=, this] {
    auto& chg = sys_.changes();
    *c = submit(who().cathy, "Replace storage controller B of san-01", "san-01", rfc_class::normal, "",
                "re-insert the old controller; controller A keeps serving meanwhile",
                "vendor swaps controller B while A serves; DR plan DT-7 on standby");
    chg.assess(who().chris, *c, {"medium", "none", "single-controller operation for about one hour", "none",
                                 "vendor contract"});
    cab_approves(*c);
    if (!schedule(*c, in_freeze, false) && controller.end <= m_.end - hours(48)) schedule(*c, controller, true);
  });
  // Implementation in the windows: CIs change only under the RFC (R-9.2-cmdb).
  auto implement = [this](std::shared_ptr<rfc_id> id, std::string ci, std::string attribute, const period& p) {
    tl_.at(p.start, [=, this] {
      auto& chg = sys_.changes();
      if (chg.find(who().audrey, *id)->state != rfc_state::scheduled) return;
      chg.mark_built(who().ivan, *id);
      chg.mark_tested(who().ivan, *id);
      chg.start_implementation(who().ivan, *id);
      auto item = *sys_.configuration().find(who().audrey, w_.ci(ci).id);
      if (attribute.empty()) {
        item.version = "patched " + m_.label;
      } else {
        auto it = item.attributes.find(attribute);
        item.attributes[attribute] = value(bump(it == item.attributes.end() ? "1.0" : it->second.as_text()));
      }
      sys_.configuration().update(who().carla, item, {chg.find(who().audrey, *id)->title, id->key()});
    });
    tl_.at(p.end - minutes(10), [=, this] {
      if (sys_.changes().find(who().audrey, *id)->state == rfc_state::implementing) sys_.changes().complete(who().ivan, *id, true);
    });
    tl_.at(p.end + hours(9), [=, this] {
      auto& chg = sys_.changes();
      if (chg.find(who().audrey, *id)->state != rfc_state::implemented) return;
      chg.review(who().chris, *id, "completed in the window", {"ivan"});
      chg.close(who().chris, *id);
    });
  };
  implement(a, "hv-02", "firmware", shared);
  implement(b, "web-02", "", shared);
  implement(c, "san-01", "controller_firmware", controller);
}

// R-8.2-trends: at the end of the month the problem manager reviews the month's incident trends
// and records a problem for each CI with recurring incidents that no open problem covers yet.
void runner::trend_review() {
  tl_.at(m_.end - hours(2), [this] {
    auto& prb = sys_.problems();
    for (const auto& c : prb.trends(who().audrey, m_.start, clk_.now())) {
      if (c.dimension != "ci" || !c.open_problems.empty()) continue;
      const auto ci = *sys_.configuration().find(who().audrey, ci_id::parse(c.key));
      model::problem p;
      p.title = fmt::format("recurring incidents on {}", ci.name);
      p.description = fmt::format("{} incidents on {} this month (monthly trend review)", c.incidents.size(), ci.name);
      p.ci = ci.id;
      p.assignee = "paula";
      prb.record(who().paula, p, {}, {"monthly incident trend review (R-8.2-trends)", ""});
    }
  });
}

}  // namespace spm
