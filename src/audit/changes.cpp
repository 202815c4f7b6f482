// The byte-stable `changes` JSON: a hand-written writer (so the bytes never depend on a JSON
// library's formatting choices) and an nlohmann-json reader.
#include "itsm/audit/changes.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

#include "itsm/core/text.hpp"
#include "itsm/storage/audit_record.hpp"

namespace itsm::audit {

namespace {

// Printable ASCII other than '"' and '\\' is copied as is.
bool plain(unsigned char c) { return c >= 0x20 && c < 0x80 && c != '"' && c != '\\'; }

void put_string(std::string& out, std::string_view s) {
  out += '"';
  for (std::size_t i = 0; i < s.size();) {
    // A run of plain bytes in one append: most text is, and this runs for every audited field.
    std::size_t run = i;
    while (run < s.size() && plain(static_cast<unsigned char>(s[run]))) ++run;
    if (run > i) {
      out.append(s.data() + i, run - i);
      i = run;
      continue;
    }
    const auto c = static_cast<unsigned char>(s[i]);
    switch (c) {
      case '"': out += "\\\""; ++i; continue;
      case '\\': out += "\\\\"; ++i; continue;
      case '\b': out += "\\b"; ++i; continue;
      case '\f': out += "\\f"; ++i; continue;
      case '\n': out += "\\n"; ++i; continue;
      case '\r': out += "\\r"; ++i; continue;
      case '\t': out += "\\t"; ++i; continue;
      default: break;
    }
    if (c < 0x20) {
      out += fmt::format("\\u{:04x}", unsigned{c});
      ++i;
    } else if (const std::size_t n = utf8_sequence_length(s, i); n > 0) {
      out.append(s.substr(i, n));
      i += n;
    } else {
      out += "\xEF\xBF\xBD";  // U+FFFD for a byte that is not valid UTF-8
      ++i;
    }
  }
  out += '"';
}

void put_value(std::string& out, const value& v) {
  switch (v.type()) {
    case value_type::null: out += "null"; return;
    case value_type::boolean: out += v.as_bool() ? "true" : "false"; return;
    case value_type::integer: out += std::to_string(v.as_int()); return;
    case value_type::real: {
      const double d = v.as_real();
      if (std::isnan(d)) return put_string(out, "NaN");
      if (std::isinf(d)) return put_string(out, d > 0 ? "Infinity" : "-Infinity");
      std::string t = fmt::format("{}", d);  // shortest text that round-trips
      if (t.find_first_of(".e") == std::string::npos) t += ".0";
      out += t;
      return;
    }
    case value_type::text: return put_string(out, v.as_text());
    case value_type::time: return put_string(out, to_iso(v.as_time()));
  }
}

[[noreturn]] void corrupt(std::string_view why) {
  throw_error(errc::corrupt, fmt::format("audit changes document: {}", why));
}

value scalar(const nlohmann::json& j, const std::string& field) {
  using t = nlohmann::json::value_t;
  switch (j.type()) {
    case t::null: return value{};
    case t::boolean: return value{j.get<bool>()};
    case t::number_integer: return value{j.get<std::int64_t>()};
    case t::number_unsigned: {
      const auto u = j.get<std::uint64_t>();
      if (u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
        corrupt(fmt::format("field '{}': integer out of range", field));
      return value{static_cast<std::int64_t>(u)};
    }
    case t::number_float: return value{j.get<double>()};
    case t::string: return value{j.get<std::string>()};
    default: corrupt(fmt::format("field '{}': value is not a scalar", field));
  }
}

}  // namespace

std::string encode_value(const value& v) {
  std::string out;
  put_value(out, v);
  return out;
}

std::string encode_changes(std::vector<field_change> changes) {
  std::sort(changes.begin(), changes.end(),
            [](const field_change& a, const field_change& b) { return a.field < b.field; });
  std::string out = "{";
  for (std::size_t i = 0; i < changes.size(); ++i) {
    const auto& c = changes[i];
    if (c.field.empty()) throw_error(errc::invalid_argument, "changes: empty field name");
    if (i > 0 && changes[i - 1].field == c.field)
      throw_error(errc::invalid_argument, fmt::format("changes: field '{}' twice", c.field));
    if (i > 0) out += ',';
    put_string(out, c.field);
    out += ":[";
    put_value(out, c.before);
    out += ',';
    put_value(out, c.after);
    out += ']';
  }
  out += '}';
  return out;
}

std::vector<field_change> diff(const storage::schema& s, const storage::record& before,
                               const storage::record& after) {
  const auto n = s.fields.size();
  const bool created = before.values.empty(), erased = after.values.empty();
  if ((!created && before.values.size() != n) || (!erased && after.values.size() != n))
    throw_error(errc::invalid_argument,
                fmt::format("diff: records do not fit schema '{}' ({} fields)", s.kind, n));
  static const value null_value;
  std::vector<field_change> out;
  for (std::size_t i = 0; i < n; ++i) {
    const value& b = created ? null_value : before.values[i];
    const value& a = erased ? null_value : after.values[i];
    if (!(a == b)) out.push_back({s.fields[i].name, b, a});
  }
  return out;
}

std::vector<field_change> decode_changes(std::string_view json) {
  if (storage::is_redaction_marker(json)) return {};  // disposed of: the values are gone
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(json.begin(), json.end());
  } catch (const nlohmann::json::exception& e) {
    corrupt(fmt::format("not JSON ({})", e.what()));
  }
  if (!doc.is_object()) corrupt("not a JSON object");
  std::vector<field_change> out;
  out.reserve(doc.size());
  for (const auto& [field, pair] : doc.items()) {
    if (!pair.is_array() || pair.size() != 2)
      corrupt(fmt::format("field '{}' is not a [before, after] pair", field));
    out.push_back({field, scalar(pair[0], field), scalar(pair[1], field)});
  }
  return out;
}

std::vector<field_change> decode_changes(std::string_view json, const storage::schema& s) {
  auto out = decode_changes(json);
  const auto restore = [&](value& v, value_type type, const std::string& field) {
    if (type == value_type::time && v.type() == value_type::text) {
      try {
        v = value{parse_iso(v.as_text())};
      } catch (const error&) {
        corrupt(fmt::format("time field '{}' holds '{}'", field, v.as_text()));
      }
    } else if (type == value_type::real && v.type() == value_type::integer) {
      v = value{static_cast<double>(v.as_int())};
    }
  };
  for (auto& c : out) {
    if (const auto i = s.field_index(c.field)) {
      const value_type type = s.fields[*i].type;
      restore(c.before, type, c.field);
      restore(c.after, type, c.field);
    }
  }
  return out;
}

std::string encode_violations(const std::vector<violation>& violations) {
  std::string out = "{\"violations\":[";
  for (std::size_t i = 0; i < violations.size(); ++i) {
    if (i > 0) out += ',';
    out += "{\"message\":";
    put_string(out, violations[i].message);
    out += ",\"rule\":";
    put_string(out, violations[i].rule);
    out += '}';
  }
  out += "]}";
  return out;
}

}  // namespace itsm::audit
