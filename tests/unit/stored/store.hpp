// The durable store the process suites in tests/unit/stored run on. The same sources are compiled
// twice: into itsm_tests_sqlite (a SQLite file per store) and, with ITSM_TEST_STORE_POSTGRES, into
// itsm_tests_postgres (a PostgreSQL schema per store on the server of scripts/postgres.sh).
#pragma once

#include <memory>
#include <string>

#include "itsm/storage/backend.hpp"

#ifdef ITSM_TEST_STORE_POSTGRES
#include "unit/postgres/support.hpp"
#else
#include "itsm/storage/sqlite.hpp"
#include "unit/sqlite/support.hpp"
#endif

namespace stored_test {

#ifdef ITSM_TEST_STORE_POSTGRES
inline constexpr const char* engine = "postgresql";

// Where the store `name` lives, emptied: its PostgreSQL schema, dropped if an earlier run left it.
inline std::string fresh(const std::string& name) {
  const auto schema = pg_test::schema_for(name);
  pg_test::raw_sql("SET client_min_messages = warning; DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
  return schema;
}

// Opens the store at `where` (any number of times, also in forked children).
inline std::unique_ptr<itsm::storage::backend> open(const std::string& where) {
  itsm::storage::postgres_options o;
  o.schema = where;
  return itsm::storage::make_postgres_backend(pg_test::server_uri(), o);
}
#else
inline constexpr const char* engine = "sqlite";

// Where the store `name` lives, emptied: a fresh file under the run's directory.
inline std::string fresh(const std::string& name) { return sqlite_test::fresh_path(name); }

// Opens the store at `where` (any number of times, also in forked children).
inline std::unique_ptr<itsm::storage::backend> open(const std::string& where) {
  return itsm::storage::make_sqlite_backend(where);
}
#endif

}  // namespace stored_test
