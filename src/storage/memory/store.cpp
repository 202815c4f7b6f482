#include "store.hpp"

#include <chrono>

#include "itsm/core/error.hpp"

namespace itsm::storage::detail {

kind_store& store::kind(std::string_view k) const {
  auto it = kinds.find(k);
  if (it == kinds.end()) throw_error(errc::not_found, "record kind '" + std::string(k) + "' is not registered");
  return *it->second;
}

void store::acquire_writer() {
  std::unique_lock lock(writer_mu);
  const auto timeout = std::chrono::milliseconds(opts.busy_timeout_ms > 0 ? opts.busy_timeout_ms : 0);
  if (!writer_cv.wait_for(lock, timeout, [this] { return !writer_busy; }))
    throw_error(errc::unavailable, "memory store: another read_write transaction is still open after " +
                                       std::to_string(opts.busy_timeout_ms) + " ms");
  writer_busy = true;
}

void store::release_writer() noexcept {
  {
    std::lock_guard lock(writer_mu);
    writer_busy = false;
  }
  writer_cv.notify_one();
}

}  // namespace itsm::storage::detail
