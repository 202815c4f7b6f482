#include <catch2/catch.hpp>

#include "storage_test_helpers.hpp"

using namespace itsm_test;

TEST_CASE("memory: put creates, get reads, revisions count up", "[storage][memory][crud]") {
  auto db = fresh_backend();
  auto tx = db->begin(tx_mode::read_write);
  CHECK(tx->mode() == tx_mode::read_write);
  CHECK_FALSE(tx->get("ticket", "T-1").has_value());
  CHECK(tx->put("ticket", ticket("T-1", "new", "net", 3)) == 1);
  auto got = tx->get("ticket", "T-1");
  REQUIRE(got);
  CHECK(got->revision == 1);
  CHECK(got->values[0] == value("new"));
  CHECK(got->values[2] == value(3));
  CHECK(got->values[1] == value("net"));
  CHECK(got->values[3].is_null());

  auto upd = *got;
  upd.values[0] = "in_progress";
  CHECK(tx->put("ticket", upd) == 2);
  upd.revision = 2;
  CHECK(tx->put("ticket", upd) == 3);
  tx->commit();

  auto rd = db->begin(tx_mode::read_only);
  auto again = rd->get("ticket", "T-1");
  REQUIRE(again);
  CHECK(again->revision == 3);
  CHECK(again->values[0] == value("in_progress"));
}

TEST_CASE("memory: put reports every documented error", "[storage][memory][crud]") {
  auto db = fresh_backend();
  {
    auto tx = db->begin(tx_mode::read_write);
    tx->put("ticket", ticket("T-1", "new"));
    tx->commit();
  }
  auto tx = db->begin(tx_mode::read_write);
  SECTION("unregistered kind is not_found") {
    CHECK(error_of([&] { tx->put("nope", ticket("T-9", "new")); }) == errc::not_found);
  }
  SECTION("records that do not fit the schema are invalid_argument") {
    CHECK(error_of([&] { tx->put("ticket", ticket("", "new")); }) == errc::invalid_argument);
    CHECK(error_of([&] { tx->put("ticket", ticket("T-2", nullptr)); }) == errc::invalid_argument);
    CHECK(error_of([&] { tx->put("ticket", ticket("T-2", 5)); }) == errc::invalid_argument);
    CHECK(error_of([&] { tx->put("ticket", ticket("T-2", "new", "g", "high")); }) == errc::invalid_argument);
    CHECK(error_of([&] { tx->put("ticket", record{"T-2", 0, {value("new")}}); }) == errc::invalid_argument);
    CHECK_FALSE(tx->get("ticket", "T-2"));
  }
  SECTION("revision 0 for an existing id is already_exists") {
    CHECK(error_of([&] { tx->put("ticket", ticket("T-1", "new")); }) == errc::already_exists);
  }
  SECTION("a stale or future revision is a conflict") {
    CHECK(error_of([&] { tx->put("ticket", ticket("T-1", "new", {}, {}, {}, {}, {}, 2)); }) == errc::conflict);
    tx->put("ticket", ticket("T-1", "open", {}, {}, {}, {}, {}, 1));
    CHECK(error_of([&] { tx->put("ticket", ticket("T-1", "x", {}, {}, {}, {}, {}, 1)); }) == errc::conflict);
    CHECK(tx->get("ticket", "T-1")->values[0] == value("open"));
  }
  SECTION("a revision for a record that does not exist is a conflict") {
    CHECK(error_of([&] { tx->put("ticket", ticket("T-7", "new", {}, {}, {}, {}, {}, 1)); }) == errc::conflict);
  }
  SECTION("read_only transactions cannot put") {
    auto ro = db->begin(tx_mode::read_only);
    CHECK(error_of([&] { ro->put("ticket", ticket("T-3", "new")); }) == errc::unsupported);
  }
}

TEST_CASE("memory: erase checks existence and revision", "[storage][memory][crud]") {
  auto db = fresh_backend();
  {
    auto tx = db->begin(tx_mode::read_write);
    tx->put("ticket", ticket("T-1", "new"));
    tx->put("ticket", ticket("T-2", "new"));
    tx->commit();
  }
  auto tx = db->begin(tx_mode::read_write);
  CHECK(error_of([&] { tx->erase("nope", "T-1", 1); }) == errc::not_found);
  CHECK(error_of([&] { tx->erase("ticket", "T-9", 1); }) == errc::not_found);
  CHECK(error_of([&] { tx->erase("ticket", "T-1", 2); }) == errc::conflict);
  CHECK(error_of([&] { tx->erase("ticket", "T-1", 0); }) == errc::conflict);
  tx->erase("ticket", "T-1", 1);
  CHECK_FALSE(tx->get("ticket", "T-1"));
  CHECK(error_of([&] { tx->erase("ticket", "T-1", 1); }) == errc::not_found);
  // Re-creating an erased id starts again at revision 1.
  CHECK(tx->put("ticket", ticket("T-1", "reborn")) == 1);
  // A record created and erased inside one transaction leaves nothing behind.
  tx->put("ticket", ticket("T-5", "new"));
  tx->erase("ticket", "T-5", 1);
  tx->commit();

  auto ro = db->begin(tx_mode::read_only);
  CHECK(error_of([&] { ro->erase("ticket", "T-2", 1); }) == errc::unsupported);
  CHECK(ro->get("ticket", "T-1")->revision == 1);
  CHECK(ro->get("ticket", "T-1")->values[0] == value("reborn"));
  CHECK_FALSE(ro->get("ticket", "T-5"));
  CHECK(ids_of(ro->scan(query_of("ticket"))) == std::vector<std::string>{"T-1", "T-2"});
}

TEST_CASE("memory: get on an unregistered kind is not_found", "[storage][memory][crud]") {
  auto db = fresh_backend();
  auto ro = db->begin(tx_mode::read_only);
  CHECK(error_of([&] { ro->get("nope", "X"); }) == errc::not_found);
  CHECK(error_of([&] { ro->scan(query_of("nope")); }) == errc::not_found);
  CHECK(db->find_schema("ticket").has_value());
  CHECK_FALSE(db->find_schema("nope").has_value());
}

TEST_CASE("memory: a finished transaction refuses every call", "[storage][memory][crud]") {
  auto db = fresh_backend();
  for (auto mode : {tx_mode::read_only, tx_mode::read_write}) {
    auto tx = db->begin(mode);
    tx->commit();
    CHECK(error_of([&] { tx->get("ticket", "T-1"); }) == errc::invalid_argument);
    CHECK(error_of([&] { tx->put("ticket", ticket("T-1", "new")); }) == errc::invalid_argument);
    CHECK(error_of([&] { tx->erase("ticket", "T-1", 1); }) == errc::invalid_argument);
    CHECK(error_of([&] { tx->scan(query_of("ticket")); }) == errc::invalid_argument);
    CHECK(error_of([&] { tx->append_audit(audit_record{}); }) == errc::invalid_argument);
    CHECK(error_of([&] { tx->last_audit(); }) == errc::invalid_argument);
    CHECK(error_of([&] { tx->scan_audit(audit_query{}); }) == errc::invalid_argument);
    CHECK(error_of([&] { tx->commit(); }) == errc::invalid_argument);
  }
  // The committed writer released the store: another writer gets in at once.
  memory_options o;
  o.busy_timeout_ms = 1;
  auto db2 = make_memory_backend(o);
  db2->begin(tx_mode::read_write)->commit();
  CHECK_NOTHROW(db2->begin(tx_mode::read_write));
}

TEST_CASE("memory: capabilities and uri", "[storage][memory]") {
  auto db = make_memory_backend();
  const auto c = db->caps();
  CHECK_FALSE(c.durable);
  CHECK_FALSE(c.multi_process);
  CHECK_FALSE(c.snapshot_reads);
  CHECK(db->uri() == "memory:");
}

TEST_CASE("memory: a large commit that erases and re-creates records keeps rows and indexes right",
          "[storage][memory][crud]") {
  // A commit of 64 or more writes adds its new records in bulk; a record erased and put again
  // (revision 0) in the same transaction is still stored, so it must be replaced, not added twice.
  auto db = fresh_backend();
  {
    auto tx = db->begin(tx_mode::read_write);
    for (int i = 0; i < 100; ++i) tx->put("ticket", ticket("T-" + std::to_string(i), "new", "net", i % 5));
    tx->commit();
  }
  {
    auto tx = db->begin(tx_mode::read_write);
    for (int i = 0; i < 100; i += 2) {
      tx->erase("ticket", "T-" + std::to_string(i), 1);
      CHECK(tx->put("ticket", ticket("T-" + std::to_string(i), "closed", "db", 1)) == 1);
    }
    for (int i = 100; i < 200; ++i) tx->put("ticket", ticket("T-" + std::to_string(i), "new", "db", 2));
    tx->commit();
  }
  auto rd = db->begin(tx_mode::read_only);
  CHECK(rd->count(query_of("ticket")) == 200);
  auto again = rd->get("ticket", "T-4");
  REQUIRE(again);
  CHECK(again->revision == 1);
  CHECK(again->values[0] == value("closed"));
  auto q = query_of("ticket");
  q.where_eq("state", "closed");
  CHECK(rd->count(q) == 50);
  q = query_of("ticket");
  q.where_eq("state", "new");
  q.where_eq("grp", "net");
  CHECK(ids_of(rd->scan(q)).size() == 50);
}
