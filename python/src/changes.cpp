// Change management (clause 9.2): RFCs through assessment, approval, schedule, build, test,
// implementation, review and closure, as itsm.Rfc and store.changes.
#include <string>

#include "bindings.hpp"

namespace itsm::python {

namespace {

struct changes_api : facade {};

void bind_rfc(py::module_& m) {
  using model::rfc;
  py::class_<rfc> cls(m, "Rfc", "A request for change (R-9.2-record); moved only by store.changes.");
  add_record_protocol<rfc>(cls, "Rfc");
  cls.def_readonly("id", &rfc::id, "'RFC-3'; None until submitted.")
      .def_readwrite("revision", &rfc::revision, "Must be the stored revision to edit.")
      .def_readwrite("title", &rfc::title)
      .def_readwrite("reason", &rfc::reason)
      .def_readwrite("classification", &rfc::classification, "standard, normal, emergency or major.")
      .def_readonly("state", &rfc::state,
                    "draft, assessed, approved, rejected, scheduled, built, tested, implementing, implemented, "
                    "failed, backed_out, reviewed or closed.")
      .def_readonly("requester", &rfc::requester)
      .def_readonly("risk", &rfc::risk)
      .def_readwrite("scope_cis", &rfc::scope_cis, "CI ids in scope (R-9.2-record).")
      .def_readwrite("scope_services", &rfc::scope_services, "Service ids in scope.")
      .def_readwrite("window_start", &rfc::window_start)
      .def_readwrite("window_end", &rfc::window_end)
      .def_readwrite("backout_plan", &rfc::backout_plan, "Required before approval (R-9.2-backout).")
      .def_readonly("implementer", &rfc::implementer)
      .def_readwrite("problem", &rfc::problem)
      .def_readonly("review", &rfc::review, "The post-implementation review (R-9.2-review).")
      .def_readwrite("standard_model", &rfc::standard_model)
      .def_readwrite("emergency_justification", &rfc::emergency_justification)
      .def_readwrite("design_plan", &rfc::design_plan)
      .def_readonly("impact_cis", &rfc::impact_cis, "Blast radius found by the assessment (scope excluded).")
      .def_readonly("impact_services", &rfc::impact_services)
      .def_readonly("conflicts", &rfc::conflicts, "Schedule conflicts accepted, one per line.")
      .def_readonly("outcome", &rfc::outcome, "successful or failed.")
      .def_readonly("submitted_at", &rfc::submitted_at)
      .def_readonly("implemented_at", &rfc::implemented_at)
      .def_readonly("closed_at", &rfc::closed_at);
}

}  // namespace

void bind_changes(py::module_& m, store_class& store) {
  bind_rfc(m);
  using C = changes_api;
  py::class_<C>(m, "Changes", "Change management (clause 9.2): store.changes. Each step refused by a rule raises "
                              "itsm.RuleViolation naming the R- id; nothing changes.")
      .def(
          "submit",
          [](const C& f, const actor& who, model::rfc draft, const std::string& reason, const std::string& ref) {
            return f.system().changes().submit(who, std::move(draft), options(reason, ref));
          },
          py::arg("who"), py::arg("rfc"), ITSM_PY_WRITE_ARGS, "Records an RFC in state draft; `who` is its requester.")
      .def(
          "edit",
          [](const C& f, const actor& who, const model::rfc& edited, const std::string& reason, const std::string& ref) {
            return f.system().changes().edit(who, edited, options(reason, ref));
          },
          py::arg("who"), py::arg("rfc"), ITSM_PY_WRITE_ARGS, "Edits the plan of a draft or assessed RFC.")
      .def(
          "impact_of",
          [](const C& f, const actor& who, const std::vector<ci_id>& cis, const std::vector<service_id>& services) {
            return f.system().changes().impact_of(who, cis, services);
          },
          py::arg("who"), py::arg("cis"), py::arg("services") = std::vector<service_id>{},
          "The impact of changing this scope now (R-9.1-to-change).")
      .def(
          "assess",
          [](const C& f, const actor& who, rfc_id id, std::string risk, std::string security, std::string continuity,
             std::string plans, std::string cost, const std::string& reason, const std::string& ref) {
            const rfc_assessment a{std::move(risk), std::move(security), std::move(continuity), std::move(plans),
                                   std::move(cost)};
            return f.system().changes().assess(who, id, a, options(reason, ref));
          },
          py::arg("who"), py::arg("rfc"), py::kw_only(), py::arg("risk"), py::arg("security_impact"),
          py::arg("continuity_impact"), py::arg("plans_impact") = "", py::arg("cost") = "", py::arg("reason") = "",
          py::arg("reference") = "",
          "draft -> assessed with the answers and the CMDB impact (R-9.2-assess, R-6.6-rfc, R-6.3-rfc).")
      .def(
          "approve",
          [](const C& f, const actor& who, rfc_id id, const std::string& comment, const std::string& reason,
             const std::string& ref) { return f.system().changes().decide(who, id, vote::approve, comment, options(reason, ref)); },
          py::arg("who"), py::arg("rfc"), py::arg("comment") = "", ITSM_PY_WRITE_ARGS,
          "One approving vote (R-9.2-approve); not by the requester, whatever the roles.")
      .def(
          "reject",
          [](const C& f, const actor& who, rfc_id id, const std::string& comment, const std::string& reason,
             const std::string& ref) { return f.system().changes().decide(who, id, vote::reject, comment, options(reason, ref)); },
          py::arg("who"), py::arg("rfc"), py::arg("comment") = "", ITSM_PY_WRITE_ARGS, "A rejecting vote.")
      .def(
          "schedule",
          [](const C& f, const actor& who, rfc_id id, timestamp start, timestamp end, bool accept_conflicts,
             const std::string& reason, const std::string& ref) {
            return f.system().changes().schedule(who, id, period{start, end}, accept_conflicts, options(reason, ref));
          },
          py::arg("who"), py::arg("rfc"), py::arg("start"), py::arg("end"), py::arg("accept_conflicts") = false,
          ITSM_PY_WRITE_ARGS, "Schedules in [start, end) (R-9.2-schedule); conflicts refuse unless accepted.")
      .def("mark_built", step<C>(&sms::changes, &change_management::mark_built), py::arg("who"), py::arg("rfc"), ITSM_PY_WRITE_ARGS,
           "scheduled -> built.")
      .def("mark_tested", step<C>(&sms::changes, &change_management::mark_tested), py::arg("who"), py::arg("rfc"), ITSM_PY_WRITE_ARGS,
           "built -> tested.")
      .def("start_implementation", step<C>(&sms::changes, &change_management::start_implementation), py::arg("who"), py::arg("rfc"),
           ITSM_PY_WRITE_ARGS, "tested -> implementing; `who` is the implementer.")
      .def(
          "complete",
          [](const C& f, const actor& who, rfc_id id, bool successful, const std::string& reason, const std::string& ref) {
            return f.system().changes().complete(who, id, successful, options(reason, ref));
          },
          py::arg("who"), py::arg("rfc"), py::arg("successful"), ITSM_PY_WRITE_ARGS, "implementing -> implemented or failed.")
      .def(
          "back_out",
          [](const C& f, const actor& who, rfc_id id, const std::string& done, const std::string& summary,
             const std::string& reason, const std::string& ref) {
            return f.system().changes().back_out(who, id, done, summary, {}, options(reason, ref));
          },
          py::arg("who"), py::arg("rfc"), py::arg("what_was_done"), py::arg("investigation_summary"), ITSM_PY_WRITE_ARGS,
          "failed -> backed_out, opening an investigation (R-9.2-backout).")
      .def("retrospective_review", step<C>(&sms::changes, &change_management::retrospective_review), py::arg("who"),
           py::arg("rfc"), py::arg("text"), ITSM_PY_WRITE_ARGS,
           "An emergency RFC's retrospective review by the CAB (R-9.2-emergency).")
      .def(
          "review",
          [](const C& f, const actor& who, rfc_id id, const std::string& pir, std::vector<std::string> participants,
             const std::string& reason, const std::string& ref) {
            return f.system().changes().review(who, id, pir, std::move(participants), options(reason, ref));
          },
          py::arg("who"), py::arg("rfc"), py::arg("pir"), py::arg("participants") = std::vector<std::string>{},
          ITSM_PY_WRITE_ARGS, "implemented|backed_out -> reviewed with the PIR (R-9.2-review).")
      .def("close", step<C>(&sms::changes, &change_management::close), py::arg("who"), py::arg("rfc"), ITSM_PY_WRITE_ARGS,
           "reviewed|rejected -> closed.")
      .def(
          "check",
          [](const C& f, const actor& who, rfc_id id, const std::string& action) {
            return violation_list(f.system().changes().check(who, id, action));
          },
          py::arg("who"), py::arg("rfc"), py::arg("action"),
          "The (rule, message) pairs `action` (assess, decide, schedule, build, test, implement, complete, review, "
          "close, …) would meet now.")
      .def(
          "find", [](const C& f, const actor& who, rfc_id id) { return f.system().changes().find(who, id); },
          py::arg("who"), py::arg("rfc"), "The RFC, or None.");
  store.def_property_readonly(
      "changes", [](std::shared_ptr<store_handle> s) { return changes_api{{std::move(s)}}; }, "Change management.");
}

}  // namespace itsm::python
