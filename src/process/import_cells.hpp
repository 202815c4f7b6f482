// The cells of an import row (CSV or JSON, as a csv_table) applied to a CI, and a CI's identity
// under its type's identity rule (docs/import.md). Not stable API. Thread-safety: pure functions.
#pragma once

#include <string>
#include <vector>

#include "itsm/core/error.hpp"
#include "itsm/model/ci_type.hpp"
#include "itsm/model/configuration_item.hpp"
#include "itsm/process/import.hpp"
#include "csv.hpp"

namespace itsm::detail {

// Sets the fields and attributes the row's columns name on `ci` (a file states the whole content
// of its columns: an empty cell clears). Absent cells (JSON) and the columns `skip` marks (owned
// by another source) are left as they are. Cells that do not parse become violations.
void apply_cells(const csv_row& row, const std::vector<std::string>& header, const model::ci_type* type,
                 model::configuration_item& ci, std::vector<violation>& v, const std::vector<bool>* skip = nullptr);

// The identity of a CI under its type's rule: its identity attributes' values, or its name.
std::string identity_of(const model::configuration_item& ci, const identity_rule* rule);

}  // namespace itsm::detail
