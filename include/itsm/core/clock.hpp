// Where "now" comes from: the system clock in production, a manual clock in tests and simulations.
// Thread-safety: both clocks may be read and (manual) advanced from several threads.
#pragma once

#include <atomic>
#include <cstdint>

#include "itsm/core/export.hpp"
#include "itsm/core/time.hpp"

namespace itsm {

class ITSM_API clock {
 public:
  virtual ~clock() = default;
  virtual timestamp now() const = 0;
};

class ITSM_API system_clock final : public clock {
 public:
  timestamp now() const override;
};

// Time stands still until set() or advance() moves it; it never goes backwards.
class ITSM_API manual_clock final : public clock {
 public:
  explicit manual_clock(timestamp start);
  timestamp now() const override;
  // REQUIRES: t >= now(); otherwise throws itsm::error(invalid_argument).
  void set(timestamp t);
  // REQUIRES: d is not negative.
  void advance(duration d);

 private:
  std::atomic<std::int64_t> micros_;
};

}  // namespace itsm
