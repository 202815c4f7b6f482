// A memory-adapter transaction: reads go to the committed store (under its shared lock) merged
// with this transaction's own buffered writes; commit applies the buffer atomically under the
// exclusive lock. Thread-safety: one thread at a time per transaction (backend.hpp contract).
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "itsm/storage/backend.hpp"
#include "planner.hpp"
#include "store.hpp"

namespace itsm::storage::detail {

class memory_transaction final : public transaction {
 public:
  // REQUIRES: for read_write, the caller acquired st's writer slot; this object releases it.
  memory_transaction(std::shared_ptr<store> st, tx_mode mode) : st_(std::move(st)), mode_(mode) {}
  ~memory_transaction() override;

  tx_mode mode() const noexcept override { return mode_; }
  std::optional<record> get(std::string_view kind, std::string_view id) override;
  std::int64_t put(std::string_view kind, const record& r) override;
  void erase(std::string_view kind, std::string_view id, std::int64_t expected_revision) override;
  std::vector<record> scan(const query& q) override;
  std::uint64_t count(const query& q) override;
  void for_each(std::string_view kind, const record_visitor& visit) override;
  std::vector<text_hit> search(const text_query& q) override;  // text_search.cpp
  void append_audit(const audit_record& e) override;
  std::optional<audit_record> last_audit() override;
  std::optional<audit_head> head_of_audit() override;
  std::vector<audit_record> scan_audit(const audit_query& q) override;
  void for_each_audit(const audit_query& q, const audit_visitor& visit) override;
  void redact_audit(std::int64_t seq, std::string_view marker) override;
  void commit() override;

 private:
  void check_open() const;
  void check_writable(const char* what) const;
  // The revision of `id` as this transaction sees it; nullopt when there is no such record.
  // REQUIRES: st_->mu held (shared).
  std::optional<std::int64_t> current_revision(const kind_store& ks, std::string_view id) const;
  // st_->kind(kind), remembering the last kind asked for: kind stores are never removed, so the
  // pointer stays valid, and a run of puts to one kind skips the map. REQUIRES: st_->mu held.
  const kind_store& kind_of(std::string_view kind) const;
  void apply_locked();
  // `e` as this transaction sees it: with its pending redaction, if any.
  const audit_record& redacted(const audit_record& e, audit_record& buffer) const;

  std::shared_ptr<store> st_;
  tx_mode mode_;
  bool finished_ = false;
  std::map<std::string, overlay, std::less<>> writes_;
  std::vector<audit_record> audit_;
  std::map<std::int64_t, std::string> redactions_;  // committed entries' seq -> marker
  mutable std::string last_kind_;
  mutable const kind_store* last_store_ = nullptr;
  // Kinds this transaction erased a record of. Elsewhere a pending record at revision 1 is one
  // the store does not hold (put gives revision 1 only to a record it found nowhere).
  std::set<std::string, std::less<>> erased_kinds_;
};

}  // namespace itsm::storage::detail
