// The one write path (docs/architecture.md): load -> authorize -> rules -> apply -> audit ->
// commit -> publish. Every process write goes through a write_scope; rules() refuses to run
// before authorize(), and save() unless both ran, so no process can skip or reorder a step.
// A refused (rule) or denied (authorizer) operation rolls back everything and writes only its
// own audit entry. Not stable API (itsm::detail). Thread-safety: one scope per thread.
#pragma once

#include <memory>
#include <optional>
#include <type_traits>
#include <unordered_map>
#include <string>
#include <vector>

#include "itsm/audit/changes.hpp"
#include "itsm/audit/trail.hpp"
#include "itsm/core/actor.hpp"
#include "itsm/core/error.hpp"
#include "context.hpp"
#include "records.hpp"
#include "itsm/process/write_options.hpp"

namespace itsm::detail {

class write_scope {
 public:
  // Step 1: opens the read_write transaction. `action` names the operation in audit and events.
  write_scope(const context& ctx, const actor& who, std::string action);
  ~write_scope();
  write_scope(const write_scope&) = delete;
  write_scope& operator=(const write_scope&) = delete;

  storage::transaction& tx() { return *tx_; }
  timestamp now() const { return now_; }
  const actor& who() const { return who_; }

  // Loads an object or throws itsm::error(not_found) — after asking the authorizer, so that a
  // caller who may not act on the kind learns nothing, not even that the key is unused.
  template <class T>
  T get(const std::string& key) {
    const auto& kind = T::def().name();
    auto r = tx_->get(kind, key);
    if (!r) missing(kind, key);
    T obj = from_record<T>(*r);
    remember(kind, std::move(*r));
    return obj;
  }

  // Step 2 (authorization first). A denial: roll back, audit it, throw error(permission_denied).
  // `customer`: the key of the customer the record belongs to ("" = none), for scoped policies.
  void authorize(const std::string& kind, const std::string& object_id, const std::string& detail = {},
                 const std::string& customer = {});

  // Step 3. Non-empty violations: roll back, audit the refusal, throw error(rule_violation).
  // REQUIRES: authorize() ran first, so a refusal never tells a denied caller about the store
  // (else throws invalid_argument).
  void rules(const std::vector<violation>& v, const std::string& kind, const std::string& object_id);

  // Step 3 for the one write that has no caller to ask: seeding a rule record (a policy) into a
  // store that has none yet, while the store is opened. Audited under the actor "itsm".
  void authorize_store_initialisation() { authorized_ = true; }

  // Separation of duties (enforced whatever the authorizer says): deny when `forbidden`.
  void deny_if(bool forbidden, const std::string& kind, const std::string& object_id,
               const std::string& rule, const std::string& why);

  // Steps 4 and 5: assigns an id to a new object, writes it with the expected revision and
  // appends the audit entry (field diff, reason, reference); queues "<kind>.<event_suffix>".
  // REQUIRES: rules() and authorize() ran in this scope (else throws invalid_argument).
  template <class T>
  T save(T obj, std::type_identity_t<const T*> before, const write_options& opts,
         const std::string& event_suffix) {
    const auto& k = T::def();
    if (k.key(obj).empty()) k.set_key(obj, next_key(k.name(), k.id_prefix()));
    storage::record after_rec = to_record(obj);
    storage::record before_rec;
    if (before) before_rec = to_record(*before);
    obj.revision = write(k.name(), after_rec, before_rec, opts, event_suffix);
    return obj;
  }

  // Steps 4 and 5 for a removal (records disposal, R-4.3-records): erases the stored row `kind`
  // `id` at `revision` and appends its applied entry (record_hash "erased") whose changes are
  // `changes` — no field values, so the entry holds no personal data; queues
  // "<kind>.<event_suffix>". REQUIRES: rules() and authorize() ran in this scope.
  void erase(const std::string& kind, const std::string& id, std::int64_t revision, const std::string& changes,
             const write_options& opts, const std::string& event_suffix);

  // Replaces the changes of every earlier entry about `kind` `id` by their redaction marker
  // (audit::redact). Returns {entries redacted, entries kept because they predate format v3}.
  // REQUIRES: rules() and authorize() ran in this scope.
  std::pair<std::int64_t, std::int64_t> redact_history(const std::string& kind, const std::string& id);

  void publish(event e) { events_.push_back(std::move(e)); }

  // The last sequence number this operation used in the numbered series `series` (e.g. a
  // ticket's log), 0 when it has used none yet: later rows of a batch need no read.
  std::int64_t& last_in_series(const std::string& series) { return series_[series]; }

  // Steps 6 and 7: commit (the queued events with it, in the outbox), then deliver them.
  void commit();

 private:
  [[noreturn]] void missing(const std::string& kind, const std::string& key);
  // The stored rows get() read, so that a save of one of them writes only the changed fields.
  void remember(const std::string& kind, storage::record stored);
  storage::record* stored_row(const std::string& kind, const storage::record& r);
  std::string next_key(const std::string& kind, std::string_view prefix);
  std::int64_t write(const std::string& kind, const storage::record& after,
                     const storage::record& before, const write_options& opts,
                     const std::string& event_suffix);
  [[noreturn]] void reject(errc code, const std::string& outcome, const std::string& kind,
                           const std::string& object_id, const std::string& changes,
                           const std::string& reason, const error& to_throw);

  const context& ctx_;
  actor who_;
  std::string action_;
  timestamp now_;
  std::unique_ptr<storage::transaction> tx_;
  bool ruled_ = false;
  bool authorized_ = false;
  std::vector<event> events_;
  std::unordered_map<std::string, std::int64_t> series_;
  struct counter {
    std::int64_t next;      // the number the next new key of the kind gets
    std::int64_t revision;  // of the stored counter row (0: none yet)
  };
  std::unordered_map<std::string, counter> counters_;  // kind -> its key counter, stored at commit
  std::unordered_map<std::string, storage::record> loaded_;  // "kind\0id" -> row as stored
};

// Authorizes a read ("read", kind, id) by `who`; a denial is audited as "denied" and throws
// error(permission_denied). Reads run this before they load anything.
// Asks the authorizer; one that throws denies (fail closed), its message as the reason.
decision ask_authorizer(const context& ctx, const access_request& request);

// Appends the audit entry of an attempt that wrote nothing ("denied" or "refused") in its own
// transaction, with its event (if any) for the outbox.
void audit_attempt(const context& ctx, timestamp at, const std::string& actor, const std::string& action,
                   const std::string& kind, const std::string& object_id, const std::string& outcome,
                   const std::string& changes, const std::string& reason, const event* ev = nullptr);

// Authorizes an operation that is not a record write (a read, an escalation sweep, a delivery)
// the same way: a denial is audited and throws error(permission_denied).
void authorize_action(const context& ctx, const actor& who, const std::string& action, const std::string& kind,
                      const std::string& object_id, const std::string& detail = {});

void authorize_read(const context& ctx, const actor& who, const std::string& kind, const std::string& object_id,
                    const std::string& detail = {});

}  // namespace itsm::detail
