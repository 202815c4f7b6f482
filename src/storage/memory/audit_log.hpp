// The memory adapter's committed audit trail: entries in sequence order (random access, seq n at
// position n-1) with ordered views by (kind, object_id, seq) and (kind, seq), so an object's
// history is a range walk. Not thread-safe by itself: guarded by the backend's store lock.
#pragma once

#include <boost/multi_index/composite_key.hpp>
#include <boost/multi_index/member.hpp>
#include <boost/multi_index/ordered_index.hpp>
#include <boost/multi_index/random_access_index.hpp>
#include <boost/multi_index_container.hpp>
#include <functional>
#include <optional>
#include <vector>

#include "itsm/storage/audit_record.hpp"

namespace itsm::storage::detail {

// True when `e` passes q's kind/object_id/from/to filters (limit is the caller's business).
bool audit_matches(const audit_query& q, const audit_record& e) noexcept;

class audit_log {
 public:
  std::int64_t last_seq() const noexcept;
  std::optional<audit_record> last() const;
  std::optional<audit_head> head() const;
  // REQUIRES: e.seq == last_seq() + 1.
  void append(const audit_record& e);
  void pop_back() noexcept;
  // Replaces entry seq's changes (transaction::redact_audit). REQUIRES: 1 <= seq <= last_seq().
  void set_changes(std::int64_t seq, const std::string& changes);
  // Appends matching entries to `out` in sequence order until `out` holds `limit` (0 = no limit).
  void scan(const audit_query& q, std::vector<audit_record>& out, std::size_t limit) const;
  // Calls visit with each matching entry in place, in sequence order, at most `limit` of them
  // (0 = no limit). Returns how many it visited, or nothing once visit returned false.
  std::optional<std::size_t> each(const audit_query& q, std::size_t limit,
                                  const std::function<bool(const audit_record&)>& visit) const;

 private:
  using rec = audit_record;
  using log_set = boost::multi_index_container<
      rec, boost::multi_index::indexed_by<
               boost::multi_index::random_access<>,
               boost::multi_index::ordered_unique<boost::multi_index::composite_key<
                   rec, boost::multi_index::member<rec, std::string, &rec::kind>,
                   boost::multi_index::member<rec, std::string, &rec::object_id>,
                   boost::multi_index::member<rec, std::int64_t, &rec::seq>>>,
               boost::multi_index::ordered_unique<boost::multi_index::composite_key<
                   rec, boost::multi_index::member<rec, std::string, &rec::kind>,
                   boost::multi_index::member<rec, std::int64_t, &rec::seq>>>>>;
  log_set log_;
};

}  // namespace itsm::storage::detail
