// A transaction on one pooled connection: records through the per-kind statements, scans
// compiled to bound SQL, the audit table. Every SPI error code of backend.hpp is produced here.
#include <fmt/format.h>
#include <sqlite3.h>

#include <string>

#include <cmath>
#include <limits>

#include "../spi/write_refusals.hpp"
#include "detail.hpp"
#include "fts_sql.hpp"
#include "scan_sql.hpp"

namespace itsm::detail::sqlite {

using itsm::detail::check_storable;
using itsm::detail::refuse_erase;
using itsm::detail::refuse_update;

namespace {

using storage::audit_query;
using storage::audit_record;
using storage::cmp;
using storage::query;
using storage::record;
using storage::tx_mode;

constexpr const char* audit_columns =
    "\"seq\", \"at\", \"actor\", \"action\", \"kind\", \"object_id\", \"revision\", \"outcome\", "
    "\"changes\", \"reason\", \"reference\", \"prev_hash\", \"hash\", \"record_hash\"";

std::string_view text_at(sqlite3_stmt* st, int c) {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(st, c));
  return {p == nullptr ? "" : p, static_cast<std::size_t>(sqlite3_column_bytes(st, c))};
}

// The current row into `e`, reusing its strings (no allocation once they are large enough).
void read_audit(sqlite3_stmt* st, audit_record& e) {
  e.seq = sqlite3_column_int64(st, 0);
  e.at = parse_time(text_at(st, 1));
  std::string* texts[] = {&e.actor, &e.action, &e.kind, &e.object_id};
  for (int i = 0; i < 4; ++i) texts[i]->assign(text_at(st, 2 + i));
  e.revision = sqlite3_column_int64(st, 6);
  std::string* rest[] = {&e.outcome, &e.changes, &e.reason, &e.reference, &e.prev_hash, &e.hash, &e.record_hash};
  for (int i = 0; i < 7; ++i) rest[i]->assign(text_at(st, 7 + i));
}

class sqlite_transaction final : public storage::transaction {
 private:
  // Checks the transaction is usable, runs f, maps SQLite errors. An error after which SQLite
  // rolled the whole transaction back leaves it broken: later calls say so.
  template <class F>
  decltype(auto) run(std::string_view what, F&& f) {
    if (done_) throw_error(errc::invalid_argument, fmt::format("{}: the transaction is finished", what));
    if (broken_)
      throw_error(errc::unavailable, fmt::format("{}: an earlier storage error aborted this transaction", what));
    try {
      return f();
    } catch (const SQLite::Exception& e) {
      if (!done_ && c_ && !c_->in_transaction()) broken_ = true;
      rethrow(e, what);
    } catch (const error&) {  // also what the C API paths (raw_failure) report
      if (!done_ && c_ && !c_->in_transaction()) broken_ = true;
      throw;
    }
  }

 public:
  sqlite_transaction(std::shared_ptr<shared_state> st, tx_mode mode, std::unique_ptr<connection> c)
      : st_(std::move(st)), mode_(mode), c_(std::move(c)) {}

  ~sqlite_transaction() override {
    if (!done_) finish(true);
  }

  tx_mode mode() const noexcept override { return mode_; }

  std::optional<record> get(std::string_view kind, std::string_view id) override {
    return run("get", [&]() -> std::optional<record> {
      const auto k = kind_of(kind);
      stmt_use st(c_->prepare(k->get));
      st->bind(1, std::string(id));
      if (!st->executeStep()) return std::nullopt;
      record r;
      r.id = std::string(id);
      r.revision = st->getColumn(0).getInt64();
      r.values.reserve(k->s.fields.size());
      for (std::size_t i = 0; i < k->s.fields.size(); ++i)
        r.values.push_back(read_value(*st, static_cast<int>(i) + 1, k->s.fields[i].type));
      return r;
    });
  }

  std::int64_t put(std::string_view kind, const record& r) override {
    return run("put", [&]() -> std::int64_t {
      const auto k = kind_of(kind);
      check_put(*k, r);
      if (r.revision == 0) return insert_row(*k, r);
      stmt_use st(c_->prepare(k->update));
      st->bindNoCopy(1, r.id);
      st->bind(2, r.revision + 1);
      const int n = static_cast<int>(r.values.size());
      for (int i = 0; i < n; ++i) bind_value(*st, i + 3, r.values[i]);
      st->bind(n + 3, r.revision);
      return updated(*k, r, st->exec());
    });
  }

  std::int64_t put_changed(std::string_view kind, const record& r, const std::vector<bool>& changed) override {
    return run("put", [&]() -> std::int64_t {
      const auto k = kind_of(kind);
      check_put(*k, r);
      if (changed.size() != r.values.size())
        throw_error(errc::invalid_argument, fmt::format("{} {}: {} change flags for {} fields", k->s.kind, r.id,
                                                        changed.size(), r.values.size()));
      if (r.revision == 0) return insert_row(*k, r);
      // Only the changed columns: SQLite then rewrites only the indexes (and the text-search
      // rows) over them, not every index of the table.
      std::string sql = "UPDATE " + quote(k->s.kind) + " SET \"revision\" = ?2";
      int param = 3;
      for (std::size_t i = 0; i < changed.size(); ++i)
        if (changed[i]) sql += fmt::format(", {} = ?{}", quote(k->s.fields[i].name), param++);
      sql += fmt::format(" WHERE \"id\" = ?1 AND \"revision\" = ?{}", param);
      stmt_use st(c_->prepare(sql));
      st->bindNoCopy(1, r.id);
      st->bind(2, r.revision + 1);
      param = 3;
      for (std::size_t i = 0; i < changed.size(); ++i)
        if (changed[i]) bind_value(*st, param++, r.values[i]);
      st->bind(param, r.revision);
      return updated(*k, r, st->exec());
    });
  }

  void erase(std::string_view kind, std::string_view id, std::int64_t expected_revision) override {
    run("erase", [&] {
      const auto k = kind_of(kind);
      require_write("erase");
      const std::string key(id);
      stmt_use st(c_->prepare(k->erase));
      st->bindNoCopy(1, key);
      st->bind(2, expected_revision);
      if (st->exec() == 0) refuse_erase(k->s.kind, key, stored_revision(*k, key), expected_revision);
    });
  }

  std::vector<record> scan(const query& q) override {
    return run("scan", [&] {
      const auto k = kind_of(q.kind);
      const auto c = compile_scan(*k, q, scan_form::rows);
      raw_use st(c_->prepare_raw(c.sql));
      bind_all(st.get(), c);
      const std::size_t n = k->s.fields.size();
      std::vector<record> out;
      while (st.step()) {
        record r;
        r.id = text_at(st.get(), 0);
        r.revision = sqlite3_column_int64(st.get(), 1);
        r.values.reserve(n);
        for (std::size_t i = 0; i < n; ++i)
          r.values.push_back(read_value(st.get(), static_cast<int>(i) + 2, k->s.fields[i].type));
        out.push_back(std::move(r));
      }
      return out;
    });
  }

  std::uint64_t count(const query& q) override {
    return run("count", [&] {
      const auto k = kind_of(q.kind);
      const auto c = compile_scan(*k, q, scan_form::count);
      raw_use st(c_->prepare_raw(c.sql));
      bind_all(st.get(), c);
      return st.step() ? static_cast<std::uint64_t>(sqlite3_column_int64(st.get(), 0)) : std::uint64_t{0};
    });
  }

  std::vector<storage::text_hit> search(const storage::text_query& q) override {
    return run("search", [&] {
      const auto k = kind_of(q.kind);
      storage::check_text_query(q, k->s);
      raw_use st(c_->prepare_raw(search_sql(k->s)));
      const auto match = match_expression(q.terms);
      sqlite3_bind_text(st.get(), 1, match.data(), static_cast<int>(match.size()), SQLITE_TRANSIENT);
      sqlite3_bind_int64(st.get(), 2, q.limit == 0 ? -1 : static_cast<sqlite3_int64>(q.limit));
      sqlite3_bind_int64(st.get(), 3, static_cast<sqlite3_int64>(q.offset));
      std::vector<storage::text_hit> out;
      while (st.step()) out.push_back({std::string(text_at(st.get(), 0)), sqlite3_column_double(st.get(), 1)});
      return out;
    });
  }

  void for_each(std::string_view kind, const storage::record_visitor& visit) override {
    run("for_each", [&] {
      const auto k = kind_of(kind);
      // A plain table walk in storage order (no ORDER BY: no index lookups, no sort), one row at
      // a time into reused buffers, through the C API.
      raw_use st(c_->prepare_raw("SELECT " + k->columns + " FROM " + quote(k->s.kind)));
      const std::size_t n = k->s.fields.size();
      std::vector<value> values(n);
      while (st.step()) {
        const std::int64_t revision = sqlite3_column_int64(st.get(), 1);
        for (std::size_t i = 0; i < n; ++i)
          values[i] = read_value(st.get(), static_cast<int>(i) + 2, k->s.fields[i].type);
        if (!visit(text_at(st.get(), 0), revision, values)) return;
      }
    });
  }

  void append_audit(const audit_record& e) override {
    run("append_audit", [&] {
      require_write("append_audit");
      const auto head = head_of_audit();
      const std::int64_t last = head ? head->seq : 0;
      if (e.seq != last + 1)
        throw_error(errc::conflict, fmt::format("audit entry seq {} is not the next one ({})", e.seq, last + 1));
      stmt_use st(c_->prepare(std::string("INSERT INTO \"_itsm_audit\" (") + audit_columns +
                              ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)"));
      st->bind(1, e.seq);
      st->bind(2, format_time(e.at));
      const std::string* texts[] = {&e.actor, &e.action, &e.kind, &e.object_id};
      for (int i = 0; i < 4; ++i) st->bindNoCopy(3 + i, *texts[i]);
      st->bind(7, e.revision);
      const std::string* rest[] = {&e.outcome, &e.changes, &e.reason, &e.reference, &e.prev_hash, &e.hash,
                                   &e.record_hash};
      for (int i = 0; i < 7; ++i) st->bindNoCopy(8 + i, *rest[i]);
      st->exec();
      head_ = storage::audit_head{e.seq, e.hash};
    });
  }

  std::optional<storage::audit_head> head_of_audit() override {
    return run("head_of_audit", [&]() -> std::optional<storage::audit_head> {
      // A read_write transaction holds the write lock: no one else appends until it ends, so
      // the head read once (then each append) stays the head.
      if (head_) return *head_;
      raw_use st(c_->prepare_raw("SELECT \"seq\", \"hash\" FROM \"_itsm_audit\" ORDER BY \"seq\" DESC LIMIT 1"));
      if (!st.step()) return std::nullopt;
      storage::audit_head h{sqlite3_column_int64(st.get(), 0), std::string(text_at(st.get(), 1))};
      if (mode_ == tx_mode::read_write) head_ = h;
      return h;
    });
  }

  std::optional<audit_record> last_audit() override {
    return run("last_audit", [&]() -> std::optional<audit_record> {
      raw_use st(c_->prepare_raw(std::string("SELECT ") + audit_columns +
                                 " FROM \"_itsm_audit\" ORDER BY \"seq\" DESC LIMIT 1"));
      if (!st.step()) return std::nullopt;
      audit_record e;
      read_audit(st.get(), e);
      return e;
    });
  }

  std::vector<audit_record> scan_audit(const audit_query& q) override {
    return run("scan_audit", [&] {
      std::vector<audit_record> out;
      walk_audit(q, [&](sqlite3_stmt* st) {
        read_audit(st, out.emplace_back());
        return true;
      });
      return out;
    });
  }

  void for_each_audit(const audit_query& q, const storage::audit_visitor& visit) override {
    run("for_each_audit", [&] {
      audit_record e;  // one entry, refilled row by row
      walk_audit(q, [&](sqlite3_stmt* st) {
        read_audit(st, e);
        return visit(e);
      });
    });
  }

  void commit() override {
    run("commit", [&] {
      try {
        c_->exec_prepared("COMMIT");
      } catch (...) {
        finish(true);
        throw;
      }
      finish(false);
    });
  }

 private:
  std::shared_ptr<const kind_info> kind_of(std::string_view kind) {
    auto k = st_->find(kind, *c_);
    if (!k) throw_error(errc::not_found, fmt::format("kind '{}' is not registered", kind));
    return k;
  }

  void require_write(std::string_view op) {
    if (mode_ != tx_mode::read_write)
      throw_error(errc::unsupported, fmt::format("{} in a read_only transaction", op));
  }

  void check_put(const kind_info& k, const record& r) {
    require_write("put");
    check_storable(k.s, r, "which SQLite cannot store");
  }

  std::int64_t insert_row(const kind_info& k, const record& r) {
    stmt_use st(c_->prepare(k.insert));
    st->bindNoCopy(1, r.id);
    st->bind(2, std::int64_t{1});
    for (int i = 0; i < static_cast<int>(r.values.size()); ++i) bind_value(*st, i + 3, r.values[i]);
    if (st->exec() == 0) throw_error(errc::already_exists, fmt::format("{} '{}' already exists", k.s.kind, r.id));
    return 1;
  }

  // The new revision of an UPDATE that changed `rows` rows, or the conflict that stopped it.
  std::int64_t updated(const kind_info& k, const record& r, int rows) {
    if (rows == 0) refuse_update(k.s.kind, r.id, stored_revision(k, r.id), r.revision);
    return r.revision + 1;
  }

  std::optional<std::int64_t> stored_revision(const kind_info& k, const std::string& id) {
    stmt_use st(c_->prepare(k.revision));
    st->bindNoCopy(1, id);
    if (!st->executeStep()) return std::nullopt;
    return st->getColumn(0).getInt64();
  }

  // Steps the audit rows matching q in sequence order, calling on_row(raw statement) for each
  // until it returns false.
  template <class F>
  void walk_audit(const audit_query& q, F&& on_row) {
    if (!q.object_id.empty() && q.kind.empty())
      throw_error(errc::invalid_argument, "audit scan by object_id needs a kind");
    std::string sql = std::string("SELECT ") + audit_columns + " FROM \"_itsm_audit\" WHERE \"seq\" >= ?1";
    if (q.to_seq > 0) sql += " AND \"seq\" <= ?2";
    if (!q.kind.empty()) sql += " AND \"kind\" = ?3";
    if (!q.object_id.empty()) sql += " AND \"object_id\" = ?4";
    sql += " ORDER BY \"seq\"";
    if (q.limit > 0) sql += " LIMIT ?5";
    raw_use st(c_->prepare_raw(sql));
    sqlite3_bind_int64(st.get(), 1, q.from_seq);
    if (q.to_seq > 0) sqlite3_bind_int64(st.get(), 2, q.to_seq);
    if (!q.kind.empty()) sqlite3_bind_text(st.get(), 3, q.kind.data(), static_cast<int>(q.kind.size()), SQLITE_STATIC);
    if (!q.object_id.empty())
      sqlite3_bind_text(st.get(), 4, q.object_id.data(), static_cast<int>(q.object_id.size()), SQLITE_STATIC);
    if (q.limit > 0)
      sqlite3_bind_int64(st.get(), 5,
                         static_cast<std::int64_t>(std::min<std::size_t>(q.limit, std::numeric_limits<std::int64_t>::max())));
    while (st.step())
      if (!on_row(st.get())) return;
  }

  // Ends the transaction: rolls back if asked (and still open), returns the connection to the
  // pool and lets the next writer in.
  void finish(bool rollback) noexcept {
    done_ = true;
    if (c_ && rollback && c_->in_transaction()) {
      try {
        c_->exec("ROLLBACK");
      } catch (...) {
        c_.reset();  // state unknown: close it rather than pool it
      }
    }
    st_->release(std::move(c_));
    if (mode_ == tx_mode::read_write) st_->writer.release();
  }

  std::shared_ptr<shared_state> st_;
  tx_mode mode_;
  std::unique_ptr<connection> c_;
  bool done_ = false;
  bool broken_ = false;
  std::optional<storage::audit_head> head_;  // read_write only: the chain head, once known
};

}  // namespace

std::unique_ptr<storage::transaction> make_transaction(std::shared_ptr<shared_state> st, tx_mode mode,
                                                       std::unique_ptr<connection> c) {
  return std::make_unique<sqlite_transaction>(std::move(st), mode, std::move(c));
}

}  // namespace itsm::detail::sqlite
