// Helpers shared by the maintenance functions (maintenance.cpp, backup.cpp).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "detail.hpp"

namespace itsm::detail::sqlite {

// The backend's shared state. Errors: invalid_argument when `b` is another adapter's backend.
std::shared_ptr<shared_state> require_state(storage::backend& b, std::string_view what);

// 0 when the file does not exist.
std::uintmax_t file_size_or_zero(const std::string& path);

// A pooled connection, given back when leaving scope (closed if left inside a transaction).
class lease {
 public:
  explicit lease(std::shared_ptr<shared_state> st);
  ~lease();
  lease(const lease&) = delete;
  lease& operator=(const lease&) = delete;
  connection* operator->() const noexcept { return c_.get(); }
  connection& operator*() const noexcept { return *c_; }

 private:
  std::shared_ptr<shared_state> st_;
  std::unique_ptr<connection> c_;
};

std::int64_t page_count(connection& c);

}  // namespace itsm::detail::sqlite
