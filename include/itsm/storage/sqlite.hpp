// The SQLite adapter (target itsm::sqlite): the embedded default. One file, real tables (one per
// kind, one typed column per field), WAL. Thread-safety: the contract of backend.hpp — share the
// backend between threads; several processes may open the same file (one writer at a time).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "itsm/core/export.hpp"
#include "itsm/storage/backend.hpp"
#include "itsm/storage/sqlite_maintenance.hpp"

namespace itsm::storage {

// The on-disk layout version this library writes (docs/storage-sqlite.md). A file with a higher
// version is refused (errc::unsupported) and left untouched; an older one is migrated on open.
// 2: the audit table has "record_hash"; 3: text search tables index only (no second copy of texts).
inline constexpr int sqlite_format_version = 3;

// What a commit promises on power loss (both survive a process crash: WAL is written before
// commit returns).
enum class sqlite_synchronous {
  normal,  // PRAGMA synchronous=NORMAL: never corrupts; an OS crash or power loss may lose the
           // last transactions committed before it. Fast (no fsync per commit).
  full,    // PRAGMA synchronous=FULL: fsync on every commit; committed means on disk.
};

struct ITSM_API sqlite_options {
  sqlite_synchronous synchronous = sqlite_synchronous::normal;  // Default: normal
  int busy_timeout_ms = 5000;         // Default: 5000. How long begin(read_write) and
                                      // register_schema wait for another writer (thread or
                                      // process) before errc::unavailable.
  bool create_if_missing = true;      // Default: true. Otherwise a missing file is not_found.
  std::size_t max_idle_connections = 4;  // Default: 4. Pooled connections kept open when idle.
  std::size_t statement_cache_size = 64; // Default: 64. Prepared statements kept per connection.
  // The automatic checkpoint policy (docs/operations.md). After a commit leaves at least this
  // many pages in the WAL, the committing thread copies them back (a passive checkpoint: it waits
  // for no one). 0 turns it off (then call sqlite_checkpoint()).
  int wal_autocheckpoint_pages = 1000;  // Default: 1000 (about 4 MiB)
  // When the WAL starts over after a complete checkpoint, a larger "-wal" file is truncated to
  // this size; -1 keeps its high-water mark. A long-lived reader still pins the WAL meanwhile.
  std::int64_t journal_size_limit_bytes = 64 << 20;  // Default: 64 MiB
};

// Opens (or creates) the store in the file `path`; ":memory:" gives a private temporary store
// (a WAL file in a fresh temporary directory, removed when the backend and its last transaction
// are gone; not durable, not shared).
// Errors: corrupt (not an SQLite database, truncated, malformed); invalid_argument (another
// application's database, empty path); unsupported (format version newer than this library);
// not_found (missing file and !create_if_missing); unavailable (cannot open or lock the file).
// A refused file is not modified.
ITSM_API std::unique_ptr<backend> make_sqlite_backend(const std::string& path, sqlite_options options = {});

// Registers the "sqlite" scheme with itsm::storage::open(): "sqlite:<path>", "sqlite::memory:",
// with optional settings after '?': "sqlite:/var/lib/app/itsm.db?synchronous=full&busy_timeout_ms=10000"
// (also wal_autocheckpoint=PAGES and journal_size_limit=BYTES).
// Idempotent; thread-safe.
ITSM_API void register_sqlite();

}  // namespace itsm::storage
