// The PostgreSQL adapter (target itsm::postgres): many application processes over one shared
// database. Real tables (one per kind, one typed column per field), writers serialized by an
// advisory lock, REPEATABLE READ snapshots (docs/storage-postgresql.md). Thread-safety: the
// contract of backend.hpp — share the backend between threads; any number of processes, on any
// number of machines, may open the same store.
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "itsm/core/export.hpp"
#include "itsm/storage/backend.hpp"

namespace itsm::storage {

// The layout version this library writes (table _itsm_meta). A store with a higher version is
// refused (errc::unsupported) and left untouched.
inline constexpr int postgres_format_version = 1;

struct ITSM_API postgres_options {
  // The PostgreSQL schema (namespace) holding the store's tables; created when missing. Several
  // stores may share one database under different schemas.
  std::string schema = "public";      // Default: "public"
  int connect_timeout_s = 10;         // Default: 10. How long a new connection may take.
  int busy_timeout_ms = 5000;         // Default: 5000. How long begin(read_write) and
                                      // register_schema wait for the writer lock.
  int statement_timeout_ms = 60000;   // Default: 60000. Longest single statement; 0 = none.
  std::size_t max_idle_connections = 4;  // Default: 4. Pooled connections kept open when idle.
  int max_retries = 3;                // Default: 3. Automatic retries of begin and of schema
                                      // registration on a serialization failure or deadlock.
};

// Opens the store in the database named by `conninfo` (a libpq URI "postgresql://…" or
// "key=value" string), creating its tables on first use.
// Errors: unavailable (server unreachable, wrong credentials, no such database, timeout);
// invalid_argument (another application's tables in the schema, bad schema name);
// unsupported (a layout version newer than this library). A refused store is not modified.
ITSM_API std::unique_ptr<backend> make_postgres_backend(const std::string& conninfo,
                                                       postgres_options options = {});

// Registers the "postgresql" and "postgres" schemes with itsm::storage::open(). The URI is
// passed to libpq; these parameters are the adapter's own and are removed first:
// itsm_schema=NAME, busy_timeout_ms=N, statement_timeout_ms=N, connect_timeout=S (also libpq's),
// max_idle_connections=N, max_retries=N. Idempotent; thread-safe.
ITSM_API void register_postgres();

}  // namespace itsm::storage
