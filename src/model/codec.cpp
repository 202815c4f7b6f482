#include "itsm/model/codec.hpp"

#include <nlohmann/json.hpp>

namespace itsm::model::detail {

using json = nlohmann::json;

void throw_bad_enum(std::string_view value, const std::string_view* names, std::size_t count) {
  std::string msg = "'";
  msg.append(value).append("' is not one of: ");
  for (std::size_t i = 0; i < count; ++i) msg.append(i ? ", " : "").append(names[i]);
  throw_error(errc::invalid_argument, std::move(msg));
}

std::string encode_list(const std::vector<std::string>& items) { return json(items).dump(); }

std::vector<std::string> decode_list(const std::string& text) {
  if (text.empty()) return {};
  try {
    return json::parse(text).get<std::vector<std::string>>();
  } catch (const json::exception& e) {
    throw_error(errc::corrupt, std::string("stored list is not a JSON array of strings: ") + e.what());
  }
}

// Attributes keep their type: {"name": {"t": "integer", "v": 42}, …}; time as ISO text.
std::string encode_attributes(const attribute_map& attrs) {
  json out = json::object();
  for (const auto& [name, v] : attrs) {
    json cell;
    cell["t"] = std::string(to_string(v.type()));
    switch (v.type()) {
      case value_type::null: cell["v"] = nullptr; break;
      case value_type::boolean: cell["v"] = v.as_bool(); break;
      case value_type::integer: cell["v"] = v.as_int(); break;
      case value_type::real: cell["v"] = v.as_real(); break;
      case value_type::text: cell["v"] = v.as_text(); break;
      case value_type::time: cell["v"] = to_iso(v.as_time()); break;
    }
    out[name] = std::move(cell);
  }
  return out.dump();
}

attribute_map decode_attributes(const std::string& text) {
  attribute_map out;
  if (text.empty()) return out;
  try {
    const auto doc = json::parse(text);  // keep alive: items() only refers to it
    for (const auto& [name, cell] : doc.items()) {
      const auto t = cell.at("t").get<std::string>();
      const auto& v = cell.at("v");
      if (t == "null") out.emplace(name, value());
      else if (t == "boolean") out.emplace(name, value(v.get<bool>()));
      else if (t == "integer") out.emplace(name, value(v.get<std::int64_t>()));
      else if (t == "real") out.emplace(name, value(v.get<double>()));
      else if (t == "text") out.emplace(name, value(v.get<std::string>()));
      else if (t == "time") out.emplace(name, value(parse_iso(v.get<std::string>())));
      else throw_error(errc::corrupt, "unknown attribute type '" + t + "'");
    }
  } catch (const json::exception& e) {
    throw_error(errc::corrupt, std::string("stored attributes are not valid JSON: ") + e.what());
  }
  return out;
}

}  // namespace itsm::model::detail
