// A month (March 2026) of one small provider, written through the processes: the change
// fixture's CMDB and CAB, an SLA for the webshop, incidents met, breached, major and an outage,
// a fulfilled request, a successful and a failed change, a deployed release and a report
// definition. Reports and conformance checks are computed from its snapshot.
#pragma once

#include "itsm/report/conformance.hpp"
#include "itsm/report/render.hpp"
#include "itsm/report/service_report.hpp"
#include "support/errors.hpp"
#include "unit/process/change_fixture.hpp"

namespace itsm::test {

struct report_world : change_world {
  actor desk{"dora", {std::string(roles::incident_manager), std::string(roles::service_desk)}};
  actor agent{"dan", {std::string(roles::service_desk)}};  // approves what dora records
  actor slm{"sam", {std::string(roles::service_level_manager)}};
  period march{parse_iso("2026-03-01T00:00:00Z"), parse_iso("2026-04-01T00:00:00Z")};
  model::sla webshop_sla, reports_sla;
  int changes_done = 0;
  incident_id met, breached, major, outage;
  service_request_id request;
  rfc_id good_change, failed_change;
  release_id release;
  report_id definition;

  report_world() {
    auto policy = system.policies().tickets(root);
    policy.major.critical_service_only = false;
    system.policies().set_tickets(root, policy);
    model::sla s;
    s.name = "webshop gold";
    s.service = webshop.id;
    s.availability_target = 99.5;
    s.targets = {{1, 15, 240}, {2, 30, 240}, {3, 60, 480}, {4, 120, 960}, {5, 240, 1920}};
    webshop_sla = system.service_level().define_sla(root, s);
    auto& inc = system.incidents();
    s.name = "reports silver";
    s.service = reports.id;
    reports_sla = system.service_level().define_sla(root, s);
    auto owned = reports;
    owned.owner = "owen";
    reports = system.service_level().update_service(root, owned);
    met = work_incident("slow checkout", 3, 3, hours(2));        // P5: resolved in 2 h of 32 h
    breached = work_incident("payment errors", 1, 2, hours(6));  // P2: resolved in 6 h of 4 h
    major = inc.record(desk, draft("shop down", 1, 1)).id;
    inc.declare_major(desk, major, "dora");
    inc.assign(desk, major, "web", "dora");
    clk->advance(hours(1));
    inc.resolve(desk, major, "restarted the pool");
    inc.record_review(desk, major, "pool exhausted", "raise pool size");
    inc.close(desk, major);
    auto o = draft("db01 power loss", 2, 3);
    o.category = "outage";
    o.ci = db01.id;
    outage = inc.record(desk, o).id;
    clk->advance(hours(2));
    inc.assign(desk, outage, "dc", "dora");
    inc.resolve(desk, outage, "power restored");
    model::service_request q;
    q.title = "new account";
    q.request_type = "access";
    q.service = webshop.id;
    q.requested_by = "ann";
    auto& req = system.requests();
    request = req.record(desk, q).id;
    req.approve(agent, request);
    req.start(desk, request);
    clk->advance(hours(1));
    req.fulfil(desk, request, "account created");
    good_change = finished_change(true);
    failed_change = finished_change(false);
    release = deployed_release();
    model::report_definition d;
    d.name = "webshop monthly";
    d.purpose = "service review with the webshop's customer";
    d.audience = "webshop customer, service owner";
    d.data_sources = {"incident", "service_request", "rfc", "release"};
    definition = system.reports().define(slm, d).id;
  }

  model::incident draft(std::string title, int impact, int urgency) {
    model::incident i;
    i.title = std::move(title);
    i.impact = impact;
    i.urgency = urgency;
    i.service = webshop.id;
    return i;
  }

  incident_id work_incident(std::string title, int impact, int urgency, duration took) {
    auto& inc = system.incidents();
    auto id = inc.record(desk, draft(std::move(title), impact, urgency)).id;
    inc.assign(desk, id, "web", "dora");
    inc.start_work(desk, id);
    clk->advance(took);
    inc.resolve(desk, id, "fixed");
    return id;
  }

  rfc_id finished_change(bool ok) {
    const auto day = 3 + changes_done++;
    auto r = implementing({db01.id}, window(day));
    if (ok) {  // the CMDB records what the change did, under its reference (R-9.2-cmdb)
      auto patched = *system.configuration().find(carla, db01.id);
      patched.version = "1." + std::to_string(day);
      write_options under;
      under.reference = r.id.key();
      db01 = system.configuration().update(carla, patched, under);
    }
    changes.complete(ivan, r.id, ok);
    if (!ok) changes.back_out(ivan, r.id, "restored the snapshot", "driver incompatibility");
    changes.review(chris, r.id, ok ? "worked as planned" : "test the driver first", {"ivan"});
    return changes.close(chris, r.id).id;
  }

  // A release of `scope` planned, built, tested, accepted and deployed a day later.
  release_id deploy_release(std::vector<ci_id> scope, std::string name) {
    auto rfc = approved(std::move(scope));
    auto& rel = system.releases();
    model::release d;
    d.name = std::move(name);
    d.type = "minor";
    d.rfcs = {rfc.id};
    d.planned_at = clk->now() + hours(24);
    d.rollback_plan = "restore";
    d.deliverables = "package";
    d.deployment_method = "in place";
    d.acceptance_criteria = {"functional"};
    auto r = rel.plan(rob, d);
    rel.mark_built(rob, r.id);
    rel.record_test(rob, r.id, "functional", true, "suite green");
    rel.accept(rob, r.id);
    clk->advance(hours(24));
    return rel.deploy(rob, r.id).id;
  }

  release_id deployed_release() {
    auto& rel = system.releases();
    const auto r = deploy_release({db02.id}, "db 2.0");
    // Measured over the policy's window (72 h) before it is closed (R-9.3-measure).
    clk->advance(hours(73));
    return rel.close(rob, r).id;
  }

  store_snapshot snap() { return system.reports().snapshot(reader, march.end); }
};

}  // namespace itsm::test
