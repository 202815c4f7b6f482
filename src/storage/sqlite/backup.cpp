// The online backup (sqlite_maintenance.hpp): sqlite3_backup_* from a connection that holds one
// read snapshot for the whole copy. Held open, the snapshot keeps the copy consistent — SQLite
// restarts a backup whose source changed only when a step has to take a new read lock — and in
// WAL mode it never blocks a writer. The copy goes to a temporary file beside the target and is
// renamed into place when complete.
#include <fcntl.h>
#include <fmt/format.h>
#include <sqlite3.h>
#include <stdlib.h>  // mkstemp
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "maintenance.hpp"

namespace itsm::detail::sqlite {

namespace {

namespace fs = std::filesystem;

// Refuses a target that is empty, a directory, the store's own file, taken (unless overwrite), or
// that has a journal beside it (another store may be open there: its WAL would replay over ours).
void check_target(const shared_state& st, const std::string& path, bool overwrite) {
  if (path.empty()) throw_error(errc::invalid_argument, "sqlite backup: empty target path");
  std::error_code ec;
  if (fs::is_directory(path, ec))
    throw_error(errc::invalid_argument, fmt::format("sqlite backup: '{}' is a directory", path));
  if (fs::exists(path, ec) && fs::equivalent(path, st.path, ec))
    throw_error(errc::invalid_argument, fmt::format("sqlite backup: '{}' is the store's own file", path));
  if (fs::exists(path, ec) && !overwrite)
    throw_error(errc::already_exists,
                fmt::format("sqlite backup: '{}' exists (set sqlite_backup_options::overwrite to replace it)", path));
  // Checked even without a target file: a leftover WAL would be replayed over the copy.
  for (const char* suffix : {"-wal", "-journal"})
    if (file_size_or_zero(path + suffix) > 0)
      throw_error(errc::unavailable,
                  fmt::format("sqlite backup: '{}{}' exists: a store may be open at the target", path, suffix));
}

// A new empty file beside `path`, removed (with any journal SQLite left) unless kept.
class temp_file {
 public:
  explicit temp_file(const std::string& path) {
    const fs::path target(path);
    std::string name = ".";  // appended piecewise: GCC 12 warns falsely (-Wrestrict) on "." + s + "…"
    name.append(target.filename().string()).append(".backup-XXXXXX");
    auto pattern = (target.parent_path() / name).string();
    const int fd = ::mkstemp(pattern.data());
    if (fd < 0)
      throw_error(errc::unavailable,
                  fmt::format("sqlite backup: cannot create a file beside '{}': {}", path, std::strerror(errno)));
    ::close(fd);
    path_ = pattern;
  }
  ~temp_file() {
    if (path_.empty()) return;
    std::error_code ec;
    for (const char* suffix : {"", "-journal", "-wal", "-shm"}) fs::remove(path_ + suffix, ec);
  }
  temp_file(const temp_file&) = delete;
  temp_file& operator=(const temp_file&) = delete;
  const std::string& path() const noexcept { return path_; }
  void keep() noexcept { path_.clear(); }

 private:
  std::string path_;
};

void fsync_path(const std::string& path, int flags) {
  const int fd = ::open(path.c_str(), flags);
  if (fd < 0) return;  // best effort: the rename below still makes the copy whole or absent
  ::fsync(fd);
  ::close(fd);
}

// Copies the snapshot `src` holds into the empty file `dest_path`.
std::int64_t copy_pages(sqlite3* src, const std::string& dest_path, const storage::sqlite_backup_options& o) {
  sqlite3* dest = nullptr;
  struct closer {
    sqlite3*& db;
    ~closer() { sqlite3_close_v2(db); }
  } close_dest{dest};
  if (sqlite3_open_v2(dest_path.c_str(), &dest, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK)
    raw_failure(dest, "backup: open " + dest_path);
  // Each step is a transaction on the copy: no journal and no fsync per step (a failed copy is
  // deleted; the whole copy is synced once before it is renamed into place).
  if (sqlite3_exec(dest, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF", nullptr, nullptr, nullptr) != SQLITE_OK)
    raw_failure(dest, "backup: prepare " + dest_path);
  sqlite3_backup* b = sqlite3_backup_init(dest, "main", src, "main");
  if (!b) raw_failure(dest, "backup: start");
  const int step = o.pages_per_step > 0 ? o.pages_per_step : -1;
  int rc = SQLITE_OK;
  bool cancelled = false;
  std::int64_t total = 0;
  try {
    while (rc == SQLITE_OK) {
      rc = sqlite3_backup_step(b, step);
      total = sqlite3_backup_pagecount(b);
      if ((rc == SQLITE_OK || rc == SQLITE_DONE) && o.progress &&
          !o.progress(total - sqlite3_backup_remaining(b), total)) {
        cancelled = true;
        break;
      }
    }
  } catch (...) {
    sqlite3_backup_finish(b);
    throw;
  }
  sqlite3_backup_finish(b);  // its result repeats the last step's error, which rc holds
  if (cancelled) throw_error(errc::unavailable, "sqlite backup: cancelled by the progress callback");
  if (rc != SQLITE_DONE)
    throw error(map_code(rc), fmt::format("sqlite backup: copy to '{}' failed: {}", dest_path, sqlite3_errstr(rc)));
  return total;
}

}  // namespace

}  // namespace itsm::detail::sqlite

namespace itsm::storage {

using namespace itsm::detail::sqlite;

sqlite_backup_result sqlite_backup(backend& store, const std::string& path, const sqlite_backup_options& options) {
  auto st = require_state(store, "sqlite backup");
  check_target(*st, path, options.overwrite);
  temp_file tmp(path);
  lease l(st);
  sqlite_backup_result r;
  try {
    guarded("backup: read snapshot", [&] {
      l->exec("BEGIN");
      r.audit_seq = l->db().execAndGet("SELECT coalesce(max(\"seq\"), 0) FROM \"_itsm_audit\"").getInt64();
    });
    r.pages = copy_pages(l->db().getHandle(), tmp.path(), options);
    guarded("backup: end snapshot", [&] { l->exec("COMMIT"); });
  } catch (...) {
    if (l->in_transaction()) guarded("backup: end snapshot", [&] { l->exec("ROLLBACK"); });
    throw;
  }
  fsync_path(tmp.path(), O_RDONLY);
  // link() refuses an existing target atomically; rename() replaces one atomically.
  if (!options.overwrite) {
    if (::link(tmp.path().c_str(), path.c_str()) != 0) {
      const int err = errno;
      throw_error(err == EEXIST ? errc::already_exists : errc::unavailable,
                  fmt::format("sqlite backup: cannot create '{}': {}", path, std::strerror(err)));
    }
  } else if (::rename(tmp.path().c_str(), path.c_str()) != 0) {
    throw_error(errc::unavailable, fmt::format("sqlite backup: cannot replace '{}': {}", path, std::strerror(errno)));
  } else {
    tmp.keep();
  }
  const auto parent = std::filesystem::path(path).parent_path();
  fsync_path(parent.empty() ? "." : parent.string(), O_RDONLY | O_DIRECTORY);
  r.bytes = file_size_or_zero(path);
  return r;
}

}  // namespace itsm::storage
