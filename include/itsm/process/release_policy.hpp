// The release policy (R-9.3-policy): release types and frequency. Stored in the store (see
// policies.hpp); a plain value type.
#pragma once

#include <string>
#include <vector>

#include "itsm/core/export.hpp"
#include "itsm/core/time.hpp"

namespace itsm {

struct ITSM_API release_policy {
  std::vector<std::string> types{"major", "minor", "patch", "emergency"};  // Default: these four
  // Least time between two planned non-emergency releases. Default: 0 (no limit)
  duration min_interval = hours(0);
  // Incidents on the release's CIs this long after deployment count against it (R-9.3-measure).
  // Default: 72 hours
  duration measure_window = hours(72);
};

}  // namespace itsm
