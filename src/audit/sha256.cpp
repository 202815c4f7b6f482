#include "sha256.hpp"

#include <openssl/evp.h>

#include "itsm/core/error.hpp"

namespace itsm::audit::detail {

namespace {

const EVP_MD* sha256_md() {
  // Fetched once: avoids the implicit per-call fetch of EVP_sha256() in OpenSSL 3.
  static const EVP_MD* md = [] {
    const EVP_MD* m = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    return m != nullptr ? m : EVP_sha256();
  }();
  return md;
}

// Value of each lower-case hex digit, -1 for every other byte (a table: from_hex runs once per
// audit entry in verify_records).
constexpr std::array<signed char, 256> hex_values = [] {
  std::array<signed char, 256> t{};
  for (auto& v : t) v = -1;
  for (int c = '0'; c <= '9'; ++c) t[static_cast<std::size_t>(c)] = static_cast<signed char>(c - '0');
  for (int c = 'a'; c <= 'f'; ++c) t[static_cast<std::size_t>(c)] = static_cast<signed char>(c - 'a' + 10);
  return t;
}();

int hex_digit(char c) noexcept { return hex_values[static_cast<unsigned char>(c)]; }

}  // namespace

digest sha256(std::string_view bytes) {
  struct ctx_holder {
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    ~ctx_holder() { EVP_MD_CTX_free(ctx); }
  };
  thread_local ctx_holder holder;
  digest md{};
  unsigned len = 0;
  EVP_MD_CTX* ctx = holder.ctx;
  if (ctx == nullptr || EVP_DigestInit_ex2(ctx, sha256_md(), nullptr) != 1 ||
      EVP_DigestUpdate(ctx, bytes.data(), bytes.size()) != 1 ||
      EVP_DigestFinal_ex(ctx, md.data(), &len) != 1 || len != md.size())
    throw_error(errc::unavailable, "SHA-256 failed in OpenSSL libcrypto");
  return md;
}

std::string to_hex(const digest& d) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string s(2 * d.size(), '0');
  for (std::size_t i = 0; i < d.size(); ++i) {
    s[2 * i] = digits[d[i] >> 4];
    s[2 * i + 1] = digits[d[i] & 0x0f];
  }
  return s;
}

bool from_hex(std::string_view hex, digest& out) noexcept {
  if (hex.size() != 2 * out.size()) return false;
  for (std::size_t i = 0; i < out.size(); ++i) {
    const int hi = hex_digit(hex[2 * i]), lo = hex_digit(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return false;
    out[i] = static_cast<unsigned char>(hi << 4 | lo);
  }
  return true;
}

}  // namespace itsm::audit::detail
