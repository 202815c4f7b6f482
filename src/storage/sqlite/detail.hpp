// Internals of the SQLite adapter: pooled connections with their prepared statements, the state
// shared by a backend and its transactions, SQL text generation and error mapping.
// Thread-safety: a connection is used by one thread at a time (the pool hands it out); the
// shared state guards its pool and schema cache with mutexes.
#pragma once

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>

#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "../spi/schema_codec.hpp"
#include "../spi/sql_where.hpp"
#include "itsm/core/error.hpp"
#include "itsm/storage/sqlite.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace itsm::detail::sqlite {

using storage::schema;

// Internal table names start with '_' so no kind ([a-z]…) can collide with them.
inline constexpr const char* meta_table = "_itsm_meta";
inline constexpr const char* schema_table = "_itsm_schema";
inline constexpr const char* audit_table = "_itsm_audit";
inline constexpr int application_id = 0x6974736d;  // "itsm"

// ---- errors ----------------------------------------------------------------------------------
// Maps an SQLite result code onto itsm::errc (docs/storage-sqlite.md has the table).
errc map_code(int extended_code) noexcept;
[[noreturn]] void rethrow(const SQLite::Exception& e, std::string_view what);

// Runs f(); SQLite exceptions become itsm::error naming `what`.
template <class F>
decltype(auto) guarded(std::string_view what, F&& f) {
  try {
    return f();
  } catch (const SQLite::Exception& e) {
    rethrow(e, what);
  }
}

// ---- connections -----------------------------------------------------------------------------
class connection {
 public:
  connection(const std::string& path, int flags, const storage::sqlite_options& o, bool temporary);
  SQLite::Database& db() { return db_; }
  // A cached prepared statement for `sql`, reset and ready to bind. Shared, so that evicting
  // it from a full cache never pulls it from under a caller still stepping it.
  std::shared_ptr<SQLite::Statement> prepare(const std::string& sql);
  // The same, prepared through the C API, for the hot loops (table and trail walks, audit reads)
  // where SQLiteCpp's Column object per value costs as much as the read. Reset, ready to bind;
  // wrap its use in a raw_use. Errors: as the C API reports them (raw_failure).
  sqlite3_stmt* prepare_raw(const std::string& sql);
  void exec(const char* sql) { db_.exec(sql); }
  // The same for the statements every transaction runs (BEGIN, COMMIT): prepared once, kept.
  void exec_prepared(const std::string& sql) { prepare(sql)->exec(); }
  bool in_transaction() const;
  void set_busy_timeout(int ms);  // installs the short-nap busy handler (connection.cpp)
  int busy_ms = 0;                                   // the handler's state
  std::chrono::steady_clock::time_point busy_since{};

 private:
  SQLite::Database db_;
  std::size_t cache_cap_;
  std::unordered_map<std::string, std::shared_ptr<SQLite::Statement>> stmts_;
  struct finalizer {
    void operator()(sqlite3_stmt* st) const noexcept;
  };
  std::unordered_map<std::string, std::unique_ptr<sqlite3_stmt, finalizer>> raw_;
};

// Resets a raw statement when leaving scope (ends its read; the cached statement stays usable).
class raw_use {
 public:
  explicit raw_use(sqlite3_stmt* st) : st_(st) {}
  ~raw_use();
  raw_use(const raw_use&) = delete;
  raw_use& operator=(const raw_use&) = delete;
  sqlite3_stmt* get() const noexcept { return st_; }
  // Steps once: true when a row is ready, false when done. Errors: raw_failure.
  bool step();

 private:
  sqlite3_stmt* st_;
};

// The last error of a C API call on `db` as itsm::error (map_code), naming `what`.
[[noreturn]] void raw_failure(sqlite3* db, std::string_view what);

// Resets a statement when leaving scope (ends its read, keeps the cached statement reusable).
class stmt_use {
 public:
  explicit stmt_use(std::shared_ptr<SQLite::Statement> s) : s_(std::move(s)) {}
  ~stmt_use() { s_->tryReset(); }
  SQLite::Statement* operator->() { return s_.get(); }
  SQLite::Statement& operator*() { return *s_; }
  stmt_use(const stmt_use&) = delete;
  stmt_use& operator=(const stmt_use&) = delete;

 private:
  std::shared_ptr<SQLite::Statement> s_;
};

// ---- per-kind SQL, built once per schema version ------------------------------------------------
struct kind_info {
  schema s;
  std::string columns;  // "id", "revision", then the fields, quoted and comma-separated
  std::string get;      // ?1 id → revision, fields…
  std::string insert;   // ?1 id, ?2 revision, ?3… fields; does nothing if the id exists
  std::string update;   // ?1 id, ?2 new revision, ?3… fields, ?N expected revision
  std::string erase;    // ?1 id, ?2 expected revision
  std::string revision; // ?1 id → revision
};
kind_info make_kind_info(const schema& s);

// A binary semaphore (the process's one writer); unlike a mutex it may be released from a
// thread other than the one that took it.
class writer_gate {
 public:
  bool try_acquire_until(std::chrono::steady_clock::time_point deadline);
  void release();

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool taken_ = false;
};

// ---- state shared by a backend and its transactions --------------------------------------------
struct shared_state {
  std::string path;        // file opened (inside temp_dir for ":memory:")
  std::string uri;
  std::string temp_dir;    // non-empty for ":memory:" stores: removed with the state
  storage::sqlite_options options;

  writer_gate writer;  // one read_write transaction per backend at a time

  std::unique_ptr<connection> acquire();
  void release(std::unique_ptr<connection> c);

  // Cached schema of `kind`, or null.
  std::shared_ptr<const kind_info> cached(std::string_view kind);
  // As cached(); on a miss it is read through `c` (maybe registered by another process).
  std::shared_ptr<const kind_info> find(std::string_view kind, connection& c);
  void remember(const schema& s);

  ~shared_state();

 private:
  std::mutex pool_mu_;
  std::vector<std::unique_ptr<connection>> idle_;
  std::shared_mutex schema_mu_;
  std::map<std::string, std::shared_ptr<const kind_info>, std::less<>> schemas_;
};

// ---- SQL text ----------------------------------------------------------------------------------
using itsm::detail::quote;                                 // "name"
std::string column_type(value_type t);                     // declared SQL type
std::string create_table_sql(const schema& s);
std::string create_index_sql(const schema& s, const storage::index_def& ix);
std::string index_name(const schema& s, const storage::index_def& ix);  // "kind:index"
using itsm::detail::schema_from_json;
using itsm::detail::schema_to_json;

// Reads the stored schema of `kind` (nullopt if none) through `c`.
std::optional<schema> load_schema(connection& c, std::string_view kind);

// ---- values ------------------------------------------------------------------------------------
// Fixed-width ISO 8601 UTC text "YYYY-MM-DDTHH:MM:SS.ffffffZ": sorts chronologically as text.
std::string format_time(timestamp t);  // Errors: invalid_argument (special value)
timestamp parse_time(std::string_view text);  // Errors: corrupt
void bind_value(SQLite::Statement& st, int index, const value& v);
value read_value(SQLite::Statement& st, int column, value_type t);  // Errors: corrupt
value read_value(sqlite3_stmt* st, int column, value_type t);        // the same, C API

// ---- opening -----------------------------------------------------------------------------------
// Refuses a file that is not a usable itsm store before anything writes to it.
void validate_existing_file(const std::string& path, int busy_timeout_ms);
// Sets journal mode and creates the internal tables of a new store (idempotent, multi-process:
// retried while another connection holds the file, for up to busy_timeout_ms).
void initialise_store(connection& c, int busy_timeout_ms);

// ---- transactions ------------------------------------------------------------------------------
// Wraps `c`, already inside BEGIN (IMMEDIATE for read_write, holding `st->writer`).
std::unique_ptr<storage::transaction> make_transaction(std::shared_ptr<shared_state> st,
                                                       storage::tx_mode mode,
                                                       std::unique_ptr<connection> c);

// ---- maintenance ------------------------------------------------------------------------------
// The shared state of a SQLite backend, or null when `b` is another adapter's.
std::shared_ptr<shared_state> state_of(storage::backend& b);

}  // namespace itsm::detail::sqlite
