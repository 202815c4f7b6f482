// JSON text fields of model records (lists, attributes, SLA targets, attribute schemas): the
// one place their nlohmann-json exceptions become itsm::error. Private to src/model.
#pragma once

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "itsm/core/error.hpp"

namespace itsm::model::detail {

// doc.dump(); a failure (a text that is not UTF-8) is itsm::error(invalid_argument).
std::string dump_json(const nlohmann::json& doc);

// f(parsed `text`); a JSON error (not JSON, a missing member, a wrong type) is
// itsm::error(corrupt) "stored <what> is not valid: …": the text came from storage.
template <class F>
auto decode_stored_json(const std::string& text, std::string_view what, F&& f) {
  try {
    return f(nlohmann::json::parse(text));
  } catch (const nlohmann::json::exception& e) {
    throw_error(errc::corrupt, fmt::format("stored {} is not valid: {}", what, e.what()));
  }
}

}  // namespace itsm::model::detail
