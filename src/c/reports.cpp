// Verification of the audit trail and the records, and the service report.
#include "handles.hpp"
#include "itsm/report/render.hpp"
#include "itsm/report/service_report.hpp"

using namespace itsm;
using namespace itsm::c;
using json = nlohmann::json;

namespace {

json findings(const audit::record_verification& r) {
  json out = json::array();
  for (const auto& f : r.findings)
    out.push_back({{"kind", f.kind}, {"id", f.id}, {"problem", audit::to_string(f.problem)}, {"detail", f.detail}});
  return out;
}

}  // namespace

extern "C" {

itsm_status itsm_verify(itsm_sms* sms, const itsm_actor* who, itsm_buffer* out) {
  return with_session("itsm_verify", sms, who, out, [&](itsm::sms& s, const actor& a) {
    const auto v = s.verify(a);  // authorized (and a denial audited) by the library
    const json doc{{"ok", v.ok()},
                   {"trail", {{"ok", v.trail.ok}, {"entries", v.trail.entries}, {"problem", v.trail.problem}}},
                   {"records",
                    {{"ok", v.records.ok},
                     {"records", v.records.records},
                     {"verified", v.records.verified},
                     {"findings", findings(v.records)}}}};
    return emit(out, doc.dump(-1, ' ', false, json::error_handler_t::replace));
  });
}

itsm_status itsm_service_report(itsm_sms* sms, const itsm_actor* who, const char* from, size_t from_size,
                                const char* to, size_t to_size, const char* scope, size_t scope_size,
                                const char* format, size_t format_size, itsm_buffer* out) {
  return with_session("itsm_service_report", sms, who, out, [&](itsm::sms& s, const actor& a) {
    const period covered{parse_iso(text(from, from_size, "from")), parse_iso(text(to, to_size, "to"))};
    auto sc = text(scope, scope_size, "scope");
    const auto f = text(format, format_size, "format");
    if (f != "json" && f != "markdown" && f != "html")
      throw_error(errc::invalid_argument, "format must be \"json\", \"markdown\" or \"html\"");
    report::report_options o;
    o.covered = covered;
    if (!sc.empty()) o.scope = std::move(sc);
    const auto r = report::build(s.reports().snapshot(a, covered.end), o);
    if (f == "json") return emit(out, report::to_json(r));
    if (f == "markdown") return emit(out, report::to_markdown(r));
    return emit(out, report::to_html(r));
  });
}

}  // extern "C"
