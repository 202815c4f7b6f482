// The log adapter. Layout of the file: batches "<length>:<payload>"; a payload is a sequence of
// operations ('S' schema, 'P' put, 'E' erase, 'A'/'B' audit), every field as "<length>:<bytes>".
#include "log_backend.hpp"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <shared_mutex>

#include "itsm/core/error.hpp"

namespace custom_storage {
namespace {

using namespace itsm;
using namespace itsm::storage;
using table = std::map<std::string, record, std::less<>>;

// ---- encoding: every field is "<length>:<bytes>" -----------------------------------------------
void put_text(std::string& out, std::string_view s) { out.append(std::to_string(s.size())).append(1, ':').append(s); }
void put_int(std::string& out, std::int64_t i) { put_text(out, std::to_string(i)); }

std::string_view take(std::string_view& in) {
  const auto colon = in.find(':');
  std::size_t n = 0;
  if (colon == std::string_view::npos || colon == 0 || std::sscanf(std::string(in.substr(0, colon)).c_str(), "%zu", &n) != 1 ||
      n > in.size() - colon - 1)
    throw_error(errc::corrupt, "log: malformed field");
  const auto s = in.substr(colon + 1, n);
  in.remove_prefix(colon + 1 + n);
  return s;
}
std::int64_t take_int(std::string_view& in) { return std::stoll(std::string(take(in))); }

void put_value(std::string& out, const value& v) {
  char buf[40];
  switch (v.type()) {
    case value_type::null: put_text(out, "n"); break;
    case value_type::boolean: put_text(out, v.as_bool() ? "b1" : "b0"); break;
    case value_type::integer: put_text(out, "i" + std::to_string(v.as_int())); break;
    case value_type::real: std::snprintf(buf, sizeof buf, "r%a", v.as_real()); put_text(out, buf); break;  // exact
    case value_type::text: put_text(out, "t" + v.as_text()); break;
    case value_type::time: put_text(out, "T" + std::to_string(to_unix_micros(v.as_time()))); break;
  }
}
value take_value(std::string_view& in) {
  const auto s = take(in);
  const std::string rest(s.empty() ? s : s.substr(1));
  switch (s.empty() ? '?' : s[0]) {
    case 'n': return value{};
    case 'b': return value(rest == "1");
    case 'i': return value(std::int64_t{std::stoll(rest)});
    case 'r': return value(std::strtod(rest.c_str(), nullptr));
    case 't': return value(rest);
    case 'T': return value(from_unix_micros(std::stoll(rest)));
  }
  throw_error(errc::corrupt, "log: unknown value tag");
}

void put_schema(std::string& out, const schema& s) {
  out += 'S';
  put_text(out, s.kind), put_int(out, s.version), put_int(out, std::int64_t(s.fields.size()));
  for (const auto& f : s.fields) put_text(out, f.name), put_int(out, std::int64_t(f.type)), put_int(out, f.nullable);
  put_int(out, std::int64_t(s.indexes.size()));
  for (const auto& ix : s.indexes) {
    put_text(out, ix.name), put_int(out, std::int64_t(ix.fields.size()));
    for (const auto& f : ix.fields) put_text(out, f);
  }
  if (s.text_fields.empty()) return;
  // 'X' follows its 'S': the text fields (kept though this adapter declines text search), in
  // an entry of its own so that logs written before it existed still read.
  out += 'X';
  put_text(out, s.kind), put_int(out, std::int64_t(s.text_fields.size()));
  for (const auto& f : s.text_fields) put_text(out, f);
}
schema take_schema(std::string_view& in) {
  schema s;
  s.kind = take(in), s.version = static_cast<int>(take_int(in));
  for (auto n = take_int(in); n > 0; --n) {
    field_def f;
    f.name = take(in), f.type = static_cast<value_type>(take_int(in)), f.nullable = take_int(in) != 0;
    s.fields.push_back(f);
  }
  for (auto n = take_int(in); n > 0; --n) {
    index_def ix;
    ix.name = take(in);
    for (auto m = take_int(in); m > 0; --m) ix.fields.emplace_back(take(in));
    s.indexes.push_back(ix);
  }
  return s;
}

// 'B' entries carry record_hash last; 'A' entries (logs written before it existed) do not.
void put_audit(std::string& out, const audit_record& e) {
  out += 'B';
  put_int(out, e.seq), put_value(out, value(e.at)), put_int(out, e.revision);
  for (const auto* s : {&e.actor, &e.action, &e.kind, &e.object_id, &e.outcome, &e.changes, &e.reason,
                        &e.reference, &e.prev_hash, &e.hash, &e.record_hash})
    put_text(out, *s);
}
audit_record take_audit(std::string_view& in, bool with_record_hash) {
  audit_record e;
  e.seq = take_int(in), e.at = take_value(in).as_time(), e.revision = take_int(in);
  for (auto* s : {&e.actor, &e.action, &e.kind, &e.object_id, &e.outcome, &e.changes, &e.reason, &e.reference,
                  &e.prev_hash, &e.hash})
    *s = take(in);
  if (with_record_hash) e.record_hash = take(in);
  return e;
}

// ---- the store -------------------------------------------------------------------------------
struct store {
  std::string path;
  std::shared_mutex mu;  // guards schemas, tables, audit
  std::map<std::string, schema, std::less<>> schemas;
  std::map<std::string, table, std::less<>> tables;
  std::vector<audit_record> audit;
  std::mutex writer_mu;  // the one writer
  std::condition_variable writer_cv;
  bool writer_busy = false;

  void acquire_writer() {
    std::unique_lock lock(writer_mu);
    if (!writer_cv.wait_for(lock, std::chrono::seconds(5), [&] { return !writer_busy; }))
      throw_error(errc::unavailable, "log: another writer is still busy after 5 s");
    writer_busy = true;
  }
  void release_writer() {
    { std::lock_guard lock(writer_mu); writer_busy = false; }
    writer_cv.notify_one();
  }

  // Applies one batch (caller holds mu exclusively, or is the only user while replaying).
  void apply(std::string_view in) {
    while (!in.empty()) {
      const char op = in[0];
      in.remove_prefix(1);
      if (op == 'S') {
        auto s = take_schema(in);
        for (auto& [id, r] : tables[s.kind]) r.values.resize(s.fields.size());  // appended fields are null
        schemas[s.kind] = std::move(s);
      } else if (op == 'X') {
        auto& s = schemas[std::string(take(in))];
        for (auto n = take_int(in); n > 0; --n) s.text_fields.emplace_back(take(in));
      } else if (op == 'P') {
        const std::string kind(take(in));
        record r;
        r.id = take(in), r.revision = take_int(in);
        for (auto n = take_int(in); n > 0; --n) r.values.push_back(take_value(in));
        tables[kind][r.id] = std::move(r);
      } else if (op == 'E') {
        const std::string kind(take(in));
        tables[kind].erase(std::string(take(in)));
      } else if (op == 'A' || op == 'B') {
        audit.push_back(take_audit(in, op == 'B'));
      } else {
        throw_error(errc::corrupt, "log: unknown operation");
      }
    }
  }

  // Appends a batch to the file, then applies it. Nothing is applied if the write fails.
  void commit(const std::string& batch) {
    std::string framed;
    put_text(framed, batch);
    std::ofstream out(path, std::ios::binary | std::ios::app);
    if (!out.write(framed.data(), static_cast<std::streamsize>(framed.size())).flush())
      throw_error(errc::unavailable, "log: cannot append to " + path);
    std::unique_lock lock(mu);
    apply(batch);
  }
};

class log_transaction final : public transaction {
 public:
  log_transaction(std::shared_ptr<store> st, tx_mode mode) : st_(std::move(st)), mode_(mode) {}
  ~log_transaction() override {
    if (!done_ && mode_ == tx_mode::read_write) st_->release_writer();  // rollback: drop the overlay
  }
  tx_mode mode() const noexcept override { return mode_; }

  std::optional<record> get(std::string_view kind, std::string_view id) override {
    schema_of(kind);
    if (auto k = changes_.find(kind); k != changes_.end())
      if (auto r = k->second.find(id); r != k->second.end()) return r->second;
    std::shared_lock lock(st_->mu);
    const auto t = st_->tables.find(kind);
    if (t == st_->tables.end()) return std::nullopt;
    const auto r = t->second.find(id);
    return r == t->second.end() ? std::nullopt : std::optional<record>(r->second);
  }

  std::int64_t put(std::string_view kind, const record& r) override {
    check_record(schema_of(kind), r);
    writable();
    const auto cur = get(kind, r.id);
    if (r.revision == 0 && cur) throw_error(errc::already_exists, std::string(kind) + " " + r.id + " exists");
    if (r.revision != 0 && (!cur || cur->revision != r.revision))
      throw_error(errc::conflict, std::string(kind) + " " + r.id + ": stale revision");
    auto stored = r;
    stored.revision = r.revision + 1;
    batch_ += 'P', put_text(batch_, kind), put_text(batch_, r.id), put_int(batch_, stored.revision),
        put_int(batch_, std::int64_t(r.values.size()));
    for (const auto& v : r.values) put_value(batch_, v);
    changes_[std::string(kind)][r.id] = stored;
    return stored.revision;
  }

  void erase(std::string_view kind, std::string_view id, std::int64_t expected) override {
    schema_of(kind);
    writable();
    const auto cur = get(kind, id);
    if (!cur) throw_error(errc::not_found, std::string(kind) + " " + std::string(id) + " does not exist");
    if (cur->revision != expected) throw_error(errc::conflict, std::string(kind) + " " + std::string(id) + ": stale revision");
    batch_ += 'E', put_text(batch_, kind), put_text(batch_, id);
    changes_[std::string(kind)][std::string(id)] = std::nullopt;
  }

  std::vector<record> scan(const query& q) override {
    const auto s = schema_of(q.kind);
    check_query(q, s);  // unknown fields, 'in' without operands, a keyset of the wrong type
    const auto order = s.field_index(q.order_by);  // nullopt: by id
    auto key = [&](const record& r) { return order ? r.values[*order] : value(r.id); };
    table all;
    {
      std::shared_lock lock(st_->mu);
      if (const auto t = st_->tables.find(q.kind); t != st_->tables.end()) all = t->second;
    }
    if (const auto k = changes_.find(q.kind); k != changes_.end())
      for (const auto& [id, r] : k->second) {
        if (r)
          all[id] = *r;
        else
          all.erase(id);
      }
    // storage::matches(query, …) holds the SPI's semantics: where, any (OR) and after (keyset).
    std::vector<record> out;
    for (auto& [id, r] : all)
      if (matches(q, s, id, r.values)) out.push_back(std::move(r));
    std::sort(out.begin(), out.end(), [&](const record& a, const record& b) {
      const auto o = scan_order(key(a), a.id, key(b), b.id);
      return q.descending ? o > 0 : o < 0;
    });
    if (q.limit && out.size() > q.limit) out.resize(q.limit);
    return out;
  }

  // count() is not overridden: the SPI's default pages through scan().

  void append_audit(const audit_record& e) override {
    writable();
    const auto last = last_audit();
    if (e.seq != (last ? last->seq : 0) + 1) throw_error(errc::conflict, "audit: not the next sequence number");
    put_audit(batch_, e);
    appended_.push_back(e);
  }

  std::optional<audit_record> last_audit() override {
    live();
    if (!appended_.empty()) return appended_.back();
    std::shared_lock lock(st_->mu);
    return st_->audit.empty() ? std::nullopt : std::optional<audit_record>(st_->audit.back());
  }

  std::vector<audit_record> scan_audit(const audit_query& q) override {
    live();
    if (!q.object_id.empty() && q.kind.empty()) throw_error(errc::invalid_argument, "audit: object_id needs kind");
    std::vector<audit_record> all;
    {
      std::shared_lock lock(st_->mu);
      all = st_->audit;
    }
    all.insert(all.end(), appended_.begin(), appended_.end());
    std::vector<audit_record> out;
    for (auto& e : all)
      if (e.seq >= q.from_seq && (q.to_seq == 0 || e.seq <= q.to_seq) && (q.kind.empty() || e.kind == q.kind) &&
          (q.object_id.empty() || e.object_id == q.object_id) && (q.limit == 0 || out.size() < q.limit))
        out.push_back(std::move(e));
    return out;
  }

  void commit() override {
    live();
    done_ = true;
    if (mode_ != tx_mode::read_write) return;
    struct release { store& s; ~release() { s.release_writer(); } } r{*st_};
    if (!batch_.empty()) st_->commit(batch_);
  }

 private:
  void live() const {
    if (done_) throw_error(errc::invalid_argument, "transaction is finished");
  }
  void writable() const {
    if (mode_ != tx_mode::read_write) throw_error(errc::unsupported, "read_only transaction");
  }
  schema schema_of(std::string_view kind) {
    live();
    std::shared_lock lock(st_->mu);
    const auto s = st_->schemas.find(kind);
    if (s == st_->schemas.end()) throw_error(errc::not_found, "kind " + std::string(kind) + " is not registered");
    return s->second;
  }

  std::shared_ptr<store> st_;
  tx_mode mode_;
  bool done_ = false;
  std::string batch_;  // encoded operations, appended to the log at commit
  std::map<std::string, std::map<std::string, std::optional<record>, std::less<>>, std::less<>> changes_;
  std::vector<audit_record> appended_;
};

class log_backend final : public backend {
 public:
  explicit log_backend(std::shared_ptr<store> st) : st_(std::move(st)) {}
  capabilities caps() const noexcept override {
    return {.durable = true, .multi_process = false, .snapshot_reads = false, .paged_queries = true};
  }
  std::string uri() const override { return "log:" + st_->path; }

  void register_schema(const schema& s) override {
    s.validate();
    st_->acquire_writer();
    struct release { store& s; ~release() { s.release_writer(); } } r{*st_};
    if (const auto old = find_schema(s.kind)) {
      const bool same_fields = old->fields.size() == s.fields.size() &&
                               std::equal(old->fields.begin(), old->fields.end(), s.fields.begin(), same_field);
      const bool same_indexes = std::equal(old->indexes.begin(), old->indexes.end(), s.indexes.begin(), s.indexes.end(),
                                           [](const index_def& a, const index_def& b) { return a.name == b.name && a.fields == b.fields; });
      if (old->version == s.version && same_fields && same_indexes && old->text_fields == s.text_fields) return;
      if (old->version >= s.version) throw_error(errc::conflict, "schema " + s.kind + ": stored version is newer or differs");
      if (s.fields.size() < old->fields.size() || !std::equal(old->fields.begin(), old->fields.end(), s.fields.begin(), same_field) ||
          std::any_of(s.fields.begin() + static_cast<std::ptrdiff_t>(old->fields.size()), s.fields.end(),
                      [](const field_def& f) { return !f.nullable; }))
        throw_error(errc::unsupported, "schema " + s.kind + ": only nullable fields can be appended");
    }
    std::string batch;
    put_schema(batch, s);
    st_->commit(batch);
  }

  std::optional<schema> find_schema(std::string_view kind) const override {
    std::shared_lock lock(st_->mu);
    const auto s = st_->schemas.find(kind);
    return s == st_->schemas.end() ? std::nullopt : std::optional<schema>(s->second);
  }

  std::vector<std::string> kinds() const override {
    std::shared_lock lock(st_->mu);
    std::vector<std::string> out;
    for (const auto& [kind, s] : st_->schemas) out.push_back(kind);
    return out;
  }

  std::unique_ptr<transaction> begin(tx_mode mode) override {
    if (mode == tx_mode::read_write) st_->acquire_writer();
    return std::make_unique<log_transaction>(st_, mode);
  }

 private:
  static bool same_field(const field_def& a, const field_def& b) {
    return a.name == b.name && a.type == b.type && a.nullable == b.nullable;
  }
  std::shared_ptr<store> st_;
};

}  // namespace

std::unique_ptr<backend> open_log_backend(const std::string& path) {
  auto st = std::make_shared<store>();
  st->path = path;
  std::ifstream in(path, std::ios::binary);
  const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  std::string_view rest = bytes;
  while (!rest.empty()) {
    std::string_view batch;
    try {
      batch = take(rest);
    } catch (const error&) {  // a batch torn by a crash: cut it off
      std::filesystem::resize_file(path, bytes.size() - rest.size());
      break;
    }
    st->apply(batch);
  }
  if (!std::ofstream(path, std::ios::binary | std::ios::app)) throw_error(errc::unavailable, "log: cannot open " + path);
  return std::make_unique<log_backend>(std::move(st));
}

}  // namespace custom_storage
