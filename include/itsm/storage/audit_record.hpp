// One audit trail entry as an adapter stores it. The audit layer (itsm/audit/) fills in the
// hashes; adapters store entries verbatim and return them in sequence order.
// Thread-safety: plain value types.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "itsm/core/export.hpp"
#include "itsm/core/time.hpp"

namespace itsm::storage {

struct ITSM_API audit_record {
  std::int64_t seq = 0;      // 1, 2, 3, … gapless across the whole store
  timestamp at;              // when the operation was attempted (UTC)
  std::string actor;         // actor name
  std::string action;        // "create", "update", "retire", "transition:resolve", …
  std::string kind;          // record kind of the object
  std::string object_id;     // "CI-7"
  std::int64_t revision = 0; // revision written (0 for a refused or denied operation)
  std::string outcome;       // "applied", "denied" or "refused"
  std::string changes;       // canonical JSON: {"field":[before,after],…} or the refusal
  std::string reason;        // free text reason given by the actor
  std::string reference;     // e.g. the RFC under which the change was made
  std::string record_hash;   // what an applied write left in storage: lower-case hex SHA-256
                             // of the record (itsm/audit/records.hpp), "erased" when it removed
                             // the record; "" for denied/refused entries and entries written
                             // before the field existed. Stored and returned verbatim.
  std::string prev_hash;     // hex SHA-256 of the previous entry ("" for seq 1)
  std::string hash;          // hex SHA-256 over prev_hash and this entry's canonical encoding

  bool operator==(const audit_record&) const = default;
};

// What chaining the next entry needs of the newest one: its sequence number and hash.
struct ITSM_API audit_head {
  std::int64_t seq = 0;
  std::string hash;

  bool operator==(const audit_head&) const = default;
};

// The only text an entry's `changes` may be replaced with once written (transaction::redact_audit):
// {"redacted":"sha256:<64 lower-case hex>"}, the hex being the SHA-256 of the changes it replaces
// (docs/audit.md). True when `changes` has exactly that form.
ITSM_API bool is_redaction_marker(std::string_view changes) noexcept;

struct ITSM_API audit_query {
  std::int64_t from_seq = 1;   // Default: 1 (inclusive)
  std::int64_t to_seq = 0;     // Default: 0 = up to the end (inclusive otherwise)
  std::string kind;            // Default: "" = any kind
  std::string object_id;       // Default: "" = any object (needs kind when set)
  std::size_t limit = 0;       // Default: 0 = no limit
};

}  // namespace itsm::storage
