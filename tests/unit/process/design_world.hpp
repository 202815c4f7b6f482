// A provider about to introduce a new service, for the design & transition and competence tests:
// a payments service in the pipeline with its SLA, one server, the change advisory board, a
// release manager and the SMS manager, and helpers that walk the new service's RFC through
// change management. Any backend: memory for the process tests, a real SQLite file for the
// stored ones.
#pragma once

#include <catch2/catch.hpp>

#include <memory>
#include <string>

#include "itsm/core/clock.hpp"
#include "itsm/process/sms.hpp"
#include "itsm/storage/memory.hpp"
#include "support/errors.hpp"

namespace itsm::test {

struct design_world {
  std::shared_ptr<manual_clock> clk = std::make_shared<manual_clock>(parse_iso("2026-03-02T08:00:00Z"));
  std::shared_ptr<storage::backend> store;
  sms system;
  change_management& changes;
  service_design_management& design;
  competence_management& people;

  actor root{"root", {std::string(roles::admin)}};
  actor carla{"carla", {std::string(roles::configuration_manager)}};
  actor sam{"sam", {std::string(roles::service_level_manager)}};
  actor rita{"rita", {std::string(roles::cab_member)}};  // requests the new service
  actor chris{"chris", {std::string(roles::change_manager)}};
  actor cathy{"cathy", {std::string(roles::cab_member)}};
  actor carl{"carl", {std::string(roles::cab_member)}};
  actor owen{"owen", {std::string(service_owner_role)}};  // owns the new service
  actor ivan{"ivan", {std::string(roles::cab_member)}};  // implements it
  actor rob{"rob", {std::string(roles::release_manager)}};
  actor quinn{"quinn", {std::string(sms_manager_role)}};
  actor viewer{"vic", {std::string(roles::viewer)}};

  model::service payments;
  model::sla payments_sla;
  model::configuration_item pay01;

  explicit design_world(std::shared_ptr<storage::backend> s = storage::make_memory_backend())
      : store(std::move(s)),
        system(store, sms_options{clk, nullptr, nullptr, {}}),
        changes(system.changes()),
        design(system.design()),
        people(system.competence()) {
    system.configuration().define_type(carla, {"server", 0, "", "A host", {}, {"connects_to"}});
    model::service svc;
    svc.name = "payments";
    svc.description = "card payments for the webshop";
    svc.owner = "owen";
    svc.status = model::service_status::pipeline;
    payments = system.service_level().add_service(sam, svc);
    model::sla a;
    a.name = "payments standard";
    a.service = payments.id;
    a.targets = {{1, 30, 240}, {2, 60, 480}};
    payments_sla = system.service_level().define_sla(sam, a);
    model::configuration_item c;
    c.type = "server";
    c.name = "pay01";
    c.description = "the payments host";
    c.version = "1.0";
    c.location = "dc1";
    c.status = model::ci_status::live;
    pay01 = system.configuration().create(carla, c);
  }

  model::rfc new_service_rfc() {
    model::rfc r;
    r.title = "introduce the payments service";
    r.reason = "customers ask to pay by card";
    r.scope_cis = {pay01.id};
    r.scope_services = {payments.id};
    r.service_action = "new";
    r.backout_plan = "switch the webshop back to invoice-only checkout";
    r = changes.submit(rita, r);
    return changes.assess(chris, r.id, {"medium", "card data: PCI scope grows", "none", "", "2 FTE months"});
  }

  model::service_transition complete_plan(model::service_transition t) const {
    t.authorities = "change manager chris approves; owen accepts for the service";
    t.activities = "build pay01, integrate the card gateway, train the desk";
    t.communication = "customers by newsletter a week before go-live";
    t.resources = "two engineers for six weeks";
    t.timescales = "go-live by 2026-04-15";
    t.risks = "gateway certification late";
    t.dependencies = "card gateway contract signed";
    t.testing = "end-to-end payments on staging, load test";
    t.acceptance_criteria = {"1,000 test payments succeed", "PCI scan passed"};
    t.measurable_outcomes = {"card share of orders at least 30 % after 4 weeks"};
    return t;
  }
  model::service_transition complete_design(model::service_transition t) const {
    t.responsibilities = "owen owns the service; the desk handles payment incidents";
    t.human_resources = "one more engineer on call";
    t.finance = "gateway fee 1.2 % per payment";
    t.technology = "pay01 behind the web tier";
    t.contracts = "card gateway contract";
    t.procedures = "refund procedure";
    t.sms_changes = "payments added to the SMS scope";
    t.catalogue_update = "payments: live, 24x7, for all webshop customers";
    t.slas = {payments_sla.id};
    return t;
  }
  model::service_transition opened(bool with_plan = true) {
    model::service_transition t;
    t.rfc = new_service_rfc().id;
    t.service = payments.id;
    return design.open(chris, with_plan ? complete_plan(t) : t);
  }

  // The votes a major RFC needs: quorum 3 of the CAB with the change manager, and the owner.
  model::rfc approve(rfc_id id) {
    changes.decide(chris, id, vote::approve);
    changes.decide(cathy, id, vote::approve);
    changes.decide(carl, id, vote::approve);
    return changes.decide(owen, id, vote::approve);
  }
  // approved -> scheduled -> built -> tested, the clock in the window.
  void ready(rfc_id id) {
    const auto start = parse_iso("2026-03-10T22:00:00Z");
    changes.schedule(chris, id, {start, start + boost::posix_time::hours(4)});
    changes.mark_built(ivan, id);
    changes.mark_tested(ivan, id);
    clk->set(start + boost::posix_time::minutes(5));
  }
  model::release planned_release(rfc_id id) {
    model::release r;
    r.name = "payments 1.0";
    r.type = "major";
    r.rfcs = {id};
    r.planned_at = clk->now();
    r.rollback_plan = "disable the payment option";
    r.deliverables = "payments package 1.0";
    r.deployment_method = "blue/green";
    r.acceptance_criteria = {"functional"};
    return system.releases().plan(rob, r);
  }
  model::release deployed_release(rfc_id id) {
    auto& rel = system.releases();
    const auto r = planned_release(id);
    rel.mark_built(rob, r.id);
    rel.record_test(rob, r.id, "functional", true, "suite green");
    rel.accept(rob, r.id);
    return rel.deploy(rob, r.id);
  }
  std::vector<acceptance_result> passing() const {
    return {{"1,000 test payments succeed", true, "1,000/1,000 on staging"}, {"PCI scan passed", true, "ASV report 2026-03-09"}};
  }

  storage::audit_record last_audit() {
    auto tx = store->begin(storage::tx_mode::read_only);
    return tx->last_audit().value();
  }
};

// The error `f` throws, after checking it changed nothing but the one audit entry of the attempt.
template <class F>
itsm::error refused_in(design_world& w, F&& f) {
  const auto seq = w.last_audit().seq;
  auto e = error_of(std::forward<F>(f));
  CHECK(w.last_audit().seq == seq + 1);
  CHECK(w.last_audit().outcome != "applied");
  return e;
}

}  // namespace itsm::test
