// The canonical encoding of a stored record and its content hash (itsm/audit/records.hpp).
#include <charconv>
#include <cmath>

#include "itsm/audit/records.hpp"
#include "itsm/core/error.hpp"
#include "sha256.hpp"

namespace itsm::audit {

namespace {

constexpr std::string_view record_tag = "itsm-record-v1\n";

void put(std::string& out, char tag, std::string_view bytes) {
  char len[24];
  const auto end = std::to_chars(len, len + sizeof len, bytes.size()).ptr;
  out += tag;
  out.append(len, end);
  out += ':';
  out += bytes;
  out += ',';
}

template <class Number>
void put_number(std::string& out, char tag, Number n) {
  char buf[40];
  const auto end = std::to_chars(buf, buf + sizeof buf, n).ptr;
  put(out, tag, std::string_view(buf, static_cast<std::size_t>(end - buf)));
}

void put_value(std::string& out, const value& v) {
  switch (v.type()) {
    case value_type::null: put(out, 'n', {}); break;
    case value_type::boolean: put(out, 'b', v.as_bool() ? "1" : "0"); break;
    case value_type::integer: put_number(out, 'i', v.as_int()); break;
    case value_type::real: {
      const double d = v.as_real();
      put_number(out, 'f', d == 0.0 ? 0.0 : d);  // -0 reads back as 0 from some stores
      break;
    }
    case value_type::text: put(out, 's', v.as_text()); break;
    case value_type::time: put_number(out, 't', to_unix_micros(v.as_time())); break;
  }
}

void encode(std::string& out, std::string_view kind, std::string_view id, std::int64_t revision,
            const std::vector<value>& values) {
  std::size_t n = values.size();
  while (n > 0 && values[n - 1].is_null()) --n;  // trailing nulls: see records.hpp
  out += record_tag;
  put(out, 'k', kind);
  put(out, 'd', id);
  put_number(out, 'r', revision);
  for (std::size_t i = 0; i < n; ++i) put_value(out, values[i]);
}

}  // namespace

std::string record_encoding(std::string_view kind, std::string_view id, std::int64_t revision,
                            const std::vector<value>& values) {
  std::string out;
  encode(out, kind, id, revision, values);
  return out;
}

std::string record_hash(std::string_view kind, std::string_view id, std::int64_t revision,
                        const std::vector<value>& values) {
  return detail::to_hex(detail::record_digest(kind, id, revision, values));
}

std::string_view to_string(record_problem p) noexcept {
  switch (p) {
    case record_problem::content_changed: return "content_changed";
    case record_problem::not_in_trail: return "not_in_trail";
    case record_problem::missing: return "missing";
    case record_problem::wrong_revision: return "wrong_revision";
    case record_problem::sequence_behind: return "sequence_behind";
    case record_problem::not_hashed: return "not_hashed";
    case record_problem::redacted_not_disposed: return "redacted_not_disposed";
  }
  return "unknown";
}

namespace detail {

digest record_digest(std::string_view kind, std::string_view id, std::int64_t revision,
                     const std::vector<value>& values) {
  thread_local std::string buffer;
  buffer.clear();
  encode(buffer, kind, id, revision, values);
  return sha256(buffer);
}

}  // namespace detail

}  // namespace itsm::audit
