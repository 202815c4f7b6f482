#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cmath>
#include <limits>
#include <thread>

#include "itsm/core/error.hpp"
#include "itsm/storage/registry.hpp"
#include "itsm/storage/sqlite.hpp"
#include "support.hpp"

using namespace itsm;
using namespace itsm::storage;
using namespace sqlite_test;

namespace {

record incident(std::string id, std::string title, value ci = {}, value priority = {}, value major = {},
                value opened = {}, value impact = {}) {
  record r;
  r.id = std::move(id);
  r.values = {value(std::move(title)), std::move(ci), std::move(priority), std::move(major), std::move(opened),
              std::move(impact)};
  return r;
}

errc code_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const itsm::error& e) {
    INFO(e.what());
    return e.code();
  }
  FAIL("no itsm::error thrown");
  return errc::not_found;
}

std::string message_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const itsm::error& e) {
    return e.what();
  }
  return "";
}

// A store holding one incident, closed again (WAL checkpointed into the main file).
void make_store(const std::string& path) {
  auto be = make_sqlite_backend(path);
  be->register_schema(incident_schema());
  auto tx = be->begin(tx_mode::read_write);
  tx->put("incident", incident("INC-1", "mail down", "CI-7", 1, true, value(parse_iso("2026-03-01T08:00:00.25Z")), 0.5));
  tx->commit();
}

}  // namespace

TEST_CASE("sqlite: a store is plain tables a user can read with SQL", "[sqlite]") {
  const auto path = fresh_path("plain-tables");
  make_store(path);
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  // One row per record, one typed column per field; times as ISO 8601 UTC text; booleans 0/1.
  SQLite::Statement q(db, "SELECT id, revision, title, ci, priority, major, opened, impact, typeof(opened), "
                          "typeof(priority), typeof(impact), datetime(opened) FROM incident");
  REQUIRE(q.executeStep());
  CHECK(q.getColumn(0).getString() == "INC-1");
  CHECK(q.getColumn(1).getInt64() == 1);
  CHECK(q.getColumn(2).getString() == "mail down");
  CHECK(q.getColumn(3).getString() == "CI-7");
  CHECK(q.getColumn(4).getInt64() == 1);
  CHECK(q.getColumn(5).getInt() == 1);
  CHECK(q.getColumn(6).getString() == "2026-03-01T08:00:00.250000Z");
  CHECK(q.getColumn(7).getDouble() == 0.5);
  CHECK(q.getColumn(8).getString() == "text");
  CHECK(q.getColumn(9).getString() == "integer");
  CHECK(q.getColumn(10).getString() == "real");
  CHECK(q.getColumn(11).getString() == "2026-03-01 08:00:00");  // SQLite's date functions read it
  CHECK_FALSE(q.executeStep());
  // Declared column types and the schema's indexes (plus id, for tie order).
  SQLite::Statement cols(db, "SELECT name, type, \"notnull\" FROM pragma_table_info('incident') ORDER BY cid");
  std::vector<std::string> described;
  while (cols.executeStep())
    described.push_back(cols.getColumn(0).getString() + " " + cols.getColumn(1).getString() +
                        (cols.getColumn(2).getInt() ? " NOT NULL" : ""));
  CHECK(described == std::vector<std::string>{"id TEXT NOT NULL", "revision INTEGER NOT NULL", "title TEXT NOT NULL",
                                              "ci TEXT", "priority INTEGER", "major BOOLEAN", "opened TIMESTAMP",
                                              "impact REAL"});
  SQLite::Statement ix(db, "SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'incident' "
                           "AND sql IS NOT NULL ORDER BY name");
  std::vector<std::string> indexes;
  while (ix.executeStep()) indexes.push_back(ix.getColumn(0).getString());
  CHECK(indexes == std::vector<std::string>{"incident:by_ci", "incident:by_priority_opened"});
  SQLite::Statement plan(db, "EXPLAIN QUERY PLAN SELECT id FROM incident WHERE ci = 'CI-7' ORDER BY id");
  std::string steps;
  while (plan.executeStep()) steps += plan.getColumn(3).getString() + ";";
  CHECK(steps.find("incident:by_ci") != std::string::npos);
  // The metadata: format version, each kind's schema, the application id, WAL.
  CHECK(db.execAndGet("SELECT value FROM _itsm_meta WHERE key = 'format_version'").getString() ==
        std::to_string(sqlite_format_version));
  CHECK(db.execAndGet("SELECT version FROM _itsm_schema WHERE kind = 'incident'").getInt() == 1);
  CHECK(db.execAndGet("PRAGMA application_id").getInt() == 0x6974736d);
  CHECK(db.execAndGet("PRAGMA journal_mode").getString() == "wal");
}

TEST_CASE("sqlite: text keeps embedded NULs and stays TEXT for SQL readers", "[sqlite]") {
  const auto path = fresh_path("nul-text");
  const std::string odd("a\0b'\"; --", 9);
  {
    auto be = make_sqlite_backend(path);
    be->register_schema(incident_schema());
    auto tx = be->begin(tx_mode::read_write);
    tx->put("incident", incident("INC-1", odd));
    tx->commit();
    auto r = be->begin(tx_mode::read_only);
    CHECK(r->get("incident", "INC-1")->values[0].as_text() == odd);
  }
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  CHECK(db.execAndGet("SELECT typeof(title) FROM incident").getString() == "text");
  CHECK(db.execAndGet("SELECT length(CAST(title AS BLOB)) FROM incident").getInt() == 9);
}

TEST_CASE("sqlite: files that are not itsm stores are refused and left untouched", "[sqlite]") {
  SECTION("not an SQLite file") {
    const auto path = fresh_path("not-sqlite");
    write_file(path, "This is a plain text file, not a database.\n" + std::string(5000, 'x'));
    const auto before = read_file(path);
    CHECK(code_of([&] { make_sqlite_backend(path); }) == errc::corrupt);
    CHECK(message_of([&] { make_sqlite_backend(path); }).find("not an SQLite database") != std::string::npos);
    CHECK(read_file(path) == before);
  }
  SECTION("a truncated store") {
    const auto path = fresh_path("truncated");
    {
      auto be = make_sqlite_backend(path);
      be->register_schema(incident_schema());
      auto tx = be->begin(tx_mode::read_write);
      for (int i = 0; i < 300; ++i) tx->put("incident", incident("INC-" + std::to_string(i), std::string(200, 'x')));
      tx->commit();
    }
    const auto whole = read_file(path);
    REQUIRE(whole.size() > 8 * 4096);
    for (std::size_t keep : {whole.size() / 2, std::size_t{4096}, std::size_t{60}}) {
      INFO("kept " << keep << " bytes");
      write_file(path, whole.substr(0, keep));
      CHECK(code_of([&] { make_sqlite_backend(path); }) == errc::corrupt);
      CHECK(read_file(path) == whole.substr(0, keep));
    }
  }
  SECTION("another application's database") {
    const auto path = fresh_path("foreign");
    {
      SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
      db.exec("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customers VALUES (1, 'Ada')");
    }
    const auto before = read_file(path);
    CHECK(code_of([&] { make_sqlite_backend(path); }) == errc::invalid_argument);
    CHECK(message_of([&] { make_sqlite_backend(path); }).find("another application") != std::string::npos);
    CHECK(read_file(path) == before);
    CHECK_FALSE(std::filesystem::exists(path + "-wal"));
  }
  SECTION("an empty database claimed by another application id") {
    const auto path = fresh_path("foreign-id");
    {
      SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
      db.exec("PRAGMA application_id = 1234");
    }
    const auto before = read_file(path);
    CHECK(code_of([&] { make_sqlite_backend(path); }) == errc::invalid_argument);
    CHECK(read_file(path) == before);
  }
  SECTION("a store written by a newer library") {
    const auto path = fresh_path("newer-format");
    make_store(path);
    {
      SQLite::Database db(path, SQLite::OPEN_READWRITE);
      db.exec("UPDATE _itsm_meta SET value = '" + std::to_string(sqlite_format_version + 1) +
              "' WHERE key = 'format_version'");
    }
    const auto before = read_file(path);
    CHECK(code_of([&] { make_sqlite_backend(path); }) == errc::unsupported);
    CHECK(message_of([&] { make_sqlite_backend(path); }).find("newer than this library") != std::string::npos);
    CHECK(read_file(path) == before);
  }
  SECTION("a missing file without create_if_missing, a directory, an empty path") {
    const auto path = fresh_path("missing");
    sqlite_options o;
    o.create_if_missing = false;
    CHECK(code_of([&] { make_sqlite_backend(path, o); }) == errc::not_found);
    CHECK_FALSE(std::filesystem::exists(path));
    CHECK(code_of([&] { make_sqlite_backend(std::filesystem::path(path).parent_path().string()); }) ==
          errc::invalid_argument);
    CHECK(code_of([&] { make_sqlite_backend(""); }) == errc::invalid_argument);
  }
  SECTION("an empty (0-byte) file becomes a store") {
    const auto path = fresh_path("zero-bytes");
    write_file(path, "");
    auto be = make_sqlite_backend(path);
    be->register_schema(incident_schema());
    CHECK(be->find_schema("incident").has_value());
  }
}

TEST_CASE("sqlite: a store made by an older schema version is upgraded on registration", "[sqlite]") {
  const auto path = fresh_path("migration");
  make_store(path);
  auto v2 = incident_schema();
  v2.version = 2;
  v2.fields.push_back({"category", value_type::text, true});
  v2.fields.push_back({"resolved", value_type::time, true});
  v2.indexes.push_back({"by_category", {"category", "priority"}});
  v2.indexes.erase(v2.indexes.begin());  // by_ci dropped
  {
    auto be = make_sqlite_backend(path);
    // An upgrade the adapter cannot do is refused and changes nothing.
    auto bad = v2;
    bad.fields.back().nullable = false;
    CHECK(code_of([&] { be->register_schema(bad); }) == errc::unsupported);
    CHECK(be->find_schema("incident")->version == 1);
    be->register_schema(v2);
    auto tx = be->begin(tx_mode::read_write);
    auto old = tx->get("incident", "INC-1");
    REQUIRE(old.has_value());
    REQUIRE(old->values.size() == 8);
    CHECK(old->values[0] == value("mail down"));
    CHECK(old->values[6].is_null());
    CHECK(old->values[7].is_null());
    old->values[6] = value("network");
    CHECK(tx->put("incident", *old) == 2);
    tx->commit();
  }
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  CHECK(db.execAndGet("SELECT category FROM incident WHERE id = 'INC-1'").getString() == "network");
  CHECK(db.execAndGet("SELECT version FROM _itsm_schema WHERE kind = 'incident'").getInt() == 2);
  CHECK(db.execAndGet("SELECT count(*) FROM sqlite_schema WHERE name = 'incident:by_category'").getInt() == 1);
  CHECK(db.execAndGet("SELECT count(*) FROM sqlite_schema WHERE name = 'incident:by_ci'").getInt() == 0);
  // Reopened, the stored v2 is what find_schema reports; registering v1 again is refused.
  auto be = make_sqlite_backend(path);
  CHECK(be->find_schema("incident")->version == 2);
  CHECK(code_of([&] { be->register_schema(incident_schema()); }) == errc::conflict);
}

TEST_CASE("sqlite: the URI scheme opens files and private temporary stores", "[sqlite]") {
  register_sqlite();
  const auto schemes = registered_schemes();
  CHECK(std::find(schemes.begin(), schemes.end(), "sqlite") != schemes.end());
  const auto path = fresh_path("uri");
  auto be = open("sqlite:" + path + "?synchronous=full&busy_timeout_ms=250");
  CHECK(be->uri() == "sqlite:" + path);
  CHECK(be->caps().durable);
  CHECK(be->caps().multi_process);
  CHECK(be->caps().snapshot_reads);
  CHECK(std::filesystem::exists(path));
  CHECK(code_of([&] { open("sqlite:" + path + "?synchronous=sometimes"); }) == errc::invalid_argument);
  CHECK(code_of([&] { open("sqlite:" + path + "?busy_timeout_ms=soon"); }) == errc::invalid_argument);

  auto mem = open("sqlite::memory:");
  CHECK(mem->uri() == "sqlite::memory:");
  CHECK_FALSE(mem->caps().durable);
  CHECK_FALSE(mem->caps().multi_process);
  mem->register_schema(incident_schema());
  auto other = open("sqlite::memory:");  // each is private
  CHECK_FALSE(other->find_schema("incident").has_value());
}

TEST_CASE("sqlite: a waiting writer gets errc::unavailable after the busy timeout, never SQLITE_BUSY", "[sqlite]") {
  const auto path = fresh_path("busy");
  sqlite_options quick;
  quick.busy_timeout_ms = 150;
  auto a = make_sqlite_backend(path, quick);
  auto b = make_sqlite_backend(path, quick);  // a second handle, as another process would have
  a->register_schema(incident_schema());
  auto holder = a->begin(tx_mode::read_write);
  const auto t0 = std::chrono::steady_clock::now();
  CHECK(code_of([&] { b->begin(tx_mode::read_write); }) == errc::unavailable);
  const auto waited = std::chrono::steady_clock::now() - t0;
  CHECK(waited >= std::chrono::milliseconds(100));
  CHECK(waited < std::chrono::seconds(3));
  // Same backend, another thread: waits on the backend's own writer slot, then gives up.
  errc seen = errc::not_found;
  std::thread t([&] {
    try {
      a->begin(tx_mode::read_write);
    } catch (const itsm::error& e) {
      seen = e.code();
    }
  });
  t.join();
  CHECK(seen == errc::unavailable);
  CHECK(code_of([&] { b->register_schema(sqlite_test::ci_schema()); }) == errc::unavailable);
  // Readers are never blocked by the writer.
  auto r = b->begin(tx_mode::read_only);
  CHECK(r->scan_audit({}).empty());
  holder->commit();
  auto w = b->begin(tx_mode::read_write);  // free again
  w->commit();
}

TEST_CASE("sqlite: NaN is refused instead of silently becoming NULL", "[sqlite]") {
  auto be = make_sqlite_backend(":memory:");
  be->register_schema(incident_schema());
  auto tx = be->begin(tx_mode::read_write);
  CHECK(code_of([&] {
          tx->put("incident", incident("INC-1", "x", {}, {}, {}, {}, std::numeric_limits<double>::quiet_NaN()));
        }) == errc::invalid_argument);
  CHECK_FALSE(tx->get("incident", "INC-1").has_value());
}

TEST_CASE("sqlite: a :memory: store lives in a temporary directory removed with it", "[sqlite]") {
  // A private TMPDIR, so that stores of other tests running meanwhile do not interfere.
  const auto tmp = std::filesystem::path(fresh_path("memory-tmp")).replace_extension("d");
  std::filesystem::create_directories(tmp);
  const char* saved = std::getenv("TMPDIR");
  const std::string saved_value = saved ? saved : "";
  ::setenv("TMPDIR", tmp.c_str(), 1);
  auto count = [&] { return std::distance(std::filesystem::directory_iterator(tmp), std::filesystem::directory_iterator()); };
  {
    auto be = make_sqlite_backend(":memory:");
    be->register_schema(incident_schema());
    auto tx = be->begin(tx_mode::read_write);
    tx->put("incident", incident("INC-1", "x"));
    CHECK(count() == 1);
    be.reset();  // the open transaction keeps the store alive…
    CHECK(tx->get("incident", "INC-1").has_value());
    tx->commit();
    CHECK(count() == 1);
  }  // …until it is gone too
  CHECK(count() == 0);
  if (saved) ::setenv("TMPDIR", saved_value.c_str(), 1); else ::unsetenv("TMPDIR");
}

TEST_CASE("sqlite: a tiny statement cache evicts statements still in use safely", "[sqlite]") {
  for (std::size_t cap : {std::size_t{0}, std::size_t{1}, std::size_t{2}}) {
    INFO("statement_cache_size " << cap);
    sqlite_options o;
    o.statement_cache_size = cap;
    auto be = make_sqlite_backend(fresh_path("tiny-cache-" + std::to_string(cap)), o);
    be->register_schema(incident_schema());
    auto tx = be->begin(tx_mode::read_write);
    tx->put("incident", incident("INC-1", "one", "CI-1", 1));
    auto stale = incident("INC-1", "stale");
    stale.revision = 7;
    // The failing update / erase look the stored revision up while their statement is live.
    CHECK(code_of([&] { tx->put("incident", stale); }) == errc::conflict);
    CHECK(code_of([&] { tx->erase("incident", "INC-1", 7); }) == errc::conflict);
    CHECK(code_of([&] { tx->erase("incident", "INC-2", 1); }) == errc::not_found);
    CHECK(code_of([&] { tx->put("incident", incident("INC-1", "dup")); }) == errc::already_exists);
    CHECK(tx->scan(query{"incident", {}, "id", false, 0, {}, {}}).size() == 1);
    tx->commit();
    auto r = be->begin(tx_mode::read_only);
    CHECK(r->get("incident", "INC-1")->values[0] == value("one"));
  }
}
