// Internals of the PostgreSQL adapter: libpq connections with their prepared statements, binary
// parameters and results, error mapping, the state shared by a backend and its transactions.
// Thread-safety: a connection is used by one thread at a time (the pool hands it out); the
// shared state guards its pool and schema cache with mutexes.
#pragma once

#include <cstdint>
#include <functional>
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
#include "itsm/storage/postgres.hpp"

struct pg_conn;
struct pg_result;

namespace itsm::detail::pg {

using storage::schema;

// Type OIDs of the built-in types the adapter binds and reads (binary format).
enum class oid : unsigned { boolean = 16, bytea = 17, int8 = 20, int4 = 23, text = 25, float8 = 701, timestamp = 1114 };

// ---- parameters --------------------------------------------------------------------------------
// Values to bind, in binary format, each with its type.
class params {
 public:
  void add(const value& v);                 // REQUIRES: v is not null
  void add_null(oid type);
  void add_int(std::int64_t v);
  void add_bytes(std::string_view bytes);   // bytea
  void add_text(std::string_view text);     // text (REQUIRES: valid UTF-8 without NUL)
  void append(const params& more);          // more's values after these
  std::size_t size() const noexcept { return types_.size(); }

  const unsigned* types() const noexcept { return types_.data(); }
  std::vector<const char*> pointers() const;
  const int* lengths() const noexcept { return lengths_.data(); }
  const int* formats() const noexcept { return formats_.data(); }

 private:
  void push(oid type, std::string bytes, bool null = false);
  std::vector<unsigned> types_;
  std::vector<std::string> data_;
  std::vector<bool> null_;
  std::vector<int> lengths_;
  std::vector<int> formats_;
};

// The oid a field of type t is stored as.
oid column_oid(value_type t);

// ---- results -----------------------------------------------------------------------------------
class result {
 public:
  result() = default;
  explicit result(pg_result* r) : r_(r) {}
  int rows() const;
  std::int64_t affected() const;  // rows an INSERT/UPDATE/DELETE touched
  bool is_null(int row, int col) const;
  std::string_view bytes(int row, int col) const;
  std::int64_t int8(int row, int col) const;
  value read(int row, int col, value_type t) const;  // null when the column is null

 private:
  struct clear {
    void operator()(pg_result* r) const noexcept;
  };
  std::unique_ptr<pg_result, clear> r_;
};

// ---- errors ------------------------------------------------------------------------------------
// Maps a SQLSTATE onto itsm::errc (docs/storage-postgresql.md has the table).
errc map_sqlstate(std::string_view sqlstate) noexcept;
bool is_retryable(std::string_view sqlstate) noexcept;  // serialization failure, deadlock

// ---- connections -------------------------------------------------------------------------------
class connection {
 public:
  // Connects and sets the session's timeouts. Errors: unavailable.
  connection(const std::string& conninfo, const storage::postgres_options& o);
  ~connection();
  connection(const connection&) = delete;
  connection& operator=(const connection&) = delete;

  // Runs one statement with binary parameters and results, prepared once per connection (unless
  // !prepare: for statements whose text varies). Errors: itsm::error by map_sqlstate naming
  // `what`; unavailable when the connection is lost.
  result exec(std::string_view what, const std::string& sql, const params& p = {}, bool prepare = true);
  // Runs SQL text without parameters (several statements allowed). Errors: as exec.
  void exec_script(std::string_view what, const std::string& sql);
  // Streams the rows of one statement to `row` (a one-row result each), stopping when it
  // returns false; memory stays bounded. Errors: as exec; whatever `row` throws (the
  // connection is then closed: its remaining rows cannot be skipped cheaply).
  void stream(std::string_view what, const std::string& sql, const params& p,
              const std::function<bool(const result&)>& row);

  bool healthy() const;        // connected and not inside a transaction
  bool broken() const;         // the connection is lost
  bool in_transaction() const;
  bool aborted() const;        // an error aborted the open transaction
  const std::string& last_sqlstate() const noexcept { return last_sqlstate_; }
  std::string describe() const;  // "postgresql://user@host:port/db"

 private:
  [[noreturn]] void fail(std::string_view what, pg_result* r);
  result check(std::string_view what, pg_result* r);  // r, or fail() when it is an error

  pg_conn* c_ = nullptr;
  std::unordered_map<std::string, std::string> prepared_;  // sql -> statement name
  std::string last_sqlstate_;
  bool lost_ = false;  // a stream was abandoned or the socket failed
};

// ---- per-kind SQL, built once per schema version -----------------------------------------------
struct kind_info {
  schema s;
  std::string table;    // "ns"."kind"
  std::string columns;  // "id", "revision", then the fields, quoted and comma-separated
  std::string get;      // $1 id → revision, fields…
  std::string insert;   // $1 id, $2 fields…; nothing if the id exists
  std::string update;   // $1 id, $2 expected revision, $3 new revision, $4… fields
  std::string erase;    // $1 id, $2 expected revision
  std::string revision; // $1 id → revision
};
kind_info make_kind_info(const std::string& ns, const schema& s);

using itsm::detail::quote;  // "name"
std::string column_type(value_type t);
std::string create_table_sql(const std::string& ns, const schema& s);
// The first 200 bytes of a text (bytea) expression: what indexes hold of text fields.
std::string text_prefix(const std::string& expr);
std::string create_index_sql(const std::string& ns, const schema& s, const storage::index_def& ix);
std::string drop_index_sql(const std::string& ns, const schema& s, const storage::index_def& ix);

// ---- state shared by a backend and its transactions --------------------------------------------
struct shared_state {
  std::string conninfo;
  std::string uri;
  std::string ns;  // the PostgreSQL schema, quoted: "public"
  std::string ns_name;
  storage::postgres_options options;

  // A pooled (*pooled = true) or new connection. Errors: unavailable.
  std::unique_ptr<connection> acquire(bool* pooled = nullptr);
  // Back to the pool when healthy, else closed.
  void release(std::unique_ptr<connection> c);
  // Closes every idle connection (after a server restart they are all dead).
  void drop_idle();

  std::string table(std::string_view name) const { return ns + "." + quote(name); }

  // The kind's SQL: cached, else read through `c` (maybe registered by another process).
  std::shared_ptr<const kind_info> find(std::string_view kind, connection& c);
  void remember(const schema& s);

 private:
  std::mutex pool_mu_;
  std::vector<std::unique_ptr<connection>> idle_;
  std::shared_mutex schema_mu_;
  std::map<std::string, std::shared_ptr<const kind_info>, std::less<>> schemas_;
};

// A pooled connection for the length of one call, back to the pool (when healthy) afterwards.
class lease {
 public:
  explicit lease(shared_state& st) : st_(st), c_(st.acquire()) {}
  ~lease() { st_.release(std::move(c_)); }
  lease(const lease&) = delete;
  lease& operator=(const lease&) = delete;
  connection* operator->() const noexcept { return c_.get(); }
  connection& operator*() const noexcept { return *c_; }

 private:
  shared_state& st_;
  std::unique_ptr<connection> c_;
};

// Reads the stored schema of `kind` through `c`. Errors: corrupt.
std::optional<schema> load_schema(shared_state& st, connection& c, std::string_view kind);

// The writer lock: a session-level advisory lock per store, taken before BEGIN so that the
// transaction's snapshot includes every earlier writer's commit (docs/storage-postgresql.md).
// Errors: unavailable (not granted within options.busy_timeout_ms: the session's lock_timeout).
void lock_writer(shared_state& st, connection& c);
void unlock_writer(shared_state& st, connection& c);
// Rolls back what is open on `c` and, with `unlock`, releases the writer lock. False when the
// connection is unusable (then close it: the server ends its transaction and lock).
bool abandon(shared_state& st, connection& c, bool unlock) noexcept;

// Begins a transaction on a connection from the pool: read_write ones take the writer lock and
// start REPEATABLE READ; read_only ones start REPEATABLE READ READ ONLY. Both pin their snapshot.
// A pooled connection found dead is replaced (the server may have restarted); serialization
// failures and deadlocks are retried up to options.max_retries. Errors: unavailable.
std::unique_ptr<connection> begin_on(shared_state& st, storage::tx_mode mode);
// Ends what begin_on started without committing (ROLLBACK, unlock) and returns the connection.
void end_on(shared_state& st, std::unique_ptr<connection> c, storage::tx_mode mode);

std::unique_ptr<storage::transaction> make_transaction(std::shared_ptr<shared_state> st, storage::tx_mode mode,
                                                       std::unique_ptr<connection> c);

// Opening: refuses a schema holding another application's tables or a newer layout; creates the
// internal tables of a new store. Errors: as make_postgres_backend.
void initialise_store(shared_state& st, connection& c);

}  // namespace itsm::detail::pg
