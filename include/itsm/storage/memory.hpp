// The in-memory adapter: everything in process memory on Boost.MultiIndex, lost at exit.
// Fully transactional (an abandoned transaction leaves no trace) and safe to share between
// threads (the contract of backend.hpp: one writer at a time, readers alongside).
#pragma once

#include <memory>

#include "itsm/core/export.hpp"
#include "itsm/storage/backend.hpp"

namespace itsm::storage {

struct ITSM_API memory_options {
  int busy_timeout_ms = 5000;  // Default: 5000. How long begin(read_write) waits for the writer.
};

ITSM_API std::unique_ptr<backend> make_memory_backend(memory_options options = {});

}  // namespace itsm::storage
