#include "audit_log.hpp"

#include <algorithm>
#include <boost/tuple/tuple.hpp>

namespace itsm::storage::detail {

bool audit_matches(const audit_query& q, const audit_record& e) noexcept {
  if (e.seq < q.from_seq) return false;
  if (q.to_seq != 0 && e.seq > q.to_seq) return false;
  if (!q.kind.empty() && e.kind != q.kind) return false;
  if (!q.object_id.empty() && e.object_id != q.object_id) return false;
  return true;
}

std::int64_t audit_log::last_seq() const noexcept {
  return log_.empty() ? 0 : log_.back().seq;
}

std::optional<audit_record> audit_log::last() const {
  if (log_.empty()) return std::nullopt;
  return log_.back();
}

std::optional<audit_head> audit_log::head() const {
  if (log_.empty()) return std::nullopt;
  return audit_head{log_.back().seq, log_.back().hash};
}

void audit_log::append(const audit_record& e) { log_.push_back(e); }

void audit_log::pop_back() noexcept {
  if (!log_.empty()) log_.erase(std::prev(log_.end()));
}

void audit_log::set_changes(std::int64_t seq, const std::string& changes) {
  // changes is in no index: modify() cannot fail.
  log_.modify(log_.begin() + (seq - 1), [&](audit_record& e) { e.changes = changes; });
}

void audit_log::scan(const audit_query& q, std::vector<audit_record>& out, std::size_t limit) const {
  each(q, 0, [&](const audit_record& e) {
    if (limit != 0 && out.size() >= limit) return false;
    out.push_back(e);
    return true;
  });
}

std::optional<std::size_t> audit_log::each(const audit_query& q, std::size_t limit,
                                           const std::function<bool(const audit_record&)>& visit) const {
  const std::int64_t last = last_seq();
  const std::int64_t from = std::max<std::int64_t>(q.from_seq, 1);
  const std::int64_t to = q.to_seq == 0 ? last : std::min(q.to_seq, last);
  std::size_t n = 0;
  if (from > to) return n;
  auto full = [&] { return limit != 0 && n >= limit; };
  auto take = [&](const audit_record& e) { return ++n, visit(e); };

  if (!q.object_id.empty()) {
    const auto& ix = log_.get<1>();
    for (auto it = ix.lower_bound(boost::make_tuple(q.kind, q.object_id, from));
         it != ix.end() && !full() && it->seq <= to && it->kind == q.kind && it->object_id == q.object_id;
         ++it)
      if (!take(*it)) return std::nullopt;
  } else if (!q.kind.empty()) {
    const auto& ix = log_.get<2>();
    for (auto it = ix.lower_bound(boost::make_tuple(q.kind, from));
         it != ix.end() && !full() && it->seq <= to && it->kind == q.kind; ++it)
      if (!take(*it)) return std::nullopt;
  } else {
    // Sequence numbers are gapless from 1: entry n sits at position n-1.
    for (std::int64_t s = from; s <= to && !full(); ++s)
      if (!take(log_[static_cast<std::size_t>(s - 1)])) return std::nullopt;
  }
  return n;
}

}  // namespace itsm::storage::detail
