// Kind definitions and invariants of the configuration-management records.
#include <cmath>

#include "itsm/model/ci_type.hpp"
#include "itsm/model/configuration_item.hpp"
#include "itsm/model/link.hpp"
#include "itsm/model/relationship.hpp"
#include "json_text.hpp"

namespace itsm::model {

// In ci_constraints.cpp: the constraint part of ci_type::check().
std::vector<violation> constraint_problems(const attribute_def& a);

// The attribute schema of a CI type is stored as JSON text: [{"name":…,"type":…,"required":…}],
// plus a member per constraint that is set ("min", "max", "pattern", "allowed", "non_empty").
// Types stored before constraints existed have none of them: no constraint.
template <> struct field_codec<std::vector<attribute_def>> {
  static constexpr value_type type = value_type::text;
  static constexpr bool document = true;
  static constexpr bool nullable = false;
  static value encode(const std::vector<attribute_def>& defs) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& d : defs) {
      nlohmann::json j{{"name", d.name}, {"type", std::string(to_string(d.type))}, {"required", d.required}};
      if (d.min) j["min"] = *d.min;
      if (d.max) j["max"] = *d.max;
      if (!d.pattern.empty()) j["pattern"] = d.pattern;
      if (!d.allowed.empty()) j["allowed"] = d.allowed;
      if (d.non_empty) j["non_empty"] = true;
      out.push_back(std::move(j));
    }
    return value(detail::dump_json(out));
  }
  static std::vector<attribute_def> decode(const value& v) {
    if (v.is_null()) return {};
    return detail::decode_stored_json(v.as_text(), "attribute schema", [](const nlohmann::json& doc) {
      std::vector<attribute_def> out;
      for (const auto& j : doc) {
        attribute_def d;
        d.name = j.at("name").get<std::string>();
        d.required = j.at("required").get<bool>();
        const auto t = j.at("type").get<std::string>();
        for (auto vt : {value_type::boolean, value_type::integer, value_type::real, value_type::text,
                        value_type::time})
          if (to_string(vt) == t) d.type = vt;
        if (j.contains("min")) d.min = j.at("min").get<double>();
        if (j.contains("max")) d.max = j.at("max").get<double>();
        d.pattern = j.value("pattern", std::string());
        d.allowed = j.value("allowed", std::vector<std::string>());
        d.non_empty = j.value("non_empty", false);
        out.push_back(std::move(d));
      }
      return out;
    });
  }
};

const kind_def<ci_type>& ci_type::def() {
  static const auto k = kind_def<ci_type>("ci_type", 1, &ci_type::name)
                            .field("parent", &ci_type::parent)
                            .field("description", &ci_type::description)
                            .field("attributes", &ci_type::attributes)
                            .field("relationship_kinds", &ci_type::relationship_kinds);
  return k;
}

namespace {
bool is_name(const std::string& s) {  // also of attributes (check_attribute_defs)
  if (s.empty() || s.size() > 63) return false;
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) return false;
  return true;
}
}  // namespace

std::vector<violation> check_attribute_defs(const std::vector<attribute_def>& defs) {
  std::vector<violation> v;
  for (std::size_t i = 0; i < defs.size(); ++i) {
    if (!is_name(defs[i].name))
      v.push_back({"R-9.1-types", "attribute name '" + defs[i].name + "' is not valid"});
    if (defs[i].type == value_type::null)
      v.push_back({"R-9.1-types", "attribute '" + defs[i].name + "' has no type"});
    for (std::size_t j = 0; j < i; ++j)
      if (defs[j].name == defs[i].name)
        v.push_back({"R-9.1-types", "attribute '" + defs[i].name + "' is declared twice"});
    for (auto& x : constraint_problems(defs[i])) v.push_back(std::move(x));
  }
  return v;
}

std::vector<violation> check_attributes(const std::vector<attribute_def>& defs, const attribute_map& values,
                                        std::string_view owner) {
  std::vector<violation> v;
  const std::string who(owner);
  for (const auto& def : defs) {
    auto it = values.find(def.name);
    if (it == values.end() || it->second.is_null()) {
      if (def.required) v.push_back({"R-9.1-types", "attribute '" + def.name + "' is required by " + who});
    } else if (it->second.type() != def.type) {
      v.push_back({"R-9.1-types", "attribute '" + def.name + "' must be " + std::string(to_string(def.type)) +
                                      ", got " + std::string(to_string(it->second.type()))});
    } else {
      for (auto& x : def.check_value(it->second)) v.push_back(std::move(x));
    }
  }
  for (const auto& [name, val] : values) {
    bool known = false;
    for (const auto& def : defs) known = known || def.name == name;
    if (!known) v.push_back({"R-9.1-types", who + " has no attribute '" + name + "'"});
  }
  return v;
}

std::vector<violation> ci_type::check() const {
  std::vector<violation> v;
  if (!is_name(name))
    v.push_back({"R-9.1-types", "CI type name '" + name + "' must be 1-63 chars of [a-z0-9_-]"});
  if (description.empty())
    v.push_back({"R-9.1-types", "CI type '" + name + "' needs a documented definition (description)"});
  if (parent == name && !name.empty())
    v.push_back({"R-9.1-types", "CI type '" + name + "' cannot be its own parent"});
  for (auto& x : check_attribute_defs(attributes)) v.push_back(std::move(x));
  return v;
}

const kind_def<configuration_item>& configuration_item::def() {
  static const auto k = kind_def<configuration_item>("configuration_item", 4, &configuration_item::id)
                            .field("type", &configuration_item::type)
                            .field("name", &configuration_item::name)
                            .field("description", &configuration_item::description)
                            .field("status", &configuration_item::status)
                            .field("version", &configuration_item::version)
                            .field("location", &configuration_item::location)
                            .field("owner", &configuration_item::owner)
                            .field("services", &configuration_item::services)
                            .field("attributes", &configuration_item::attributes)
                            .field("media_location", &configuration_item::media_location)
                            .field("media_checksum", &configuration_item::media_checksum)
                            .field("asset_tag", &configuration_item::asset_tag)
                            .field("customer", &configuration_item::customer)  // v2
                            .derived("name_key", [](const configuration_item& ci) { return identity_key(ci.name); })  // v3
                            .appended_field("cost_centre", &configuration_item::cost_centre)  // v4
                            .index("by_identity", {"type", "name"})
                            .index("by_identity_key", {"type", "name_key"})
                            .index("by_status", {"status"});
  return k;
}

std::string identity_key(std::string_view name) {
  const auto space = [](char c) { return c == ' ' || (c >= '\t' && c <= '\r'); };
  while (!name.empty() && space(name.front())) name.remove_prefix(1);
  while (!name.empty() && space(name.back())) name.remove_suffix(1);
  std::string out(name);
  for (auto& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::vector<violation> configuration_item::check() const {
  std::vector<violation> v;
  if (type.empty()) v.push_back({"R-9.1-types", "a CI must have a CI type"});
  if (identity_key(name).empty()) v.push_back({"R-9.1-unique", "a CI must have a name (its identity key)"});
  for (const auto& [attr, val] : attributes)
    if (val.type() == value_type::real && !std::isfinite(val.as_real()))
      v.push_back({"R-9.1-types", "attribute '" + attr + "' must be a finite number, not " + val.to_display()});
  return v;
}

const std::vector<relationship_kind>& default_relationship_kinds() {
  static const std::vector<relationship_kind> kinds{
      {"depends_on", propagation::to_source, "the source needs the target; the target's failure impacts it"},
      {"runs_on", propagation::to_source, "software runs on a host; the host's failure impacts it"},
      {"hosted_on", propagation::to_source, "a host sits in a rack, site or hypervisor"},
      {"uses", propagation::to_source,
       "the source uses the target (e.g. a database); the target's failure impacts the source, not the reverse"},
      {"part_of", propagation::to_target, "a component of a whole; its failure impacts the whole"},
      {"connects_to", propagation::both, "a link between peers; either side's failure cuts it"},
      {"member_of", propagation::quorum,
       "a member of a k-of-n redundancy group (the group CI's integer attribute required_members is k)"},
      {"documented_by", propagation::none, "documentation; no impact"},
      {"related_to", propagation::none, "informational link; no impact"},
  };
  return kinds;
}

std::optional<relationship_kind> find_relationship_kind(const std::vector<relationship_kind>& kinds,
                                                        std::string_view name) {
  for (const auto& k : kinds)
    if (k.name == name) return k;
  return std::nullopt;
}

const kind_def<relationship>& relationship::def() {
  static const auto k = kind_def<relationship>("relationship", 1, &relationship::id)
                            .field("kind", &relationship::kind)
                            .field("source", &relationship::source)
                            .field("target", &relationship::target)
                            .field("status", &relationship::status)
                            .field("description", &relationship::description)
                            .index("by_source", {"source"})
                            .index("by_target", {"target"});
  return k;
}

std::vector<violation> relationship::check() const {
  std::vector<violation> v;
  if (kind.empty()) v.push_back({"R-9.1-attrs", "a relationship must have a kind"});
  if (!source.valid() || !target.valid())
    v.push_back({"R-9.1-attrs", "a relationship needs a source and a target CI"});
  else if (source == target)
    v.push_back({"R-9.1-attrs", "a CI cannot be related to itself"});
  return v;
}

const kind_def<link>& link::def() {
  static const auto k = kind_def<link>("link", 1, &link::id)
                            .field("from_kind", &link::from_kind)
                            .field("from_id", &link::from_id)
                            .field("to_kind", &link::to_kind)
                            .field("to_id", &link::to_id)
                            .field("role", &link::role)
                            .index("by_from", {"from_kind", "from_id"})
                            .index("by_to", {"to_kind", "to_id"});
  return k;
}

}  // namespace itsm::model
