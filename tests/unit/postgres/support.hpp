// Helpers for the PostgreSQL tests: the server scripts/postgres.sh started, one fresh store
// (a PostgreSQL schema named after the test run and the store) per name.
#pragma once

#include <unistd.h>

#include <cstdlib>
#include <memory>
#include <string>

#include "itsm/storage/postgres.hpp"

namespace pg_test {

// The server's URI (unix socket, trust authentication). REQUIRES: set (main.cpp checks).
inline std::string server_uri() { return std::getenv("ITSM_TEST_POSTGRES_URI"); }

// A schema name unique to this test program run: "t<pid>_<name>", '-' turned into '_'.
inline std::string schema_for(const std::string& name) {
  std::string s = "t" + std::to_string(::getpid()) + "_" + name;
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

}  // namespace pg_test
