// Query cursors: the keyset position of a page's last record, bound to the query it came from.
// Text form: "c" then lowercase hex of: version byte, 8-byte fingerprint of the query
// (canonical_text), the order value (type byte, length, bytes), the id (length, bytes), and an
// 8-byte checksum of all of that. Decoding is strict: anything else is invalid_argument, never
// a crash or a foreign exception. The checksum catches damage, not forgery; a forged cursor
// only moves the page start, since the caller's scope is applied to every page anyway.
// Not stable API. Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "itsm/storage/query.hpp"

namespace itsm::detail {

std::uint64_t fingerprint(std::string_view canonical);

std::string encode_cursor(std::uint64_t fingerprint, const storage::keyset& at);

// REQUIRES: order_type is the type of the query's order field (text for "id").
// Errors: invalid_argument — malformed or altered ("…is malformed or was altered"), or made
// by another query ("…belongs to another query").
storage::keyset decode_cursor(std::string_view cursor, std::uint64_t fingerprint, value_type order_type,
                              bool order_by_id);

}  // namespace itsm::detail
