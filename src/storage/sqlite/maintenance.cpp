// Checkpoints, VACUUM and integrity_check on a SQLite backend's own connections
// (sqlite_maintenance.hpp). The online backup is in backup.cpp.
#include <fmt/format.h>
#include <sqlite3.h>

#include <filesystem>

#include "fts_sql.hpp"
#include "maintenance.hpp"

namespace itsm::detail::sqlite {

std::shared_ptr<shared_state> require_state(storage::backend& b, std::string_view what) {
  auto st = state_of(b);
  if (!st) throw_error(errc::invalid_argument, fmt::format("{}: '{}' is not a SQLite store", what, b.uri()));
  return st;
}

std::uintmax_t file_size_or_zero(const std::string& path) {
  std::error_code ec;
  const auto n = std::filesystem::file_size(path, ec);
  return ec ? 0 : n;
}

lease::lease(std::shared_ptr<shared_state> st) : st_(std::move(st)), c_(st_->acquire()) {}

lease::~lease() { st_->release(std::move(c_)); }

std::int64_t page_count(connection& c) {
  return guarded("page_count", [&] { return c.db().execAndGet("PRAGMA page_count").getInt64(); });
}

}  // namespace itsm::detail::sqlite

namespace itsm::storage {

using namespace itsm::detail::sqlite;

wal_checkpoint_result sqlite_checkpoint(backend& store, wal_checkpoint_mode mode) {
  auto st = require_state(store, "sqlite checkpoint");
  static constexpr int modes[] = {SQLITE_CHECKPOINT_PASSIVE, SQLITE_CHECKPOINT_FULL, SQLITE_CHECKPOINT_RESTART,
                                  SQLITE_CHECKPOINT_TRUNCATE};
  lease l(st);
  int log = 0, copied = 0;
  sqlite3* db = l->db().getHandle();
  const int rc = sqlite3_wal_checkpoint_v2(db, "main", modes[static_cast<int>(mode)], &log, &copied);
  // BUSY: a reader's snapshot or another writer stopped it short; the counts still say how far.
  if (rc != SQLITE_OK && rc != SQLITE_BUSY) raw_failure(db, "checkpoint");
  wal_checkpoint_result r;
  r.wal_frames = log < 0 ? 0 : log;
  r.copied_frames = copied < 0 ? 0 : copied;
  r.complete = rc == SQLITE_OK && r.copied_frames == r.wal_frames;
  r.wal_bytes = file_size_or_zero(st->path + "-wal");
  return r;
}

sqlite_vacuum_result sqlite_vacuum(backend& store) {
  auto st = require_state(store, "sqlite vacuum");
  // As the backend's one writer, so that no read_write transaction of ours waits on the file lock.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(st->options.busy_timeout_ms);
  if (!st->writer.try_acquire_until(deadline))
    throw_error(errc::unavailable, fmt::format("sqlite vacuum: a read_write transaction is still open after the "
                                               "busy timeout ({} ms)", st->options.busy_timeout_ms));
  struct gate_release {
    writer_gate& g;
    ~gate_release() { g.release(); }
  } release{st->writer};
  lease l(st);
  sqlite_vacuum_result r;
  r.pages_before = page_count(*l);
  guarded("vacuum", [&] {
    l->exec("VACUUM");
    // VACUUM may renumber the rowids of kind tables (their key is text), which the FTS5 tables
    // of text search follow: refill those from the rows, before anyone writes again.
    l->exec("BEGIN IMMEDIATE");
    try {
      for (const auto& s : searched_schemas(l->db())) l->exec(rebuild_fts_sql(s).c_str());
      l->exec("COMMIT");
    } catch (...) {
      try {
        l->exec("ROLLBACK");
      } catch (...) {  // already rolled back by SQLite: the error below says why
      }
      throw;
    }
  });
  // The rebuilt pages sit in the WAL; copying them back is what shrinks the main file.
  int log = 0, copied = 0;
  sqlite3_wal_checkpoint_v2(l->db().getHandle(), "main", SQLITE_CHECKPOINT_PASSIVE, &log, &copied);
  r.pages_after = page_count(*l);
  return r;
}

std::vector<std::string> sqlite_integrity_check(backend& store) {
  auto st = require_state(store, "sqlite integrity_check");
  lease l(st);
  std::vector<std::string> problems;
  guarded("integrity_check", [&] {
    SQLite::Statement q(l->db(), "PRAGMA integrity_check");
    while (q.executeStep()) problems.push_back(q.getColumn(0).getString());
  });
  if (problems.size() == 1 && problems[0] == "ok") problems.clear();
  return problems;
}

}  // namespace itsm::storage
