#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>

#include "storage_test_helpers.hpp"

using namespace itsm_test;
using namespace std::chrono_literals;

namespace {
std::size_t count(backend& db, const query& q) { return db.begin(tx_mode::read_only)->scan(q).size(); }
}  // namespace

TEST_CASE("memory tx: destroying an uncommitted transaction leaves no trace", "[storage][memory][tx]") {
  auto db = fresh_backend(50);
  {
    auto tx = db->begin(tx_mode::read_write);
    tx->put("ticket", ticket("T-1", "new", "net", 1));
    tx->commit();
  }
  {
    auto tx = db->begin(tx_mode::read_write);
    tx->put("ticket", ticket("T-2", "new"));
    auto t1 = *tx->get("ticket", "T-1");
    t1.values[0] = "closed";
    tx->put("ticket", t1);
    audit_record e;
    e.seq = 1;
    e.kind = "ticket";
    e.object_id = "T-2";
    tx->append_audit(e);
  }
  auto ro = db->begin(tx_mode::read_only);
  CHECK_FALSE(ro->get("ticket", "T-2"));
  CHECK(ro->get("ticket", "T-1")->revision == 1);
  CHECK(ro->get("ticket", "T-1")->values[0] == value("new"));
  CHECK(ids_of(ro->scan(query_of("ticket").where_eq("state", "closed"))).empty());
  CHECK_FALSE(ro->last_audit());
  // The writer slot was released: a new writer gets in well within the 50 ms timeout.
  CHECK_NOTHROW(db->begin(tx_mode::read_write));
}

TEST_CASE("memory tx: an exception unwinding past a transaction rolls it back", "[storage][memory][tx]") {
  auto db = fresh_backend(50);
  auto work = [&] {
    auto tx = db->begin(tx_mode::read_write);
    tx->put("ticket", ticket("T-1", "new"));
    tx->put("ticket", ticket("T-2", "new"));
    throw std::runtime_error("domain rule failed");
  };
  CHECK_THROWS_AS(work(), std::runtime_error);
  CHECK(count(*db, query_of("ticket")) == 0);
  auto tx = db->begin(tx_mode::read_write);
  CHECK(tx->put("ticket", ticket("T-1", "new")) == 1);
}

TEST_CASE("memory tx: readers never see an open writer's writes", "[storage][memory][tx]") {
  auto db = fresh_backend();
  auto w = db->begin(tx_mode::read_write);
  w->put("ticket", ticket("T-1", "new", "net", 1));
  auto r = db->begin(tx_mode::read_only);
  CHECK_FALSE(r->get("ticket", "T-1"));
  CHECK(r->scan(query_of("ticket").where_eq("state", "new")).empty());
  w->commit();
  // snapshot_reads is false: the open reader sees the commit on its next call.
  CHECK(r->get("ticket", "T-1").has_value());
  CHECK(r->scan(query_of("ticket").where_eq("state", "new")).size() == 1);
}

TEST_CASE("memory tx: a second writer waits, then times out with unavailable", "[storage][memory][tx]") {
  auto db = fresh_backend(60);
  auto w1 = db->begin(tx_mode::read_write);
  const auto t0 = std::chrono::steady_clock::now();
  CHECK(error_of([&] { db->begin(tx_mode::read_write); }) == errc::unavailable);
  CHECK(std::chrono::steady_clock::now() - t0 >= 55ms);
  // Readers are not blocked by the writer.
  CHECK_NOTHROW(db->begin(tx_mode::read_only)->scan(query_of("ticket")));

  // A waiting writer gets in as soon as the first one finishes.
  std::atomic<bool> got_in{false};
  std::thread waiter([&] {
    auto w2 = db->begin(tx_mode::read_write);
    got_in = true;
    w2->put("ticket", ticket("T-2", "new"));
    w2->commit();
  });
  std::this_thread::sleep_for(10ms);
  CHECK_FALSE(got_in.load());
  w1->put("ticket", ticket("T-1", "new"));
  w1->commit();
  waiter.join();
  CHECK(got_in.load());
  CHECK(count(*db, query_of("ticket")) == 2);
}

TEST_CASE("memory tx: concurrent readers and writers see whole commits only", "[storage][memory][tx][threads]") {
  auto db = fresh_backend(10000);
  constexpr int writers = 3;
  constexpr int commits_per_writer = 150;
  {
    auto tx = db->begin(tx_mode::read_write);
    tx->put("ticket", ticket("counter", "open", {}, 0));
    tx->commit();
  }
  std::atomic<bool> done{false};
  std::atomic<int> torn{0};
  std::atomic<long> reads{0};
  // Each commit adds a pair A-n / B-n and bumps the counter: a reader must always see
  // #A == #B == counter within one scan.
  auto reader = [&] {
    while (!done.load()) {
      auto ro = db->begin(tx_mode::read_only);
      const auto all = ro->scan(query_of("ticket"));
      long a = 0, b = 0, counter = -1;
      for (const auto& r : all) {
        if (r.id == "counter") counter = r.values[2].as_int();
        else if (r.id[0] == 'A') ++a;
        else if (r.id[0] == 'B') ++b;
      }
      if (a != b || a != counter) ++torn;
      ++reads;
    }
  };
  auto writer = [&](int w) {
    for (int i = 0; i < commits_per_writer; ++i) {
      auto tx = db->begin(tx_mode::read_write);
      auto c = *tx->get("ticket", "counter");
      const auto n = c.values[2].as_int();
      tx->put("ticket", ticket("A-" + std::to_string(w) + "-" + std::to_string(i), "open", "g", w));
      tx->put("ticket", ticket("B-" + std::to_string(w) + "-" + std::to_string(i), "open", "g", w));
      c.values[2] = n + 1;
      tx->put("ticket", c);
      tx->commit();
    }
  };
  std::vector<std::thread> threads;
  for (int i = 0; i < 3; ++i) threads.emplace_back(reader);
  std::vector<std::thread> ws;
  for (int w = 0; w < writers; ++w) ws.emplace_back(writer, w);
  for (auto& t : ws) t.join();
  done = true;
  for (auto& t : threads) t.join();

  CHECK(torn.load() == 0);
  CHECK(reads.load() > 0);
  auto ro = db->begin(tx_mode::read_only);
  CHECK(ro->get("ticket", "counter")->values[2].as_int() == writers * commits_per_writer);
  CHECK(ro->get("ticket", "counter")->revision == writers * commits_per_writer + 1);
  CHECK(ro->scan(query_of("ticket").where_eq("state", "open").where_eq("grp", "g")).size() ==
        2u * writers * commits_per_writer);
  for (int w = 0; w < writers; ++w)
    CHECK(ro->scan(query_of("ticket").where_eq("state", "open").where_eq("grp", "g").where_eq("prio", w)).size() ==
          2u * commits_per_writer);
}
