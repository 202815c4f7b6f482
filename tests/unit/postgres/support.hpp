// Helpers for the PostgreSQL tests: the server scripts/postgres.sh started, one fresh store
// (a PostgreSQL schema named after the test run and the store) per name.
#pragma once

#include <libpq-fe.h>
#include <unistd.h>

#include <cstdlib>
#include <memory>
#include <stdexcept>
#include <string>

#include "itsm/storage/postgres.hpp"

namespace pg_test {

// The server's URI (unix socket, trust authentication). REQUIRES: set (main.cpp checks).
inline std::string server_uri() { return std::getenv("ITSM_TEST_POSTGRES_URI"); }

// The test program's pid, fixed at start-up: forked children name the same stores.
inline const std::string run_tag = "t" + std::to_string(::getpid());

// A schema name unique to this test program run: "t<pid>_<name>", '-' turned into '_'.
inline std::string schema_for(const std::string& name) {
  std::string s = run_tag + "_" + name;
  for (auto& c : s)
    if (c == '-') c = '_';
  return s.substr(0, 63);
}

inline itsm::storage::postgres_options options_for(const std::string& name) {
  itsm::storage::postgres_options o;
  o.schema = schema_for(name);
  return o;
}

// The store `name` of this run (created empty on first open).
inline std::unique_ptr<itsm::storage::backend> open_store(const std::string& name,
                                                          itsm::storage::postgres_options o = {}) {
  o.schema = schema_for(name);
  return itsm::storage::make_postgres_backend(server_uri(), o);
}

// The URI of the store `name` for itsm::storage::open (after register_postgres()).
inline std::string store_uri(const std::string& name) {
  const auto base = server_uri();
  return base + (base.find('?') == std::string::npos ? "?" : "&") + "itsm_schema=" + schema_for(name);
}

// Runs SQL on the test server directly through libpq, as another application or an operator
// would (never for itsm's own writes). Returns the first value of the last result ("" if none);
// an error fails with the server's message.
inline std::string raw_sql(const std::string& sql) {
  PGconn* c = PQconnectdb(server_uri().c_str());
  std::string out, err;
  if (PQstatus(c) != CONNECTION_OK) err = PQerrorMessage(c);
  PGresult* r = err.empty() ? PQexec(c, sql.c_str()) : nullptr;
  if (r && PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK) err = PQresultErrorMessage(r);
  if (r && PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) > 0) out = PQgetvalue(r, 0, 0);
  PQclear(r);
  PQfinish(c);
  if (!err.empty()) throw std::runtime_error("raw_sql: " + err);
  return out;
}

}  // namespace pg_test
