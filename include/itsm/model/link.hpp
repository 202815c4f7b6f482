// A link between records of different kinds (CI ↔ RFC, CI ↔ problem, CI ↔ known error,
// incident ↔ problem …), stored once and queryable from either end (R-9.1-attrs).
// Thread-safety: value type.
#pragma once

#include <string>

#include "itsm/core/export.hpp"
#include "itsm/model/ids.hpp"
#include "itsm/model/kind.hpp"

namespace itsm::model {

struct ITSM_API link {
  link_id id{};
  std::int64_t revision = 0;
  std::string from_kind{};  // e.g. "rfc"
  std::string from_id{};    // e.g. "RFC-3"
  std::string to_kind{};    // e.g. "configuration_item"
  std::string to_id{};      // e.g. "CI-7"
  std::string role{};       // e.g. "affects", "caused_by", "resolves"

  static const kind_def<link>& def();
};

}  // namespace itsm::model
