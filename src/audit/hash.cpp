// Canonical encoding of an audit entry and its SHA-256 (OpenSSL libcrypto, kept private here).
#include <openssl/evp.h>

#include <array>
#include <string>

#include "itsm/audit/trail.hpp"
#include "itsm/core/error.hpp"

namespace itsm::audit {

namespace {

constexpr std::string_view format_tag = "itsm-audit-v1\n";

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

const EVP_MD* sha256() {
  // Fetched once: avoids the implicit per-call fetch of EVP_sha256() in OpenSSL 3.
  static const EVP_MD* md = [] {
    const EVP_MD* m = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    return m != nullptr ? m : EVP_sha256();
  }();
  return md;
}

std::string to_hex(const unsigned char* p, unsigned n) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string s(2 * std::size_t{n}, '0');
  for (unsigned i = 0; i < n; ++i) {
    s[2 * i] = digits[p[i] >> 4];
    s[2 * i + 1] = digits[p[i] & 0x0f];
  }
  return s;
}

}  // namespace

std::string canonical_encoding(const storage::audit_record& e) {
  std::string out;
  out.reserve(format_tag.size() + 128 + e.prev_hash.size() + e.actor.size() + e.action.size() +
              e.kind.size() + e.object_id.size() + e.outcome.size() + e.changes.size() +
              e.reason.size() + e.reference.size());
  out += format_tag;
  put_field(out, e.prev_hash);
  put_field(out, std::to_string(e.seq));
  put_field(out, time_field(e.at));
  put_field(out, e.actor);
  put_field(out, e.action);
  put_field(out, e.kind);
  put_field(out, e.object_id);
  put_field(out, std::to_string(e.revision));
  put_field(out, e.outcome);
  put_field(out, e.changes);
  put_field(out, e.reason);
  put_field(out, e.reference);
  return out;
}

std::string compute_hash(const storage::audit_record& e) {
  // One digest context per thread, reused: creating one per call costs more than hashing a
  // typical entry.
  struct ctx_holder {
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    ~ctx_holder() { EVP_MD_CTX_free(ctx); }
  };
  thread_local ctx_holder holder;
  const std::string bytes = canonical_encoding(e);
  std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
  unsigned len = 0;
  EVP_MD_CTX* ctx = holder.ctx;
  if (ctx == nullptr || EVP_DigestInit_ex2(ctx, sha256(), nullptr) != 1 ||
      EVP_DigestUpdate(ctx, bytes.data(), bytes.size()) != 1 ||
      EVP_DigestFinal_ex(ctx, md.data(), &len) != 1)
    throw_error(errc::unavailable, "SHA-256 failed in OpenSSL libcrypto");
  return to_hex(md.data(), len);
}

}  // namespace itsm::audit
