// Service reports (clause 6.2) and the conformance check (R-4.5-audit), computed from a read
// snapshot with the caller's actor: store.reports.service_report(...), .conformance(...).
#include <string>

#include "bindings.hpp"
#include "itsm/report/conformance.hpp"
#include "itsm/report/render.hpp"
#include "itsm/report/service_report.hpp"

namespace itsm::python {

namespace {

struct reports_api : facade {};

void bind_service_report(py::module_& m) {
  using report::service_row;
  py::class_<service_row>(m, "ServiceRow", "One service's figures in a report: SLA compliance and availability.")
      .def_readonly("service", &service_row::service, "'SVC-1'.")
      .def_readonly("service_name", &service_row::service_name)
      .def_readonly("tickets", &service_row::tickets, "Incidents and requests with a target in the period.")
      .def_readonly("breached", &service_row::breached, "Tickets with a breached clock.")
      .def_readonly("compliance", &service_row::compliance, "Percent met; None without tickets.")
      .def_readonly("availability_target", &service_row::availability_target)
      .def_readonly("availability", &service_row::availability, "Percent of agreed hours; None when none agreed.")
      .def_readonly("outages", &service_row::outages, "Incidents whose outage took it down.");
  using report::target_row;
  py::class_<target_row>(m, "TargetRow", "One (service, priority, clock) target and how its tickets fared.")
      .def_readonly("service", &target_row::service)
      .def_readonly("kind", &target_row::kind, "incident or service_request.")
      .def_readonly("priority", &target_row::priority)
      .def_readonly("clock", &target_row::clock, "response or resolution.")
      .def_readonly("goal_minutes", &target_row::goal_minutes)
      .def_readonly("tickets", &target_row::tickets)
      .def_readonly("met", &target_row::met)
      .def_readonly("breached", &target_row::breached)
      .def_readonly("compliance", &target_row::compliance);
  using report::service_report;
  py::class_<service_report>(m, "ServiceReport", "The figures of one period and scope (R-6.2-content).")
      .def_readonly("title", &service_report::title)
      .def_readonly("scope", &service_report::scope)
      .def_readonly("generated_at", &service_report::generated_at)
      .def_readonly("services", &service_report::services, "One ServiceRow per service.")
      .def_readonly("targets", &service_report::targets, "One TargetRow per target.")
      .def("to_json", [](const service_report& r) { return report::to_json(r); }, "JSON, schema itsm.report/1.")
      .def("to_markdown", [](const service_report& r) { return report::to_markdown(r); })
      .def("to_html", [](const service_report& r) { return report::to_html(r); }, "One self-contained HTML page.");
}

void bind_conformance(py::module_& m) {
  using report::check_result;
  py::class_<check_result>(m, "CheckResult", "One requirement's verdict with its evidence.")
      .def_readonly("requirement", &check_result::requirement, "'R-8.1-major'.")
      .def_readonly("clause", &check_result::clause)
      .def_property_readonly("outcome", [](const check_result& c) { return std::string(report::to_string(c.outcome)); },
                             "conforms, nonconformity, no_evidence or not_applicable.")
      .def_readonly("summary", &check_result::summary)
      .def_readonly("records", &check_result::records, "Evidence, or the offending records.");
  using report::conformance_statement;
  py::class_<conformance_statement>(m, "ConformanceStatement", "Every conformance check over a period (R-4.5-audit).")
      .def_property_readonly("conforms", &conformance_statement::conforms, "No nonconformity anywhere.")
      .def_readonly("results", &conformance_statement::results)
      .def_readonly("unchecked", &conformance_statement::unchecked)
      .def("to_json", [](const conformance_statement& s) { return report::to_json(s); }, "JSON, schema itsm.conformance/1.")
      .def("to_markdown", [](const conformance_statement& s) { return report::to_markdown(s); })
      .def("to_html", [](const conformance_statement& s) { return report::to_html(s); });
}

}  // namespace

void bind_reports(py::module_& m, store_class& store) {
  bind_service_report(m);
  bind_conformance(m);
  using R = reports_api;
  py::class_<R>(m, "Reports", "Service reports and the conformance check: store.reports.")
      .def(
          "service_report",
          [](const R& f, const actor& who, timestamp start, timestamp end, std::string scope, std::string title) {
            const auto snap = f.system().reports().snapshot(who, end);
            report::report_options o;
            o.covered = period{start, end};
            o.scope = std::move(scope);
            o.title = std::move(title);
            return report::build(snap, o);
          },
          py::arg("who"), py::arg("start"), py::arg("end"), py::kw_only(), py::arg("scope") = "all",
          py::arg("title") = "Service report",
          "The service report of [start, end) as `who` may see it; scope 'all', 'service:SVC-3' or 'customer:CUS-2'.")
      .def(
          "conformance",
          [](const R& f, const actor& who, timestamp start, timestamp end) {
            const auto snap = f.system().reports().snapshot(who, end);
            return report::check_conformance(snap, period{start, end}, f.system().verify());
          },
          py::arg("who"), py::arg("start"), py::arg("end"),
          "Every conformance check over [start, end), the store's verification included.");
  store.def_property_readonly(
      "reports", [](std::shared_ptr<store_handle> s) { return reports_api{{std::move(s)}}; },
      "Service reports and conformance.");
}

}  // namespace itsm::python
