// Records read back from the export schema's "fields" object (itsm.export/1, docs/export.md):
// the one place JSON input becomes model values, shared by ticket import and the C ABI.
// Malformed input is itsm::error(invalid_argument) naming the field; no JSON exception escapes.
// Private to src/. Thread-safety: pure functions.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

#include "itsm/core/error.hpp"
#include "itsm/model/kind.hpp"

namespace itsm::detail {

// The stored value of field `f` from its JSON form (lists and maps as JSON, instants as ISO-8601
// UTC text, null as absent). `where` starts the error message ("ticket.fields.title").
value json_field_value(const nlohmann::json& j, const model::field_info& f, const std::string& where);

// `base` with the fields named in the JSON object `fields` replaced; the others, its key and its
// revision kept. A `base` without key (a draft) stays without one.
template <class T>
T overlay_fields(const nlohmann::json& fields, const T& base, const std::string& where) {
  const auto& k = T::def();
  if (!fields.is_object()) throw_error(errc::invalid_argument, where + " must be an object");
  auto values = k.encode(base);
  for (const auto& item : fields.items()) {
    std::size_t i = 0;
    while (i < k.fields().size() && k.fields()[i].name != item.key()) ++i;
    if (i == k.fields().size())
      throw_error(errc::invalid_argument, where + "." + item.key() + " is not a field of " + k.name());
    values[i] = json_field_value(item.value(), k.fields()[i], where + "." + item.key());
  }
  std::string key = k.key(base);
  const bool draft = key.empty();
  if (draft) key = k.id_prefix().empty() ? "draft" : std::string(k.id_prefix()) + "-1";
  T obj;
  try {
    obj = k.decode(key, base.revision, values);
  } catch (const error& e) {  // decode reports stored data as corrupt; here it is input
    throw_error(errc::invalid_argument, where + " " + e.what());
  }
  // A member narrower than 64 bits (an int impact) would take 4294967298 as 2: refuse what the
  // object does not hold as given.
  const auto held = k.encode(obj);
  for (std::size_t i = 0; i < values.size(); ++i)
    if (values[i].type() == value_type::integer && !(held[i] == values[i]))
      throw_error(errc::invalid_argument, where + "." + k.fields()[i].name + " is out of range");
  if (draft) {
    if constexpr (requires(T& x) { x.id = {}; }) obj.id = {};
    else k.set_key(obj, std::string());
  }
  return obj;
}

}  // namespace itsm::detail
