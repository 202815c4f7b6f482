// Canonical encoding of an audit entry and its SHA-256.
#include <string>

#include "itsm/audit/trail.hpp"
#include "sha256.hpp"

namespace itsm::audit {

namespace {

// Legacy formats, still verified: v1 for entries without a record_hash, v2 the same fields then
// record_hash. v3 (every entry written now): the SHA-256 of `changes` in place of the text, and
// record_hash always, so `changes` can later give way to a redaction marker.
constexpr std::string_view format_tag_v1 = "itsm-audit-v1\n";
constexpr std::string_view format_tag_v2 = "itsm-audit-v2\n";
constexpr std::string_view format_tag_v3 = "itsm-audit-v3\n";
constexpr std::string_view marker_head = "{\"redacted\":\"sha256:";

void put_field(std::string& out, std::string_view bytes) {
  out += std::to_string(bytes.size());
  out += ':';
  out += bytes;
  out += ',';
}

// Real instants as microseconds since the epoch; special values (never appended, but a
// tampered store could hold one) get tokens of their own so encoding never throws.
std::string time_field(timestamp t) {
  if (t.is_not_a_date_time()) return "not-a-date-time";
  if (t.is_pos_infinity()) return "+infinity";
  if (t.is_neg_infinity()) return "-infinity";
  return std::to_string(to_unix_micros(t));
}

}  // namespace

std::string changes_digest(std::string_view changes) {
  if (storage::is_redaction_marker(changes)) return std::string(changes.substr(marker_head.size(), 64));
  return detail::to_hex(detail::sha256(changes));
}

std::string redaction_marker(std::string_view changes) {
  return std::string(marker_head) + detail::to_hex(detail::sha256(changes)) + "\"}";
}

std::string canonical_encoding(const storage::audit_record& e, entry_format f) {
  std::string out;
  const bool v3 = f == entry_format::v3;
  const bool v2 = !v3 && !e.record_hash.empty();
  out.reserve(format_tag_v3.size() + 200 + e.record_hash.size() + e.prev_hash.size() + e.actor.size() +
              e.action.size() + e.kind.size() + e.object_id.size() + e.outcome.size() +
              (v3 ? 0 : e.changes.size()) + e.reason.size() + e.reference.size());
  out += v3 ? format_tag_v3 : v2 ? format_tag_v2 : format_tag_v1;
  put_field(out, e.prev_hash);
  put_field(out, std::to_string(e.seq));
  put_field(out, time_field(e.at));
  put_field(out, e.actor);
  put_field(out, e.action);
  put_field(out, e.kind);
  put_field(out, e.object_id);
  put_field(out, std::to_string(e.revision));
  put_field(out, e.outcome);
  put_field(out, v3 ? changes_digest(e.changes) : e.changes);
  put_field(out, e.reason);
  put_field(out, e.reference);
  if (v3 || v2) put_field(out, e.record_hash);
  return out;
}

std::string compute_hash(const storage::audit_record& e, entry_format f) {
  return detail::to_hex(detail::sha256(canonical_encoding(e, f)));
}

}  // namespace itsm::audit
