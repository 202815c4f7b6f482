#include "query_cursor.hpp"

#include <charconv>
#include <cstring>

#include "itsm/core/error.hpp"

namespace itsm::detail {

namespace {

constexpr std::uint8_t cursor_version = 1;
constexpr std::size_t max_cursor_bytes = 64 * 1024;

std::uint64_t fnv1a(std::string_view bytes, std::uint64_t h = 0xcbf29ce484222325ULL) {
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

void put_u64(std::string& out, std::uint64_t v) {
  for (int i = 7; i >= 0; --i) out += static_cast<char>((v >> (8 * i)) & 0xff);
}
void put_u32(std::string& out, std::uint32_t v) {
  for (int i = 3; i >= 0; --i) out += static_cast<char>((v >> (8 * i)) & 0xff);
}

std::string value_bytes(const value& v) {
  switch (v.type()) {
    case value_type::null: return {};
    case value_type::boolean: return v.as_bool() ? "1" : "0";
    case value_type::integer: return std::to_string(v.as_int());
    case value_type::real: {
      char buf[64];
      const auto r = std::to_chars(buf, buf + sizeof buf, v.as_real());
      return std::string(buf, r.ptr);
    }
    case value_type::text: return v.as_text();
    case value_type::time: return to_iso(v.as_time());
  }
  return {};
}

[[noreturn]] void malformed() { throw_error(errc::invalid_argument, "query cursor is malformed or was altered"); }

class reader {
 public:
  explicit reader(std::string_view b) : b_(b) {}
  std::uint64_t u64() {
    need(8);
    std::uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v = (v << 8) | static_cast<unsigned char>(b_[pos_++]);
    return v;
  }
  std::uint32_t u32() {
    need(4);
    std::uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v = (v << 8) | static_cast<unsigned char>(b_[pos_++]);
    return v;
  }
  std::uint8_t u8() {
    need(1);
    return static_cast<unsigned char>(b_[pos_++]);
  }
  std::string_view bytes(std::size_t n) {
    need(n);
    auto s = b_.substr(pos_, n);
    pos_ += n;
    return s;
  }
  bool done() const { return pos_ == b_.size(); }

 private:
  void need(std::size_t n) const {
    if (b_.size() - pos_ < n) malformed();
  }
  std::string_view b_;
  std::size_t pos_ = 0;
};

template <class N>
N parse_number(std::string_view s) {
  N n{};
  const auto r = std::from_chars(s.data(), s.data() + s.size(), n);
  if (r.ec != std::errc() || r.ptr != s.data() + s.size() || s.empty()) malformed();
  return n;
}

value parse_value(value_type t, std::string_view s) {
  switch (t) {
    case value_type::null: if (!s.empty()) malformed(); return value{};
    case value_type::boolean:
      if (s == "1") return value(true);
      if (s == "0") return value(false);
      malformed();
    case value_type::integer: return value(parse_number<std::int64_t>(s));
    case value_type::real: {
      const double d = parse_number<double>(s);
      if (d != d) malformed();
      return value(d);
    }
    case value_type::text: return value(s);
    case value_type::time:
      try {
        return value(parse_iso(s));
      } catch (const error&) {
        malformed();
      }
  }
  malformed();
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

}  // namespace

std::uint64_t fingerprint(std::string_view canonical) { return fnv1a(canonical); }

std::string encode_cursor(std::uint64_t fp, const storage::keyset& at) {
  std::string b;
  b += static_cast<char>(cursor_version);
  put_u64(b, fp);
  b += static_cast<char>(static_cast<std::uint8_t>(at.order_value.type()));
  const auto v = value_bytes(at.order_value);
  put_u32(b, static_cast<std::uint32_t>(v.size()));
  b += v;
  put_u32(b, static_cast<std::uint32_t>(at.id.size()));
  b += at.id;
  put_u64(b, fnv1a(b, 0x84222325cbf29ce4ULL));
  static constexpr char digits[] = "0123456789abcdef";
  std::string out = "c";
  out.reserve(1 + 2 * b.size());
  for (unsigned char c : b) {
    out += digits[c >> 4];
    out += digits[c & 15];
  }
  return out;
}

storage::keyset decode_cursor(std::string_view cursor, std::uint64_t fp, value_type order_type, bool order_by_id) {
  if (cursor.size() < 3 || cursor.size() > 2 * max_cursor_bytes || cursor[0] != 'c' || cursor.size() % 2 != 1)
    malformed();
  std::string b;
  b.reserve(cursor.size() / 2);
  for (std::size_t i = 1; i < cursor.size(); i += 2) {
    const int hi = hex_digit(cursor[i]), lo = hex_digit(cursor[i + 1]);
    if (hi < 0 || lo < 0) malformed();
    b += static_cast<char>(hi * 16 + lo);
  }
  if (b.size() < 8) malformed();
  const std::string_view body(b.data(), b.size() - 8);
  reader sum(std::string_view(b).substr(b.size() - 8));
  if (sum.u64() != fnv1a(body, 0x84222325cbf29ce4ULL)) malformed();
  reader r(body);
  if (r.u8() != cursor_version) malformed();
  const bool same_query = r.u64() == fp;
  const auto tag = r.u8();
  if (tag > static_cast<std::uint8_t>(value_type::time)) malformed();
  const auto vbytes = r.bytes(r.u32());
  const auto id = r.bytes(r.u32());
  if (!r.done() || id.empty()) malformed();
  const auto t = static_cast<value_type>(tag);
  if (!same_query || (t != value_type::null && t != order_type))
    throw_error(errc::invalid_argument, "query cursor belongs to another query (its kind, filter or order differ)");
  storage::keyset k{parse_value(t, vbytes), std::string(id)};
  if (order_by_id && (k.order_value.is_null() || k.order_value.as_text() != k.id)) malformed();
  return k;
}

}  // namespace itsm::detail
