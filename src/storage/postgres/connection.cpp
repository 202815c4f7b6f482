// libpq connections: connecting with the options' timeouts, statements prepared once per
// connection, binary results, streamed rows, and SQLSTATEs mapped onto itsm::errc.
#include <libpq-fe.h>

#include <fmt/format.h>

#include "detail.hpp"

namespace itsm::detail::pg {

namespace {
constexpr std::size_t max_prepared = 256;  // beyond this, statements run unprepared
}

errc map_sqlstate(std::string_view s) noexcept {
  if (s == "40001" || s == "40P01" || s == "23505") return errc::conflict;  // lost a race
  if (s.starts_with("22")) return errc::invalid_argument;                     // data exception
  if (s.starts_with("42") || s.starts_with("XX")) return errc::corrupt;       // tables not as expected
  return errc::unavailable;  // 08 connection, 28 credentials, 3D no database, 53 resources,
                             // 55P03 lock timeout, 57 shutdown/timeout, anything else
}

bool is_retryable(std::string_view s) noexcept { return s == "40001" || s == "40P01"; }

connection::connection(const std::string& conninfo, const storage::postgres_options& o) {
  const std::string timeout = std::to_string(o.connect_timeout_s);
  // connect_timeout first: a value in the URI itself wins (expanded dbname overrides earlier keys).
  const char* keys[] = {"connect_timeout", "application_name", "dbname", nullptr};
  const char* vals[] = {timeout.c_str(), "itsm", conninfo.c_str(), nullptr};
  c_ = PQconnectdbParams(keys, vals, 1);
  if (c_ == nullptr) throw_error(errc::unavailable, "postgresql: out of memory while connecting");
  if (PQstatus(c_) != CONNECTION_OK) {
    std::string msg = PQerrorMessage(c_);
    while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
    PQfinish(c_);
    c_ = nullptr;
    throw_error(errc::unavailable, "postgresql: cannot connect: " + msg);
  }
  // Server notices (e.g. the shutdown notice before a restart) are not ours to print.
  PQsetNoticeProcessor(c_, [](void*, const char*) {}, nullptr);
  exec_script("set session timeouts",
              fmt::format("SET statement_timeout = {}; SET lock_timeout = {}; SET idle_in_transaction_session_timeout = 0",
                          o.statement_timeout_ms, o.busy_timeout_ms));
}

connection::~connection() {
  if (c_) PQfinish(c_);
}

bool connection::broken() const { return lost_ || PQstatus(c_) != CONNECTION_OK; }

bool connection::in_transaction() const { return PQtransactionStatus(c_) != PQTRANS_IDLE; }

bool connection::aborted() const { return PQtransactionStatus(c_) == PQTRANS_INERROR; }

bool connection::healthy() const { return !broken() && PQtransactionStatus(c_) == PQTRANS_IDLE; }

std::string connection::describe() const {
  const char* host = PQhost(c_);
  std::string h = host ? host : "";
  if (!h.empty() && h[0] == '/') h = "[" + h + "]";  // a unix socket directory
  return fmt::format("postgresql://{}@{}:{}/{}", PQuser(c_), h, PQport(c_), PQdb(c_));
}

void connection::fail(std::string_view what, pg_result* r) {
  const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
  last_sqlstate_ = state ? state : "";
  std::string msg = r && *PQresultErrorMessage(r) ? PQresultErrorMessage(r) : PQerrorMessage(c_);
  while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
  PQclear(r);
  if (PQstatus(c_) != CONNECTION_OK) lost_ = true;
  const errc code = lost_ || last_sqlstate_.empty() ? errc::unavailable : map_sqlstate(last_sqlstate_);
  throw_error(code, fmt::format("postgresql: {}: {}{}", what, msg,
                                last_sqlstate_.empty() ? "" : " (SQLSTATE " + last_sqlstate_ + ")"));
}

result connection::check(std::string_view what, pg_result* r) {
  const auto status = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return result(r);
  fail(what, r);
}

result connection::exec(std::string_view what, const std::string& sql, const params& p, bool prepare) {
  if (lost_) throw_error(errc::unavailable, fmt::format("postgresql: {}: the connection was lost", what));
  const auto ptrs = p.pointers();
  const int n = static_cast<int>(p.size());
  auto it = prepared_.find(sql);
  if (it == prepared_.end() && prepare && prepared_.size() < max_prepared) {
    const std::string name = fmt::format("itsm_{}", prepared_.size());
    check(what, PQprepare(c_, name.c_str(), sql.c_str(), n, p.types()));
    it = prepared_.emplace(sql, name).first;
  }
  if (it == prepared_.end())
    return check(what, PQexecParams(c_, sql.c_str(), n, p.types(), ptrs.data(), p.lengths(), p.formats(), 1));
  return check(what, PQexecPrepared(c_, it->second.c_str(), n, ptrs.data(), p.lengths(), p.formats(), 1));
}

void connection::exec_script(std::string_view what, const std::string& sql) {
  if (lost_) throw_error(errc::unavailable, fmt::format("postgresql: {}: the connection was lost", what));
  check(what, PQexec(c_, sql.c_str()));
}

void connection::stream(std::string_view what, const std::string& sql, const params& p,
                        const std::function<bool(const result&)>& row) {
  if (lost_) throw_error(errc::unavailable, fmt::format("postgresql: {}: the connection was lost", what));
  const auto ptrs = p.pointers();
  if (!PQsendQueryParams(c_, sql.c_str(), static_cast<int>(p.size()), p.types(), ptrs.data(), p.lengths(),
                         p.formats(), 1))
    fail(what, nullptr);
  PQsetSingleRowMode(c_);
  bool more = true;
  std::exception_ptr thrown;
  pg_result* failed = nullptr;
  // Every result is read, also after `row` stops or throws, so the connection stays usable.
  while (pg_result* r = PQgetResult(c_)) {
    const auto status = PQresultStatus(r);
    if (status == PGRES_SINGLE_TUPLE && more) {
      result one(r);
      try {
        more = row(one);
      } catch (...) {
        thrown = std::current_exception();
        more = false;
      }
    } else if (status == PGRES_SINGLE_TUPLE || status == PGRES_TUPLES_OK) {
      PQclear(r);
    } else if (!failed) {
      failed = r;
    } else {
      PQclear(r);
    }
  }
  if (thrown) {
    PQclear(failed);
    std::rethrow_exception(thrown);
  }
  if (failed) fail(what, failed);
}

std::unique_ptr<connection> shared_state::acquire(bool* pooled) {
  {
    std::lock_guard lock(pool_mu_);
    if (!idle_.empty()) {
      auto c = std::move(idle_.back());
      idle_.pop_back();
      if (pooled) *pooled = true;
      return c;
    }
  }
  if (pooled) *pooled = false;
  return std::make_unique<connection>(conninfo, options);
}

void shared_state::release(std::unique_ptr<connection> c) {
  if (!c || !c->healthy()) return;
  std::lock_guard lock(pool_mu_);
  if (idle_.size() < options.max_idle_connections) idle_.push_back(std::move(c));
}

void shared_state::drop_idle() {
  std::vector<std::unique_ptr<connection>> dead;
  std::lock_guard lock(pool_mu_);
  dead.swap(idle_);
}

// Two int4 keys: 'itsm' and the hash of the schema's name: one lock per store.
void lock_writer(shared_state& st, connection& c) {
  params p;
  p.add_text(st.ns_name);
  c.exec("take the writer lock", "SELECT pg_advisory_lock(1769239405, hashtext($1))", p);
}

void unlock_writer(shared_state& st, connection& c) {
  params p;
  p.add_text(st.ns_name);
  c.exec("release the writer lock", "SELECT pg_advisory_unlock(1769239405, hashtext($1))", p);
}

bool abandon(shared_state& st, connection& c, bool unlock) noexcept {
  if (c.broken()) return false;  // the server ends the session, its transaction and its lock
  try {
    if (c.in_transaction()) c.exec_script("rollback", "ROLLBACK");
    if (unlock) unlock_writer(st, c);
    return true;
  } catch (...) {
    return false;
  }
}

namespace {

// One attempt at begin_on with connection `c`.
void begin_once(shared_state& st, connection& c, storage::tx_mode mode) {
  const bool write = mode == storage::tx_mode::read_write;
  if (write) lock_writer(st, c);
  try {
    c.exec_script("begin", write ? "BEGIN ISOLATION LEVEL REPEATABLE READ"
                                 : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    // The snapshot is taken by the first query, not by BEGIN: pin it now.
    c.exec("pin the snapshot", "SELECT 1 FROM " + st.table("_itsm_meta") + " LIMIT 1");
  } catch (...) {
    abandon(st, c, write);
    throw;
  }
}

}  // namespace

std::unique_ptr<connection> begin_on(shared_state& st, storage::tx_mode mode) {
  int retries = 0;
  for (;;) {
    bool pooled = false;
    std::unique_ptr<connection> c = st.acquire(&pooled);
    try {
      begin_once(st, *c, mode);
      return c;
    } catch (const error&) {
      const bool dead = c->broken();
      const bool serialization = is_retryable(c->last_sqlstate());
      st.release(std::move(c));
      if (dead) st.drop_idle();  // the server went away: its other idle connections are dead too
      if (dead && pooled) continue;  // nothing was done yet: a new connection may succeed
      if (serialization && retries++ < st.options.max_retries) continue;
      throw;
    }
  }
}

void end_on(shared_state& st, std::unique_ptr<connection> c, storage::tx_mode mode) {
  if (c && abandon(st, *c, mode == storage::tx_mode::read_write)) st.release(std::move(c));
}

}  // namespace itsm::detail::pg
