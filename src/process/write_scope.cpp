#include "detail/write_scope.hpp"

#include <fmt/format.h>

#include "itsm/audit/records.hpp"
#include "itsm/core/text.hpp"
#include "diff_json.hpp"
#include "outbox.hpp"

namespace itsm::detail {

const storage::schema& context::schema(std::string_view kind) const {
  auto it = schemas.find(kind);
  if (it == schemas.end()) throw_error(errc::not_found, "kind '" + std::string(kind) + "' is not registered");
  return it->second;
}

storage::schema sequence_schema() {
  storage::schema s;
  s.kind = sequence_kind;
  s.fields = {{"next", value_type::integer, false}};
  return s;
}

namespace {

// Who acts is audited as given: a name that is blank or not UTF-8 would leave an entry naming
// nobody (or one that cannot be exported), so it is refused before anything is asked or written.
void require_actor(const actor& who, const std::string& to) {
  if (who.name.find_first_not_of(" \t\r\n\f\v") == std::string::npos)
    throw_error(errc::invalid_argument, "an actor needs a name to " + to);
  require_utf8(who.name, "the actor's name");
  for (const auto& role : who.roles) require_utf8(role, "the actor's role");
  require_utf8(who.customer, "the actor's customer");
}

}  // namespace

write_scope::write_scope(const context& ctx, const actor& who, std::string action)
    : ctx_(ctx), who_(who), action_(std::move(action)), now_(ctx.clk->now()) {
  require_actor(who_, "be audited");
  tx_ = ctx_.store->begin(storage::tx_mode::read_write);
}

write_scope::~write_scope() = default;  // an uncommitted transaction rolls back

void write_scope::reject(errc code, const std::string& outcome, const std::string& kind,
                         const std::string& object_id, const std::string& changes,
                         const std::string& reason, const error& to_throw) {
  (void)code;
  tx_.reset();  // roll back everything this operation did
  const event ev{"operation." + outcome, kind, object_id, 0, now_, who_.name, {{"action", action_}, {"reason", reason}}};
  audit_attempt(ctx_, now_, who_.name, action_, kind, object_id, outcome, changes, reason, &ev);
  throw to_throw;
}

void audit_attempt(const context& ctx, timestamp at, const std::string& actor, const std::string& action,
                   const std::string& kind, const std::string& object_id, const std::string& outcome,
                   const std::string& changes, const std::string& reason, const event* ev) {
  auto tx = ctx.store->begin(storage::tx_mode::read_write);
  audit::entry_input e;
  e.at = at;
  e.actor = actor;
  e.action = action;
  e.kind = kind;
  e.object_id = object_id;
  e.outcome = outcome;
  e.changes = changes;
  e.reason = reason;
  audit::append(*tx, e);
  if (ev) ctx.events->stage(*tx, {*ev});
  tx->commit();
  if (ev) ctx.events->deliver(*ctx.store, at, false);
}

decision ask_authorizer(const context& ctx, const access_request& request) {
  try {
    return ctx.auth->authorize(request);
  } catch (const std::exception& e) {
    return decision::deny(std::string("the authorizer failed: ") + e.what());
  } catch (...) {
    return decision::deny("the authorizer failed");
  }
}

void authorize_action(const context& ctx, const actor& who, const std::string& action, const std::string& kind,
                      const std::string& object_id, const std::string& detail) {
  require_actor(who, action);
  const auto d = ask_authorizer(ctx, access_request{who, action, kind, object_id, detail, {}, nullptr});
  if (d.allowed) return;
  audit_attempt(ctx, ctx.clk->now(), who.name, action, kind, object_id, "denied", "{}", d.reason);
  throw_error(errc::permission_denied,
              fmt::format("{} may not {} {} {}: {}", who.name, action, kind, object_id, d.reason));
}

void authorize_read(const context& ctx, const actor& who, const std::string& kind, const std::string& object_id,
                    const std::string& detail) {
  authorize_action(ctx, who, "read", kind, object_id, detail);
}

void write_scope::missing(const std::string& kind, const std::string& key) {
  if (!authorized_) authorize(kind, key, "");
  throw_error(errc::not_found, kind + " " + key + " does not exist");
}

void write_scope::rules(const std::vector<violation>& v, const std::string& kind,
                        const std::string& object_id) {
  if (!authorized_)
    throw_error(errc::invalid_argument, "write path: authorization must run before the rules");
  if (!v.empty()) {
    std::string reason;
    for (const auto& x : v) reason += (reason.empty() ? "" : "; ") + x.rule;
    reject(errc::rule_violation, "refused", kind, object_id, audit::encode_violations(v), reason, error(v));
  }
  ruled_ = true;
}

void write_scope::authorize(const std::string& kind, const std::string& object_id,
                            const std::string& detail, const std::string& customer) {
  const auto d = ask_authorizer(ctx_, access_request{who_, action_, kind, object_id, detail, customer, nullptr});
  if (!d.allowed) {
    reject(errc::permission_denied, "denied", kind, object_id, "{}", d.reason,
           error(errc::permission_denied,
                 fmt::format("{} may not {} {} {}: {}", who_.name, action_, kind, object_id, d.reason)));
  }
  authorized_ = true;
}

void write_scope::deny_if(bool forbidden, const std::string& kind, const std::string& object_id,
                          const std::string& rule, const std::string& why) {
  if (!forbidden) return;
  reject(errc::permission_denied, "denied", kind, object_id, "{}", rule + ": " + why,
         error(errc::permission_denied, fmt::format("[{}] {}", rule, why), {{rule, why}}));
}

std::string write_scope::next_key(const std::string& kind, std::string_view prefix) {
  if (prefix.empty()) throw_error(errc::invalid_argument, kind + ": a new object needs a key");
  // The counter is read once per kind and operation, and stored once at commit: a batch of
  // creates (an import, record_batch) reserves its numbers without a read and a write each.
  auto it = counters_.find(kind);
  if (it == counters_.end()) {
    const auto seq = tx_->get(sequence_kind, kind);
    it = counters_.emplace(kind, counter{seq ? seq->values.at(0).as_int() : 1, seq ? seq->revision : 0}).first;
  }
  return std::string(prefix) + "-" + std::to_string(it->second.next++);
}

std::int64_t write_scope::write(const std::string& kind, const storage::record& after,
                                const storage::record& before, const write_options& opts,
                                const std::string& event_suffix) {
  if (!ruled_ || !authorized_)
    throw_error(errc::invalid_argument, "write path: rules and authorization must run before apply");
  const auto& schema = ctx_.schema(kind);
  std::int64_t revision = 0;                                                     // step 4
  if (auto* stored = stored_row(kind, after)) {
    // The row get() read at this revision: the adapter writes only the fields that differ.
    std::vector<bool> changed(after.values.size());
    for (std::size_t i = 0; i < changed.size(); ++i) changed[i] = !(after.values[i] == stored->values[i]);
    revision = tx_->put_changed(kind, after, changed);
    *stored = storage::record{after.id, revision, after.values};
  } else {
    revision = tx_->put(kind, after);
  }
  audit::entry_input e;                                                          // step 5
  e.at = now_;
  e.actor = who_.name;
  e.action = action_;
  e.kind = kind;
  e.object_id = after.id;
  e.revision = revision;
  e.outcome = "applied";
  e.changes = encode_diff(schema, before, after);  // = audit::encode_changes(audit::diff(…))
  e.reason = opts.reason;
  e.reference = opts.reference;
  e.record_hash = audit::record_hash(kind, after.id, revision, after.values);  // as stored
  audit::append(*tx_, e);
  event ev{kind + "." + event_suffix, kind, after.id, revision, now_, who_.name, {}};
  if (!opts.reference.empty()) ev.details["reference"] = opts.reference;
  events_.push_back(std::move(ev));
  return revision;
}

namespace {
std::string row_key(const std::string& kind, const std::string& id) {
  std::string k;
  k.reserve(kind.size() + 1 + id.size());
  return k.append(kind).append(1, '\0').append(id);
}
}  // namespace

void write_scope::erase(const std::string& kind, const std::string& id, std::int64_t revision,
                        const std::string& changes, const write_options& opts, const std::string& event_suffix) {
  if (!ruled_ || !authorized_)
    throw_error(errc::invalid_argument, "write path: rules and authorization must run before apply");
  tx_->erase(kind, id, revision);
  loaded_.erase(row_key(kind, id));
  audit::entry_input e;
  e.at = now_;
  e.actor = who_.name;
  e.action = action_;
  e.kind = kind;
  e.object_id = id;
  e.revision = revision;
  e.outcome = "applied";
  e.changes = changes;
  e.reason = opts.reason;
  e.reference = opts.reference;
  e.record_hash = std::string(audit::erased_record_hash);
  audit::append(*tx_, e);
  events_.push_back(event{kind + "." + event_suffix, kind, id, revision, now_, who_.name, {}});
}

std::pair<std::int64_t, std::int64_t> write_scope::redact_history(const std::string& kind, const std::string& id) {
  if (!ruled_ || !authorized_)
    throw_error(errc::invalid_argument, "write path: rules and authorization must run before redaction");
  storage::audit_query q;
  q.kind = kind;
  q.object_id = id;
  std::int64_t redacted = 0, kept = 0;
  for (const auto& e : tx_->scan_audit(q)) {
    if (storage::is_redaction_marker(e.changes)) continue;
    if (audit::compute_hash(e) != e.hash) {
      ++kept;  // written before format v3: its hash covers the text itself
      continue;
    }
    audit::redact(*tx_, e);
    ++redacted;
  }
  return {redacted, kept};
}

void write_scope::remember(const std::string& kind, storage::record stored) {
  loaded_.insert_or_assign(row_key(kind, stored.id), std::move(stored));
}

storage::record* write_scope::stored_row(const std::string& kind, const storage::record& r) {
  if (r.revision == 0 || loaded_.empty()) return nullptr;
  const auto it = loaded_.find(row_key(kind, r.id));
  if (it == loaded_.end() || it->second.revision != r.revision || it->second.values.size() != r.values.size())
    return nullptr;
  return &it->second;
}

void write_scope::commit() {
  for (const auto& [kind, c] : counters_) tx_->put(sequence_kind, storage::record{kind, c.revision, {value(c.next)}});
  counters_.clear();
  ctx_.events->stage(*tx_, events_);  // step 6: the events commit with the change they describe
  tx_->commit();
  // Step 7. A failing sink never undoes a commit: its events stay in the outbox for the retry.
  if (!events_.empty()) ctx_.events->deliver(*ctx_.store, now_, false);
}

}  // namespace itsm::detail
