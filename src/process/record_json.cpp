// JSON field values of the export schema read back (record_json.hpp).
#include "record_json.hpp"

#include <cstdint>

#include "itsm/core/time.hpp"

namespace itsm::detail {

namespace {
[[noreturn]] void bad(const std::string& where, const char* what) {
  throw_error(errc::invalid_argument, where + " " + what);
}
}  // namespace

value json_field_value(const nlohmann::json& j, const model::field_info& f, const std::string& where) {
  if (j.is_null()) return value();
  if (f.document) {
    if (!j.is_object() && !j.is_array()) bad(where, "must be a JSON object or array");
    return value(j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  }
  switch (f.type) {
    case value_type::boolean:
      if (!j.is_boolean()) bad(where, "must be true or false");
      return value(j.get<bool>());
    case value_type::integer:
      if (!j.is_number_integer() || (j.is_number_unsigned() && j.get<std::uint64_t>() > std::uint64_t{INT64_MAX}))
        bad(where, "must be an integer");
      return value(j.get<std::int64_t>());
    case value_type::real:
      if (!j.is_number()) bad(where, "must be a number");
      return value(j.get<double>());
    case value_type::time:
      if (!j.is_string()) bad(where, "must be an ISO-8601 UTC instant");
      return value(parse_iso(j.get<std::string>()));
    default:
      if (!j.is_string()) bad(where, "must be a string");
      return value(j.get<std::string>());
  }
}

}  // namespace itsm::detail
