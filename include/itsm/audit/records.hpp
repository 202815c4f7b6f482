// Records verified against the audit trail (R-9.1-trace, R-4.3-records): each applied audit entry
// carries the content hash of the record it wrote, so every stored row can be checked against
// the entry that last wrote it — a write that bypassed the write path (SQL on the file, a raw
// put) is found. Thread-safety: free functions without shared state; safe from any thread
// (verify_records opens its own read_only transaction).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "itsm/core/export.hpp"
#include "itsm/core/value.hpp"
#include "itsm/storage/backend.hpp"

namespace itsm::audit {

// The record_hash of an applied entry whose write removed its record.
inline constexpr std::string_view erased_record_hash = "erased";

// The canonical encoding of a stored record: "itsm-record-v1\n", then kind, id and revision,
// then each value up to the last non-null one (trailing nulls are left out, so a field appended
// by a schema upgrade does not change the hash of records written before it), every item as
// "<tag><byte length>:<bytes>,". Tags: k kind, d id, r revision (decimal), then per value
// n null, b boolean ("0"/"1"), i integer (decimal), f real (shortest round-trip decimal, -0
// written as 0), s text (the bytes), t time (microseconds since the Unix epoch, decimal).
// Unambiguous: no two distinct records encode alike. docs/audit.md gives the layout.
// Errors: invalid_argument (a special time value, which no adapter stores).
ITSM_API std::string record_encoding(std::string_view kind, std::string_view id, std::int64_t revision,
                                     const std::vector<value>& values);

// Lower-case hex SHA-256 of record_encoding(): 64 characters. What the write path puts into
// the applied entry's record_hash.
ITSM_API std::string record_hash(std::string_view kind, std::string_view id, std::int64_t revision,
                                 const std::vector<value>& values);

enum class record_problem {
  content_changed,  // the row's content hash differs from the trail's (edited outside the path)
  not_in_trail,     // a row no applied entry wrote, or one the trail says was erased (inserted
                    // outside the path)
  missing,          // the trail says the record exists; the store has no such row (deleted)
  wrong_revision,   // the row's revision is not the one the trail's last entry wrote
  sequence_behind,  // an id counter whose `next` would hand out an id the trail already knows
  not_hashed,       // only with require_hashes: the last entry predates record hashes
  redacted_not_disposed,  // an entry's changes were replaced by a redaction marker, yet no later
                          // entry erased the record (or, with `disposed`, no disposal names it)
};
ITSM_API std::string_view to_string(record_problem p) noexcept;

struct ITSM_API record_finding {
  std::string kind;
  std::string id;
  record_problem problem = record_problem::content_changed;
  std::string detail;  // human-readable: what the trail says and what the row holds

  bool operator==(const record_finding&) const = default;
};

struct ITSM_API record_verification {
  bool ok = true;               // Default: true; false when findings is non-empty
  std::int64_t entries = 0;     // audit entries read (the trail up to through_seq)
  std::int64_t through_seq = 0; // the last entry read: the state verified is the one it ends in
  std::int64_t records = 0;     // rows read, counters included
  std::int64_t verified = 0;    // rows whose content hash matches the trail
  std::int64_t unhashed = 0;    // rows whose last entry predates record hashes: existence and
                                // revision checked only (docs/audit.md, "Records written before")
  std::int64_t sequences = 0;   // id-counter rows checked by their invariant
  std::vector<record_finding> findings;  // sorted by kind, id, problem
};

struct ITSM_API record_verify_options {
  // Kind of the write path's id counters ({id: kind, values: [next]}), put without an audit
  // entry. Checked by an invariant instead of a hash: `next` must exceed every id number
  // ("<prefix>-<n>") of that kind the trail knows. "" = no such kind.
  std::string sequence_kind = "itsm_sequence";  // Default: "itsm_sequence"
  // Kinds of event-delivery state (the outbox of events not yet delivered and its cursor),
  // written in the transactions of audited changes but not records themselves: not checked.
  std::vector<std::string> delivery_kinds{};  // Default: none
  bool require_hashes = false;  // Default: false. true: an unhashed row is a finding too.
  // When set: whether a disposal record names the object (kind, id). An object with redacted
  // entries must then be one of those, not only erased after them. Default: erased suffices.
  std::function<bool(std::string_view kind, std::string_view id)> disposed{};
};

// Reads the whole trail and every row of every kind (store.kinds() plus any kind the trail
// names) in one read_only transaction, and reports each row that differs from the state the
// trail's applied entries say it has. It trusts the trail: run audit::verify() too (sms::verify
// does both). Memory: one small entry per object the trail knows; entries and rows are
// streamed (transaction::for_each_audit, for_each).
// In an adapter without snapshot_reads, writes committed during the check may be reported.
// Errors: unsupported (the adapter cannot list its kinds); whatever the store throws.
ITSM_API record_verification verify_records(storage::backend& store, const record_verify_options& o = {});

}  // namespace itsm::audit
