#include "itsm/core/value.hpp"

#include <fmt/format.h>

#include "itsm/core/error.hpp"

namespace itsm {

std::string_view to_string(value_type t) noexcept {
  switch (t) {
    case value_type::null: return "null";
    case value_type::boolean: return "boolean";
    case value_type::integer: return "integer";
    case value_type::real: return "real";
    case value_type::text: return "text";
    case value_type::time: return "time";
  }
  return "unknown";
}

namespace {
template <class T>
const T& get_as(const std::variant<std::monostate, bool, std::int64_t, double, std::string,
                                   timestamp>& v,
                value_type wanted) {
  if (const T* p = std::get_if<T>(&v)) return *p;
  throw_error(errc::invalid_argument,
              fmt::format("value is {}, not {}", to_string(static_cast<value_type>(v.index())),
                          to_string(wanted)));
}
}  // namespace

bool value::as_bool() const { return get_as<bool>(v_, value_type::boolean); }
std::int64_t value::as_int() const { return get_as<std::int64_t>(v_, value_type::integer); }
double value::as_real() const { return get_as<double>(v_, value_type::real); }
const std::string& value::as_text() const { return get_as<std::string>(v_, value_type::text); }
timestamp value::as_time() const { return get_as<timestamp>(v_, value_type::time); }

std::string value::to_display() const {
  switch (type()) {
    case value_type::null: return "null";
    case value_type::boolean: return as_bool() ? "true" : "false";
    case value_type::integer: return std::to_string(as_int());
    case value_type::real: return fmt::format("{}", as_real());
    case value_type::text: return as_text();
    case value_type::time: return to_iso(as_time());
  }
  return {};
}

std::strong_ordering operator<=>(const value& a, const value& b) {
  if (a.v_.index() != b.v_.index()) return a.v_.index() <=> b.v_.index();
  switch (a.type()) {
    case value_type::null: return std::strong_ordering::equal;
    case value_type::boolean: return a.as_bool() <=> b.as_bool();
    case value_type::integer: return a.as_int() <=> b.as_int();
    case value_type::real: {
      const double x = a.as_real(), y = b.as_real();
      return x < y ? std::strong_ordering::less
                   : (y < x ? std::strong_ordering::greater : std::strong_ordering::equal);
    }
    case value_type::text: return a.as_text().compare(b.as_text()) <=> 0;
    case value_type::time: {
      const auto x = a.as_time(), y = b.as_time();
      return x < y ? std::strong_ordering::less
                   : (y < x ? std::strong_ordering::greater : std::strong_ordering::equal);
    }
  }
  return std::strong_ordering::equal;
}

}  // namespace itsm
