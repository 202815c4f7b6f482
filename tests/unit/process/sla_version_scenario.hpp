// Tickets keep the SLA version they were recorded under (R-6.1-change), on any store: an SLA
// tightened under its RFC mid-period leaves the tickets recorded before on the old targets and
// puts the tickets recorded after on the new ones, in the figures, the escalation sweep, the
// report snapshot and the export. Shared by the memory, durable-store and report suites.
#pragma once

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

#include "change_fixture.hpp"
#include "itsm/process/export.hpp"

namespace itsm::test {

struct sla_version_world : change_world {
  actor dora{"dora", {std::string(roles::service_desk)}};
  model::sla gold;
  model::incident before, after;          // recorded under version 1 and version 2
  model::service_request asked, asked_later;
  timestamp start;

  explicit sla_version_world(std::shared_ptr<storage::backend> on) : change_world(test_policy(), std::move(on)) {
    model::sla s;
    s.name = "webshop gold";
    s.service = webshop.id;
    for (int p = 1; p <= 5; ++p) s.targets.push_back({p, 60, 240});
    gold = system.service_level().define_sla(root, s);
    const auto rfc = service_rfc(webshop.id);  // the clock is now in its window
    start = clk->now();
    before = answered_incident();
    asked = approved_request();
    auto tighter = gold;
    for (auto& t : tighter.targets) t = {t.priority, 30, 120};
    gold = system.service_level().update_sla(root, tighter, {.reason = "faster fixes", .reference = rfc.id.key()});
    after = answered_incident();
    asked_later = approved_request();
    clk->advance(minutes(150));  // past version 2's 120 minutes, within version 1's 240
  }

  model::incident answered_incident() {
    auto i = system.incidents().record(
        dora, {.title = "checkout fails", .impact = 2, .urgency = 2, .service = webshop.id, .caller = "carl"});
    system.incidents().assign(dora, i.id, "web", "dora");  // responded: only resolution runs
    return i;
  }
  model::service_request approved_request() {
    const auto r = system.requests().record(
        dora, {.title = "new coupon code", .request_type = "advice", .service = webshop.id, .requested_by = "carl"});
    return system.requests().approve(root, r.id);
  }
};

inline bool has_event(const std::vector<event>& events, const std::string& type, const std::string& object) {
  return std::any_of(events.begin(), events.end(), [&](const event& e) { return e.type == type && e.object_id == object; });
}

// The checks of the scenario, on whichever store `w` runs.
inline void check_measured_by_version(sla_version_world& w) {
  auto& inc = w.system.incidents();
  auto& req = w.system.requests();
  CHECK(w.gold.revision == 2);
  CHECK(w.before.sla_revision == 1);
  CHECK(w.after.sla_revision == 2);
  CHECK(w.asked.sla == w.gold.id);
  CHECK(w.asked.sla_revision == 1);
  CHECK(w.asked_later.sla_revision == 2);

  const auto old_terms = inc.sla_figures(w.reader, w.before.id);
  const auto new_terms = inc.sla_figures(w.reader, w.after.id);
  CHECK(old_terms.sla_revision == 1);
  CHECK(new_terms.sla_revision == 2);
  CHECK_FALSE(old_terms.breached());
  CHECK(new_terms.breached());
  CHECK(old_terms.resolution->deadline == w.before.opened_at + minutes(240));
  CHECK_FALSE(req.sla_figures(w.reader, w.asked.id).breached());
  CHECK(req.sla_figures(w.reader, w.asked_later.id).breached());
  CHECK(req.sla_figures(w.reader, w.asked.id).sla_revision == 1);

  // Escalation fires by each ticket's own version: the new incident breached, the old one is at 62%.
  const auto fired = inc.escalate(w.root);
  CHECK(has_event(fired, "incident.sla_breached", w.after.id.key()));
  CHECK_FALSE(has_event(fired, "incident.sla_at_risk", w.before.id.key()));
  CHECK_FALSE(has_event(fired, "incident.sla_breached", w.before.id.key()));
  const auto fired_requests = req.escalate(w.root);
  CHECK(has_event(fired_requests, "service_request.sla_breached", w.asked_later.id.key()));
  CHECK_FALSE(has_event(fired_requests, "service_request.sla_breached", w.asked.id.key()));

  // The report snapshot measures the same way (report::build's rows: tests/unit/report).
  const auto snap = w.system.reports().snapshot(w.reader, w.clk->now());
  CHECK(snap.sla_versions.size() == 1);
  CHECK(measured_sla(snap, w.gold.id, 1)->target_for(w.before.priority)->resolution_minutes == 240);
  CHECK(snap.sla_figures.at(w.before.id.key()).sla_revision == 1);
  CHECK_FALSE(snap.sla_figures.at(w.before.id.key()).breached());
  CHECK(snap.sla_figures.at(w.after.id.key()).breached());
  CHECK_FALSE(snap.sla_figures.at(w.asked.id.key()).breached());
  CHECK(snap.sla_figures.at(w.asked_later.id.key()).breached());

  // The export shows the version on the ticket and in its figures.
  const auto doc = export_ticket(w.system, w.reader, w.before.id);
  CHECK(doc.find("\"sla_revision\":1") != std::string::npos);

  // Re-applying the SLA (reclassification) gives the version in force now, and its targets.
  const auto moved = inc.apply_sla(w.root, w.before.id, w.gold.id);
  CHECK(moved.sla_revision == 2);
  CHECK(inc.sla_figures(w.reader, w.before.id).breached());
  CHECK(inc.log(w.reader, w.before.id).back().detail == "revision 2");
  CHECK(w.system.verify().ok());
}

}  // namespace itsm::test
