// The effective definition of a CI type (its own attributes and relationship kinds plus those
// inherited from its parents), as the configuration rules see it. Not stable API.
#pragma once

#include <optional>
#include <string>

#include "itsm/model/ci_type.hpp"
#include "itsm/storage/backend.hpp"

namespace itsm::detail {

// nullopt when `name` is not a defined type.
std::optional<model::ci_type> effective_ci_type(storage::transaction& tx, const std::string& name);

}  // namespace itsm::detail
