// Defaults of the SPI's optional methods (backend.hpp): what an adapter inherits when it does
// not override them.
#include "itsm/storage/backend.hpp"

#include <algorithm>

#include "itsm/core/error.hpp"

namespace itsm::storage {

void transaction::for_each(std::string_view kind, const record_visitor& visit) {
  // Pages in id order, each page starting after the last id seen: bounded memory, and correct
  // in any adapter whose scan() honours the SPI (no stable cursor needed).
  constexpr std::size_t page_size = 256;
  query q;
  q.kind = std::string(kind);
  q.limit = page_size;
  for (;;) {
    const auto page = scan(q);
    for (const auto& r : page)
      if (!visit(r.id, r.revision, r.values)) return;
    if (page.size() < page_size) return;
    q.where.assign(1, condition{"id", cmp::gt, value(page.back().id), {}});
  }
}

std::int64_t transaction::put_changed(std::string_view kind, const record& r, const std::vector<bool>& changed) {
  (void)changed;  // a hint: writing every field gives the same row
  return put(kind, r);
}

void transaction::redact_audit(std::int64_t, std::string_view) {
  throw_error(errc::unsupported, "this storage adapter cannot redact audit entries");
}

bool is_redaction_marker(std::string_view changes) noexcept {
  constexpr std::string_view head = "{\"redacted\":\"sha256:", tail = "\"}";
  if (changes.size() != head.size() + 64 + tail.size() || !changes.starts_with(head) || !changes.ends_with(tail))
    return false;
  const auto hex = changes.substr(head.size(), 64);
  return hex.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

std::optional<audit_head> transaction::head_of_audit() {
  auto last = last_audit();
  if (!last) return std::nullopt;
  return audit_head{last->seq, std::move(last->hash)};
}

std::uint64_t transaction::count(const query& q) {
  // q.after becomes a plain disjunction, then pages go in id order, each after the last id seen.
  constexpr std::size_t page_size = 1024;
  query probe = q;  // the adapter's own checks of q (an after of the wrong type, …)
  probe.limit = 1;
  (void)scan(probe);
  query page_q = q;
  if (q.after) page_q.any.push_back(after_as_any_of(q));
  page_q.after.reset();
  page_q.order_by = "id";
  page_q.descending = false;
  page_q.limit = page_size;
  std::uint64_t n = 0;
  for (;;) {
    const auto page = scan(page_q);
    n += page.size();
    if (page.size() < page_size) return n;
    page_q.after = keyset{value(page.back().id), page.back().id};
  }
}

void transaction::for_each_audit(const audit_query& q, const audit_visitor& visit) {
  constexpr std::size_t page_size = 1024;
  audit_query page_q = q;
  std::size_t left = q.limit;  // 0 = no limit
  for (;;) {
    page_q.limit = left == 0 ? page_size : std::min(left, page_size);
    const auto page = scan_audit(page_q);
    for (const auto& e : page)
      if (!visit(e)) return;
    if (page.size() < page_q.limit) return;
    if (left != 0 && (left -= page.size()) == 0) return;
    page_q.from_seq = page.back().seq + 1;
  }
}

std::vector<std::string> backend::kinds() const {
  throw_error(errc::unsupported, "this storage adapter does not list its kinds (backend::kinds)");
}

}  // namespace itsm::storage
