// Typed queries (issue 12): filters, order, keyset pages stable under inserts, counts, the
// caller's read scope inside the store, named sets, and bad input refused without writing.
#include <catch2/catch.hpp>

#include <algorithm>
#include <set>

#include "fixture.hpp"
#include "process/detail/records.hpp"
#include "itsm/process/query.hpp"

using namespace itsm;
using itsm::model::incident;
using itsm::model::incident_state;
using itsm::test::catch_error;

namespace {

constexpr incident_state states[] = {incident_state::recorded, incident_state::assigned, incident_state::in_progress,
                                     incident_state::pending,  incident_state::resolved, incident_state::closed};

struct queue_fx : test::process_fixture {
  std::vector<incident> seeded;
  model::customer acme, bobco;
  actor alice, incident_mgr{"irene", {std::string(roles::incident_manager)}};

  queue_fx() {
    actor slm{"sam", {std::string(roles::service_level_manager)}};
    acme = system.service_level().add_customer(slm, {.name = "ACME", .description = "retail"});
    bobco = system.service_level().add_customer(slm, {.name = "Bob & Co", .description = "payroll"});
    alice = actor{"alice", {std::string(roles::customer)}, acme.id.key()};
    seed(0, 120);
  }

  // Incidents INC-(first+1) … with states, groups, priorities, customers, assignees and
  // opening times spread out (some equal, so ties break by id), written straight to the store.
  void seed(int first, int n) {
    auto tx = store->begin(storage::tx_mode::read_write);
    for (int i = first; i < first + n; ++i) {
      incident inc;
      inc.id = incident_id::parse("INC-" + std::to_string(i + 1));
      inc.title = (i % 4 == 0 ? "DB " : "mail ") + std::to_string(i);
      inc.state = states[i % 6];
      inc.assignment_group = i % 3 == 0 ? "network" : "desk";
      inc.priority = 1 + i % 5;
      inc.impact = inc.urgency = 1;
      inc.opened_at = parse_iso("2026-03-01T08:00:00Z") + boost::posix_time::minutes((i * 7) % 50);
      inc.caller = "carl";
      inc.assignee = i % 5 == 0 ? "" : "ann";
      if (i % 4 == 1) inc.customer = acme.id;
      if (i % 4 == 2) inc.customer = bobco.id;
      tx->put("incident", detail::to_record(inc));
      seeded.push_back(inc);
    }
    tx->commit();
  }

  static bool queue_match(const incident& i) {
    return (i.state == incident_state::recorded || i.state == incident_state::assigned ||
            i.state == incident_state::in_progress) &&
           i.assignment_group == "network" && i.priority <= 2;
  }
  static query<incident> queue_query(std::size_t limit) {
    return query<incident>()
        .where(field("state").in({incident_state::recorded, incident_state::assigned, incident_state::in_progress}) &&
               field("assignment_group").eq("network") && field("priority").le(2))
        .order_by("opened_at")
        .limit(limit);
  }
  // Every page of q, in order.
  std::vector<incident> all_pages(const actor& who, const query<incident>& q) {
    std::vector<incident> out;
    auto p = system.queries().find(who, q);
    for (int guard = 0; guard < 1000; ++guard) {
      out.insert(out.end(), p.items.begin(), p.items.end());
      if (p.next_cursor.empty()) break;
      p = system.queries().find(who, q.after(p.next_cursor));
    }
    return out;
  }
  static std::vector<std::string> keys(const std::vector<incident>& v) {
    std::vector<std::string> out;
    for (const auto& i : v) out.push_back(i.id.key());
    return out;
  }
  // The seeded incidents matching `keep`, by (opened_at, id).
  std::vector<std::string> expected(const std::function<bool(const incident&)>& keep) const {
    std::vector<incident> v;
    std::copy_if(seeded.begin(), seeded.end(), std::back_inserter(v), keep);
    std::sort(v.begin(), v.end(), [](const incident& a, const incident& b) {
      return a.opened_at != b.opened_at ? a.opened_at < b.opened_at : a.id.key() < b.id.key();
    });
    return keys(v);
  }
};

}  // namespace

TEST_CASE_METHOD(queue_fx, "R-4.3-records: a filtered, sorted query pages through every match once, in order",
                 "[process][query]") {
  const auto want = expected(queue_match);
  REQUIRE(want.size() > 5);
  for (std::size_t limit : {1, 2, 5, 50}) {
    INFO("pages of " << limit);
    const auto q = queue_query(limit);
    auto first = system.queries().find(desk, q);
    CHECK(first.items.size() == std::min(limit, want.size()));
    CHECK(first.next_cursor.empty() == (want.size() <= limit));
    CHECK(keys(all_pages(desk, q)) == want);
    CHECK(system.queries().count(desk, q) == want.size());
  }
  // Descending is the exact reverse.
  auto down = keys(all_pages(desk, queue_query(3).order_by("opened_at", sort_order::descending)));
  std::reverse(down.begin(), down.end());
  CHECK(down == want);
}

TEST_CASE_METHOD(queue_fx, "R-4.3-records: keyset pages neither skip nor repeat while others insert",
                 "[process][query]") {
  const auto q = queue_query(4);
  auto p = system.queries().find(desk, q);
  std::vector<std::string> seen = keys(p.items);
  int round = 0;
  while (!p.next_cursor.empty()) {
    seed(1000 + 120 * round++, 120);  // new incidents sorting before, among and after the page
    p = system.queries().find(desk, q.after(p.next_cursor));
    const auto more = keys(p.items);
    seen.insert(seen.end(), more.begin(), more.end());
  }
  const std::set<std::string> unique(seen.begin(), seen.end());
  CHECK(unique.size() == seen.size());
  // Every original match was seen, and what was seen is in query order.
  const auto all_now = expected(queue_match);
  for (const auto& id : expected([&](const incident& i) { return queue_match(i) && i.id.key().size() < 8; }))
    CHECK(unique.count(id) == 1);
  std::vector<std::string> in_order;
  for (const auto& id : all_now)
    if (unique.count(id)) in_order.push_back(id);
  CHECK(seen == in_order);
}

TEST_CASE_METHOD(queue_fx, "R-9.1-access: pages and counts hold only what the caller may see", "[process][query]") {
  const auto everything = query<incident>().order_by("opened_at").limit(7);
  const auto acme_only = expected([&](const incident& i) { return i.customer == acme.id; });
  CHECK(keys(all_pages(alice, everything)) == acme_only);
  CHECK(system.queries().count(alice, everything) == acme_only.size());
  CHECK(system.queries().count(desk, everything) == seeded.size());
  // A filter naming another customer's records finds nothing for her.
  const auto bobs = query<incident>().where(field("customer").eq(bobco.id.key()));
  CHECK(system.queries().find(alice, bobs).items.empty());
  CHECK(system.queries().count(alice, bobs) == 0);
  CHECK(system.queries().count(desk, bobs) > 0);
  // Kinds she may not read at all: permission_denied, audited.
  const auto seq = last_audit().seq;
  CHECK(catch_error([&] { system.queries().count(alice, query<model::problem>()); }).code() == errc::permission_denied);
  CHECK(last_audit().seq == seq + 1);
  CHECK(last_audit().outcome == "denied");
}

TEST_CASE("R-9.1-access: an authorizer without a store scope is asked about each record", "[process][query]") {
  // Hides every incident whose number is odd; gives no scope, so queries ask record by record.
  struct even_only final : authorizer {
    decision authorize(const access_request& r) const override {
      if (r.object_id.empty()) return decision::allow();
      const auto n = std::stoi(std::string(r.object_id.substr(4)));
      return n % 2 == 0 ? decision::allow() : decision::deny("odd");
    }
  };
  std::shared_ptr<storage::backend> store = storage::make_memory_backend();
  sms_options options;
  options.access = std::make_shared<even_only>();
  sms system{store, options};
  {
    auto tx = store->begin(storage::tx_mode::read_write);
    for (int i = 1; i <= 301; ++i) {
      incident inc;
      inc.id = incident_id::parse("INC-" + std::to_string(i));
      inc.title = "t";
      inc.caller = "c";
      inc.impact = inc.urgency = 1;
      inc.opened_at = parse_iso("2026-03-01T08:00:00Z");
      tx->put("incident", detail::to_record(inc));
    }
    tx->commit();
  }
  const actor viewer{"vic", {std::string(roles::viewer)}};
  const auto q = query<incident>().limit(40);
  std::set<std::string> seen;
  auto p = system.queries().find(viewer, q);
  for (;;) {
    CHECK((p.items.size() == 40 || p.next_cursor.empty()));  // pages stay full
    for (const auto& i : p.items) {
      CHECK(std::stoi(i.id.key().substr(4)) % 2 == 0);
      seen.insert(i.id.key());
    }
    if (p.next_cursor.empty()) break;
    p = system.queries().find(viewer, q.after(p.next_cursor));
  }
  CHECK(seen.size() == 150);
  CHECK(system.queries().count(viewer, q) == 150);
}

TEST_CASE_METHOD(queue_fx, "R-4.3-records: named sets, OR, prefix and null tests", "[process][query]") {
  auto count = [&](const filter& f) { return system.queries().count(desk, query<incident>().where(f)); };
  auto seeded_count = [&](auto keep) { return static_cast<std::uint64_t>(std::count_if(seeded.begin(), seeded.end(), keep)); };
  auto is_open = [](const incident& i) { return i.state != incident_state::resolved && i.state != incident_state::closed; };
  CHECK(count(sets::open<incident>()) == seeded_count(is_open));
  CHECK(count(sets::active<incident>()) ==
        seeded_count([&](const incident& i) { return is_open(i) && i.state != incident_state::pending; }));
  CHECK(count(sets::unassigned<incident>()) ==
        seeded_count([&](const incident& i) { return is_open(i) && i.assignee.empty(); }));
  CHECK(count(field("priority").eq(1) || field("assignment_group").eq("network")) ==
        seeded_count([](const incident& i) { return i.priority == 1 || i.assignment_group == "network"; }));
  CHECK(count((field("priority").eq(1) || field("priority").eq(5)) && field("assignment_group").ne("network")) ==
        seeded_count([](const incident& i) { return (i.priority == 1 || i.priority == 5) && i.assignment_group != "network"; }));
  CHECK(count(field("id").starts_with("INC-1")) ==
        seeded_count([](const incident& i) { return i.id.key().rfind("INC-1", 0) == 0; }));
  CHECK(count(field("customer").is_null()) == seeded_count([](const incident& i) { return !i.customer.valid(); }));
  CHECK(count(field("customer").is_not_null()) == seeded_count([](const incident& i) { return i.customer.valid(); }));
  CHECK(count(field("priority").between(2, 3)) ==
        seeded_count([](const incident& i) { return i.priority >= 2 && i.priority <= 3; }));
  CHECK(count(filter()) == seeded.size());
  // open_incidents() is the "open" set.
  CHECK(system.incidents().open_incidents(desk).size() == seeded_count(is_open));
}

TEST_CASE_METHOD(queue_fx, "R-4.3-records: bad queries and cursors are refused by name and write nothing",
                 "[process][query]") {
  const auto before = take();
  auto refused = [&](auto&& run, const std::string& words) {
    const auto e = catch_error(run);
    INFO(e.what());
    CHECK(e.code() == errc::invalid_argument);
    CHECK(std::string(e.what()).find(words) != std::string::npos);
  };
  auto find = [&](const query<incident>& q) { return [&, q] { system.queries().find(desk, q); }; };
  refused(find(query<incident>().where(field("nosuch").eq(1))), "unknown field 'nosuch'");
  refused(find(query<incident>().where(field("description").eq("x"))), "'description' is not indexed");
  refused(find(query<incident>().order_by("title")), "'title' is not indexed");
  refused(find(query<incident>().where(field("priority").eq("2"))), "'priority' holds integer values");
  refused(find(query<incident>().where(field("priority").lt(value{}))), "needs a value");
  refused(find(query<incident>().where(field("priority").starts_with("1"))), "starts_with needs a text field");
  refused(find(query<incident>().limit(0)), "limit 0");
  refused(find(query<incident>().limit(1001)), "limit 1001");
  refused([] { (void)field("state").in(std::vector<value>{}); }, "at least one value");

  const auto q = queue_query(2);
  const auto cursor = system.queries().find(desk, q).next_cursor;
  REQUIRE_FALSE(cursor.empty());
  refused(find(q.after("garbage")), "malformed");
  refused(find(q.after(cursor.substr(0, cursor.size() - 2))), "malformed");
  refused(find(q.after(cursor + "00")), "malformed");
  for (std::size_t i = 1; i < cursor.size(); i += 3) {  // any altered digit
    auto bad = cursor;
    bad[i] = bad[i] == '0' ? '1' : '0';
    refused(find(q.after(bad)), "malformed");
  }
  auto upper = cursor;
  std::transform(upper.begin(), upper.end(), upper.begin(), ::toupper);
  refused(find(q.after(upper)), "malformed");
  // A cursor of another query: another filter, order or kind.
  refused(find(queue_query(2).where(field("priority").ge(1)).after(cursor)), "belongs to another query");
  refused(find(queue_query(2).order_by("opened_at", sort_order::descending).after(cursor)), "belongs to another query");
  refused([&] { system.queries().find(desk, query<model::problem>().after(cursor)); }, "belongs to another query");
  CHECK(take() == before);
}
