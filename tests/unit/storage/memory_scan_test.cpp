#include <catch2/catch.hpp>

#include <limits>

#include "itsm/core/time.hpp"
#include "storage_test_helpers.hpp"

using namespace itsm_test;
using ids = std::vector<std::string>;

namespace {
std::unique_ptr<backend> sample() {
  auto db = fresh_backend();
  auto t = [](const char* iso) { return value(parse_iso(iso)); };
  auto tx = db->begin(tx_mode::read_write);
  tx->put("ticket", ticket("T-1", "open", "net", 1, 1.5, t("2026-01-01T08:00:00Z"), true));
  tx->put("ticket", ticket("T-2", "open", "net", 2, {}, t("2026-01-02T00:00:00Z"), false));
  tx->put("ticket", ticket("T-3", "open", "db", {}, 0.5, {}, {}));
  tx->put("ticket", ticket("T-4", "closed", "net", 1, 3.0, t("2026-01-03T00:00:00Z"), true));
  tx->put("ticket", ticket("T-5", "open", {}, 3, -1.0, t("2026-01-01T08:00:00Z"), {}));
  tx->put("ticket", ticket("T-6", "new", "net", 2, {}, t("2026-01-04T00:00:00Z"), false));
  tx->commit();
  return db;
}

ids run(backend& db, const query& q) { return ids_of(db.begin(tx_mode::read_only)->scan(q)); }
query tq() { return query_of("ticket"); }
}  // namespace

TEST_CASE("memory scan: equality, composite index prefixes and ranges", "[storage][memory][scan]") {
  auto db = sample();
  CHECK(run(*db, tq()) == ids{"T-1", "T-2", "T-3", "T-4", "T-5", "T-6"});
  CHECK(run(*db, tq().where_eq("state", "open")) == ids{"T-1", "T-2", "T-3", "T-5"});
  CHECK(run(*db, tq().where_eq("state", "open").where_eq("grp", "net")) == ids{"T-1", "T-2"});
  CHECK(run(*db, tq().where_eq("state", "open").where_eq("grp", "net").where_le("prio", 1)) == ids{"T-1"});
  CHECK(run(*db, tq().where_eq("state", "open").where_ge("prio", 2).where_le("prio", 3)) == ids{"T-2", "T-5"});
  CHECK(run(*db, tq().where_gt("prio", 3).where_lt("prio", 1)).empty());
  CHECK(run(*db, tq().where_eq("state", "open").where_eq("grp", "net").where_gt("prio", 5)).empty());
  CHECK(run(*db, tq().where_eq("state", "nope")).empty());
  CHECK(run(*db, tq().where_eq("urgent", true)) == ids{"T-1", "T-4"});
  CHECK(run(*db, tq().where_lt("score", 1.0)) == ids{"T-3", "T-5"});
  CHECK(run(*db, tq().where_ge("opened", parse_iso("2026-01-02T00:00:00Z"))) == ids{"T-2", "T-4", "T-6"});
  CHECK(run(*db, tq().where_lt("opened", parse_iso("2026-01-02T00:00:00Z"))) == ids{"T-1", "T-5"});
}

TEST_CASE("memory scan: each comparison follows SQL null semantics", "[storage][memory][scan]") {
  auto db = sample();
  CHECK(run(*db, tq().where_eq("grp", nullptr)) == ids{"T-5"});
  CHECK(run(*db, tq().where_ne("grp", nullptr)) == ids{"T-1", "T-2", "T-3", "T-4", "T-6"});
  CHECK(run(*db, tq().where_ne("grp", "net")) == ids{"T-3"});
  CHECK(run(*db, tq().where_lt("prio", 2)) == ids{"T-1", "T-4"});
  CHECK(run(*db, tq().where_le("prio", 2)) == ids{"T-1", "T-2", "T-4", "T-6"});
  CHECK(run(*db, tq().where_gt("prio", 1)) == ids{"T-2", "T-5", "T-6"});
  CHECK(run(*db, tq().where_ge("prio", 2)) == ids{"T-2", "T-5", "T-6"});
  CHECK(run(*db, tq().where_le("prio", nullptr)).empty());
  CHECK(run(*db, tq().where_gt("prio", nullptr)).empty());
  CHECK(run(*db, tq().where_eq("prio", nullptr)) == ids{"T-3"});
  CHECK(run(*db, tq().where_eq("state", "open").where_eq("grp", "net").where_eq("prio", nullptr)).empty());
  CHECK(run(*db, tq().where_eq("state", "open").where_eq("grp", nullptr)) == ids{"T-5"});
  // Operands of another type than the field never match (but are not errors).
  CHECK(run(*db, tq().where_eq("prio", "1")).empty());
  CHECK(run(*db, tq().where_lt("prio", 2.5)).empty());
  CHECK(run(*db, tq().where_ne("prio", "1")) == ids{"T-1", "T-2", "T-4", "T-5", "T-6"});
}

TEST_CASE("memory scan: cmp::in, on plain and indexed fields and on the id", "[storage][memory][scan]") {
  auto db = sample();
  CHECK(run(*db, tq().where_in("prio", {1, 3, nullptr, "x"})) == ids{"T-1", "T-4", "T-5"});
  CHECK(run(*db, tq().where_in("state", {"open", "new"}).where_eq("grp", "net")) == ids{"T-1", "T-2", "T-6"});
  CHECK(run(*db, tq().where_in("state", {"open", "new", "open"}).where_in("grp", {"net", "db"}).where_in("prio", {2, 7})) ==
        ids{"T-2", "T-6"});
  CHECK(run(*db, tq().where_in("grp", {nullptr})).empty());
  CHECK(run(*db, tq().where_in("id", {"T-6", "T-1", "T-99", 4})) == ids{"T-1", "T-6"});
  CHECK(run(*db, tq().where_eq("id", "T-3")) == ids{"T-3"});
  CHECK(run(*db, tq().where_eq("id", "T-3").where_eq("state", "closed")).empty());
  CHECK(run(*db, tq().where_ge("id", "T-4")) == ids{"T-4", "T-5", "T-6"});
  CHECK(run(*db, tq().where_lt("id", "T-2")) == ids{"T-1"});
  CHECK(run(*db, tq().where_gt("id", "T-5").where_lt("id", "T-2")).empty());
  CHECK(run(*db, tq().where_ne("id", "T-2").where_eq("grp", "net")) == ids{"T-1", "T-4", "T-6"});
}

TEST_CASE("memory scan: invalid queries", "[storage][memory][scan]") {
  auto db = sample();
  auto ro = db->begin(tx_mode::read_only);
  CHECK(error_of([&] { ro->scan(tq().where_eq("nope", 1)); }) == errc::invalid_argument);
  CHECK(error_of([&] { ro->scan(tq().where_in("prio", {})); }) == errc::invalid_argument);
  query bad_order = tq();
  bad_order.order_by = "nope";
  CHECK(error_of([&] { ro->scan(bad_order); }) == errc::invalid_argument);
  CHECK(error_of([&] { ro->scan(query_of("nope")); }) == errc::not_found);
}

TEST_CASE("memory scan: ordering (nulls first, ties by id), descending, limit", "[storage][memory][scan]") {
  auto db = sample();
  query q = tq();
  q.order_by = "prio";
  CHECK(run(*db, q) == ids{"T-3", "T-1", "T-4", "T-2", "T-6", "T-5"});
  q.descending = true;
  CHECK(run(*db, q) == ids{"T-5", "T-6", "T-2", "T-4", "T-1", "T-3"});
  q.limit = 2;
  CHECK(run(*db, q) == ids{"T-5", "T-6"});
  q.descending = false;
  CHECK(run(*db, q) == ids{"T-3", "T-1"});
  // "opened" has a single-field index: a limited scan walks it in order.
  query o = tq();
  o.order_by = "opened";
  o.limit = 3;
  CHECK(run(*db, o) == ids{"T-3", "T-1", "T-5"});
  o.descending = true;
  CHECK(run(*db, o) == ids{"T-6", "T-4", "T-2"});
  o.where_ne("grp", "net");
  CHECK(run(*db, o) == ids{"T-3"});
  query byid = tq();
  byid.descending = true;
  byid.limit = 4;
  CHECK(run(*db, byid) == ids{"T-6", "T-5", "T-4", "T-3"});
  byid.where_eq("state", "open");
  CHECK(run(*db, byid) == ids{"T-5", "T-3", "T-2", "T-1"});
  // An 'in' list on an index prefix gives several key ranges: a limit must not stop at the first.
  query multi = tq().where_in("state", {"open", "new"}).where_eq("grp", "net");
  multi.order_by = "prio";
  multi.limit = 2;
  CHECK(run(*db, multi) == ids{"T-1", "T-2"});
  multi.descending = true;
  CHECK(run(*db, multi) == ids{"T-6", "T-2"});
  query big = tq();
  big.limit = 100;
  CHECK(run(*db, big).size() == 6);
}

TEST_CASE("memory scan: a transaction sees its own writes, others do not", "[storage][memory][scan]") {
  auto db = sample();
  auto tx = db->begin(tx_mode::read_write);
  tx->put("ticket", ticket("T-7", "open", "net", 1));
  auto t2 = *tx->get("ticket", "T-2");
  t2.values[0] = "closed";
  tx->put("ticket", t2);
  tx->erase("ticket", "T-1", 1);
  const auto q = tq().where_eq("state", "open").where_eq("grp", "net");
  CHECK(ids_of(tx->scan(q)) == ids{"T-7"});
  CHECK(ids_of(tx->scan(tq().where_eq("state", "closed"))) == ids{"T-2", "T-4"});
  query lim = tq();
  lim.limit = 2;
  CHECK(ids_of(tx->scan(lim)) == ids{"T-2", "T-3"});
  CHECK(run(*db, q) == ids{"T-1", "T-2"});
  tx->commit();
  CHECK(run(*db, q) == ids{"T-7"});
  auto rows = db->begin(tx_mode::read_only)->scan(tq().where_eq("id", "T-2"));
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].revision == 2);
  CHECK(rows[0].values[0] == value("closed"));
}

TEST_CASE("memory scan: NaN, -0.0 and not-a-date-time follow value semantics", "[storage][memory][scan]") {
  auto db = fresh_backend();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  auto t = [](const char* iso) { return value(parse_iso(iso)); };
  {
    auto tx = db->begin(tx_mode::read_write);
    tx->put("ticket", ticket("T-a", "open", {}, {}, nan, value(timestamp()), {}));
    tx->put("ticket", ticket("T-b", "open", {}, {}, 1.0, t("2026-01-01T00:00:00Z"), {}));
    tx->put("ticket", ticket("T-c", "open", {}, {}, -0.0, {}, {}));
    tx->put("ticket", ticket("T-d", "open", {}, {}, 0.0, t("2026-02-01T00:00:00Z"), {}));
    tx->put("ticket", ticket("T-e", "open", {}, {}, {}, t("2026-03-01T00:00:00Z"), {}));
    tx->commit();
  }
  CHECK(run(*db, tq().where_eq("score", 0.0)) == ids{"T-c", "T-d"});
  CHECK(run(*db, tq().where_eq("score", nan)).empty());
  // value's <=> calls NaN "equal" to every real: le/ge hold, lt/gt do not.
  CHECK(run(*db, tq().where_le("score", 2.0)) == ids{"T-a", "T-b", "T-c", "T-d"});
  CHECK(run(*db, tq().where_lt("score", 2.0)) == ids{"T-b", "T-c", "T-d"});
  // "opened" is indexed; the not-a-date-time value must still be found by ranges.
  CHECK(run(*db, tq().where_ge("opened", parse_iso("2026-02-01T00:00:00Z"))) == ids{"T-a", "T-d", "T-e"});
  CHECK(run(*db, tq().where_lt("opened", parse_iso("2026-02-01T00:00:00Z"))) == ids{"T-b"});
  // Sorting: nulls first, incomparable values last.
  query s = tq();
  s.order_by = "score";
  CHECK(run(*db, s) == ids{"T-e", "T-c", "T-d", "T-b", "T-a"});
  query o = tq();
  o.order_by = "opened";
  CHECK(run(*db, o) == ids{"T-c", "T-b", "T-d", "T-e", "T-a"});
  o.limit = 2;
  CHECK(run(*db, o) == ids{"T-c", "T-b"});
  o.descending = true;
  CHECK(run(*db, o) == ids{"T-a", "T-e"});
}

TEST_CASE("memory scan: keysets and counts step over NaN and null order values", "[storage][memory][scan]") {
  // NaN sorts after every real (storage::scan_order) though it compares with none: a keyset on
  // a real field must still reach it, and start after it.
  auto db = fresh_backend();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  {
    auto tx = db->begin(tx_mode::read_write);
    tx->put("ticket", ticket("T-a", "open", {}, {}, nan));
    tx->put("ticket", ticket("T-b", "open", {}, {}, 1.0));
    tx->put("ticket", ticket("T-c", "open", {}, {}, 2.0));
    tx->put("ticket", ticket("T-d", "open", {}, {}, value{}));
    tx->commit();
  }
  auto after = [&](value v, std::string id, bool desc) {
    auto q = query_of("ticket");
    q.order_by = "score";
    q.descending = desc;
    q.after = keyset{std::move(v), std::move(id)};
    auto tx = db->begin(tx_mode::read_only);
    const auto got = ids_of(tx->scan(q));
    CHECK(tx->count(q) == got.size());
    return got;
  };
  CHECK(after(1.0, "T-b", false) == ids{"T-c", "T-a"});
  CHECK(after(value{}, "T-d", false) == ids{"T-b", "T-c", "T-a"});
  CHECK(after(nan, "T-a", false).empty());
  CHECK(after(nan, "T-a", true) == ids{"T-c", "T-b", "T-d"});
  CHECK(after(2.0, "T-c", true) == ids{"T-b", "T-d"});
}
