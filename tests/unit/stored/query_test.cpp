// Typed queries on a durable store (store.hpp; issue 12): the same pages, counts and scope as on
// the memory adapter, through the SQL the adapter compiles (OR groups, row-value keysets, count).
#include <catch2/catch.hpp>

#include <algorithm>

#include "itsm/process/sms.hpp"
#include "itsm/storage/memory.hpp"
#include "unit/stored/store.hpp"

using namespace itsm;
using model::incident;
using model::incident_state;

namespace {

constexpr incident_state states[] = {incident_state::recorded, incident_state::assigned, incident_state::in_progress,
                                     incident_state::pending,  incident_state::resolved, incident_state::closed};

// The same 300 incidents in `be`, a third of them ACME's (CUS-1 once the customer is added).
void seed(storage::backend& be) {
  auto tx = be.begin(storage::tx_mode::read_write);
  const auto& def = incident::def();
  for (int i = 0; i < 300; ++i) {
    incident inc;
    inc.id = incident_id::parse("INC-" + std::to_string(i + 1));
    inc.title = "t" + std::to_string(i);
    inc.state = states[i % 6];
    inc.assignment_group = i % 3 == 0 ? "network" : "desk";
    inc.priority = 1 + i % 5;
    inc.impact = inc.urgency = 1;
    inc.caller = "c";
    inc.assignee = i % 7 == 0 ? "" : "ann";
    inc.opened_at = parse_iso("2026-03-01T08:00:00Z") + boost::posix_time::minutes((i * 11) % 90);
    if (i % 3 == 1) inc.customer = customer_id::parse("CUS-1");
    tx->put("incident", storage::record{def.key(inc), 0, def.encode(inc)});
  }
  tx->commit();
}

struct both {
  std::shared_ptr<storage::backend> durable = stored_test::open(stored_test::fresh("typed_queries"));
  std::shared_ptr<storage::backend> mem = storage::make_memory_backend();
  sms on_durable{durable};
  sms on_memory{mem};
  actor desk{"dave", {std::string(roles::service_desk)}};
  actor alice{"alice", {std::string(roles::customer)}, "CUS-1"};
  both() {
    actor slm{"sam", {std::string(roles::service_level_manager)}};
    for (auto* s : {&on_durable, &on_memory}) s->service_level().add_customer(slm, {.name = "ACME", .description = "retail"});
    seed(*durable);
    seed(*mem);
  }
};

std::vector<std::string> walk(const sms& s, const actor& who, const query<incident>& q) {
  std::vector<std::string> out;
  auto p = s.queries().find(who, q);
  for (;;) {
    for (const auto& i : p.items) out.push_back(i.id.key());
    if (p.next_cursor.empty()) return out;
    p = s.queries().find(who, q.after(p.next_cursor));
  }
}

}  // namespace

TEST_CASE_METHOD(both, "R-4.3-records: a durable store answers typed queries as the memory adapter does", "[stored][query]") {
  const std::vector<query<incident>> queries = {
      query<incident>()
          .where(field("state").in({incident_state::recorded, incident_state::assigned, incident_state::in_progress}) &&
                 field("assignment_group").eq("network") && field("priority").le(2))
          .order_by("opened_at")
          .limit(3),
      query<incident>().where(sets::unassigned<incident>() || field("priority").eq(5)).order_by("opened_at",
                                                                                                 sort_order::descending).limit(7),
      query<incident>().where(field("id").starts_with("INC-2") && field("customer").is_null()).limit(4),
      query<incident>().where(sets::active<incident>()).order_by("priority").limit(50),
  };
  for (const auto& q : queries) {
    const auto want = walk(on_memory, desk, q);
    CHECK_FALSE(want.empty());
    CHECK(walk(on_durable, desk, q) == want);
    CHECK(on_durable.queries().count(desk, q) == want.size());
    // A customer's user: the same answers, scoped to ACME.
    const auto hers = walk(on_memory, alice, q);
    CHECK(walk(on_durable, alice, q) == hers);
    CHECK(on_durable.queries().count(alice, q) == hers.size());
    CHECK(hers.size() < want.size());
  }
}
