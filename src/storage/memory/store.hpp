// Shared state of one memory backend: the kinds and the audit trail behind one reader/writer
// lock, plus the writer slot that admits one read_write transaction at a time.
// Thread-safety: `mu` guards kinds and audit (shared for reads, exclusive for commit and
// register_schema); the writer slot has its own mutex and condition variable.
#pragma once

#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <string_view>

#include "audit_log.hpp"
#include "itsm/storage/memory.hpp"
#include "tables.hpp"

namespace itsm::storage::detail {

struct store {
  explicit store(memory_options o) : opts(o) {}

  // REQUIRES: mu held. Errors: not_found when `kind` is not registered.
  kind_store& kind(std::string_view kind) const;

  // Waits up to opts.busy_timeout_ms for the writer slot. Errors: unavailable.
  void acquire_writer();
  void release_writer() noexcept;

  memory_options opts;
  mutable std::shared_mutex mu;
  std::map<std::string, std::unique_ptr<kind_store>, std::less<>> kinds;
  audit_log audit;

  std::mutex writer_mu;
  std::condition_variable writer_cv;
  bool writer_busy = false;
};

}  // namespace itsm::storage::detail
