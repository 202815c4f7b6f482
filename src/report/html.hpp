// HTML building blocks for the report page: escaping, figure cells tied to the JSON by
// data-key, and the inline SVG charts. Not stable API. Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "itsm/report/service_report.hpp"

namespace itsm::report::detail {

std::string escape(std::string_view text);
// <td data-key="pointer">text</td>: the figure as the page shows it, tied to its JSON pointer.
std::string figure_cell(const std::string& pointer, const std::string& text);

// The chart colours (docs/reports.md; the browser test looks for them).
inline constexpr const char* colour_good = "#2e7d32";     // compliance >= 95 %
inline constexpr const char* colour_warn = "#ef8f00";     // compliance >= 80 %
inline constexpr const char* colour_bad = "#c62828";      // compliance below 80 %, breaches line
inline constexpr const char* colour_incidents = "#1565c0";
inline constexpr const char* colour_requests = "#6a1b9a";
inline constexpr const char* colour_available = "#00897b";

std::string compliance_chart(const service_report& r);
std::string trend_chart(const service_report& r);
std::string availability_chart(const service_report& r);

}  // namespace itsm::report::detail
