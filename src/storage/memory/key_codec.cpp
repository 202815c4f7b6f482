#include "key_codec.hpp"

#include <limits>

#include "itsm/core/error.hpp"

namespace itsm::storage::detail {

namespace {
void append_u64(std::string& out, std::uint64_t u) {
  char b[8];
  for (int i = 7; i >= 0; --i) {
    b[i] = static_cast<char>(u & 0xffu);
    u >>= 8;
  }
  out.append(b, 8);
}

void append_i64(std::string& out, std::int64_t i) {
  append_u64(out, static_cast<std::uint64_t>(i) ^ (std::uint64_t{1} << 63));
}

// Special instants: -infinity first, +infinity after every real instant, not-a-date-time last.
std::int64_t time_rank(const timestamp& t) {
  if (t.is_neg_infinity()) return std::numeric_limits<std::int64_t>::min();
  if (t.is_pos_infinity()) return std::numeric_limits<std::int64_t>::max() - 1;
  if (t.is_special()) return std::numeric_limits<std::int64_t>::max();
  return to_unix_micros(t);
}
}  // namespace

void append_key(std::string& out, const value& v) {
  if (v.is_null()) {
    out.push_back(key_tag_null);
    return;
  }
  out.push_back(key_tag_present);
  switch (v.type()) {
    case value_type::null: break;
    case value_type::boolean: out.push_back(v.as_bool() ? 1 : 0); break;
    case value_type::integer: append_i64(out, v.as_int()); break;
    case value_type::real: {
      double d = v.as_real();
      if (d != d) {  // every NaN: one key, after +infinity
        append_u64(out, ~std::uint64_t{0});
        break;
      }
      if (d == 0.0) d = 0.0;  // -0.0 equals 0.0
      std::uint64_t bits;
      std::memcpy(&bits, &d, sizeof bits);
      append_u64(out, (bits >> 63) ? ~bits : bits | (std::uint64_t{1} << 63));
      break;
    }
    case value_type::text:
      // 0x00 -> 01 01, 0x01 -> 01 02, then a 00 terminator: shorter strings sort first.
      for (char c : v.as_text()) {
        if (c == 0 || c == 1) {
          out.push_back(1);
          out.push_back(static_cast<char>(c + 1));
        } else {
          out.push_back(c);
        }
      }
      out.push_back(0);
      break;
    case value_type::time: append_i64(out, time_rank(v.as_time())); break;
  }
}

std::optional<std::string> prefix_successor(std::string_view prefix) {
  std::string s(prefix);
  while (!s.empty() && static_cast<unsigned char>(s.back()) == 0xff) s.pop_back();
  if (s.empty()) return std::nullopt;
  s.back() = static_cast<char>(static_cast<unsigned char>(s.back()) + 1);
  return s;
}

ix_key::ix_key(std::string_view bytes, std::size_t field_len)
    : len_(static_cast<std::uint32_t>(bytes.size())), flen_(static_cast<std::uint32_t>(field_len)) {
  if (bytes.size() > std::numeric_limits<std::uint32_t>::max())
    throw_error(errc::invalid_argument, "index key too long");
  if (len_ > inline_cap) {
    heap_ = new char[len_];
    std::memcpy(heap_, bytes.data(), len_);
  } else {
    std::memcpy(buf_, bytes.data(), len_);
  }
}

ix_key::ix_key(ix_key&& o) noexcept : len_(o.len_), flen_(o.flen_) {
  if (len_ > inline_cap) {
    heap_ = o.heap_;
    o.len_ = 0;
    o.flen_ = 0;
  } else {
    std::memcpy(buf_, o.buf_, len_);
  }
}

}  // namespace itsm::storage::detail
