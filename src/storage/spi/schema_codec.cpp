// The schema's JSON form stored by the SQL adapters, and the upgrade rules they share.
#include "schema_codec.hpp"

#include <fmt/format.h>

#include <climits>
#include <cstdint>
#include <nlohmann/json.hpp>

#include "itsm/core/error.hpp"

namespace itsm::detail {

using storage::field_def;
using storage::index_def;
using storage::schema;

namespace {
value_type type_from_name(std::string_view n) {
  for (auto t : {value_type::boolean, value_type::integer, value_type::real, value_type::text,
                 value_type::time})
    if (to_string(t) == n) return t;
  throw_error(errc::corrupt, fmt::format("stored schema names unknown type '{}'", n));
}
// get<int>() of a real beyond int's range is undefined behaviour, of a large integer a wrap.
int stored_version(const nlohmann::json& v) {
  if (!v.is_number_integer() || (v.is_number_unsigned() ? v.get<std::uint64_t>() > INT_MAX
                                                          : v.get<std::int64_t>() < INT_MIN || v.get<std::int64_t>() > INT_MAX))
    throw_error(errc::corrupt, fmt::format("stored schema version {} is not an int", v.dump()));
  return v.get<int>();
}
}  // namespace

std::string schema_to_json(const schema& s) {
  nlohmann::json j;
  j["kind"] = s.kind;
  j["version"] = s.version;
  j["fields"] = nlohmann::json::array();
  for (const auto& f : s.fields)
    j["fields"].push_back({{"name", f.name}, {"type", std::string(to_string(f.type))}, {"nullable", f.nullable}});
  j["indexes"] = nlohmann::json::array();
  for (const auto& ix : s.indexes) j["indexes"].push_back({{"name", ix.name}, {"fields", ix.fields}});
  if (!s.text_fields.empty()) j["text_fields"] = s.text_fields;  // absent in stores made before search
  if (s.text_only_when) j["text_only_when"] = {{"field", s.text_only_when->field}, {"equals", s.text_only_when->equals}};
  return j.dump();
}

schema schema_from_json(std::string_view text) {
  try {
    const auto j = nlohmann::json::parse(text);
    schema s;
    s.kind = j.at("kind").get<std::string>();
    s.version = stored_version(j.at("version"));
    for (const auto& f : j.at("fields"))
      s.fields.push_back({f.at("name").get<std::string>(), type_from_name(f.at("type").get<std::string>()),
                          f.at("nullable").get<bool>()});
    for (const auto& ix : j.at("indexes"))
      s.indexes.push_back({ix.at("name").get<std::string>(), ix.at("fields").get<std::vector<std::string>>()});
    if (j.contains("text_fields")) s.text_fields = j.at("text_fields").get<std::vector<std::string>>();
    if (j.contains("text_only_when"))
      s.text_only_when = storage::text_filter{j.at("text_only_when").at("field").get<std::string>(),
                                              j.at("text_only_when").at("equals").get<std::string>()};
    s.validate();
    return s;
  } catch (const nlohmann::json::exception& e) {
    throw_error(errc::corrupt, fmt::format("stored schema is not valid: {}", e.what()));
  } catch (const error& e) {
    throw_error(errc::corrupt, fmt::format("stored schema is not valid: {}", e.what()));
  }
}

upgrade_plan plan_upgrade(const schema& old, const schema& s) {
  if (s.version < old.version)
    throw_error(errc::conflict, fmt::format("kind '{}': the store holds schema version {}, newer than version {}",
                                            s.kind, old.version, s.version));
  if (s.version == old.version)
    throw_error(errc::conflict, fmt::format("kind '{}': schema version {} is stored with a different definition",
                                            s.kind, s.version));
  upgrade_plan p;
  for (std::size_t i = 0; i < old.fields.size(); ++i) {
    const auto& f = old.fields[i];
    if (i >= s.fields.size() || s.fields[i] != f)
      throw_error(errc::unsupported,
                  fmt::format("kind '{}' version {} → {}: field '{}' was removed, changed or moved; "
                              "stores only append nullable fields",
                              s.kind, old.version, s.version, f.name));
  }
  for (std::size_t i = old.fields.size(); i < s.fields.size(); ++i) {
    if (!s.fields[i].nullable)
      throw_error(errc::unsupported,
                  fmt::format("kind '{}' version {}: appended field '{}' must be nullable (stored records "
                              "have no value for it)",
                              s.kind, s.version, s.fields[i].name));
    p.added.push_back(s.fields[i]);
  }
  auto find = [](const std::vector<index_def>& v, const std::string& name) -> const index_def* {
    for (const auto& ix : v)
      if (ix.name == name) return &ix;
    return nullptr;
  };
  for (const auto& ix : old.indexes) {
    const auto* now = find(s.indexes, ix.name);
    if (!now || now->fields != ix.fields) p.drop.push_back(ix);
  }
  for (const auto& ix : s.indexes) {
    const auto* before = find(old.indexes, ix.name);
    if (!before || before->fields != ix.fields) p.create.push_back(ix);
  }
  return p;
}

}  // namespace itsm::detail
