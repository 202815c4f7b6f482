// Renderers of service reports and conformance statements: JSON in the documented, versioned
// schema "itsm.report/1" (docs/reports.md), Markdown, and one self-contained HTML page with
// inline SVG charts (no JavaScript, no network). The HTML marks every figure with
// data-key="<JSON pointer>" so a reader (or a test) can tie it to the JSON.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "itsm/core/export.hpp"
#include "itsm/report/conformance.hpp"
#include "itsm/report/service_report.hpp"

namespace itsm::report {

inline constexpr std::string_view report_schema = "itsm.report/1";
inline constexpr std::string_view conformance_schema = "itsm.conformance/1";

ITSM_API std::string to_json(const service_report& r);
ITSM_API std::string to_markdown(const service_report& r);
// `statement`, when given, is rendered after the report on the same page.
ITSM_API std::string to_html(const service_report& r, const conformance_statement* statement = nullptr);

ITSM_API std::string to_json(const conformance_statement& s);
ITSM_API std::string to_markdown(const conformance_statement& s);
ITSM_API std::string to_html(const conformance_statement& s);

}  // namespace itsm::report
