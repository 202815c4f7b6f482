#include "itsm/storage/schema.hpp"

#include <fmt/format.h>

#include <set>

#include "itsm/core/error.hpp"

namespace itsm::storage {

namespace {
bool is_identifier(std::string_view s) {
  if (s.empty() || s.size() > 63 || !(s[0] >= 'a' && s[0] <= 'z')) return false;
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  return true;
}

[[noreturn]] void bad(const schema& s, const std::string& what) {
  throw_error(errc::invalid_argument, fmt::format("schema '{}': {}", s.kind, what));
}
}  // namespace

std::optional<std::size_t> schema::field_index(std::string_view name) const {
  for (std::size_t i = 0; i < fields.size(); ++i)
    if (fields[i].name == name) return i;
  return std::nullopt;
}

void schema::validate() const {
  if (!is_identifier(kind)) bad(*this, "kind must match [a-z][a-z0-9_]* (at most 63 chars)");
  if (version < 1) bad(*this, "version must be at least 1");
  std::set<std::string_view> names;
  for (const auto& f : fields) {
    if (!is_identifier(f.name)) bad(*this, fmt::format("field name '{}' is not an identifier", f.name));
    if (f.name == "id" || f.name == "revision") bad(*this, fmt::format("field name '{}' is reserved", f.name));
    if (f.type == value_type::null) bad(*this, fmt::format("field '{}' has type null", f.name));
    if (!names.insert(f.name).second) bad(*this, fmt::format("field '{}' is declared twice", f.name));
  }
  std::set<std::string_view> index_names;
  for (const auto& ix : indexes) {
    if (!is_identifier(ix.name)) bad(*this, fmt::format("index name '{}' is not an identifier", ix.name));
    if (!index_names.insert(ix.name).second) bad(*this, fmt::format("index '{}' is declared twice", ix.name));
    if (ix.fields.empty()) bad(*this, fmt::format("index '{}' has no fields", ix.name));
    for (const auto& f : ix.fields)
      if (!field_index(f)) bad(*this, fmt::format("index '{}' names unknown field '{}'", ix.name, f));
  }
  std::set<std::string_view> text;
  for (const auto& t : text_fields) {
    const auto i = field_index(t);
    if (!i || fields[*i].type != value_type::text)
      bad(*this, fmt::format("text field '{}' is not a field of type text", t));
    if (!text.insert(t).second) bad(*this, fmt::format("text field '{}' is declared twice", t));
  }
  if (text_only_when) {
    if (text_fields.empty()) bad(*this, "a text filter needs text fields");
    const auto i = field_index(text_only_when->field);
    if (!i || fields[*i].type != value_type::text)
      bad(*this, fmt::format("text filter field '{}' is not a field of type text", text_only_when->field));
  }
}

void check_record(const schema& s, const record& r) {
  if (r.id.empty()) throw_error(errc::invalid_argument, fmt::format("{}: record id is empty", s.kind));
  if (r.values.size() != s.fields.size())
    throw_error(errc::invalid_argument,
                fmt::format("{} {}: {} values for {} fields", s.kind, r.id, r.values.size(), s.fields.size()));
  for (std::size_t i = 0; i < s.fields.size(); ++i) {
    const auto& f = s.fields[i];
    const auto& v = r.values[i];
    if (v.is_null()) {
      if (!f.nullable)
        throw_error(errc::invalid_argument, fmt::format("{} {}: field '{}' must not be null", s.kind, r.id, f.name));
      continue;
    }
    if (v.type() != f.type)
      throw_error(errc::invalid_argument,
                  fmt::format("{} {}: field '{}' is {}, got {}", s.kind, r.id, f.name,
                              to_string(f.type), to_string(v.type())));
  }
}

}  // namespace itsm::storage
