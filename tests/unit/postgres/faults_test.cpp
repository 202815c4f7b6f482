// Bad stores and faults: wrong credentials, an unreachable host, another application's tables, a
// newer itsm layout, a connection lost mid-transaction, a server restart. Each is a clear
// itsm::error, and nothing is written or half-applied.
#include <catch2/catch.hpp>

#include <cstdlib>

#include "itsm/storage/registry.hpp"
#include "support.hpp"
#include "support/errors.hpp"

using namespace itsm;
using namespace itsm::storage;

namespace {

schema note_schema() {
  schema s;
  s.kind = "note";
  s.fields = {{"text", value_type::text, false}, {"size", value_type::integer, true}};
  s.indexes = {{"by_size", {"size"}}};
  return s;
}

record note(std::string id, std::string text, std::int64_t revision = 0) {
  return record{std::move(id), revision, {value(std::move(text)), value(std::int64_t{1})}};
}

std::string tables_in(const std::string& ns) {
  return pg_test::raw_sql("SELECT string_agg(tablename, ',' ORDER BY tablename) FROM pg_tables WHERE schemaname = '" +
                          ns + "'");
}

// A store "name" with the note kind (a fresh PostgreSQL schema of this run).
std::unique_ptr<backend> note_store(const std::string& name, postgres_options o = {}) {
  auto be = pg_test::open_store(name, o);
  be->register_schema(note_schema());
  return be;
}

std::size_t notes(backend& be) {
  auto tx = be.begin(tx_mode::read_only);
  return tx->scan(query{"note", {}, "id", false, 0, {}, {}}).size();
}

}  // namespace

TEST_CASE("postgresql: wrong credentials and an unreachable host are unavailable", "[postgres][faults]") {
  std::string tcp = std::getenv("ITSM_TEST_POSTGRES_TCP_URI");
  const auto at = tcp.find('@');
  const auto wrong = "postgresql://itsm:not-the-password" + tcp.substr(at);
  auto e = itsm::test::error_of([&] { make_postgres_backend(wrong); });
  CHECK(e.code() == errc::unavailable);
  CHECK_THAT(e.what(), Catch::Contains("password authentication failed"));
  CHECK(make_postgres_backend(tcp) != nullptr);  // the right password works

  postgres_options quick;
  quick.connect_timeout_s = 2;
  e = itsm::test::error_of([&] { make_postgres_backend("postgresql://itsm@127.0.0.1:1/itsm", quick); });
  CHECK(e.code() == errc::unavailable);
  CHECK_THAT(e.what(), Catch::Contains("cannot connect"));
  e = itsm::test::error_of([&] { make_postgres_backend(pg_test::server_uri() + "&dbname=no_such_database"); });
  CHECK(e.code() == errc::unavailable);
}

TEST_CASE("postgresql: another application's tables are refused and left alone", "[postgres][faults]") {
  const auto ns = pg_test::schema_for("other-app");
  pg_test::raw_sql("CREATE SCHEMA " + ns + "; CREATE TABLE " + ns + ".customers (id int primary key, name text);" +
                   "INSERT INTO " + ns + ".customers VALUES (1, 'kept')");
  auto e = itsm::test::error_of([&] { pg_test::open_store("other-app"); });
  CHECK(e.code() == errc::invalid_argument);
  CHECK_THAT(e.what(), Catch::Contains("another application"));
  CHECK(tables_in(ns) == "customers");
  CHECK(pg_test::raw_sql("SELECT name FROM " + ns + ".customers") == "kept");
}

TEST_CASE("postgresql: a store of a newer itsm layout is refused and left alone", "[postgres][faults]") {
  note_store("newer");
  const auto ns = pg_test::schema_for("newer");
  pg_test::raw_sql("UPDATE " + ns + "._itsm_meta SET value = '99' WHERE key = 'format_version'");
  const auto before = tables_in(ns);
  auto e = itsm::test::error_of([&] { pg_test::open_store("newer"); });
  CHECK(e.code() == errc::unsupported);
  CHECK_THAT(e.what(), Catch::Contains("newer than this library"));
  CHECK(tables_in(ns) == before);
  CHECK(pg_test::raw_sql("SELECT value FROM " + ns + "._itsm_meta WHERE key = 'format_version'") == "99");
}

TEST_CASE("postgresql: a connection lost mid-transaction is unavailable and nothing of it is applied",
          "[postgres][faults]") {
  auto be = note_store("lost");
  auto tx = be->begin(tx_mode::read_write);
  for (const char* id : {"N-1", "N-2"}) tx->put("note", note(id, "lost with the session"));
  // An operator (or a failover) ends the session while the transaction is open.
  CHECK(pg_test::raw_sql("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = 'itsm' "
                         "AND state LIKE 'idle in transaction%' AND query LIKE '%" + pg_test::schema_for("lost") + "%'") == "1");
  auto e = itsm::test::error_of([&] { tx->put("note", note("N-3", "third")); });
  CHECK(e.code() == errc::unavailable);
  e = itsm::test::error_of([&] { tx->commit(); });
  CHECK(e.code() == errc::unavailable);
  tx.reset();
  CHECK(notes(*be) == 0);
  {  // the backend recovers: new connections, the writer lock free again
    auto again = be->begin(tx_mode::read_write);
    again->put("note", note("N-1", "again"));
    again->commit();
  }
  CHECK(notes(*be) == 1);
}

TEST_CASE("postgresql: after a server restart the backend reconnects; the transaction in flight is unavailable",
          "[postgres][faults][restart]") {
  auto be = note_store("restarted");
  auto first = be->begin(tx_mode::read_write);
  first->put("note", note("N-1", "committed before"));
  first->commit();
  first.reset();
  (void)notes(*be);  // leaves idle connections in the pool, all dead after the restart
  auto in_flight = be->begin(tx_mode::read_write);
  in_flight->put("note", note("N-2", "in flight"));
  REQUIRE(std::system(std::getenv("ITSM_TEST_POSTGRES_RESTART")) == 0);
  auto e = itsm::test::error_of([&] { in_flight->commit(); });
  CHECK(e.code() == errc::unavailable);
  in_flight.reset();
  CHECK(notes(*be) == 1);
  auto tx = be->begin(tx_mode::read_write);
  CHECK(tx->get("note", "N-1")->values[0] == value("committed before"));
  CHECK(!tx->get("note", "N-2"));
  tx->put("note", note("N-2", "after the restart"));
  tx->commit();
  CHECK(notes(*be) == 2);
}

TEST_CASE("postgresql: the writer lock waits busy_timeout_ms, then unavailable; URI settings", "[postgres][faults]") {
  postgres_options o;
  o.busy_timeout_ms = 100;
  auto be = note_store("busy", o);
  auto other = pg_test::open_store("busy", o);  // another process's view of the same store
  auto writer = be->begin(tx_mode::read_write);
  auto e = itsm::test::error_of([&] { other->begin(tx_mode::read_write); });
  CHECK(e.code() == errc::unavailable);
  CHECK(other->begin(tx_mode::read_only) != nullptr);  // readers do not wait
  writer.reset();
  CHECK(other->begin(tx_mode::read_write) != nullptr);

  register_postgres();
  auto via_uri = storage::open(pg_test::store_uri("busy") + "&busy_timeout_ms=100&max_retries=2");
  CHECK(via_uri->find_schema("note").has_value());
  CHECK(via_uri->uri().find("itsm_schema=" + pg_test::schema_for("busy")) != std::string::npos);
  CHECK(via_uri->uri().find("password") == std::string::npos);
  e = itsm::test::error_of([&] { storage::open(pg_test::store_uri("busy") + "&busy_timeout_ms=soon"); });
  CHECK(e.code() == errc::invalid_argument);
  e = itsm::test::error_of([&] { storage::open(pg_test::server_uri() + "&itsm_schema=Bad-Name"); });
  CHECK(e.code() == errc::invalid_argument);
}
