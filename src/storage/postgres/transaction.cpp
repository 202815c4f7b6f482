// A transaction on one connection (REPEATABLE READ; writers hold the store's writer lock):
// records through the per-kind statements, scans compiled to bound SQL, the audit table. Every
// SPI error code of backend.hpp is produced here.
#include <fmt/format.h>

#include <unordered_map>

#include "../spi/write_refusals.hpp"
#include "detail.hpp"
#include "scan_sql.hpp"
#include "text_sql.hpp"

namespace itsm::detail::pg {

using itsm::detail::check_storable;
using itsm::detail::refuse_erase;
using itsm::detail::refuse_update;

namespace {

using storage::audit_query;
using storage::audit_record;
using storage::query;
using storage::record;
using storage::tx_mode;

// Audit rows are queued and inserted many per statement (before any audit read and at commit):
// the writer lock makes the sequence check in memory exact, so nothing needs the row earlier.
constexpr int max_pending_rows = 1000;
constexpr std::size_t max_seen = 4096;  // records a writer keeps (remember)
constexpr const char* queued_audit_columns =
    "\"at\", \"seq\", \"actor\", \"action\", \"kind\", \"object_id\", \"revision\", \"outcome\", "
    "\"changes\", \"reason\", \"reference\", \"prev_hash\", \"hash\", \"record_hash\"";
constexpr const char* audit_columns =
    "\"seq\", \"at\", \"actor\", \"action\", \"kind\", \"object_id\", \"revision\", \"outcome\", "
    "\"changes\", \"reason\", \"reference\", \"prev_hash\", \"hash\", \"record_hash\"";

// Row `row` of `r` into `e` (reusing its strings).
void read_audit(const result& r, int row, audit_record& e) {
  e.seq = r.int8(row, 0);
  e.at = r.read(row, 1, value_type::time).as_time();
  std::string* texts[] = {&e.actor, &e.action, &e.kind, &e.object_id};
  for (int i = 0; i < 4; ++i) texts[i]->assign(r.bytes(row, 2 + i));
  e.revision = r.int8(row, 6);
  std::string* rest[] = {&e.outcome, &e.changes, &e.reason, &e.reference, &e.prev_hash, &e.hash, &e.record_hash};
  for (int i = 0; i < 7; ++i) rest[i]->assign(r.bytes(row, 7 + i));
}

record read_record(const result& r, int row, const schema& s) {
  record out;
  out.id = r.bytes(row, 0);
  out.revision = r.int8(row, 1);
  out.values.reserve(s.fields.size());
  for (std::size_t i = 0; i < s.fields.size(); ++i) out.values.push_back(r.read(row, static_cast<int>(i) + 2, s.fields[i].type));
  return out;
}

// The record's fields, then its search columns when the kind has text fields (text_sql.hpp).
void bind_values(params& p, const schema& s, const record& r) {
  for (std::size_t i = 0; i < r.values.size(); ++i) {
    if (r.values[i].is_null()) {
      p.add_null(column_oid(s.fields[i].type));
    } else {
      p.add(r.values[i]);
    }
  }
  if (!s.text_fields.empty()) bind_text(p, s, r);
}

class pg_transaction final : public storage::transaction {
 private:
  // Checks the transaction is usable and runs f. A PostgreSQL error aborts the whole
  // transaction on the server: later calls say so (refusals are found without one).
  template <class F>
  decltype(auto) run(std::string_view what, F&& f) {
    if (done_) throw_error(errc::invalid_argument, fmt::format("{}: the transaction is finished", what));
    if (broken_)
      throw_error(errc::unavailable, fmt::format("{}: an earlier storage error aborted this transaction", what));
    try {
      return f();
    } catch (const error&) {
      if (c_ && (c_->broken() || c_->aborted())) broken_ = true;
      throw;
    }
  }

 public:
  pg_transaction(std::shared_ptr<shared_state> st, tx_mode mode, std::unique_ptr<connection> c)
      : st_(std::move(st)), mode_(mode), c_(std::move(c)) {}

  ~pg_transaction() override {
    if (!done_) end_on(*st_, std::move(c_), mode_);
  }

  tx_mode mode() const noexcept override { return mode_; }

  std::optional<record> get(std::string_view kind, std::string_view id) override {
    return run("get", [&]() -> std::optional<record> {
      const auto k = kind_of(kind);
      if (const auto* e = known_row(kind, id)) return e->r;
      params p;
      p.add_bytes(id);
      const auto r = c_->exec("get", k->get, p);
      if (r.rows() == 0) return std::nullopt;
      record out;
      out.id = std::string(id);
      out.revision = r.int8(0, 0);
      for (std::size_t i = 0; i < k->s.fields.size(); ++i)
        out.values.push_back(r.read(0, static_cast<int>(i) + 1, k->s.fields[i].type));
      remember(k, out);
      return out;
    });
  }

  std::int64_t put(std::string_view kind, const record& r) override {
    return run("put", [&]() -> std::int64_t {
      const auto k = kind_of(kind);
      require_write("put");
      check_storable(k->s, r, "which PostgreSQL would compare equal to itself");
      auto* e = known_row(kind, r.id);
      if (r.revision == 0) {
        if (e) throw_error(errc::already_exists, fmt::format("{} '{}' already exists", k->s.kind, r.id));
        params p;
        p.add_bytes(r.id);
        bind_values(p, k->s, r);
        if (c_->exec("put", k->insert, p).affected() == 0)
          throw_error(errc::already_exists, fmt::format("{} '{}' already exists", k->s.kind, r.id));
        remember(k, r, 1);
        return 1;
      }
      if (e) {  // known to this writer: checked here, written at the next flush_rows
        if (e->r.revision != r.revision) refuse_update(k->s.kind, r.id, e->r.revision, r.revision);
        e->r = r;
        e->r.revision = r.revision + 1;
        e->dirty = true;
        e->changed.clear();  // every field
        return r.revision + 1;
      }
      if (update_row(*k, r, r.revision, r.revision + 1) == 0)
        refuse_update(k->s.kind, r.id, stored_revision(*k, r.id), r.revision);
      remember(k, r, r.revision + 1);
      return r.revision + 1;
    });
  }

  // Writes only the changed fields, and the search columns only when a field they come from
  // changed: a state change neither re-tokenizes the text nor rewrites its tsvector.
  std::int64_t put_changed(std::string_view kind, const record& r, const std::vector<bool>& changed) override {
    if (r.revision == 0) return put(kind, r);
    return run("put", [&]() -> std::int64_t {
      const auto k = kind_of(kind);
      require_write("put");
      check_storable(k->s, r, "which PostgreSQL would compare equal to itself");
      if (changed.size() != r.values.size())
        throw_error(errc::invalid_argument,
                    fmt::format("{} {}: {} change flags for {} fields", k->s.kind, r.id, changed.size(), r.values.size()));
      if (auto* e = known_row(kind, r.id)) {
        if (e->r.revision != r.revision) refuse_update(k->s.kind, r.id, e->r.revision, r.revision);
        if (!e->dirty) e->changed = changed;
        else if (!e->changed.empty())
          for (std::size_t i = 0; i < changed.size(); ++i) e->changed[i] = e->changed[i] || changed[i];
        e->r = r;
        e->r.revision = r.revision + 1;
        e->dirty = true;
        return r.revision + 1;
      }
      if (update_row(*k, r, r.revision, r.revision + 1, &changed) == 0)
        refuse_update(k->s.kind, r.id, stored_revision(*k, r.id), r.revision);
      remember(k, r, r.revision + 1);
      return r.revision + 1;
    });
  }

  void erase(std::string_view kind, std::string_view id, std::int64_t expected_revision) override {
    run("erase", [&] {
      const auto k = kind_of(kind);
      require_write("erase");
      const auto* e = known_row(kind, id);
      if (e && e->r.revision != expected_revision) refuse_erase(k->s.kind, id, e->r.revision, expected_revision);
      params p;
      p.add_bytes(id);
      p.add_int(e ? e->stored : expected_revision);
      if (c_->exec("erase", k->erase, p).affected() == 0) refuse_erase(k->s.kind, id, stored_revision(*k, id), expected_revision);
      seen_.erase(seen_key(kind, id));
    });
  }

  std::vector<record> scan(const query& q) override {
    return run("scan", [&] {
      const auto k = kind_of(q.kind);
      flush_rows();
      const auto c = compile_scan(*k, q, scan_form::rows);
      // Planned for these operands and the table as it is now: a cached generic plan made while
      // the table was small (e.g. early in a bulk load) would keep scanning it whole.
      const auto r = c_->exec("scan", c.sql, c.binds, false);
      std::vector<record> out;
      out.reserve(static_cast<std::size_t>(r.rows()));
      for (int i = 0; i < r.rows(); ++i) out.push_back(read_record(r, i, k->s));
      return out;
    });
  }

  std::uint64_t count(const query& q) override {
    return run("count", [&] {
      const auto k = kind_of(q.kind);
      flush_rows();
      const auto c = compile_scan(*k, q, scan_form::count);
      return static_cast<std::uint64_t>(c_->exec("count", c.sql, c.binds, false).int8(0, 0));
    });
  }

  void for_each(std::string_view kind, const storage::record_visitor& visit) override {
    run("for_each", [&] {
      const auto k = kind_of(kind);
      flush_rows();
      const std::size_t n = k->s.fields.size();
      std::vector<value> values(n);
      c_->stream("for_each", "SELECT " + k->columns + " FROM " + k->table, {}, [&](const result& r) {
        for (std::size_t i = 0; i < n; ++i) values[i] = r.read(0, static_cast<int>(i) + 2, k->s.fields[i].type);
        return visit(r.bytes(0, 0), r.int8(0, 1), values);
      });
    });
  }

  std::vector<storage::text_hit> search(const storage::text_query& q) override {
    return run("search", [&] {
      const auto k = kind_of(q.kind);
      flush_rows();
      return search_text(*c_, *k, q);
    });
  }

  void append_audit(const audit_record& e) override {
    run("append_audit", [&] {
      require_write("append_audit");
      const std::int64_t last = last_seq();
      if (e.seq != last + 1)
        throw_error(errc::conflict, fmt::format("audit entry seq {} is not the next one ({})", e.seq, last + 1));
      params row;
      row.add(value(e.at));  // first: an unstorable time is refused before anything is queued
      row.add_int(e.seq);
      for (const auto* t : {&e.actor, &e.action, &e.kind, &e.object_id}) row.add_bytes(*t);
      row.add_int(e.revision);
      for (const auto* t : {&e.outcome, &e.changes, &e.reason, &e.reference, &e.prev_hash, &e.hash, &e.record_hash})
        row.add_bytes(*t);
      pending_audit_.append(row);
      if (++pending_rows_ == max_pending_rows) flush_audit();
      last_seq_ = e.seq;
      last_entry_ = e;
    });
  }

  void redact_audit(std::int64_t seq, std::string_view marker) override {
    run("redact_audit", [&] {
      require_write("redact_audit");
      if (!storage::is_redaction_marker(marker))
        throw_error(errc::invalid_argument, "an audit entry's changes can only be replaced by a redaction marker");
      flush_audit();  // the entry may still be queued
      params p;
      p.add_int(seq);
      p.add_bytes(marker);
      if (c_->exec("redact_audit", "UPDATE " + st_->table("_itsm_audit") + " SET \"changes\" = $2 WHERE \"seq\" = $1", p)
              .affected() == 0)
        throw_error(errc::not_found, fmt::format("no audit entry {}", seq));
      if (last_entry_ && last_entry_->seq == seq) last_entry_->changes = std::string(marker);
    });
  }

  std::optional<audit_record> last_audit() override {
    return run("last_audit", [&]() -> std::optional<audit_record> {
      // A writer holds the store's writer lock: the head is the one it read or appended last.
      if (last_entry_) return last_entry_;
      const auto r = c_->exec("last_audit", std::string("SELECT ") + audit_columns + " FROM " +
                                                st_->table("_itsm_audit") + " ORDER BY \"seq\" DESC LIMIT 1");
      if (r.rows() == 0) return std::nullopt;
      audit_record e;
      read_audit(r, 0, e);
      if (mode_ == tx_mode::read_write) last_entry_ = e, last_seq_ = e.seq;
      return e;
    });
  }

  std::optional<storage::audit_head> head_of_audit() override {
    return run("head_of_audit", [&]() -> std::optional<storage::audit_head> {
      // A writer holds the store's writer lock: the head is the one it read or appended last.
      if (last_entry_) return storage::audit_head{last_entry_->seq, last_entry_->hash};
      const auto r = c_->exec("head_of_audit", "SELECT \"seq\", \"hash\" FROM " + st_->table("_itsm_audit") +
                                                   " ORDER BY \"seq\" DESC LIMIT 1");
      if (r.rows() == 0) return std::nullopt;
      storage::audit_head h{r.int8(0, 0), std::string(r.bytes(0, 1))};
      if (mode_ == tx_mode::read_write) last_seq_ = h.seq;
      return h;
    });
  }

  std::vector<audit_record> scan_audit(const audit_query& q) override {
    return run("scan_audit", [&] {
      flush_audit();
      params p;
      const auto sql = audit_sql(q, p);
      const auto r = c_->exec("scan_audit", sql, p);
      std::vector<audit_record> out(static_cast<std::size_t>(r.rows()));
      for (int i = 0; i < r.rows(); ++i) read_audit(r, i, out[static_cast<std::size_t>(i)]);
      return out;
    });
  }

  void for_each_audit(const audit_query& q, const storage::audit_visitor& visit) override {
    run("for_each_audit", [&] {
      flush_audit();
      params p;
      const auto sql = audit_sql(q, p);
      audit_record e;  // one entry, refilled row by row
      c_->stream("for_each_audit", sql, p, [&](const result& r) {
        read_audit(r, 0, e);
        return visit(e);
      });
    });
  }

  void commit() override {
    run("commit", [&] {
      done_ = true;
      try {
        flush_rows();
        flush_audit();
        c_->exec_script("commit", "COMMIT");
      } catch (const error&) {
        end_on(*st_, std::move(c_), mode_);
        throw;
      }
      if (mode_ == tx_mode::read_write) {
        try {
          unlock_writer(*st_, *c_);
        } catch (const error&) {
          c_.reset();  // committed; closing the session releases the lock
          return;
        }
      }
      st_->release(std::move(c_));
    });
  }

 private:
  std::shared_ptr<const kind_info> kind_of(std::string_view kind) {
    auto k = st_->find(kind, *c_);
    if (!k) throw_error(errc::not_found, fmt::format("kind '{}' is not registered", kind));
    return k;
  }

  void require_write(std::string_view what) const {
    if (mode_ == tx_mode::read_only)
      throw_error(errc::unsupported, fmt::format("{} in a read_only transaction", what));
  }

  std::optional<std::int64_t> stored_revision(const kind_info& k, std::string_view id) {
    params p;
    p.add_bytes(id);
    const auto r = c_->exec("read revision", k.revision, p);
    if (r.rows() == 0) return std::nullopt;
    return r.int8(0, 0);
  }

  static std::string seen_key(std::string_view kind, std::string_view id) {
    std::string key(kind);
    key += '\0';
    return key.append(id);
  }

  // A row this writer read or wrote, as it knows it: it holds the writer lock, so nobody else
  // changes the row. Reading counters and policies again costs no round trip, and updates of a
  // known row are written once, at the next flush_rows (before scans, walks and the commit): a
  // counter bumped 200,000 times in one bulk load leaves one new row version, not 200,000.
  struct known {
    std::shared_ptr<const kind_info> k;
    record r;                   // the row now, revision included
    std::int64_t stored = 0;    // the revision in the table
    bool dirty = false;         // r is not written yet
    std::vector<bool> changed;  // when dirty: the fields to write (empty: all)
  };

  known* known_row(std::string_view kind, std::string_view id) {
    const auto it = seen_.find(seen_key(kind, id));
    return it == seen_.end() ? nullptr : &it->second;
  }

  void remember(const std::shared_ptr<const kind_info>& k, const record& r, std::int64_t revision = 0) {
    if (mode_ != tx_mode::read_write) return;
    if (seen_.size() >= max_seen) {
      flush_rows();
      seen_.clear();
    }
    auto& e = seen_[seen_key(k->s.kind, r.id)];
    e = known{k, r, revision > 0 ? revision : r.revision, false, {}};
    if (revision > 0) e.r.revision = revision;
  }

  // UPDATE of `r`'s row from revision `from` to `to`, of every field or of those `changed` flags;
  // the number of rows changed (0 or 1).
  std::int64_t update_row(const kind_info& k, const record& r, std::int64_t from, std::int64_t to,
                          const std::vector<bool>* changed = nullptr) {
    params p;
    p.add_bytes(r.id);
    p.add_int(from);
    p.add_int(to);
    if (!changed || changed->empty()) {
      bind_values(p, k.s, r);
      return c_->exec("put", k.update, p).affected();
    }
    std::string sql = "UPDATE " + k.table + " SET \"revision\" = $3";
    for (std::size_t i = 0; i < changed->size(); ++i) {
      if (!(*changed)[i]) continue;
      if (r.values[i].is_null()) p.add_null(column_oid(k.s.fields[i].type));
      else p.add(r.values[i]);
      sql += fmt::format(", {} = ${}", quote(k.s.fields[i].name), p.size());
    }
    if (text_input_changed(k.s, *changed)) {
      bind_text(p, k.s, r);
      sql += fmt::format(", \"_itsm_text\" = ${}::text::tsvector, \"_itsm_length\" = ${}", p.size() - 1, p.size());
    }
    return c_->exec("put", sql + " WHERE \"id\" = $1 AND \"revision\" = $2", p).affected();
  }

  void flush_rows() {
    for (auto& [key, e] : seen_) {
      if (!e.dirty) continue;
      if (update_row(*e.k, e.r, e.stored, e.r.revision, &e.changed) == 0)
        throw_error(errc::conflict, fmt::format("{} '{}' changed behind the writer lock", e.k->s.kind, e.r.id));
      e.stored = e.r.revision;
      e.dirty = false;
      e.changed.clear();
    }
  }

  void flush_audit() {
    if (pending_rows_ == 0) return;
    std::string sql = "INSERT INTO " + st_->table("_itsm_audit") + " (" + queued_audit_columns + ") VALUES ";
    for (int row = 0, n = 1; row < pending_rows_; ++row) {
      sql += row ? ", (" : "(";
      for (int col = 0; col < 14; ++col, ++n) sql += fmt::format("{}${}", col ? ", " : "", n);
      sql += ")";
    }
    params rows = std::move(pending_audit_);
    pending_audit_ = {};
    pending_rows_ = 0;
    c_->exec("append_audit", sql, rows, false);
  }

  std::int64_t last_seq() {
    if (!last_seq_) {
      const auto r = c_->exec("last audit seq", "SELECT coalesce(max(\"seq\"), 0) FROM " + st_->table("_itsm_audit"));
      last_seq_ = r.int8(0, 0);
    }
    return *last_seq_;
  }

  // Equal texts, and equal prefixes: what the audit index holds.
  static std::string same_text(const std::string& col, const std::string& param) {
    return " AND " + col + " = " + param + " AND " + text_prefix(col) + " = " + text_prefix(param);
  }

  std::string audit_sql(const audit_query& q, params& p) const {
    if (!q.object_id.empty() && q.kind.empty())
      throw_error(errc::invalid_argument, "scan_audit: object_id needs a kind");
    std::string sql = std::string("SELECT ") + audit_columns + " FROM " + st_->table("_itsm_audit") + " WHERE \"seq\" >= $1";
    p.add_int(q.from_seq);
    if (q.to_seq > 0) {
      p.add_int(q.to_seq);
      sql += fmt::format(" AND \"seq\" <= ${}", p.size());
    }
    if (!q.kind.empty()) {
      p.add_bytes(q.kind);
      sql += same_text("\"kind\"", fmt::format("${}", p.size()));
    }
    if (!q.object_id.empty()) {
      p.add_bytes(q.object_id);
      sql += same_text("\"object_id\"", fmt::format("${}", p.size()));
    }
    sql += " ORDER BY \"seq\"";
    if (q.limit > 0) sql += fmt::format(" LIMIT {}", std::min<std::size_t>(q.limit, INT64_MAX));
    return sql;
  }

  std::shared_ptr<shared_state> st_;
  tx_mode mode_;
  std::unique_ptr<connection> c_;
  std::optional<std::int64_t> last_seq_;     // the audit head this transaction sees (writers only)
  std::optional<audit_record> last_entry_;   // that entry, once read or appended (writers only)
  params pending_audit_;                     // queued audit rows, 14 values each (flush_audit)
  int pending_rows_ = 0;
  std::unordered_map<std::string, known> seen_;  // kind '\0' id -> the row as this writer knows it
  bool done_ = false;
  bool broken_ = false;
};

}  // namespace

std::unique_ptr<storage::transaction> make_transaction(std::shared_ptr<shared_state> st, tx_mode mode,
                                                       std::unique_ptr<connection> c) {
  return std::make_unique<pg_transaction>(std::move(st), mode, std::move(c));
}

}  // namespace itsm::detail::pg
