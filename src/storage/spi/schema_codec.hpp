// Internals shared by the SQL adapters (not installed): a schema's stored JSON form and the plan
// for registering a newer version over the stored one. Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "itsm/storage/schema.hpp"

namespace itsm::detail {

std::string schema_to_json(const storage::schema& s);
storage::schema schema_from_json(std::string_view json);  // Errors: corrupt

// What registering `s` over the stored definition `old` takes: fields appended (nullable), indexes
// dropped and created. Errors: conflict (older or same version with another definition);
// unsupported (a field removed, changed or moved, or an appended field that is not nullable).
struct upgrade_plan {
  std::vector<storage::field_def> added;
  std::vector<storage::index_def> drop;
  std::vector<storage::index_def> create;
};
upgrade_plan plan_upgrade(const storage::schema& old, const storage::schema& s);

}  // namespace itsm::detail
