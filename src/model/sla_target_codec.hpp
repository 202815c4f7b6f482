// The stored form of SLA and agreement targets, shared by the kinds that hold them.
// Not installed. Thread-safety: stateless.
#pragma once

#include "itsm/model/service.hpp"
#include "json_text.hpp"

namespace itsm::model {

// SLA targets are stored as JSON text: [{"priority":1,"response":30,"resolution":240},…].
template <> struct field_codec<std::vector<sla_target>> {
  static constexpr value_type type = value_type::text;
  static constexpr bool document = true;
  static constexpr bool nullable = false;
  static value encode(const std::vector<sla_target>& ts) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& t : ts)
      out.push_back({{"priority", t.priority}, {"response", t.response_minutes},
                     {"resolution", t.resolution_minutes}});
    return value(detail::dump_json(out));
  }
  static std::vector<sla_target> decode(const value& v) {
    if (v.is_null()) return {};
    return detail::decode_stored_json(v.as_text(), "SLA targets", [](const nlohmann::json& doc) {
      std::vector<sla_target> out;
      for (const auto& j : doc)
        out.push_back({detail::stored_integer<int>(j.at("priority"), "SLA target"),
                       detail::stored_integer<std::int64_t>(j.at("response"), "SLA target"),
                       detail::stored_integer<std::int64_t>(j.at("resolution"), "SLA target")});
      return out;
    });
  }
};

}  // namespace itsm::model
