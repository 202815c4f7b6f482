#include "itsm/core/error.hpp"

#include <algorithm>

namespace itsm {

std::string_view to_string(errc code) noexcept {
  switch (code) {
    case errc::not_found: return "not_found";
    case errc::already_exists: return "already_exists";
    case errc::conflict: return "conflict";
    case errc::invalid_argument: return "invalid_argument";
    case errc::rule_violation: return "rule_violation";
    case errc::permission_denied: return "permission_denied";
    case errc::unavailable: return "unavailable";
    case errc::unsupported: return "unsupported";
    case errc::corrupt: return "corrupt";
  }
  return "unknown";
}

namespace {
std::string describe(const std::vector<violation>& vs) {
  std::string msg = "rule violation:";
  for (const auto& v : vs) msg += " [" + v.rule + "] " + v.message + ";";
  if (!vs.empty()) msg.pop_back();
  return msg;
}
}  // namespace

error::error(errc code, std::string message)
    : std::runtime_error(std::string(to_string(code)) + ": " + message), code_(code) {}

error::error(std::vector<violation> violations)
    : std::runtime_error(describe(violations)),
      code_(errc::rule_violation),
      violations_(std::move(violations)) {}

error::error(errc code, std::string message, std::vector<violation> violations)
    : std::runtime_error(std::string(to_string(code)) + ": " + message),
      code_(code),
      violations_(std::move(violations)) {}

bool error::violates(std::string_view rule) const noexcept {
  return std::any_of(violations_.begin(), violations_.end(),
                     [&](const violation& v) { return v.rule == rule; });
}

void throw_error(errc code, std::string message) { throw error(code, std::move(message)); }

}  // namespace itsm
