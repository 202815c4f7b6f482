// What a caller may attach to any write: a reason and a reference (e.g. the RFC it is made
// under), both recorded in the audit trail. Thread-safety: plain value.
#pragma once

#include <string>

#include "itsm/core/export.hpp"

namespace itsm {

struct ITSM_API write_options {
  std::string reason;     // Default: "" — why, in the actor's words
  std::string reference;  // Default: "" — e.g. "RFC-12" for a change under change control
};

}  // namespace itsm
