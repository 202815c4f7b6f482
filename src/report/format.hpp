// Number and text formatting shared by the Markdown and HTML renderers. Not stable API.
// Thread-safety: pure functions.
#pragma once

#include <fmt/format.h>

#include <optional>
#include <string>

#include "itsm/core/time.hpp"

namespace itsm::report::detail {

// One decimal, or "n/a" for a figure that does not exist (no tickets, no agreed hours).
inline std::string figure(const std::optional<double>& v) { return v ? fmt::format("{:.1f}", *v) : "n/a"; }
inline std::string figure(double v) { return fmt::format("{:.1f}", v); }
inline std::string figure(std::int64_t v) { return std::to_string(v); }
inline std::string figure(int v) { return std::to_string(v); }
inline std::string day(timestamp t) { return t.is_special() ? "-" : to_iso(t).substr(0, 10); }
inline std::string minute(timestamp t) {
  if (t.is_special()) return "-";
  auto s = to_iso(t).substr(0, 16);  // "2026-05-08T12:20" -> "2026-05-08 12:20"
  s[10] = ' ';
  return s;
}
inline std::string joined(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out.empty() ? "-" : out;
}

}  // namespace itsm::report::detail
