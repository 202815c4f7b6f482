#include "itsm/model/codec.hpp"

#include <fmt/format.h>

#include <cmath>

#include "itsm/core/text.hpp"
#include "json_text.hpp"

namespace itsm::model::detail {

using json = nlohmann::json;

void throw_bad_enum(std::string_view value, const std::string_view* names, std::size_t count) {
  std::string msg = "'";
  msg.append(value).append("' is not one of: ");
  for (std::size_t i = 0; i < count; ++i) msg.append(i ? ", " : "").append(names[i]);
  throw_error(errc::invalid_argument, std::move(msg));
}

void require_storable(const value& v) {
  if (v.type() == value_type::text) require_utf8(v.as_text(), "text");
  if (v.type() == value_type::real && !std::isfinite(v.as_real()))
    throw_error(errc::invalid_argument, fmt::format("{} is not a finite number", v.as_real()));
}

namespace {
// e's message without the "<code>: " that what() starts with, to nest it in another message.
std::string_view message_of(const error& e) {
  std::string_view m = e.what();
  const auto code = to_string(e.code());
  if (m.starts_with(code) && m.substr(code.size()).starts_with(": ")) m.remove_prefix(code.size() + 2);
  return m;
}

timestamp stored_time(const std::string& iso) {
  try {
    return parse_iso(iso);
  } catch (const error& e) {
    throw_error(errc::corrupt, fmt::format("stored attribute time: {}", message_of(e)));
  }
}
}  // namespace

void rethrow_in_field(const error& e, errc code, std::string_view kind, std::string_view field) {
  throw_error(code, fmt::format("{}.{}: {}", kind, field, message_of(e)));
}

std::string dump_json(const json& doc) {
  try {
    return doc.dump();
  } catch (const json::exception& e) {
    throw_error(errc::invalid_argument, std::string("cannot encode as JSON: ") + e.what());
  }
}

std::string encode_list(const std::vector<std::string>& items) {
  for (std::size_t i = 0; i < items.size(); ++i)
    require_utf8(items[i], fmt::format("list item {}", i + 1));
  return dump_json(json(items));
}

std::vector<std::string> decode_list(const std::string& text) {
  if (text.empty()) return {};
  return decode_stored_json(text, "list of strings",
                            [](const json& j) { return j.get<std::vector<std::string>>(); });
}

// Attributes keep their type: {"name": {"t": "integer", "v": 42}, …}; time as ISO text.
std::string encode_attributes(const attribute_map& attrs) {
  json out = json::object();
  for (const auto& [name, v] : attrs) {
    require_utf8(name, "an attribute name");
    try {
      require_storable(v);
    } catch (const error& e) {
      throw_error(errc::invalid_argument, fmt::format("attribute '{}': {}", name, message_of(e)));
    }
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
  return dump_json(out);
}

attribute_map decode_attributes(const std::string& text) {
  if (text.empty()) return {};
  return decode_stored_json(text, "attributes", [](const json& doc) {
    attribute_map out;
    for (const auto& [name, cell] : doc.items()) {
      const auto t = cell.at("t").get<std::string>();
      const auto& v = cell.at("v");
      if (t == "null") out.emplace(name, value());
      else if (t == "boolean") out.emplace(name, value(v.get<bool>()));
      else if (t == "integer") out.emplace(name, value(stored_integer<std::int64_t>(v, "attribute")));
      else if (t == "real") out.emplace(name, value(v.get<double>()));
      else if (t == "text") out.emplace(name, value(v.get<std::string>()));
      else if (t == "time") out.emplace(name, value(stored_time(v.get<std::string>())));
      else throw_error(errc::corrupt, "unknown attribute type '" + t + "'");
    }
    return out;
  });
}

}  // namespace itsm::model::detail
