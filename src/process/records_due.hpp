// Which records are past retention (R-4.3-records), shared by records_management::due and the
// report snapshot. Not stable API. Thread-safety: stateless.
#pragma once

#include <vector>

#include "detail/context.hpp"
#include "itsm/process/records.hpp"
#include "itsm/storage/backend.hpp"

namespace itsm::detail {

// Records past retention at `at` under the rules in force, sorted by kind and id; `who` must
// may read each rule's kind (permission_denied, audited, otherwise).
std::vector<due_record> records_due(const context& ctx, const actor& who, storage::transaction& tx, timestamp at);

}  // namespace itsm::detail
