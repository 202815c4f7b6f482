// JSON text fields of model records (lists, attributes, SLA targets, attribute schemas): the
// one place their nlohmann-json exceptions become itsm::error. Private to src/model.
#pragma once

#include <fmt/format.h>

#include <cstdint>
#include <limits>
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

// The integer `j` holds, as T. A real or an integer outside T's range is itsm::error(corrupt):
// nlohmann's get<T>() would truncate it, or (a real beyond T's range) be undefined behaviour.
template <class T>
T stored_integer(const nlohmann::json& j, std::string_view what) {
  using limits = std::numeric_limits<T>;
  if (j.is_number_unsigned()) {
    if (j.get<std::uint64_t>() <= static_cast<std::uint64_t>(limits::max())) return static_cast<T>(j.get<std::uint64_t>());
  } else if (j.is_number_integer()) {
    const auto i = j.get<std::int64_t>();
    if (i >= limits::min() && i <= limits::max()) return static_cast<T>(i);
  }
  throw_error(errc::corrupt, fmt::format("stored {} is not valid: {} is not an integer in range", what, j.dump()));
}

}  // namespace itsm::model::detail
