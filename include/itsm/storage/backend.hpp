// The storage SPI: what a plugin author implements. A backend stores records of registered kinds
// and one audit trail; all access goes through transactions.
//
// Thread-safety contract every adapter must honour: a backend is shared by many threads; each
// transaction object is used by one thread at a time. At most one read_write transaction is open
// per store at any moment (begin waits for it, up to the adapter's busy timeout); read_only
// transactions run alongside it and never see its uncommitted writes.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "itsm/core/export.hpp"
#include "itsm/storage/audit_record.hpp"
#include "itsm/storage/query.hpp"
#include "itsm/storage/schema.hpp"

namespace itsm::storage {

enum class tx_mode { read_only, read_write };

// What an adapter can promise, advertised so callers and the conformance kit can adapt.
struct ITSM_API capabilities {
  bool durable = false;         // Default: false. Committed data survives a process crash.
  bool multi_process = false;   // Default: false. Several processes may open the same store.
  bool snapshot_reads = false;  // Default: false. A read_only transaction sees one snapshot
                                // for its whole life (otherwise each call sees latest commits).
  bool paged_queries = false;   // Default: false. scan() and count() honour query::any and
                                // query::after; the process layer's typed queries refuse a
                                // store without it (errc::unsupported) rather than misread it.
  bool text_search = false;     // Default: false. transaction::search() answers (otherwise it
                                // throws errc::unsupported).
};

// Receives one record from transaction::for_each: its id, revision and values (schema order).
// The arguments are valid only during the call. Return false to stop the walk.
using record_visitor =
    std::function<bool(std::string_view id, std::int64_t revision, const std::vector<value>& values)>;

// Receives one audit entry from transaction::for_each_audit, valid only during the call.
// Return false to stop the walk.
using audit_visitor = std::function<bool(const audit_record& e)>;

// A unit of work. Destroying it uncommitted rolls back everything it did: no trace remains.
// After commit() (successful or not) the transaction is finished; every further call throws
// itsm::error(invalid_argument).
class ITSM_API transaction {
 public:
  virtual ~transaction() = default;
  transaction() = default;
  transaction(const transaction&) = delete;
  transaction& operator=(const transaction&) = delete;

  virtual tx_mode mode() const noexcept = 0;

  // The current record, or nullopt if there is none.
  // Errors: not_found when `kind` is not registered.
  virtual std::optional<record> get(std::string_view kind, std::string_view id) = 0;

  // Creates or replaces a record. `r.revision` is the revision the caller expects to replace
  // (0 = the record must not exist yet). Returns the new revision (r.revision + 1).
  // Errors: not_found (kind not registered); invalid_argument (record does not fit the schema);
  // already_exists (r.revision == 0 but the id exists); conflict (r.revision is not the stored
  // revision, or the record does not exist and r.revision != 0); unsupported (read_only tx).
  virtual std::int64_t put(std::string_view kind, const record& r) = 0;

  // put() of a record replacing stored revision r.revision (> 0), told which fields differ from
  // the stored row (`changed[i]` for field i, schema order) so that it can write only those:
  // an SQL adapter then leaves untouched indexes and text-search rows alone. REQUIRES: every
  // field i with !changed[i] holds the value stored at r.revision (the caller read that
  // revision in this transaction), changed.size() == r.values.size(). Same result and errors as
  // put(kind, r); the default calls it.
  virtual std::int64_t put_changed(std::string_view kind, const record& r, const std::vector<bool>& changed);

  // Removes a record whose stored revision is `expected_revision`.
  // Errors: not_found (kind not registered, or no such record); conflict (revision differs);
  // unsupported (read_only tx).
  virtual void erase(std::string_view kind, std::string_view id, std::int64_t expected_revision) = 0;

  // Records of q.kind matching every condition of q.where and of each q.any group, ordered by
  // q.order_by (ties by id; storage::scan_order), strictly after q.after when set, at most
  // q.limit. Sees this transaction's own writes. storage::matches(q, schema, …) is the reference.
  // Errors: not_found (kind not registered); invalid_argument (storage::check_query).
  virtual std::vector<record> scan(const query& q) = 0;

  // How many records scan(q) would return with no limit (q.limit is ignored), without
  // returning them. The default pages through scan() with q.after; adapters override it.
  // Errors: as scan.
  virtual std::uint64_t count(const query& q);

  // Calls `visit` for every record of `kind` this transaction sees (its own writes included),
  // in no particular order, without collecting them first: memory stays bounded whatever the
  // table's size. Stops when `visit` returns false. `visit` must not use this transaction.
  // The default pages through scan() in id order; adapters override it with a plain table walk.
  // Errors: not_found (kind not registered); whatever `visit` throws propagates unchanged.
  virtual void for_each(std::string_view kind, const record_visitor& visit);

  // Full-text search: records of q.kind whose schema::text_fields hold every term of q.terms,
  // ranked by BM25 (score descending, ties by id: storage::ranks_before), q.offset hits skipped,
  // at most q.limit. Sees this transaction's own writes. Optional (capabilities::text_search).
  // Errors: unsupported (the default: the adapter declines); not_found (kind not registered);
  // invalid_argument (no terms, a term that is not one token, or a kind without text fields).
  virtual std::vector<text_hit> search(const text_query& q);

  // Appends an audit entry. REQUIRES: e.seq == (last_audit() ? last_audit()->seq : 0) + 1.
  // Errors: conflict (sequence is not the next one); unsupported (read_only tx).
  virtual void append_audit(const audit_record& e) = 0;

  // The newest audit entry (including this transaction's own appends), or nullopt.
  virtual std::optional<audit_record> last_audit() = 0;

  // The newest audit entry's seq and hash (this transaction's own appends included), or nullopt:
  // what chaining the next entry needs, without reading the rest of the entry.
  // The default reads last_audit(); adapters override it with a cheaper read.
  virtual std::optional<audit_head> head_of_audit();

  // Audit entries matching q in ascending sequence order.
  // Errors: invalid_argument (object_id without kind).
  virtual std::vector<audit_record> scan_audit(const audit_query& q) = 0;

  // What scan_audit(q) returns, handed to `visit` one entry at a time in ascending sequence
  // order without collecting them first (adapters may reuse one entry object between calls).
  // Stops when `visit` returns false. `visit` must not use this transaction.
  // The default pages through scan_audit(); adapters override it with a plain walk.
  // Errors: as scan_audit; whatever `visit` throws propagates unchanged.
  virtual void for_each_audit(const audit_query& q, const audit_visitor& visit);

  // Replaces the `changes` of audit entry `seq` (committed, or this transaction's own) with
  // `marker`, leaving every other field as written: the one edit an adapter ever makes to an
  // entry, so that a disposal can remove personal data from the trail while the entry's hash
  // (which covers a digest of its changes, docs/audit.md) keeps verifying. Seen by this
  // transaction at once, by others after commit(); undone by a rollback.
  // Errors: invalid_argument (`marker` is not is_redaction_marker); not_found (no entry `seq`);
  // unsupported (read_only tx; the default, for adapters written before redaction existed).
  virtual void redact_audit(std::int64_t seq, std::string_view marker);

  // Makes every write of this transaction durable and visible at once, or none of them.
  // Errors: unavailable (I/O or the store went away; nothing applied); conflict (a concurrent
  // writer in another process won; nothing applied).
  virtual void commit() = 0;
};

class ITSM_API backend {
 public:
  virtual ~backend() = default;
  backend() = default;
  backend(const backend&) = delete;
  backend& operator=(const backend&) = delete;

  virtual capabilities caps() const noexcept = 0;
  virtual std::string uri() const = 0;

  // Declares a kind. Registering an identical schema again is a no-op. A schema with a higher
  // version than the stored one is upgraded where the adapter can (fields appended as nullable,
  // indexes added) in one atomic step.
  // Errors: invalid_argument (schema.validate() fails); conflict (the store holds a newer
  // version, or the same version with a different definition); unsupported (an upgrade the
  // adapter cannot do, e.g. a removed field).
  virtual void register_schema(const schema& s) = 0;

  // Registered schema of `kind`, or nullopt.
  virtual std::optional<schema> find_schema(std::string_view kind) const = 0;

  // Every registered kind, sorted bytewise (kinds registered by another process included).
  // Errors: unsupported — the default, for adapters written before this method existed (the
  // in-tree adapters answer it; audit::verify_records needs it); unavailable (store unreachable).
  virtual std::vector<std::string> kinds() const;

  // Errors: unavailable (a read_write transaction is still open after the busy timeout, or the
  // store is unreachable).
  virtual std::unique_ptr<transaction> begin(tx_mode mode) = 0;
};

}  // namespace itsm::storage
