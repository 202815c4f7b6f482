// Order-preserving byte encoding of index keys for the memory adapter: comparing two encoded keys
// with memcmp gives the same order as comparing the values field by field (null first), so one
// ordered index over plain bytes answers prefix and range lookups without touching itsm::value.
// Thread-safety: pure functions and a value type.
#pragma once

#include <cstdint>
#include <cstring>
#include <compare>
#include <optional>
#include <string>
#include <string_view>

#include "itsm/core/value.hpp"

namespace itsm::storage::detail {

inline constexpr char key_tag_null = 0x00;     // a null field sorts before any value
inline constexpr char key_tag_present = 0x01;  // followed by the value's bytes

// The first sixteen bytes of a byte string as two big-endian integers, zero-padded: comparing
// heads orders as memcmp does wherever they differ (a shorter string that is a prefix of a longer
// one gets the smaller head or an equal one), so bulk sorts compare the strings only on a tie.
struct byte_head {
  std::uint64_t hi = 0, lo = 0;
  explicit byte_head(std::string_view s) noexcept {
    for (std::size_t b = 0; b < 16; ++b) {
      const std::uint64_t c = b < s.size() ? static_cast<unsigned char>(s[b]) : 0u;
      (b < 8 ? hi : lo) = ((b < 8 ? hi : lo) << 8) | c;
    }
  }
  // Strict byte order of (head, whole string).
  static bool less(const byte_head& ha, std::string_view a, const byte_head& hb, std::string_view b) noexcept {
    if (ha.hi != hb.hi) return ha.hi < hb.hi;
    if (ha.lo != hb.lo) return ha.lo < hb.lo;
    return a < b;
  }
};

// Appends the self-delimiting encoding of `v` (null, or a value of the field's type).
// Within one type the byte order is the value order; incomparable values (see incomparable())
// come after every other value of their type and encode alike (the order of sort_compare()).
void append_key(std::string& out, const value& v);

// NaN reals and not-a-date-time timestamps: value's <=> calls them "equal" to everything, which no
// byte order can reproduce; the planner never answers range conditions on them from an index.
inline bool incomparable(const value& v) noexcept {
  if (v.type() == value_type::real) return v.as_real() != v.as_real();  // NaN
  return v.type() == value_type::time && v.as_time().is_not_a_date_time();
}

// The scan order of field values: value's <=>, except that incomparable values sort after every
// other value of their type and equal each other (so that sorting is a strict weak order).
inline std::strong_ordering sort_compare(const value& a, const value& b) {
  if (a.type() == b.type()) {
    const bool ia = incomparable(a), ib = incomparable(b);
    if (ia || ib) return ia <=> ib;
  }
  return a <=> b;
}

// The smallest byte string greater than every string that starts with `prefix`, or nullopt when
// there is none (prefix empty or all 0xff).
std::optional<std::string> prefix_successor(std::string_view prefix);

// An encoded index key: the fields' encoding followed by the raw record id (which makes keys
// unique and orders equal field values by id). Short keys live inline: no allocation, and a
// comparison touches only the index node.
class ix_key {
 public:
  ix_key(std::string_view bytes, std::size_t field_len);
  ix_key(const ix_key& o) : ix_key(o.all(), o.flen_) {}
  ix_key(ix_key&& o) noexcept;
  ix_key& operator=(const ix_key&) = delete;
  ix_key& operator=(ix_key&&) = delete;
  ~ix_key() {
    if (len_ > inline_cap) delete[] heap_;
  }

  std::string_view all() const noexcept { return {data(), len_}; }
  std::string_view fields() const noexcept { return {data(), flen_}; }

 private:
  static constexpr std::uint32_t inline_cap = 48;
  const char* data() const noexcept { return len_ > inline_cap ? heap_ : buf_; }

  std::uint32_t len_;
  std::uint32_t flen_;
  union {
    char buf_[inline_cap];
    char* heap_;
  };
};

}  // namespace itsm::storage::detail
