#include "itsm/core/id.hpp"

#include <charconv>

namespace itsm::detail {

std::int64_t parse_id_number(std::string_view key, std::string_view prefix) {
  if (key.size() > prefix.size() + 1 && key.substr(0, prefix.size()) == prefix &&
      key[prefix.size()] == '-') {
    const std::string_view digits = key.substr(prefix.size() + 1);
    const bool canonical = digits.front() >= '1' && digits.front() <= '9' &&
                           digits.find_first_not_of("0123456789") == std::string_view::npos;
    std::int64_t n = 0;
    const auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
    if (canonical && ec == std::errc{} && ptr == digits.data() + digits.size()) return n;
  }
  std::string msg = "'";
  msg.append(key).append("' is not a ").append(prefix).append("-<number> id (canonical form, e.g. ");
  msg.append(prefix).append("-7)");
  throw error(errc::invalid_argument, std::move(msg));
}

}  // namespace itsm::detail
