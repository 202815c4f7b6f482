// Incident workflows on a durable store (store.hpp): the full lifecycle through the process layer, a
// refused transition, and everything still there after the store is reopened by a new sms.
#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <vector>

#include "itsm/core/clock.hpp"
#include "itsm/model/service.hpp"
#include "itsm/process/sms.hpp"
#include "unit/stored/store.hpp"

using namespace itsm;

namespace {
const actor reader{"audrey", {std::string(roles::auditor)}};  // reads everything, writes nothing
}  // namespace
using model::incident_state;

namespace {

std::vector<std::vector<storage::record>> ticket_records(storage::backend& store) {
  std::vector<std::vector<storage::record>> out;
  auto tx = store.begin(storage::tx_mode::read_only);
  for (auto kind : {"itsm_sequence", "incident", "ticket_event"}) {
    storage::query q;
    q.kind = kind;
    out.push_back(tx->scan(q));
  }
  return out;
}

std::vector<std::string> state_trail(const std::vector<ticket_event>& log) {
  std::vector<std::string> out;
  for (const auto& e : log)
    if (e.type == "state") out.push_back(e.to);
  return out;
}

}  // namespace

TEST_CASE("R-8.1-procedure: an incident lifecycle on a durable store survives reopening", "[stored][process]") {
  const auto path = stored_test::fresh("incident_lifecycle");
  const actor slm{"sam", {std::string(roles::service_level_manager)}};
  const actor desk{"dave", {std::string(roles::service_desk)}};
  auto clk = std::make_shared<manual_clock>(parse_iso("2026-03-02T08:00:00Z"));
  incident_id id;
  std::vector<ticket_event> log_before;
  std::int64_t audit_entries = 0;
  std::string audit_head;

  {
    auto store = std::shared_ptr<storage::backend>(stored_test::open(path));
    auto sink = std::make_shared<recording_sink>();
    sms system(store, sms_options{clk, nullptr, sink, {}});
    auto& inc = system.incidents();

    model::service svc;
    svc.name = "Mail";
    svc.description = "mail for staff";
    svc.owner = "olga";
    svc.status = model::service_status::live;
    svc = system.service_level().add_service(slm, svc);
    model::sla sla;
    sla.name = "24x7";
    sla.service = svc.id;  // empty calendar: the clock runs round the clock
    sla.targets = {{1, 15, 120}, {2, 30, 240}, {3, 60, 960}, {4, 240, 2400}, {5, 480, 4800}};
    sla.pause_states = {"customer"};
    sla = system.service_level().define_sla(slm, sla);

    model::incident draft;
    draft.title = "mail delivery delayed";
    draft.impact = 2;
    draft.urgency = 2;
    draft.service = svc.id;
    draft.caller = "carl";
    auto i = inc.record(desk, draft);
    id = i.id;
    CHECK(i.priority == 3);
    CHECK(i.sla == sla.id);

    // A refused transition: nothing in the store changes, the refusal is audited.
    const auto before = ticket_records(*store);
    CHECK_THROWS_AS(inc.close(desk, id), itsm::error);
    try {
      inc.close(desk, id);
    } catch (const itsm::error& e) {
      CHECK(e.code() == errc::rule_violation);
      CHECK(e.violates("R-8.1-procedure"));
    }
    CHECK(ticket_records(*store) == before);
    {
      auto tx = store->begin(storage::tx_mode::read_only);
      const auto last = tx->last_audit().value();
      CHECK(last.outcome == "refused");
      CHECK(last.object_id == id.key());
      CHECK(last.action == "transition:close");
    }

    clk->advance(minutes(10));
    inc.assign(desk, id, "messaging", "dana");
    inc.start_work(desk, id);
    clk->advance(minutes(30));
    i = inc.pend(desk, id, "customer");
    CHECK(i.state == incident_state::pending);
    clk->advance(hours(2));  // paused: the resolution clock does not run
    inc.resume(desk, id);
    clk->advance(minutes(20));
    inc.resolve(desk, id, "raised the queue limit");
    clk->advance(minutes(5));
    i = inc.close(desk, id);
    CHECK(i.state == incident_state::closed);
    CHECK(i.resolution == "raised the queue limit");

    const auto f = inc.sla_figures(reader, id);
    REQUIRE(f.resolution);
    CHECK(f.resolution->elapsed == minutes(60));
    CHECK(f.resolution->paused == hours(2));
    CHECK_FALSE(f.breached());

    log_before = inc.log(reader, id);
    CHECK(state_trail(log_before) == std::vector<std::string>{"recorded", "assigned", "in_progress", "pending",
                                                              "in_progress", "resolved", "closed"});
    const auto audit = system.verify_audit();
    REQUIRE(audit.ok);
    audit_entries = audit.entries;
    audit_head = audit.head_hash;
  }

  // A new backend and a new sms on the same store see everything.
  auto store = std::shared_ptr<storage::backend>(stored_test::open(path));
  sms again(store, sms_options{clk, nullptr, nullptr, {}});
  const auto i = again.incidents().find(reader, id);
  REQUIRE(i);
  CHECK(i->state == incident_state::closed);
  CHECK(i->resolution == "raised the queue limit");
  CHECK(i->revision == 7);  // record + 6 transitions; the refusal wrote nothing
  const auto log_after = again.incidents().log(reader, id);
  REQUIRE(log_after.size() == log_before.size());
  CHECK(state_trail(log_after) == state_trail(log_before));
  const auto f = again.incidents().sla_figures(reader, id);
  REQUIRE(f.resolution);
  CHECK(f.resolution->elapsed == minutes(60));  // recomputed from the reloaded log
  CHECK(f.resolution->paused == hours(2));
  const auto audit = again.verify_audit();
  CHECK(audit.ok);
  CHECK(audit.entries == audit_entries);
  CHECK(audit.head_hash == audit_head);
  {
    auto tx = store->begin(storage::tx_mode::read_only);
    storage::audit_query q;
    q.kind = "incident";
    q.object_id = id.key();
    int refused = 0, applied = 0;
    for (const auto& e : tx->scan_audit(q)) {
      refused += e.outcome == "refused";
      applied += e.outcome == "applied";
    }
    CHECK(refused == 2);  // the two close attempts above
    CHECK(applied == 7);
  }
}
