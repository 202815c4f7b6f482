// Appending to the hash chain and verifying it (whole vectors or a store, page by page).
#include "itsm/audit/trail.hpp"

#include <fmt/format.h>

#include <charconv>

#include "itsm/core/error.hpp"
#include "itsm/core/text.hpp"

namespace itsm::audit {

namespace {

bool is_outcome(std::string_view o) { return o == "applied" || o == "denied" || o == "refused"; }

void check_checkpoint(const checkpoint& cp) {
  if (cp.seq < 0) throw_error(errc::invalid_argument, "checkpoint seq is negative");
  if (cp.seq == 0 && !cp.head_hash.empty())
    throw_error(errc::invalid_argument, "checkpoint of an empty trail (seq 0) carries a hash");
  if (cp.seq > 0 && cp.head_hash.empty())
    throw_error(errc::invalid_argument, "checkpoint seq > 0 without a head hash");
}

// A point the trail must pass through: entry `seq` exists and has hash `hash`. Either the
// caller's checkpoint or the head the store reported before the walk.
struct anchor {
  std::int64_t seq = 0;
  std::string hash;
  bool from_store = false;  // false: the caller's checkpoint
};

// v3, or an entry written before v3 (its legacy encoding; a redacted one never matches it).
bool hash_matches(const storage::audit_record& e) {
  return compute_hash(e) == e.hash ||
         (!storage::is_redaction_marker(e.changes) && compute_hash(e, entry_format::legacy) == e.hash);
}

// Checks entries one at a time, in order; stops at the first problem.
class chain_verifier {
 public:
  explicit chain_verifier(const std::optional<checkpoint>& cp) {
    if (cp) {
      check_checkpoint(*cp);
      anchors_.push_back({cp->seq, cp->head_hash, false});
    }
  }

  // The store's head as read before the walk (entries appended later may follow it).
  void add_store_head(std::int64_t seq, std::string hash) {
    anchors_.push_back({seq, std::move(hash), true});
  }

  // Returns false once the trail is known broken (further entries are ignored).
  bool feed(const storage::audit_record& e) {
    if (!r_.ok) return false;
    const std::int64_t expected = r_.entries + 1;
    if (e.seq != expected) {
      if (e.seq > expected)
        return fail(expected, fmt::format("sequence gap: expected seq {}, found seq {} (entries "
                                          "missing)", expected, e.seq));
      return fail(expected, fmt::format("sequence break: expected seq {}, found seq {} (entry "
                                        "duplicated, reordered or inserted)", expected, e.seq));
    }
    if (e.prev_hash != r_.head_hash)
      return fail(expected, fmt::format("entry {} does not link to {} (prev_hash mismatch)",
                                        expected, expected == 1 ? std::string("the start of the "
                                        "trail") : fmt::format("entry {}", expected - 1)));
    if (!hash_matches(e)) {
      if (storage::is_redaction_marker(e.changes))
        return fail(expected, fmt::format("entry {}: its redaction marker does not match its hash (the "
                                          "changes were replaced by something other than their marker)", expected));
      return fail(expected, fmt::format("entry {}: content does not match its hash (entry "
                                        "edited)", expected));
    }
    for (const auto& a : anchors_) {
      if (a.seq != e.seq || a.hash == e.hash) continue;
      if (a.from_store)
        return fail(expected, fmt::format("entry {} read in order differs from the store's head "
                                          "entry {} (the store is inconsistent)", expected,
                                          a.seq));
      return fail(expected, fmt::format("entry {} differs from the checkpoint (head {}): the "
                                        "trail up to seq {} was altered and re-hashed",
                                        expected, a.hash, expected));
    }
    r_.entries = expected;
    r_.head_hash = e.hash;
    return true;
  }

  // The adapter could not read the next entry (e.g. a stored time that is not ISO 8601).
  void unreadable(std::string_view why) {
    if (r_.ok) fail(r_.entries + 1, fmt::format("entry {} cannot be read: {}", r_.entries + 1, why));
  }

  verify_result finish() {
    for (const auto& a : anchors_) {
      if (!r_.ok || r_.entries >= a.seq) continue;
      if (a.from_store)
        fail(r_.entries + 1, fmt::format("the store's head is seq {} but its trail, read in "
                                         "order, ends at seq {}", a.seq, r_.entries));
      else
        fail(r_.entries + 1, fmt::format("trail ends at seq {} but the checkpoint covers seq {}: "
                                         "the tail was truncated", r_.entries, a.seq));
    }
    return std::move(r_);
  }

 private:
  bool fail(std::int64_t seq, std::string problem) {
    r_.ok = false;
    r_.first_bad_seq = seq;
    r_.problem = std::move(problem);
    return false;
  }

  std::vector<anchor> anchors_;
  verify_result r_;
};

}  // namespace

storage::audit_record append(storage::transaction& tx, const entry_input& e) {
  if (e.at.is_special())
    throw_error(errc::invalid_argument, "audit entry needs a real timestamp");
  if (!is_outcome(e.outcome))
    throw_error(errc::invalid_argument, fmt::format("audit outcome must be applied, denied or "
                                                    "refused, not '{}'", e.outcome));
  if (e.revision < 0) throw_error(errc::invalid_argument, "audit revision is negative");
  // Names spelled out: formatting them on every append cost more than the checks themselves.
  for (const auto& [text, field] : {std::pair{&e.actor, "audit entry actor"}, {&e.action, "audit entry action"},
                                    {&e.kind, "audit entry kind"}, {&e.object_id, "audit entry object_id"},
                                    {&e.changes, "audit entry changes"}, {&e.reason, "audit entry reason"},
                                    {&e.reference, "audit entry reference"}})
    require_utf8(*text, field);
  if (storage::is_redaction_marker(e.changes))
    throw_error(errc::invalid_argument, "audit entry changes cannot be a redaction marker");
  if (!e.record_hash.empty() && e.outcome != "applied")
    throw_error(errc::invalid_argument, "only an applied audit entry carries a record_hash");
  storage::audit_record r;
  if (auto head = tx.head_of_audit()) {
    r.seq = head->seq + 1;
    r.prev_hash = std::move(head->hash);
  } else {
    r.seq = 1;
  }
  r.at = e.at;
  r.actor = e.actor;
  r.action = e.action;
  r.kind = e.kind;
  r.object_id = e.object_id;
  r.revision = e.revision;
  r.outcome = e.outcome;
  r.changes = e.changes;
  r.reason = e.reason;
  r.reference = e.reference;
  r.record_hash = e.record_hash;
  r.hash = compute_hash(r);
  tx.append_audit(r);
  return r;
}

bool redact(storage::transaction& tx, const storage::audit_record& e) {
  if (storage::is_redaction_marker(e.changes)) return false;
  if (compute_hash(e) != e.hash)
    throw_error(errc::invalid_argument,
                fmt::format("audit entry {} is not in format v3 (or does not match its hash): its changes cannot be "
                            "redacted without breaking the chain", e.seq));
  tx.redact_audit(e.seq, redaction_marker(e.changes));
  return true;
}

verify_result verify(const std::vector<storage::audit_record>& entries,
                     const std::optional<checkpoint>& cp) {
  chain_verifier v(cp);
  for (const auto& e : entries)
    if (!v.feed(e)) break;
  return v.finish();
}

verify_result verify(storage::backend& store, const std::optional<checkpoint>& cp) {
  return verify(store, cp, 1000);
}

verify_result verify(storage::backend& store, const std::optional<checkpoint>& cp,
                     std::size_t page_size) {
  if (page_size == 0) throw_error(errc::invalid_argument, "verify page_size must be > 0");
  chain_verifier v(cp);
  auto tx = store.begin(storage::tx_mode::read_only);
  // The store's head, read first: the walk must reach it with the same hash. Read before the
  // walk so that, in an adapter without snapshot reads, entries committed meanwhile only add
  // to the trail instead of looking like a mismatch.
  // An entry the adapter cannot decode (errc::corrupt, e.g. a doctored time) breaks the trail:
  // it is reported at that entry, never thrown. An unreadable head is found by the walk.
  try {
    if (auto head = tx->last_audit()) v.add_store_head(head->seq, std::move(head->hash));
  } catch (const error& e) {
    if (e.code() != errc::corrupt) throw;
  }
  storage::audit_query q;
  q.limit = page_size;
  // Pages until an empty one: a short page is not taken as the end, so an adapter (or a
  // doctored store) that returns fewer entries than asked cannot hide the rest of the trail.
  for (q.from_seq = 1;;) {
    std::vector<storage::audit_record> page;
    try {
      page = tx->scan_audit(q);
    } catch (const error& e) {
      if (e.code() != errc::corrupt) throw;
      if (q.limit > 1) {  // re-read one entry at a time up to the unreadable one
        q.limit = 1;
        continue;
      }
      v.unreadable(e.what());
      return v.finish();
    }
    if (page.empty()) break;
    for (const auto& e : page)
      if (!v.feed(e)) return v.finish();
    q.from_seq = page.back().seq + 1;  // feed() accepted it, so seqs ascend without gaps
  }
  return v.finish();
}

checkpoint make_checkpoint(storage::backend& store) {
  auto tx = store.begin(storage::tx_mode::read_only);
  checkpoint cp;
  if (auto last = tx->last_audit()) {
    cp.seq = last->seq;
    cp.head_hash = std::move(last->hash);
  }
  return cp;
}

checkpoint to_checkpoint(const verify_result& r) {
  if (!r.ok) throw_error(errc::invalid_argument, "a failed verification proves no checkpoint");
  return checkpoint{r.entries, r.head_hash};
}

std::string format_checkpoint(const checkpoint& cp) {
  check_checkpoint(cp);
  return fmt::format("itsm-audit-checkpoint seq={} head={}", cp.seq,
                     cp.head_hash.empty() ? std::string("-") : cp.head_hash);
}

checkpoint parse_checkpoint(std::string_view text) {
  constexpr std::string_view prefix = "itsm-audit-checkpoint seq=";
  auto bad = [&]() -> checkpoint {
    throw_error(errc::invalid_argument, fmt::format("not an audit checkpoint: '{}'", text));
  };
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.remove_suffix(1);
  if (!text.starts_with(prefix)) return bad();
  text.remove_prefix(prefix.size());
  checkpoint cp;
  // The number as format_checkpoint writes it: decimal digits, no sign, no leading zero.
  const auto digits = text.substr(0, text.find_first_not_of("0123456789"));
  if (digits.empty() || (digits.size() > 1 && digits[0] == '0')) return bad();
  const auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), cp.seq);
  if (ec != std::errc{} || p != digits.data() + digits.size()) return bad();
  std::string_view rest(p, static_cast<std::size_t>(text.data() + text.size() - p));
  if (!rest.starts_with(" head=")) return bad();
  rest.remove_prefix(6);
  if (cp.seq == 0) {
    if (rest != "-") return bad();
    return cp;
  }
  if (rest.size() != 64) return bad();
  for (char c : rest)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return bad();
  cp.head_hash = std::string(rest);
  return cp;
}

}  // namespace itsm::audit
