#include "transaction.hpp"

#include <algorithm>
#include <exception>
#include <fmt/format.h>

#include "itsm/core/error.hpp"

namespace itsm::storage::detail {

namespace {
// From this many writes to one kind, a commit adds its new records in bulk.
constexpr std::size_t bulk_threshold = 64;
}  // namespace

memory_transaction::~memory_transaction() {
  if (mode_ == tx_mode::read_write && !finished_) st_->release_writer();
}

void memory_transaction::check_open() const {
  if (finished_) throw_error(errc::invalid_argument, "transaction already committed");
}

void memory_transaction::check_writable(const char* what) const {
  if (mode_ == tx_mode::read_only)
    throw_error(errc::unsupported, fmt::format("{} in a read_only transaction", what));
}

const kind_store& memory_transaction::kind_of(std::string_view kind) const {
  if (last_store_ == nullptr || last_kind_ != kind) {
    last_store_ = &st_->kind(kind);  // throws for an unknown kind: nothing remembered
    last_kind_ = kind;
  }
  return *last_store_;
}

std::optional<std::int64_t> memory_transaction::current_revision(const kind_store& ks,
                                                                 std::string_view id) const {
  if (auto w = writes_.find(ks.sch().kind); w != writes_.end()) {
    if (auto p = w->second.find(id); p != w->second.end()) {
      if (!p->second) return std::nullopt;
      return p->second->revision;
    }
  }
  if (const row* r = ks.find(id)) return r->revision;
  return std::nullopt;
}

std::optional<record> memory_transaction::get(std::string_view kind, std::string_view id) {
  check_open();
  std::shared_lock lock(st_->mu);
  const kind_store& ks = kind_of(kind);
  if (auto w = writes_.find(kind); w != writes_.end()) {
    if (auto p = w->second.find(id); p != w->second.end()) {
      if (!p->second) return std::nullopt;
      return record{p->second->id, p->second->revision, padded(ks.sch(), p->second->values)};
    }
  }
  const row* r = ks.find(id);
  if (!r) return std::nullopt;
  return record{r->id, r->revision, r->values};
}

std::int64_t memory_transaction::put(std::string_view kind, const record& r) {
  check_open();
  check_writable("put");
  auto w = writes_.find(kind);
  overlay* ov = w == writes_.end() ? nullptr : &w->second;
  overlay::iterator p;  // r.id's pending write, when ov has one
  {
    std::shared_lock lock(st_->mu);
    const kind_store& ks = kind_of(kind);
    check_record(ks.sch(), r);
    std::optional<std::int64_t> cur;
    p = ov ? ov->find(r.id) : overlay::iterator();
    if (ov && p != ov->end()) {
      if (p->second) cur = p->second->revision;
    } else if (const row* stored = ks.find(r.id)) {
      cur = stored->revision;
    }
    if (r.revision == 0 && cur)
      throw_error(errc::already_exists, fmt::format("{} '{}' already exists (revision {})", kind, r.id, *cur));
    if (cur && r.revision != *cur)
      throw_error(errc::conflict,
                  fmt::format("{} '{}': expected revision {}, stored revision is {}", kind, r.id, r.revision, *cur));
    if (!cur && r.revision != 0)
      throw_error(errc::conflict,
                  fmt::format("{} '{}': expected revision {}, but the record does not exist", kind, r.id, r.revision));
  }
  record copy = r;
  copy.revision = r.revision + 1;
  const std::int64_t rev = copy.revision;
  if (ov && p != ov->end()) {
    p->second = std::move(copy);
    return rev;
  }
  if (!ov) ov = &writes_.emplace(std::string(kind), overlay{}).first->second;
  ov->emplace(r.id, std::move(copy));
  return rev;
}

void memory_transaction::erase(std::string_view kind, std::string_view id, std::int64_t expected_revision) {
  check_open();
  check_writable("erase");
  {
    std::shared_lock lock(st_->mu);
    const kind_store& ks = kind_of(kind);
    const auto cur = current_revision(ks, id);
    if (!cur) throw_error(errc::not_found, fmt::format("{} '{}' does not exist", kind, id));
    if (*cur != expected_revision)
      throw_error(errc::conflict, fmt::format("{} '{}': expected revision {}, stored revision is {}", kind, id,
                                              expected_revision, *cur));
  }
  auto w = writes_.find(kind);
  if (w == writes_.end()) w = writes_.emplace(std::string(kind), overlay{}).first;
  if (!erased_kinds_.contains(kind)) erased_kinds_.emplace(kind);
  w->second.insert_or_assign(std::string(id), std::nullopt);
}

std::vector<record> memory_transaction::scan(const query& q) {
  check_open();
  std::shared_lock lock(st_->mu);
  const kind_store& ks = kind_of(q.kind);
  auto w = writes_.find(q.kind);
  return run_scan(ks, q, w == writes_.end() ? nullptr : &w->second);
}

std::uint64_t memory_transaction::count(const query& q) {
  check_open();
  std::shared_lock lock(st_->mu);
  const kind_store& ks = kind_of(q.kind);
  auto w = writes_.find(q.kind);
  return run_count(ks, q, w == writes_.end() ? nullptr : &w->second);
}

void memory_transaction::for_each(std::string_view kind, const record_visitor& visit) {
  check_open();
  // Rows are handed over in place (no copies) under the shared lock: commits wait meanwhile.
  std::shared_lock lock(st_->mu);
  const kind_store& ks = kind_of(kind);
  const auto w = writes_.find(kind);
  const overlay* ov = w == writes_.end() ? nullptr : &w->second;
  const std::size_t nf = ks.sch().fields.size();
  auto pass = [&](std::string_view id, std::int64_t rev, const std::vector<value>& vals) {
    return vals.size() < nf ? visit(id, rev, padded(ks.sch(), vals)) : visit(id, rev, vals);
  };
  for (const row& r : ks.rows())
    if ((!ov || ov->find(r.id) == ov->end()) && !pass(r.id, r.revision, r.values)) return;
  if (ov)
    for (const auto& [id, r] : *ov)
      if (r && !pass(id, r->revision, r->values)) return;
}

void memory_transaction::append_audit(const audit_record& e) {
  check_open();
  check_writable("append_audit");
  std::int64_t last = 0;
  if (!audit_.empty()) {
    last = audit_.back().seq;
  } else {
    std::shared_lock lock(st_->mu);
    last = st_->audit.last_seq();
  }
  if (e.seq != last + 1)
    throw_error(errc::conflict, fmt::format("audit entry {} is not the next one (last is {})", e.seq, last));
  audit_.push_back(e);
}

std::optional<audit_record> memory_transaction::last_audit() {
  check_open();
  if (!audit_.empty()) return audit_.back();
  std::shared_lock lock(st_->mu);
  auto last = st_->audit.last();
  if (last) {
    audit_record buffer;
    last = redacted(*last, buffer);
  }
  return last;
}

const audit_record& memory_transaction::redacted(const audit_record& e, audit_record& buffer) const {
  const auto it = redactions_.find(e.seq);
  if (it == redactions_.end()) return e;
  buffer = e;
  buffer.changes = it->second;
  return buffer;
}

void memory_transaction::redact_audit(std::int64_t seq, std::string_view marker) {
  check_open();
  check_writable("redact_audit");
  if (!is_redaction_marker(marker))
    throw_error(errc::invalid_argument, "an audit entry's changes can only be replaced by a redaction marker");
  if (!audit_.empty() && seq >= audit_.front().seq && seq <= audit_.back().seq) {
    audit_[static_cast<std::size_t>(seq - audit_.front().seq)].changes = std::string(marker);
    return;
  }
  {
    std::shared_lock lock(st_->mu);
    if (seq < 1 || seq > st_->audit.last_seq())
      throw_error(errc::not_found, fmt::format("no audit entry {}", seq));
  }
  redactions_[seq] = std::string(marker);
}

std::optional<audit_head> memory_transaction::head_of_audit() {
  check_open();
  if (!audit_.empty()) return audit_head{audit_.back().seq, audit_.back().hash};
  std::shared_lock lock(st_->mu);
  return st_->audit.head();
}

void memory_transaction::for_each_audit(const audit_query& q, const audit_visitor& visit) {
  check_open();
  if (!q.object_id.empty() && q.kind.empty())
    throw_error(errc::invalid_argument, "audit query: object_id '" + q.object_id + "' given without kind");
  std::size_t n = 0;
  {  // committed entries in place, under the shared lock (commits wait meanwhile)
    std::shared_lock lock(st_->mu);
    audit_record buffer;
    const auto visited = redactions_.empty() ? st_->audit.each(q, q.limit, visit)
                                             : st_->audit.each(q, q.limit, [&](const audit_record& e) {
                                                 return visit(redacted(e, buffer));
                                               });
    if (!visited) return;
    n = *visited;
  }
  for (const auto& e : audit_) {
    if (q.limit != 0 && n >= q.limit) return;
    if (audit_matches(q, e) && (++n, !visit(e))) return;
  }
}

std::vector<audit_record> memory_transaction::scan_audit(const audit_query& q) {
  check_open();
  if (!q.object_id.empty() && q.kind.empty())
    throw_error(errc::invalid_argument, "audit query: object_id '" + q.object_id + "' given without kind");
  std::vector<audit_record> out;
  {
    std::shared_lock lock(st_->mu);
    st_->audit.scan(q, out, q.limit);
  }
  for (auto& e : out)
    if (const auto it = redactions_.find(e.seq); it != redactions_.end()) e.changes = it->second;
  for (const auto& e : audit_) {
    if (q.limit != 0 && out.size() >= q.limit) break;
    if (audit_matches(q, e)) out.push_back(e);
  }
  return out;
}

void memory_transaction::apply_locked() {
  struct undo {
    kind_store* ks;
    const std::string* id;
    std::optional<record> prev;
  };
  std::size_t ops = 0;
  for (const auto& [kind, ov] : writes_) ops += ov.size();
  std::vector<undo> log;
  log.reserve(ops);
  std::size_t appended = 0;
  try {
    for (const auto& e : audit_) {
      if (e.seq != st_->audit.last_seq() + 1)
        throw_error(errc::conflict, fmt::format("audit entry {} is no longer the next one", e.seq));
      st_->audit.append(e);
      ++appended;
    }
    for (auto& [kind, ov] : writes_) {
      kind_store& ks = st_->kind(kind);
      if (ov.size() > 1024) ks.reserve(ks.rows().size() + ov.size());
      // Large commits add their new records in one go (kind_store::insert_new), in id order.
      const bool bulk = ov.size() >= bulk_threshold;
      struct fresh_row {
        byte_head head;
        const std::string* id;
        record* rec;
      };
      std::vector<fresh_row> fresh;
      const bool erased_some = erased_kinds_.contains(kind);
      for (auto& [id, next] : ov) {
        if (bulk && next && ((next->revision == 1 && !erased_some) || !ks.find(id))) {
          fresh.push_back({byte_head(id), &id, &*next});
          continue;
        }
        auto prev = ks.apply(id, std::move(next));
        log.push_back({&ks, &id, std::move(prev)});
      }
      if (fresh.empty()) continue;
      std::sort(fresh.begin(), fresh.end(),
                [](const fresh_row& a, const fresh_row& b) { return byte_head::less(a.head, *a.id, b.head, *b.id); });
      std::vector<record*> recs;
      recs.reserve(fresh.size());
      for (const auto& f : fresh) recs.push_back(f.rec);
      ks.insert_new(recs);
      for (const auto& f : fresh) log.push_back({&ks, f.id, std::nullopt});  // undo: erase
    }
    // Last, as nothing after them can fail: changes is in no index of the log.
    for (const auto& [seq, marker] : redactions_) st_->audit.set_changes(seq, marker);
  } catch (...) {
    // Put everything back. An exception while restoring would leave a half-applied commit:
    // better to stop the process than to keep serving it.
    [&]() noexcept {
      for (auto it = log.rbegin(); it != log.rend(); ++it) it->ks->apply(*it->id, std::move(it->prev));
      for (; appended > 0; --appended) st_->audit.pop_back();
    }();
    throw;
  }
}

void memory_transaction::commit() {
  check_open();
  finished_ = true;
  if (mode_ == tx_mode::read_only) return;
  struct writer_release {
    store& st;
    ~writer_release() { st.release_writer(); }
  } release{*st_};
  if (writes_.empty() && audit_.empty() && redactions_.empty()) return;
  try {
    std::unique_lock lock(st_->mu);
    apply_locked();
  } catch (const itsm::error&) {
    throw;
  } catch (const std::exception& e) {
    throw_error(errc::unavailable, std::string("memory store: commit failed, nothing applied: ") + e.what());
  }
  writes_.clear();
  audit_.clear();
  erased_kinds_.clear();
}

}  // namespace itsm::storage::detail
