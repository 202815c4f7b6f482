// A CI type: the documented definition every CI of that type follows (R-9.1-types): a name, an
// optional parent type whose attributes and relationship kinds it inherits, a typed attribute
// schema, and the relationship kinds a CI of this type may have as source. Thread-safety: value.
#pragma once

#include <string>
#include <vector>

#include "itsm/model/kind.hpp"

namespace itsm::model {

struct attribute_def {
  std::string name{};
  value_type type = value_type::text;  // Default: text
  bool required = false;               // Default: optional
};

struct ci_type {
  std::string name{};                         // identity of the type, e.g. "server"
  std::int64_t revision = 0;
  std::string parent{};                       // "" = none
  std::string description{};                  // the documented definition
  std::vector<attribute_def> attributes{};    // own attributes (inherited ones come from parent)
  std::vector<std::string> relationship_kinds{};  // kinds allowed with this type as source

  static const kind_def<ci_type>& def();
  // Invariants of the definition itself (names, duplicates): violations cite R-9.1-types.
  std::vector<violation> check() const;
};

}  // namespace itsm::model
