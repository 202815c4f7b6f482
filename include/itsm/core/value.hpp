// A field value as storage adapters see it: null, boolean, integer, real, text or time.
// Values of one type order naturally; across types they order by type (null first).
// Thread-safety: plain value type.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "itsm/core/export.hpp"
#include "itsm/core/time.hpp"

namespace itsm {

enum class value_type { null, boolean, integer, real, text, time };

ITSM_API std::string_view to_string(value_type t) noexcept;

class ITSM_API value {
 public:
  value() = default;
  value(std::nullptr_t) {}
  value(bool b) : v_(b) {}
  value(int i) : v_(std::int64_t{i}) {}
  value(std::int64_t i) : v_(i) {}
  value(double d) : v_(d) {}
  value(std::string s) : v_(std::move(s)) {}
  value(std::string_view s) : v_(std::string(s)) {}
  value(const char* s) : v_(std::string(s)) {}
  value(timestamp t) : v_(t) {}

  value_type type() const noexcept { return static_cast<value_type>(v_.index()); }
  bool is_null() const noexcept { return v_.index() == 0; }

  // Typed access; throws itsm::error(invalid_argument) when the value holds another type.
  bool as_bool() const;
  std::int64_t as_int() const;
  double as_real() const;
  const std::string& as_text() const;
  timestamp as_time() const;

  // Readable form for messages and diffs: null, true, 42, 1.5, text as is, ISO time.
  std::string to_display() const;

  friend bool operator==(const value& a, const value& b) { return a.v_ == b.v_; }
  friend ITSM_API std::strong_ordering operator<=>(const value& a, const value& b);

 private:
  std::variant<std::monostate, bool, std::int64_t, double, std::string, timestamp> v_;
};

}  // namespace itsm
