#include "write_refusals.hpp"

#include <fmt/format.h>

#include <cmath>

#include "itsm/core/error.hpp"

namespace itsm::detail {

void check_storable(const storage::schema& s, const storage::record& r, std::string_view why) {
  storage::check_record(s, r);
  for (std::size_t i = 0; i < r.values.size(); ++i)
    if (r.values[i].type() == value_type::real && std::isnan(r.values[i].as_real()))
      throw_error(errc::invalid_argument, fmt::format("{} {}: field '{}' is NaN, {}", s.kind, r.id, s.fields[i].name, why));
}

void refuse_update(std::string_view kind, std::string_view id, std::optional<std::int64_t> stored, std::int64_t expected) {
  throw_error(errc::conflict, stored ? fmt::format("{} '{}' is at revision {}, not {}", kind, id, *stored, expected)
                                     : fmt::format("{} '{}' does not exist (expected revision {})", kind, id, expected));
}

void refuse_erase(std::string_view kind, std::string_view id, std::optional<std::int64_t> stored, std::int64_t expected) {
  if (!stored) throw_error(errc::not_found, fmt::format("{} '{}' does not exist", kind, id));
  throw_error(errc::conflict, fmt::format("{} '{}' is at revision {}, not {}", kind, id, *stored, expected));
}

}  // namespace itsm::detail
