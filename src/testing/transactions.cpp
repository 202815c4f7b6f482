// Conformance groups: transactions, isolation, concurrency, persistence.
#include <atomic>
#include <chrono>
#include <latch>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>

#include "kit.hpp"

namespace itsm::testing::conformance {

using namespace detail;
using storage::audit_query;
using storage::query;
using storage::tx_mode;

namespace {

// The base state every transactions check starts from and returns to after a rollback.
void check_base_state(storage::backend& be, const std::vector<record>& base) {
  auto r = be.begin(tx_mode::read_only);
  const auto all = r->scan(on("ticket"));
  CHECK(ids(all) == ids(base));
  for (const auto& b : base) {
    auto got = r->get("ticket", b.id);
    REQUIRE(got.has_value());
    CHECK(*got == b);
  }
  CHECK_FALSE(r->last_audit().has_value());
  CHECK(r->scan_audit(audit_query{}).empty());
}

// Runs `body` in a thread that must wait for the writer slot: it must not have begun after
// `wait`, and must have finished after `release()` and join.
template <class Body, class Release>
void check_waits_for_writer(Body body, Release release) {
  std::atomic<bool> started{false};
  std::string failure;
  std::thread t([&] {
    try {
      body(started);
    } catch (const std::exception& e) {
      failure = e.what();
    }
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  const bool started_early = started.load();
  release();
  t.join();
  CHECK_FALSE(started_early);
  INFO("second writer failed with: " << failure);
  CHECK(failure.empty());
  CHECK(started.load());
}

}  // namespace

void transactions(const store_opener& open, const conformance_options&) {
  auto be = open_fresh(open, "transactions");
  be->register_schema(ticket_schema());
  const auto base = put_all(*be, "ticket", {ticket("T-1", "one", 1), ticket("T-2", "two", 2), ticket("T-3", "three", 3)});

  auto write_some = [&](storage::transaction& tx) {
    tx.put("ticket", ticket("T-10", "ten", 10));
    auto one = base[0];
    one.values[0] = value("one, edited");
    tx.put("ticket", one);
    tx.erase("ticket", "T-2", 1);
    tx.append_audit(audit_entry(1));
  };
  SECTION("destroying an uncommitted transaction rolls back everything it did") {
    {
      auto tx = be->begin(tx_mode::read_write);
      write_some(*tx);
      CHECK(tx->get("ticket", "T-10").has_value());
      CHECK_FALSE(tx->get("ticket", "T-2").has_value());
      CHECK(tx->last_audit().has_value());
    }
    check_base_state(*be, base);
  }
  SECTION("an exception unwinding past a transaction rolls it back") {
    try {
      auto tx = be->begin(tx_mode::read_write);
      write_some(*tx);
      throw std::runtime_error("boom");
    } catch (const std::runtime_error&) {
    }
    check_base_state(*be, base);
  }
  SECTION("commit applies every write at once; a finished transaction refuses every call") {
    auto tx = be->begin(tx_mode::read_write);
    write_some(*tx);
    tx->commit();
    {
      auto r = be->begin(tx_mode::read_only);
      CHECK(r->get("ticket", "T-10")->revision == 1);
      CHECK(r->get("ticket", "T-1")->revision == 2);
      CHECK(r->get("ticket", "T-1")->values[0] == value("one, edited"));
      CHECK_FALSE(r->get("ticket", "T-2").has_value());
      REQUIRE(r->last_audit().has_value());
      CHECK(*r->last_audit() == audit_entry(1));
    }
    KIT_CHECK_ERRC(tx->get("ticket", "T-1"), errc::invalid_argument);
    KIT_CHECK_ERRC(tx->put("ticket", ticket("T-11", "x")), errc::invalid_argument);
    KIT_CHECK_ERRC(tx->erase("ticket", "T-10", 1), errc::invalid_argument);
    KIT_CHECK_ERRC(tx->scan(on("ticket")), errc::invalid_argument);
    KIT_CHECK_ERRC(tx->append_audit(audit_entry(2)), errc::invalid_argument);
    KIT_CHECK_ERRC(tx->last_audit(), errc::invalid_argument);
    KIT_CHECK_ERRC(tx->scan_audit(audit_query{}), errc::invalid_argument);
    KIT_CHECK_ERRC(tx->commit(), errc::invalid_argument);
    auto r = be->begin(tx_mode::read_only);
    CHECK_FALSE(r->get("ticket", "T-11").has_value());
    CHECK(r->get("ticket", "T-10").has_value());
  }
  SECTION("a read_only transaction refuses writes and can be committed") {
    auto r = be->begin(tx_mode::read_only);
    CHECK(r->mode() == tx_mode::read_only);
    KIT_CHECK_ERRC(r->put("ticket", ticket("T-12", "x")), errc::unsupported);
    auto one = base[0];
    KIT_CHECK_ERRC(r->put("ticket", one), errc::unsupported);
    KIT_CHECK_ERRC(r->erase("ticket", "T-1", 1), errc::unsupported);
    KIT_CHECK_ERRC(r->append_audit(audit_entry(1)), errc::unsupported);
    CHECK(r->get("ticket", "T-1").has_value());
    r->commit();
    KIT_CHECK_ERRC(r->get("ticket", "T-1"), errc::invalid_argument);
    check_base_state(*be, base);
  }
  SECTION("a refused write changes nothing and the transaction stays usable") {
    auto tx = be->begin(tx_mode::read_write);
    tx->put("ticket", ticket("T-20", "twenty"));
    KIT_CHECK_ERRC(tx->put("ticket", ticket("T-1", "dup")), errc::already_exists);
    auto stale = base[0];
    stale.revision = 5;
    KIT_CHECK_ERRC(tx->put("ticket", stale), errc::conflict);
    KIT_CHECK_ERRC(tx->erase("ticket", "T-404", 1), errc::not_found);
    KIT_CHECK_ERRC(tx->erase("ticket", "T-3", 9), errc::conflict);
    KIT_CHECK_ERRC(tx->append_audit(audit_entry(5)), errc::conflict);
    KIT_CHECK_ERRC(tx->put("ticket", make_record("T-21", {})), errc::invalid_argument);
    tx->put("ticket", ticket("T-22", "twenty-two"));
    tx->append_audit(audit_entry(1));
    tx->commit();
    auto r = be->begin(tx_mode::read_only);
    CHECK(r->get("ticket", "T-20").has_value());
    CHECK(r->get("ticket", "T-22").has_value());
    CHECK_FALSE(r->get("ticket", "T-21").has_value());
    CHECK(*r->get("ticket", "T-1") == base[0]);
    CHECK(r->get("ticket", "T-3").has_value());
    CHECK(r->scan_audit(audit_query{}).size() == 1);
  }
}

void isolation(const store_opener& open, const conformance_options&) {
  auto be = open_fresh(open, "isolation");
  be->register_schema(ticket_schema());
  put_all(*be, "ticket", {ticket("T-1", "one", 1)});
  const bool snapshots = be->caps().snapshot_reads;

  auto w = be->begin(tx_mode::read_write);
  auto before = be->begin(tx_mode::read_only);  // begun before the writes
  w->put("ticket", ticket("T-2", "two", 2));
  auto one = *w->get("ticket", "T-1");
  one.values[1] = value(100);
  w->put("ticket", one);
  w->append_audit(audit_entry(1));
  // Readers run alongside the writer (same thread: begin must not wait) and see none of it.
  auto during = be->begin(tx_mode::read_only);
  for (auto* r : {before.get(), during.get()}) {
    CHECK_FALSE(r->get("ticket", "T-2").has_value());
    CHECK(r->get("ticket", "T-1")->revision == 1);
    CHECK(r->scan(on("ticket")).size() == 1);
    CHECK(r->scan(on("ticket").where_eq("priority", 100)).empty());
    CHECK_FALSE(r->last_audit().has_value());
    CHECK(r->scan_audit(audit_query{}).empty());
  }
  w->commit();
  auto after = be->begin(tx_mode::read_only);
  CHECK(after->get("ticket", "T-2").has_value());
  CHECK(after->get("ticket", "T-1")->revision == 2);
  CHECK(after->last_audit().has_value());
  for (auto* r : {before.get(), during.get()}) {
    if (snapshots) {  // one snapshot for the transaction's whole life
      CHECK_FALSE(r->get("ticket", "T-2").has_value());
      CHECK(r->get("ticket", "T-1")->revision == 1);
      CHECK(r->scan(on("ticket")).size() == 1);
      CHECK_FALSE(r->last_audit().has_value());
    } else {  // each call sees the latest commits
      CHECK(r->get("ticket", "T-2").has_value());
      CHECK(r->get("ticket", "T-1")->revision == 2);
      CHECK(r->scan(on("ticket")).size() == 2);
      CHECK(r->last_audit().has_value());
    }
  }
  before.reset();
  during.reset();
  after.reset();

  // One writer at a time: a second begin(read_write) waits for the first to commit…
  w = be->begin(tx_mode::read_write);
  w->put("ticket", ticket("T-3", "three"));
  bool saw_commit = false;
  check_waits_for_writer(
      [&](std::atomic<bool>& started) {
        auto w2 = be->begin(tx_mode::read_write);
        started = true;
        saw_commit = w2->get("ticket", "T-3").has_value();
        w2->put("ticket", ticket("T-4", "four"));
        w2->commit();
      },
      [&] { w->commit(); });
  CHECK(saw_commit);
  // …or to roll back.
  w = be->begin(tx_mode::read_write);
  w->put("ticket", ticket("T-5", "five"));
  bool saw_rollback = true;
  check_waits_for_writer(
      [&](std::atomic<bool>& started) {
        auto w2 = be->begin(tx_mode::read_write);
        started = true;
        saw_rollback = w2->get("ticket", "T-5").has_value();
      },
      [&] { w.reset(); });
  CHECK_FALSE(saw_rollback);
  auto r = be->begin(tx_mode::read_only);
  CHECK(r->get("ticket", "T-4").has_value());
  CHECK_FALSE(r->get("ticket", "T-5").has_value());
}

void concurrency(const store_opener& open, const conformance_options& o) {
  auto be = open_fresh(open, "concurrency");
  be->register_schema(ticket_schema());
  be->register_schema(asset_schema());
  put_all(*be, "asset", {make_record("counter", {value("counter"), value(0)})});
  const bool snapshots = be->caps().snapshot_reads;
  std::mutex mu;
  std::vector<std::string> failures;
  auto fail = [&](std::string what) {
    std::lock_guard lock(mu);
    failures.push_back(std::move(what));
  };
  std::atomic<int> writers_left{o.threads};
  std::atomic<long> reads{0};
  auto read_once = [&](const std::string& uncommitted) {
    auto r = be->begin(tx_mode::read_only);
    const auto n = r->scan(on("ticket").where_ge("priority", 0)).size();
    const auto c = r->get("asset", "counter")->values[1].as_int();
    const auto last = r->last_audit();
    const auto a = last ? last->seq : 0;
    if (snapshots && (static_cast<std::int64_t>(n) != c || c != a))
      fail("reader saw an inconsistent snapshot: " + std::to_string(n) + " tickets, counter " +
           std::to_string(c) + ", audit " + std::to_string(a));
    if (!uncommitted.empty() && r->get("ticket", uncommitted))
      fail("reader saw " + uncommitted + " before its transaction committed");
    ++reads;
  };
  // Rendezvous, not timing: writer 0 keeps its first transaction open (written, not committed)
  // until every reader has read once, so the readers provably run during an open write.
  constexpr int readers = 2;
  const bool held = o.threads > 0 && o.writes_per_thread > 0;
  std::latch write_open(1), reads_done(readers);
  if (!held) write_open.count_down();
  std::vector<std::thread> threads;
  for (int t = 0; t < o.threads; ++t)
    threads.emplace_back([&, t] {
      bool signalled = false;
      try {
        for (int i = 0; i < o.writes_per_thread; ++i) {
          auto tx = be->begin(tx_mode::read_write);
          auto c = tx->get("asset", "counter");
          if (!c) throw std::runtime_error("counter missing");
          c->values[1] = value(c->values[1].as_int() + 1);
          tx->put("asset", *c);
          const auto id = "W-" + std::to_string(t) + "-" + std::to_string(i);
          tx->put("ticket", ticket(id, "written", t));
          const auto last = tx->last_audit();
          tx->append_audit(audit_entry(last ? last->seq + 1 : 1, "ticket", id));
          if (t == 0 && i == 0) {
            signalled = true;
            write_open.count_down();
            reads_done.wait();
          }
          tx->commit();
        }
      } catch (const std::exception& e) {
        fail(std::string("writer: ") + e.what());
      }
      if (t == 0 && held && !signalled) write_open.count_down();  // never leave readers waiting
      --writers_left;
    });
  for (int t = 0; t < readers; ++t)
    threads.emplace_back([&] {
      write_open.wait();
      try {
        read_once(held ? "W-0-0" : "");
      } catch (const std::exception& e) {
        fail(std::string("reader during the open write: ") + e.what());
      }
      reads_done.count_down();
      try {
        while (writers_left > 0) read_once("");
      } catch (const std::exception& e) {
        fail(std::string("reader: ") + e.what());
      }
    });
  for (auto& t : threads) t.join();
  for (const auto& f : failures) FAIL_CHECK(f);
  const std::int64_t total = std::int64_t{o.threads} * o.writes_per_thread;
  auto r = be->begin(tx_mode::read_only);
  CHECK(r->get("asset", "counter")->values[1] == value(total));
  CHECK(static_cast<std::int64_t>(r->scan(on("ticket")).size()) == total);
  const auto trail = r->scan_audit(audit_query{});
  REQUIRE(static_cast<std::int64_t>(trail.size()) == total);
  std::set<std::string> objects;
  for (std::size_t i = 0; i < trail.size(); ++i) {
    CHECK(trail[i].seq == static_cast<std::int64_t>(i) + 1);
    objects.insert(trail[i].object_id);
  }
  CHECK(static_cast<std::int64_t>(objects.size()) == total);
  CHECK(reads.load() >= readers);
}

void persistence(const store_opener& open, const conformance_options&) {
  {  // Always: a name not used before gives an empty store.
    auto be = open_fresh(open, "persistence-empty");
    CHECK_FALSE(be->find_schema("ticket").has_value());
    auto r = be->begin(tx_mode::read_only);
    CHECK_FALSE(r->last_audit().has_value());
    CHECK(r->scan_audit(audit_query{}).empty());
  }
  const auto name = fresh_name("persistence");
  std::vector<record> stored;
  storage::capabilities caps;
  {
    auto be = open(name);
    REQUIRE(be != nullptr);
    caps = be->caps();
    be->register_schema(ticket_schema());
    stored = put_all(*be, "ticket", ticket_data());
    auto tx = be->begin(tx_mode::read_write);
    tx->append_audit(audit_entry(1));
    tx->append_audit(audit_entry(2));
    tx->commit();
    auto abandoned = be->begin(tx_mode::read_write);
    abandoned->put("ticket", ticket("T-abandoned", "never committed"));
    abandoned->append_audit(audit_entry(3));
  }
  if (caps.durable) {  // reopened: everything committed, nothing else
    auto be = open(name);
    REQUIRE(be != nullptr);
    auto s = be->find_schema("ticket");
    REQUIRE(s.has_value());
    CHECK(*s == ticket_schema());
    auto tx = be->begin(tx_mode::read_write);
    CHECK(tx->scan(on("ticket")) == oracle(ticket_schema(), stored, on("ticket")));
    CHECK_FALSE(tx->get("ticket", "T-abandoned").has_value());
    const auto trail = tx->scan_audit(audit_query{});
    REQUIRE(trail.size() == 2);
    CHECK(trail[1] == audit_entry(2));
    tx->append_audit(audit_entry(3));  // the sequence continues where the commits left it
    tx->commit();
  }
  if (caps.multi_process) {  // two live backends on one store see each other's commits
    const auto shared = fresh_name("persistence-shared");
    auto a = open(shared);
    auto b = open(shared);
    REQUIRE(a != nullptr);
    REQUIRE(b != nullptr);
    a->register_schema(ticket_schema());
    REQUIRE(b->find_schema("ticket").has_value());
    put_all(*a, "ticket", {ticket("T-1", "from a")});
    {
      auto tb = b->begin(tx_mode::read_write);
      REQUIRE(tb->get("ticket", "T-1").has_value());
      KIT_CHECK_ERRC(tb->put("ticket", ticket("T-1", "dup")), errc::already_exists);
      auto r = *tb->get("ticket", "T-1");
      r.values[0] = value("from b");
      CHECK(tb->put("ticket", r) == 2);
      tb->append_audit(audit_entry(1));
      tb->commit();
    }
    {
      auto ta = a->begin(tx_mode::read_write);
      CHECK(ta->get("ticket", "T-1")->values[0] == value("from b"));
      KIT_CHECK_ERRC(ta->append_audit(audit_entry(1)), errc::conflict);
      ta->append_audit(audit_entry(2));
      // The other backend's writer waits for this one.
      check_waits_for_writer(
          [&](std::atomic<bool>& started) {
            auto tb = b->begin(tx_mode::read_write);
            started = true;
            if (tb->last_audit()->seq != 2) throw std::runtime_error("did not see the other writer's commit");
            tb->append_audit(audit_entry(3));
            tb->commit();
          },
          [&] { ta->commit(); });
    }
    auto r = a->begin(tx_mode::read_only);
    CHECK(r->scan_audit(audit_query{}).size() == 3);
  }
}

}  // namespace itsm::testing::conformance
