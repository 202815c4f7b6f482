// Shared set-up for change and release tests: an sms whose change policy puts servers under
// change control, a small CMDB (host db01 <- app shop -> service webshop <- service reports),
// the actors of a change advisory board, and helpers that walk an RFC to a given state.
#pragma once

#include <catch2/catch.hpp>

#include <memory>

#include "itsm/core/clock.hpp"
#include "itsm/model/service.hpp"
#include "itsm/process/sms.hpp"
#include "itsm/storage/memory.hpp"

namespace itsm::test {

inline sms_options change_options(std::shared_ptr<manual_clock> clk, std::shared_ptr<recording_sink> sink,
                                  change_policy pol) {
  sms_options o;
  o.time_source = std::move(clk);
  o.events = std::move(sink);
  o.changes = std::move(pol);
  return o;
}

inline change_policy test_policy() {
  change_policy p;
  p.controlled_ci_types = {"server"};
  p.standard_models = {{"patch-app", "monthly application patch", {"application"}, "reinstall previous package"}};
  return p;
}

struct change_world {
  std::shared_ptr<manual_clock> clk = std::make_shared<manual_clock>(parse_iso("2026-03-02T08:00:00Z"));
  std::shared_ptr<recording_sink> sink = std::make_shared<recording_sink>();
  std::shared_ptr<storage::backend> store;
  sms system;
  change_management& changes;

  actor carla{"carla", {std::string(roles::configuration_manager)}};
  actor rita{"rita", {std::string(roles::cab_member)}};        // requester
  actor chris{"chris", {std::string(roles::change_manager)}};
  actor cathy{"cathy", {std::string(roles::cab_member)}};
  actor owen{"owen", {"service_owner"}};                        // owns webshop
  actor ed{"ed", {"emergency_cab"}};
  actor ivan{"ivan", {std::string(roles::cab_member)}};         // implementer
  actor rob{"rob", {std::string(roles::release_manager)}};
  actor root{"root", {std::string(roles::admin)}};
  actor reader{"audrey", {std::string(roles::auditor)}};  // reads everything, writes nothing

  model::configuration_item db01, db02, shop;
  model::service webshop, reports;

  // The CMDB is loaded first, then placed under the policy's change control (R-9.2-record): from
  // then on its controlled CIs change only under an RFC.
  explicit change_world(change_policy pol = test_policy(), std::shared_ptr<storage::backend> on = storage::make_memory_backend())
      : store(std::move(on)), system(store, change_options(clk, sink, uncontrolled(pol))), changes(system.changes()) {
    auto& conf = system.configuration();
    conf.define_type(carla, {"server", 0, "", "A host", {}, {"connects_to"}});
    conf.define_type(carla, {"application", 0, "", "Deployed software", {}, {"runs_on", "depends_on"}});
    model::service s;
    s.name = "webshop";
    s.owner = "owen";
    s.status = model::service_status::live;
    webshop = system.service_level().add_service(root, s);
    s.name = "reports";
    s.owner = "";
    s.depends_on = {webshop.id};
    reports = system.service_level().add_service(root, s);
    db01 = ci("server", "db01");
    db02 = ci("server", "db02");
    shop = ci("application", "shop", {webshop.id});
    conf.relate(carla, shop.id, "runs_on", db01.id);
    system.policies().set_changes(root, pol);
  }

  static change_policy uncontrolled(change_policy p) {
    p.controlled_ci_types.clear();
    return p;
  }

  model::configuration_item ci(std::string type, std::string name, std::vector<service_id> services = {}) {
    model::configuration_item c;
    c.type = std::move(type);
    c.name = std::move(name);
    c.description = "the " + c.name + " " + c.type;  // what every CI records (R-9.1-attrs)
    c.version = "1.0";
    c.location = "dc1";
    c.status = model::ci_status::live;
    c.services = std::move(services);
    return system.configuration().create(carla, c);
  }

  model::rfc draft(std::vector<ci_id> scope, model::rfc_class cls = model::rfc_class::normal) {
    model::rfc r;
    r.title = "upgrade";
    r.reason = "security patch";
    r.classification = cls;
    r.scope_cis = std::move(scope);
    r.backout_plan = "restore snapshot";
    if (cls == model::rfc_class::emergency) r.emergency_justification = "live outage";
    return r;
  }

  // The continuity answer assessed() gives: "none" is refused once an RFC touches a plan (R-6.3-rfc).
  std::string continuity_answer = "none";
  rfc_assessment answers(std::string risk = "medium") { return {risk, "none", continuity_answer, "", ""}; }

  model::rfc assessed(std::vector<ci_id> scope, model::rfc_class cls = model::rfc_class::normal) {
    auto r = changes.submit(rita, draft(std::move(scope), cls));
    return changes.assess(chris, r.id, answers());
  }
  // Normal RFC approved by change manager + CAB member + the webshop owner.
  model::rfc approved(std::vector<ci_id> scope) {
    auto r = assessed(std::move(scope));
    changes.decide(chris, r.id, vote::approve);
    r = changes.decide(cathy, r.id, vote::approve);
    // only RFCs reaching the webshop need its owner's vote
    return r.state == model::rfc_state::assessed ? changes.decide(owen, r.id, vote::approve) : r;
  }
  model::rfc implementing(std::vector<ci_id> scope, period window) {
    auto r = approved(std::move(scope));
    changes.schedule(chris, r.id, window);
    changes.mark_built(ivan, r.id);
    changes.mark_tested(ivan, r.id);
    return start_in_window(r.id);
  }
  // An RFC whose scope names `service` (R-6.1-change), approved and, with `implement`, walked
  // through day 3's window into implementation.
  model::rfc service_rfc(service_id service, bool implement = true) {
    auto d = draft({shop.id});
    d.scope_services = {service};
    auto r = changes.submit(rita, d);
    changes.assess(chris, r.id, answers());
    changes.decide(chris, r.id, vote::approve);
    r = changes.decide(cathy, r.id, vote::approve);
    if (r.state == model::rfc_state::assessed) r = changes.decide(owen, r.id, vote::approve);
    if (!implement) return r;
    changes.schedule(chris, r.id, window(3));
    changes.mark_built(ivan, r.id);
    changes.mark_tested(ivan, r.id);
    return start_in_window(r.id);
  }
  // Moves the clock to the RFC's window (implementation starts inside it, R-9.2-schedule) and
  // starts implementing.
  model::rfc start_in_window(rfc_id id) {
    const auto r = *changes.find(reader, id);
    if (clk->now() < r.window_start) clk->set(r.window_start);
    return changes.start_implementation(ivan, id);
  }
  period window(int day, int hour = 22, int len_hours = 2) {
    const auto start = parse_iso("2026-03-01T00:00:00Z") + hours(24 * (day - 1) + hour);
    return {start, start + hours(len_hours)};
  }

  // Every record of the kinds change and release management write, plus the audit length.
  struct snapshot {
    std::vector<std::vector<storage::record>> records;
    std::int64_t audit_seq = 0;
    bool operator==(const snapshot&) const = default;
  };
  snapshot take() {
    snapshot s;
    auto tx = store->begin(storage::tx_mode::read_only);
    for (auto kind : {"itsm_sequence", "rfc", "approval", "investigation", "release", "acceptance_test", "baseline",
                      "configuration_item", "relationship", "ci_type", "problem", "incident", "link"}) {
      storage::query q;
      q.kind = kind;
      s.records.push_back(tx->scan(q));
    }
    auto last = tx->last_audit();
    s.audit_seq = last ? last->seq : 0;
    return s;
  }
  storage::audit_record last_audit() {
    auto tx = store->begin(storage::tx_mode::read_only);
    return tx->last_audit().value();
  }
  // A refused/denied operation writes exactly one audit entry and nothing else.
  template <class F>
  itsm::error refused(F&& f) {
    const auto before = take();
    try {
      f();
    } catch (const itsm::error& e) {
      auto after = take();
      CHECK(after.records == before.records);
      CHECK(after.audit_seq == before.audit_seq + 1);
      return e;
    }
    FAIL("expected an itsm::error");
    throw std::logic_error("unreachable");
  }
};

}  // namespace itsm::test
