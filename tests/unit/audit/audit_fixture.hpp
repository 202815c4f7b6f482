// Test helpers for the audit layer: a vector-backed transaction (enough of the SPI for append),
// clean chains, and the attacker's tool to re-hash a trail after tampering.
#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "itsm/audit/changes.hpp"
#include "itsm/audit/records.hpp"
#include "itsm/audit/trail.hpp"
#include "itsm/core/error.hpp"

namespace itsm::audit::test {

// Only the audit part of a transaction; everything else refuses.
class vector_tx : public storage::transaction {
 public:
  explicit vector_tx(std::vector<storage::audit_record>& log) : log_(log) {}
  storage::tx_mode mode() const noexcept override { return storage::tx_mode::read_write; }
  std::optional<storage::record> get(std::string_view, std::string_view) override { no(); }
  std::int64_t put(std::string_view, const storage::record&) override { no(); }
  void erase(std::string_view, std::string_view, std::int64_t) override { no(); }
  std::vector<storage::record> scan(const storage::query&) override { no(); }
  void append_audit(const storage::audit_record& e) override {
    const std::int64_t next = log_.empty() ? 1 : log_.back().seq + 1;
    if (e.seq != next) throw_error(errc::conflict, "not the next audit seq");
    log_.push_back(e);
  }
  std::optional<storage::audit_record> last_audit() override {
    if (log_.empty()) return std::nullopt;
    return log_.back();
  }
  std::vector<storage::audit_record> scan_audit(const storage::audit_query&) override { no(); }
  void redact_audit(std::int64_t seq, std::string_view marker) override {
    log_.at(static_cast<std::size_t>(seq - 1)).changes = std::string(marker);
  }
  void commit() override {}

 private:
  [[noreturn]] static void no() { throw_error(errc::unsupported, "vector_tx: audit only"); }
  std::vector<storage::audit_record>& log_;
};

inline timestamp base_time() { return parse_iso("2026-03-01T08:00:00Z"); }

// The i-th (0-based) sample operation: varied actors, kinds, outcomes; every text field
// non-empty so that "edit one byte" always has a byte to edit.
inline entry_input sample_input(int i) {
  entry_input e;
  e.at = base_time() + seconds(60 * i) + boost::posix_time::microseconds(i % 7);
  e.actor = i % 3 == 0 ? "alice" : (i % 3 == 1 ? "bob" : "carol");
  e.kind = i % 2 == 0 ? "ci" : "incident";
  e.object_id = (i % 2 == 0 ? "CI-" : "INC-") + std::to_string(i / 4 + 1);
  e.action = i % 5 == 0 ? "create" : "update";
  e.outcome = i % 11 == 7 ? "denied" : (i % 13 == 9 ? "refused" : "applied");
  e.revision = e.outcome == "applied" ? i / 4 + 1 : 0;
  e.changes = encode_changes({{"status", value{"planned"}, value{"live"}},
                              {"version", value{std::int64_t{i}}, value{std::int64_t{i + 1}}}});
  e.reason = "reason " + std::to_string(i);
  e.reference = "RFC-" + std::to_string(100 + i);
  if (e.outcome == "applied") e.record_hash = record_hash(e.kind, e.object_id, e.revision, {value(i)});
  return e;
}

// A clean trail of n entries built with append().
inline std::vector<storage::audit_record> clean_chain(int n) {
  std::vector<storage::audit_record> log;
  vector_tx tx(log);
  for (int i = 0; i < n; ++i) append(tx, sample_input(i));
  return log;
}

// What an attacker with write access does after tampering: renumber nothing, but re-link and
// re-hash every entry from `from` (0-based index) to the end so the chain is consistent again.
inline void rehash_from(std::vector<storage::audit_record>& log, std::size_t from) {
  for (std::size_t i = from; i < log.size(); ++i) {
    log[i].prev_hash = i == 0 ? std::string() : log[i - 1].hash;
    log[i].hash = compute_hash(log[i]);
  }
}

}  // namespace itsm::audit::test
