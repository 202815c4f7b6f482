// SHA-256 through OpenSSL libcrypto, kept private to the audit layer: one digest context per
// thread, reused (creating one per call costs more than hashing a typical entry or record).
// Thread-safety: each thread uses its own context.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "itsm/core/value.hpp"

namespace itsm::audit::detail {

using digest = std::array<unsigned char, 32>;

// Errors: unavailable (libcrypto failed).
digest sha256(std::string_view bytes);

// 64 lower-case hex digits.
std::string to_hex(const digest& d);

// Parses 64 lower-case hex digits; false for anything else.
bool from_hex(std::string_view hex, digest& out) noexcept;

// SHA-256 of record_encoding(kind, id, revision, values), encoded into a per-thread buffer
// (no allocation once warm). Defined in records.cpp.
digest record_digest(std::string_view kind, std::string_view id, std::int64_t revision,
                     const std::vector<value>& values);

}  // namespace itsm::audit::detail
