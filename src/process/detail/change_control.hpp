// Change control of CMDB writes (R-9.2-record, R-9.2-cmdb): which CI types the change policy
// controls, and what a write to a controlled CI needs. Shared by change and configuration
// management. Not stable API (itsm::detail).
#pragma once

#include <string>
#include <vector>

#include "itsm/core/error.hpp"
#include "itsm/model/change.hpp"
#include "itsm/process/change_policy.hpp"
#include "itsm/process/schedule.hpp"
#include "itsm/storage/backend.hpp"

namespace itsm::detail {

// Whether CIs of `ci_type` are controlled: the type or one of its ancestors is listed in the
// policy's controlled_ci_types. An empty type name is never controlled.
bool ci_type_controlled(const change_policy& p, storage::transaction& tx, const std::string& ci_type);

// The violations of writing CI `ci_key` of type `ci_type` under `reference` (the write's RFC):
// none unless the type is controlled; then `reference` must name an RFC in state implementing
// whose scope includes `ci_key`. An empty `ci_key` is a CI being created: it cannot be in any
// scope yet, so an RFC in implementation is enough (its id is audited with the new CI).
std::vector<violation> change_control_rules(const change_policy& p, storage::transaction& tx,
                                            const std::string& ci_type, const std::string& ci_key,
                                            const std::string& reference);

// The RFC as an entry of the change schedule over `window`.
scheduled_change to_scheduled(const model::rfc& r, const period& window);

}  // namespace itsm::detail
