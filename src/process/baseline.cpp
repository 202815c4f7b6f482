#include "itsm/process/baseline.hpp"

#include <nlohmann/json.hpp>

#include "itsm/core/error.hpp"
#include "itsm/model/codec.hpp"

namespace itsm {

namespace {

using fields = std::map<std::string, value>;
using objects = std::map<std::string, fields>;

void compare_objects(const objects& before, const objects& after, std::vector<std::string>& added,
                     std::vector<std::string>& removed, std::vector<object_change>& changed) {
  for (const auto& [id, f] : before)
    if (!after.count(id)) removed.push_back(id);
  for (const auto& [id, now] : after) {
    auto it = before.find(id);
    if (it == before.end()) {
      added.push_back(id);
      continue;
    }
    object_change oc{id, {}};
    const auto& was = it->second;
    for (const auto& [name, v] : now) {
      auto w = was.find(name);
      const value old = w == was.end() ? value() : w->second;
      if (!(old == v)) oc.changes.push_back({name, old, v});
    }
    for (const auto& [name, v] : was)
      if (!now.count(name)) oc.changes.push_back({name, v, value()});
    if (!oc.changes.empty()) changed.push_back(std::move(oc));
  }
}

nlohmann::json encode_objects(const objects& objs) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [id, f] : objs) {
    model::attribute_map m(f.begin(), f.end());
    out[id] = nlohmann::json::parse(model::detail::encode_attributes(m));
  }
  return out;
}

objects decode_objects(const nlohmann::json& j) {
  objects out;
  for (const auto& [id, f] : j.items()) {
    const auto m = model::detail::decode_attributes(f.dump());
    out[id] = fields(m.begin(), m.end());
  }
  return out;
}

}  // namespace

baseline_diff compare(const configuration_snapshot& before, const configuration_snapshot& after) {
  baseline_diff d;
  compare_objects(before.cis, after.cis, d.cis_added, d.cis_removed, d.cis_changed);
  compare_objects(before.relationships, after.relationships, d.relationships_added,
                  d.relationships_removed, d.relationships_changed);
  return d;
}

std::string encode_snapshot(const configuration_snapshot& s) {
  nlohmann::json out;
  out["cis"] = encode_objects(s.cis);
  out["relationships"] = encode_objects(s.relationships);
  return out.dump();
}

configuration_snapshot decode_snapshot(const std::string& content) {
  try {
    const auto j = nlohmann::json::parse(content);
    return {decode_objects(j.at("cis")), decode_objects(j.at("relationships"))};
  } catch (const nlohmann::json::exception& e) {
    throw_error(errc::corrupt, std::string("baseline content is not a snapshot: ") + e.what());
  }
}

}  // namespace itsm
