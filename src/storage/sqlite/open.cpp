// Opening a file: refuse anything that is not a usable itsm store before writing a byte, then
// create the internal tables of a new store.
#include <fmt/format.h>
#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <thread>

#include "detail.hpp"
#include "fts_sql.hpp"

namespace itsm::detail::sqlite {

namespace {

std::uint32_t be32(const unsigned char* p) {
  return (std::uint32_t(p[0]) << 24) | (std::uint32_t(p[1]) << 16) | (std::uint32_t(p[2]) << 8) | p[3];
}

bool nonempty_file(const std::string& path) {
  std::error_code ec;
  return std::filesystem::exists(path, ec) && std::filesystem::file_size(path, ec) > 0 && !ec;
}

// The 100-byte header: magic string, page size, and (when the header's "valid for" counter
// matches its change counter) the page count — a shorter file was truncated.
void check_header(const std::string& path, std::uintmax_t size) {
  std::array<unsigned char, 100> h{};
  std::ifstream in(path, std::ios::binary);
  if (!in) throw_error(errc::unavailable, fmt::format("sqlite: cannot read '{}'", path));
  in.read(reinterpret_cast<char*>(h.data()), h.size());
  static constexpr char magic[] = "SQLite format 3";  // 15 chars + NUL = 16 bytes
  if (in.gcount() < 16 || std::memcmp(h.data(), magic, 16) != 0)
    throw_error(errc::corrupt, fmt::format("sqlite: '{}' is not an SQLite database", path));
  if (in.gcount() < 100)
    throw_error(errc::corrupt, fmt::format("sqlite: '{}' is truncated ({} bytes)", path, size));
  std::uint32_t page = (std::uint32_t(h[16]) << 8) | h[17];
  if (page == 1) page = 65536;
  if (page < 512 || page > 65536 || (page & (page - 1)) != 0)
    throw_error(errc::corrupt, fmt::format("sqlite: '{}' has an invalid page size {}", path, page));
  // A hot journal or a non-empty WAL may legitimately hold pages the main file lacks (e.g. a
  // checkpoint interrupted by a crash): SQLite's recovery handles those files.
  if (nonempty_file(path + "-wal") || nonempty_file(path + "-journal")) return;
  // The size is read again now, after the header and the WAL: another process's checkpoint
  // writes page 1 (the header) before the pages it appends and removes its WAL only when done,
  // so a size read before the header may be stale (seen as a false "truncated" when several
  // processes open a new file at once).
  std::error_code ec;
  if (const auto now = std::filesystem::file_size(path, ec); !ec) size = now;
  const std::uint32_t pages = be32(h.data() + 28);
  const bool pages_valid = be32(h.data() + 92) == be32(h.data() + 24) && pages > 0;
  if (size % page != 0 || (pages_valid && size < std::uintmax_t(pages) * page))
    throw_error(errc::corrupt,
                fmt::format("sqlite: '{}' is truncated ({} bytes; its header declares {} pages of {} bytes)",
                            path, size, pages, page));
}

std::vector<std::string> table_names(SQLite::Database& db) {
  std::vector<std::string> names;
  SQLite::Statement st(db, "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name");
  while (st.executeStep()) names.push_back(st.getColumn(0).getString());
  return names;
}

bool contains(const std::vector<std::string>& v, std::string_view s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

// Checks an existing SQLite database holds an itsm store of a format this library reads.
// Returns false for an empty database (no tables) that may become one.
bool check_itsm_store(SQLite::Database& db, const std::string& path) {
  const int app = db.execAndGet("PRAGMA application_id").getInt();
  const auto tables = table_names(db);
  if (app != 0 && app != application_id)
    throw_error(errc::invalid_argument,
                fmt::format("sqlite: '{}' belongs to another application (application_id {:#x})", path,
                            static_cast<unsigned>(app)));
  if (tables.empty()) return false;
  if (!contains(tables, meta_table)) {
    std::string list;
    for (std::size_t i = 0; i < tables.size() && i < 5; ++i) list += (i ? ", " : "") + tables[i];
    throw_error(errc::invalid_argument,
                fmt::format("sqlite: '{}' is another application's database, not an itsm store (tables: {}{})",
                            path, list, tables.size() > 5 ? ", …" : ""));
  }
  SQLite::Statement st(db, "SELECT \"value\" FROM \"_itsm_meta\" WHERE \"key\" = 'format_version'");
  if (!st.executeStep())
    throw_error(errc::corrupt, fmt::format("sqlite: '{}' has no storage format version", path));
  const int version = st.getColumn(0).getInt();
  if (version > storage::sqlite_format_version)
    throw_error(errc::unsupported,
                fmt::format("sqlite: '{}' uses storage format version {}, newer than this library "
                            "(version {}); upgrade itsm to open it",
                            path, version, storage::sqlite_format_version));
  if (version < 1) throw_error(errc::corrupt, fmt::format("sqlite: '{}' has format version {}", path, version));
  return true;
}

// Upgrades the internal layout from an older storage format, one step per format, inside
// initialise_store's transaction (all steps or none).
//   1 → 2: the audit table gains "record_hash"; entries written before keep "" (docs/audit.md
//          says how verify_records treats the records they wrote).
//   2 → 3: text search indexes only (FTS5 external content over the kind's table) instead of
//          keeping a second copy of every text; each FTS5 table is rebuilt from its rows.
void migrate_format(connection& c, int from) {
  if (from < 2) c.exec("ALTER TABLE \"_itsm_audit\" ADD COLUMN \"record_hash\" TEXT NOT NULL DEFAULT ''");
  if (from < 3)
    for (const auto& s : searched_schemas(c.db())) {
      for (const auto& sql : drop_fts_sql(s.kind)) c.exec(sql.c_str());
      for (const auto& sql : create_fts_sql(s)) c.exec(sql.c_str());
    }
}

// Runs f, again and again while SQLite reports the file busy or locked, until busy_timeout_ms
// have passed. SQLite returns SQLITE_BUSY at once, without its busy handler, where waiting could
// deadlock: several connections switching a new file to WAL each hold a shared lock and want an
// exclusive one. Only the whole step, started over, gets past that.
template <class F>
void retry_while_busy(int busy_timeout_ms, F&& f) {
  using namespace std::chrono;
  const auto deadline = steady_clock::now() + milliseconds(std::max(busy_timeout_ms, 0));
  for (auto pause = milliseconds(1);; pause = std::min(pause * 2, milliseconds(50))) {
    try {
      f();
      return;
    } catch (const SQLite::Exception& e) {
      const int code = e.getExtendedErrorCode() >= 0 ? e.getExtendedErrorCode() : e.getErrorCode();
      const bool busy = (code & 0xff) == SQLITE_BUSY || (code & 0xff) == SQLITE_LOCKED;
      if (!busy || steady_clock::now() >= deadline) throw;
    }
    std::this_thread::sleep_for(pause);
  }
}

}  // namespace

void validate_existing_file(const std::string& path, int busy_timeout_ms) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    throw_error(errc::invalid_argument, fmt::format("sqlite: '{}' is a directory", path));
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) throw_error(errc::unavailable, fmt::format("sqlite: cannot open '{}': {}", path, ec.message()));
  if (size == 0) return;  // an empty file is an empty database
  check_header(path, size);
  guarded("open " + path, [&] {
    retry_while_busy(busy_timeout_ms, [&] {
      SQLite::Database db(path, SQLite::OPEN_READONLY, busy_timeout_ms);
      check_itsm_store(db, path);
    });
  });
}

// Journal mode, then (in one write transaction) check or create the internal tables; the
// whole step is retried while another connection holds the new file (retry_while_busy).
void initialise_store(connection& c, int busy_timeout_ms) {
  guarded("initialise store", [&] { retry_while_busy(busy_timeout_ms, [&] {
    auto& db = c.db();
    const std::string mode = db.execAndGet("PRAGMA journal_mode=WAL").getString();
    if (mode != "wal")
      throw_error(errc::unavailable, fmt::format("sqlite: cannot switch to WAL (journal mode is {})", mode));
    db.exec("BEGIN IMMEDIATE");
    try {
      if (check_itsm_store(db, db.getFilename())) {
        const int version = db.execAndGet("SELECT \"value\" FROM \"_itsm_meta\" WHERE \"key\" = 'format_version'").getInt();
        if (version < storage::sqlite_format_version) {
          migrate_format(c, version);
          db.exec(fmt::format("UPDATE \"_itsm_meta\" SET \"value\" = '{}' WHERE \"key\" = 'format_version'",
                              storage::sqlite_format_version));
          db.exec(fmt::format("PRAGMA user_version = {}", storage::sqlite_format_version));
        }
      } else {
        db.exec(
            "CREATE TABLE \"_itsm_meta\" (\"key\" TEXT NOT NULL PRIMARY KEY, \"value\" TEXT NOT NULL);"
            "CREATE TABLE \"_itsm_schema\" (\"kind\" TEXT NOT NULL PRIMARY KEY, \"version\" INTEGER NOT NULL,"
            " \"definition\" TEXT NOT NULL);"
            "CREATE TABLE \"_itsm_audit\" (\"seq\" INTEGER PRIMARY KEY, \"at\" TIMESTAMP NOT NULL,"
            " \"actor\" TEXT NOT NULL, \"action\" TEXT NOT NULL, \"kind\" TEXT NOT NULL,"
            " \"object_id\" TEXT NOT NULL, \"revision\" INTEGER NOT NULL, \"outcome\" TEXT NOT NULL,"
            " \"changes\" TEXT NOT NULL, \"reason\" TEXT NOT NULL, \"reference\" TEXT NOT NULL,"
            " \"prev_hash\" TEXT NOT NULL, \"hash\" TEXT NOT NULL, \"record_hash\" TEXT NOT NULL DEFAULT '');"
            "CREATE INDEX \"_itsm_audit:object\" ON \"_itsm_audit\" (\"kind\", \"object_id\", \"seq\");");
        db.exec(fmt::format("INSERT INTO \"_itsm_meta\" VALUES ('format_version', '{}'), ('created_by', 'itsm')",
                            storage::sqlite_format_version));
        db.exec(fmt::format("PRAGMA application_id = {}", application_id));
        db.exec(fmt::format("PRAGMA user_version = {}", storage::sqlite_format_version));
      }
      db.exec("COMMIT");
    } catch (...) {
      if (c.in_transaction()) db.exec("ROLLBACK");
      throw;
    }
  }); });
}

}  // namespace itsm::detail::sqlite
