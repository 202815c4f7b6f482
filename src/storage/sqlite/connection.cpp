// Connections, their statement caches, the connection pool and the SQLite → errc mapping.
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <thread>

#include "detail.hpp"

namespace itsm::detail::sqlite {

errc map_code(int extended_code) noexcept {
  switch (extended_code & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_NOMEM:
    case SQLITE_PERM:
    case SQLITE_PROTOCOL:
    case SQLITE_AUTH:
    case SQLITE_INTERRUPT:
    case SQLITE_ABORT:
      return errc::unavailable;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
    case SQLITE_FORMAT:
    case SQLITE_SCHEMA:
    case SQLITE_ERROR:  // "no such table/column": the file no longer matches its registered schemas
      return errc::corrupt;
    case SQLITE_CONSTRAINT:
      return errc::conflict;
    case SQLITE_TOOBIG:
    case SQLITE_MISMATCH:
    case SQLITE_RANGE:
      return errc::invalid_argument;
    default:
      return errc::unavailable;
  }
}

void rethrow(const SQLite::Exception& e, std::string_view what) {
  const int code = e.getExtendedErrorCode() >= 0 ? e.getExtendedErrorCode() : e.getErrorCode();
  const int primary = code & 0xff;
  std::string msg = "sqlite: " + std::string(what) + ": " + e.what();
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
    msg += " (another writer held the store longer than the busy timeout)";
  throw error(code < 0 ? errc::unavailable : map_code(code), std::move(msg));
}

connection::connection(const std::string& path, int flags, const storage::sqlite_options& o,
                       bool temporary)
    : db_(path, flags | SQLite::OPEN_NOMUTEX, o.busy_timeout_ms), cache_cap_(o.statement_cache_size) {
  set_busy_timeout(o.busy_timeout_ms);
  if (temporary)
    db_.exec("PRAGMA synchronous=OFF");
  else if (o.synchronous == storage::sqlite_synchronous::full)
    db_.exec("PRAGMA synchronous=FULL");
  else
    db_.exec("PRAGMA synchronous=NORMAL");
  db_.exec("PRAGMA foreign_keys=ON");
  // Per connection: whichever connection commits runs the automatic checkpoint.
  db_.exec("PRAGMA wal_autocheckpoint=" + std::to_string(std::max(o.wal_autocheckpoint_pages, 0)));
  db_.exec("PRAGMA journal_size_limit=" + std::to_string(std::max<std::int64_t>(o.journal_size_limit_bytes, -1)));
}

std::shared_ptr<SQLite::Statement> connection::prepare(const std::string& sql) {
  auto it = stmts_.find(sql);
  if (it != stmts_.end()) {
    it->second->tryReset();
    return it->second;
  }
  auto st = std::make_shared<SQLite::Statement>(db_, sql);
  if (stmts_.size() >= cache_cap_) stmts_.clear();  // simple: rebuilt on demand
  if (cache_cap_ > 0) stmts_.emplace(sql, st);
  return st;
}

sqlite3_stmt* connection::prepare_raw(const std::string& sql) {
  if (auto it = raw_.find(sql); it != raw_.end()) {
    sqlite3_reset(it->second.get());
    return it->second.get();
  }
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db_.getHandle(), sql.c_str(), static_cast<int>(sql.size()), &st, nullptr) != SQLITE_OK) {
    sqlite3_finalize(st);
    raw_failure(db_.getHandle(), "prepare");
  }
  if (raw_.size() >= cache_cap_) raw_.clear();  // simple: rebuilt on demand
  // Kept even with a cache size of 0 (one entry): the caller holds the pointer until it is done.
  return raw_.insert_or_assign(sql, std::unique_ptr<sqlite3_stmt, finalizer>(st)).first->second.get();
}

void connection::finalizer::operator()(sqlite3_stmt* st) const noexcept { sqlite3_finalize(st); }

raw_use::~raw_use() { sqlite3_reset(st_); }

bool raw_use::step() {
  const int rc = sqlite3_step(st_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  raw_failure(sqlite3_db_handle(st_), "step");
}

void raw_failure(sqlite3* db, std::string_view what) {
  const int code = sqlite3_extended_errcode(db);
  throw error(map_code(code), "sqlite: " + std::string(what) + ": " + sqlite3_errmsg(db));
}

bool connection::in_transaction() const { return sqlite3_get_autocommit(db_.getHandle()) == 0; }

namespace {
// SQLite's own busy handler naps 1, 2, 5, 10 … 100 ms: a writer that meets the lock of a
// transaction lasting a tenth of a millisecond (the write path's usual one) then waits
// milliseconds, and back-to-back transactions of another connection starve it. Short naps
// first, longer ones only while the wait goes on, up to the busy timeout.
int nap_while_busy(void* self, int count) {
  auto& c = *static_cast<connection*>(self);
  const auto now = std::chrono::steady_clock::now();
  if (count == 0) c.busy_since = now;
  if (now - c.busy_since >= std::chrono::milliseconds(c.busy_ms)) return 0;
  const auto nap = count < 40 ? std::chrono::microseconds(25) : count < 100 ? std::chrono::microseconds(250)
                                                                             : std::chrono::microseconds(1000);
  std::this_thread::sleep_for(nap);
  return 1;
}
}  // namespace

void connection::set_busy_timeout(int ms) {
  busy_ms = ms < 0 ? 0 : ms;
  sqlite3_busy_handler(db_.getHandle(), busy_ms > 0 ? nap_while_busy : nullptr, this);
}

std::unique_ptr<connection> shared_state::acquire() {
  {
    std::lock_guard lock(pool_mu_);
    if (!idle_.empty()) {
      auto c = std::move(idle_.back());
      idle_.pop_back();
      c->set_busy_timeout(options.busy_timeout_ms);
      return c;
    }
  }
  return guarded("open " + path, [&] {
    return std::make_unique<connection>(path, SQLite::OPEN_READWRITE, options, !temp_dir.empty());
  });
}

void shared_state::release(std::unique_ptr<connection> c) {
  if (!c || c->in_transaction()) return;  // a connection in an unknown state is closed
  std::lock_guard lock(pool_mu_);
  if (idle_.size() < options.max_idle_connections) idle_.push_back(std::move(c));
}

std::shared_ptr<const kind_info> shared_state::cached(std::string_view kind) {
  std::shared_lock lock(schema_mu_);
  auto it = schemas_.find(kind);
  return it == schemas_.end() ? nullptr : it->second;
}

std::shared_ptr<const kind_info> shared_state::find(std::string_view kind, connection& c) {
  if (auto k = cached(kind)) return k;
  auto s = load_schema(c, kind);
  if (!s) return nullptr;
  remember(*s);
  return cached(kind);
}

void shared_state::remember(const schema& s) {
  auto p = std::make_shared<const kind_info>(make_kind_info(s));
  std::unique_lock lock(schema_mu_);
  schemas_[s.kind] = std::move(p);
}

bool writer_gate::try_acquire_until(std::chrono::steady_clock::time_point deadline) {
  std::unique_lock lock(mu_);
  if (!cv_.wait_until(lock, deadline, [&] { return !taken_; })) return false;
  taken_ = true;
  return true;
}

void writer_gate::release() {
  {
    std::lock_guard lock(mu_);
    taken_ = false;
  }
  cv_.notify_one();
}

shared_state::~shared_state() {
  idle_.clear();
  if (!temp_dir.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(temp_dir, ec);
  }
}

}  // namespace itsm::detail::sqlite
