// The tamper-evident audit trail: each entry commits (SHA-256) to the previous entry's hash and
// to a canonical encoding of its own content; verify() recomputes the chain. Thread-safety: free
// functions without shared state; safe from any thread (verify(store) opens its own transaction).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "itsm/core/export.hpp"
#include "itsm/core/time.hpp"
#include "itsm/storage/audit_record.hpp"
#include "itsm/storage/backend.hpp"

namespace itsm::audit {

// What the write path knows about one audited operation.
struct ITSM_API entry_input {
  timestamp at;               // REQUIRES: a real instant (not a special ptime value)
  std::string actor;          // who acted (or tried to)
  std::string action;         // "create", "update", "retire", "transition:resolve", …
  std::string kind;           // record kind of the object
  std::string object_id;      // "CI-7"
  std::int64_t revision = 0;  // revision written; 0 for a denied or refused operation
  std::string outcome;        // "applied" | "denied" | "refused"
  std::string changes;        // canonical JSON text (see itsm/audit/changes.hpp)
  std::string reason;         // the actor's reason, or which rule / policy refused
  std::string reference;      // e.g. the RFC under which the change was made
  std::string record_hash;    // applied writes: record_hash() of the record as stored, or
                              // erased_record_hash; "" otherwise (itsm/audit/records.hpp)
};

// Appends the next entry inside `tx`: seq = last + 1, prev_hash = last's hash ("" for the
// first), hash = compute_hash(entry). Returns the entry as stored. Nothing is visible before
// tx.commit(); a rolled-back transaction leaves no entry and the next append reuses the number.
// REQUIRES: tx is a read_write transaction.
// Errors: invalid_argument (special timestamp, outcome not one of the three, negative revision,
// a text field that is not valid UTF-8, a record_hash on an entry that is not applied, changes
// that are a redaction marker);
// whatever tx.last_audit() / tx.append_audit() throw (unsupported for a read_only tx, conflict
// when another append raced in an adapter that allows it).
ITSM_API storage::audit_record append(storage::transaction& tx, const entry_input& e);

// How an entry is encoded for hashing (docs/audit.md). v3: every entry appended now. legacy:
// entries appended before v3 — "itsm-audit-v2" with record_hash last when it is non-empty,
// otherwise "itsm-audit-v1" without it; verify() accepts them so old trails keep verifying.
enum class entry_format { legacy, v3 };

// The canonical encoding of an entry: a version tag, then prev_hash and every content field in
// a fixed order, each as "<byte length>:<bytes>," (seq, revision and `at` — microseconds since
// the Unix epoch — as decimal text). Unambiguous: no two distinct entries encode alike. In v3
// the changes field is the hex SHA-256 of `changes` (or the one a redaction marker carries)
// and record_hash is always last. Excludes `hash` itself.
ITSM_API std::string canonical_encoding(const storage::audit_record& e, entry_format f = entry_format::v3);

// Lower-case hex SHA-256 of canonical_encoding(e, f): 64 characters.
ITSM_API std::string compute_hash(const storage::audit_record& e, entry_format f = entry_format::v3);

// The redaction marker of `changes`: {"redacted":"sha256:<hex SHA-256 of changes>"}
// (storage::is_redaction_marker). A v3 entry whose changes are replaced by it keeps its hash.
ITSM_API std::string redaction_marker(std::string_view changes);

// Replaces entry `e`'s changes in the store with their redaction marker (transaction::
// redact_audit), inside `tx`: personal data leaves the trail, the chain still verifies. `e` is
// the entry as read in `tx`. Returns false, changing nothing, for an entry already redacted.
// REQUIRES: tx is read_write.
// Errors: invalid_argument (a legacy entry, whose hash covers its changes text: it cannot be
// redacted without breaking the chain; or an entry whose hash does not match it); whatever
// tx.redact_audit throws.
ITSM_API bool redact(storage::transaction& tx, const storage::audit_record& e);

// A (sequence, head hash) pair exported by the caller and kept outside the store (see
// docs/audit.md). {0, ""} is the checkpoint of an empty trail.
struct ITSM_API checkpoint {
  std::int64_t seq = 0;      // Default: 0 (empty trail)
  std::string head_hash;     // Default: "" (empty trail); else the hash of entry `seq`

  bool operator==(const checkpoint&) const = default;
};

// "itsm-audit-checkpoint seq=<seq> head=<64 hex>" — one line to print, mail, sign or archive.
ITSM_API std::string format_checkpoint(const checkpoint& cp);
// Parses format_checkpoint's output (a trailing line break is ignored). Errors:
// invalid_argument (anything else, e.g. "seq=-0" or "seq=07": only the canonical form parses).
ITSM_API checkpoint parse_checkpoint(std::string_view text);

struct ITSM_API verify_result {
  bool ok = true;              // Default: true
  std::int64_t entries = 0;    // entries verified intact (on failure: those before the problem)
  std::string head_hash;       // hash of the last intact entry ("" when none)
  std::int64_t first_bad_seq = 0;  // 0 when ok; else the lowest seq the trail breaks at (for a
                                   // checkpoint mismatch: the checkpoint's seq — the alteration
                                   // is at or before it)
  std::string problem;         // human-readable, empty when ok
};

// The checkpoint a successful verification proves: {r.entries, r.head_hash}.
// REQUIRES: r.ok.
ITSM_API checkpoint to_checkpoint(const verify_result& r);

// Verifies a whole trail, in order from seq 1: sequence numbers gapless, each entry linked to
// its predecessor's hash, each hash matching the entry's content (v3, or legacy for entries
// written before v3; a redacted entry matches only with the marker of its original changes); with a checkpoint also that
// the trail reaches cp.seq and that entry cp.seq has hash cp.head_hash. Stops at the first
// problem. Without a checkpoint a truncated tail or a wholesale re-hashed trail is NOT
// detectable (docs/audit.md).
// Errors: invalid_argument (malformed checkpoint: negative seq, seq 0 with a hash, seq > 0
// without one). A broken trail is reported in the result, never thrown.
ITSM_API verify_result verify(const std::vector<storage::audit_record>& entries,
                              const std::optional<checkpoint>& cp = {});

// Verifies the store's whole trail, reading it in one read_only transaction in pages of
// `page_size` entries (memory stays bounded; default 1000), and checks that the walk passes
// through the head the store reports (last_audit(), read first) with the same hash. An entry
// the adapter reports as corrupt (e.g. a stored time that is not ISO 8601) is a failure at
// that entry, not an exception.
// REQUIRES: page_size > 0.
// Errors: as above; whatever store.begin() / scan_audit() throw other than corrupt.
ITSM_API verify_result verify(storage::backend& store, const std::optional<checkpoint>& cp = {});
ITSM_API verify_result verify(storage::backend& store, const std::optional<checkpoint>& cp,
                              std::size_t page_size);

// The store's current head: {last seq, its hash}, or {0, ""} for an empty trail. O(1); it
// trusts the stored head — verify() first when the checkpoint is to attest integrity.
// Errors: whatever store.begin() / last_audit() throw.
ITSM_API checkpoint make_checkpoint(storage::backend& store);

}  // namespace itsm::audit
