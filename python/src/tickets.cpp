// Incidents (clause 8.1) and service requests (R-8.1-requests) through their transitions, with
// their logs and SLA figures: itsm.Incident, itsm.ServiceRequest, store.incidents, store.requests.
#include <array>
#include <string>
#include <string_view>

#include "bindings.hpp"

namespace itsm::python {

namespace {

struct incidents_api : facade {};
struct requests_api : facade {};

// The transition named `name` (to_string's spelling), else InvalidArgument listing the names.
template <class E, std::size_t N>
E transition_from(const std::string& name, const std::array<E, N>& all) {
  std::string names;
  for (E t : all) {
    if (to_string(t) == name) return t;
    names += (names.empty() ? "" : ", ") + std::string(to_string(t));
  }
  throw error(errc::invalid_argument, "transition '" + name + "' is not one of " + names);
}

std::string phase_name(calendar::sla_phase p) {
  static constexpr std::array<std::string_view, 4> names{"not_started", "running", "paused", "stopped"};
  return std::string(names.at(static_cast<std::size_t>(p)));
}

void bind_incident(py::module_& m) {
  using model::incident;
  py::class_<incident> cls(m, "Incident", "An incident (R-8.1-procedure); moved only by store.incidents.");
  add_record_protocol<incident>(cls, "Incident");
  cls.def_readonly("id", &incident::id, "'INC-7'; None until recorded.")
      .def_readonly("revision", &incident::revision)
      .def_readwrite("title", &incident::title)
      .def_readwrite("description", &incident::description)
      .def_readonly("state", &incident::state, "recorded, assigned, in_progress, pending, resolved or closed.")
      .def_readonly("pending_reason", &incident::pending_reason)
      .def_readwrite("impact", &incident::impact, "1 (highest) … 3.")
      .def_readwrite("urgency", &incident::urgency, "1 (highest) … 3.")
      .def_readonly("priority", &incident::priority, "1 … 5 from the priority matrix (R-8.1-priority).")
      .def_readwrite("category", &incident::category)
      .def_readwrite("security", &incident::security, "An information security incident (R-6.6-incidents).")
      .def_readonly("major", &incident::major, "Declared major (R-8.1-major).")
      .def_readonly("major_manager", &incident::major_manager)
      .def_readwrite("service", &incident::service, "The affected service id.")
      .def_readwrite("ci", &incident::ci, "The affected CI id, or None.")
      .def_readonly("assignment_group", &incident::assignment_group)
      .def_readonly("assignee", &incident::assignee)
      .def_readwrite("caller", &incident::caller)
      .def_readonly("opened_at", &incident::opened_at)
      .def_readonly("resolved_at", &incident::resolved_at, "None while unresolved.")
      .def_readonly("closed_at", &incident::closed_at)
      .def_readonly("resolution", &incident::resolution)
      .def_readwrite("sla", &incident::sla, "The SLA applied (None: the service's first SLA on record).")
      .def_readonly("problem", &incident::problem)
      .def_readwrite("customer", &incident::customer, "Whose incident it is, or None (internal).")
      .def_readwrite("custom", &incident::custom, "Custom fields per the ticket policy (a dict).");
}

void bind_request(py::module_& m) {
  using model::service_request;
  py::class_<service_request> cls(m, "ServiceRequest", "A service request (R-8.1-requests); moved by store.requests.");
  add_record_protocol<service_request>(cls, "ServiceRequest");
  cls.def_readonly("id", &service_request::id, "'REQ-3'; None until recorded.")
      .def_readonly("revision", &service_request::revision)
      .def_readwrite("title", &service_request::title)
      .def_readonly("state", &service_request::state,
                    "recorded, approved, in_fulfilment, pending, fulfilled, closed or cancelled.")
      .def_readwrite("request_type", &service_request::request_type, "information, advice, access, standard_change, …")
      .def_readwrite("standard_change", &service_request::standard_change, "The standard change model, if any.")
      .def_readwrite("service", &service_request::service)
      .def_readwrite("requested_by", &service_request::requested_by)
      .def_readwrite("assignment_group", &service_request::assignment_group)
      .def_readwrite("priority", &service_request::priority)
      .def_readonly("opened_at", &service_request::opened_at)
      .def_readonly("fulfilled_at", &service_request::fulfilled_at)
      .def_readonly("closed_at", &service_request::closed_at)
      .def_readonly("fulfilment", &service_request::fulfilment)
      .def_readwrite("customer", &service_request::customer)
      .def_readwrite("custom", &service_request::custom);
}

void bind_log_and_sla(py::module_& m) {
  py::class_<ticket_event>(m, "TicketEvent", "One entry of a ticket's log: a state change, note, SLA threshold, …")
      .def_readonly("ticket", &ticket_event::ticket)
      .def_readonly("seq", &ticket_event::seq)
      .def_readonly("at", &ticket_event::at)
      .def_readonly("type", &ticket_event::type, "state, priority, sla, threshold, note, major, step or review.")
      .def_readonly("from_", &ticket_event::from, "The previous value ('from' is a Python keyword).")
      .def_readonly("to", &ticket_event::to)
      .def_readonly("detail", &ticket_event::detail)
      .def_readonly("actor", &ticket_event::actor)
      .def("__repr__", [](const ticket_event& e) {
        return "<itsm.TicketEvent " + e.ticket + " #" + std::to_string(e.seq) + " " + e.type + " " + e.from + "->" + e.to + ">";
      });

  using calendar::sla_status;
  py::class_<sla_status>(m, "SlaClock", "One SLA clock (response or resolution) at an instant (R-6.1-monitor).")
      .def_property_readonly("phase", [](const sla_status& s) { return phase_name(s.phase); },
                             "not_started, running, paused or stopped.")
      .def_readonly("started_at", &sla_status::started_at)
      .def_readonly("elapsed", &sla_status::elapsed, "Business time the clock ran.")
      .def_readonly("paused", &sla_status::paused, "Business time spent paused.")
      .def_readonly("deadline", &sla_status::deadline, "When the goal is (or was) reached; None when unknown.")
      .def_readonly("breached_at", &sla_status::breached_at, "Set when the target was breached.")
      .def_readonly("remaining", &sla_status::remaining, "Goal minus elapsed; negative once overdue.")
      .def_property_readonly("breached", [](const sla_status& s) { return s.breached_at.has_value(); });

  py::class_<ticket_sla>(m, "TicketSla", "A ticket's SLA figures at an instant (R-6.1-monitor).")
      .def_readonly("sla", &ticket_sla::sla, "The SLA applied, or None.")
      .def_readonly("sla_revision", &ticket_sla::sla_revision, "The version of the SLA measured against (R-6.1-change).")
      .def_readonly("priority", &ticket_sla::priority)
      .def_readonly("response", &ticket_sla::response, "The response clock, or None without a target.")
      .def_readonly("resolution", &ticket_sla::resolution, "The resolution clock, or None without a target.")
      .def_property_readonly("breached", &ticket_sla::breached, "Either clock breached.");
}

void bind_incidents_api(py::module_& m) {
  using I = incidents_api;
  constexpr std::array all{incident_transition::assign, incident_transition::start, incident_transition::pend,
                           incident_transition::resume, incident_transition::resolve, incident_transition::reopen,
                           incident_transition::close};
  py::class_<I>(m, "Incidents", "Incident management (clause 8.1): store.incidents. Illegal steps raise "
                                "itsm.RuleViolation citing R-8.1-procedure.")
      .def(
          "record",
          [](const I& f, const actor& who, model::incident draft, const std::string& reason, const std::string& ref) {
            return f.system().incidents().record(who, std::move(draft), options(reason, ref));
          },
          py::arg("who"), py::arg("incident"), ITSM_PY_WRITE_ARGS,
          "Records an incident now: priority from the matrix, the service's SLA applied.")
      .def(
          "assign",
          [](const I& f, const actor& who, incident_id id, const std::string& group, const std::string& assignee,
             const std::string& reason, const std::string& ref) {
            return f.system().incidents().assign(who, id, group, assignee, options(reason, ref));
          },
          py::arg("who"), py::arg("incident"), py::arg("group"), py::arg("assignee") = "", ITSM_PY_WRITE_ARGS)
      .def("start_work", step<I>(&sms::incidents, &incident_management::start_work), py::arg("who"),
           py::arg("incident"), ITSM_PY_WRITE_ARGS)
      .def("pend", step<I>(&sms::incidents, &incident_management::pend), py::arg("who"), py::arg("incident"),
           py::arg("waiting_for"), ITSM_PY_WRITE_ARGS,
           "Waits ('customer', 'supplier', …); the SLA decides whether the clock pauses.")
      .def("resume", step<I>(&sms::incidents, &incident_management::resume), py::arg("who"), py::arg("incident"),
           ITSM_PY_WRITE_ARGS)
      .def("resolve", step<I>(&sms::incidents, &incident_management::resolve), py::arg("who"), py::arg("incident"),
           py::arg("resolution"), ITSM_PY_WRITE_ARGS)
      .def("reopen", step<I>(&sms::incidents, &incident_management::reopen), py::arg("who"), py::arg("incident"),
           py::arg("why"), ITSM_PY_WRITE_ARGS)
      .def("close", step<I>(&sms::incidents, &incident_management::close), py::arg("who"), py::arg("incident"),
           ITSM_PY_WRITE_ARGS, "A major incident closes only after its review.")
      .def(
          "reprioritise",
          [](const I& f, const actor& who, incident_id id, int impact, int urgency, const std::string& reason,
             const std::string& ref) { return f.system().incidents().reprioritise(who, id, impact, urgency, options(reason, ref)); },
          py::arg("who"), py::arg("incident"), py::arg("impact"), py::arg("urgency"), ITSM_PY_WRITE_ARGS)
      .def("add_note", step<I>(&sms::incidents, &incident_management::add_note), py::arg("who"), py::arg("incident"),
           py::arg("text"), ITSM_PY_WRITE_ARGS)
      .def("declare_major", step<I>(&sms::incidents, &incident_management::declare_major), py::arg("who"),
           py::arg("incident"), py::arg("manager"), ITSM_PY_WRITE_ARGS,
           "Declares a major incident (R-8.1-major): incident managers only.")
      .def(
          "check",
          [all](const I& f, const actor& who, incident_id id, const std::string& transition) {
            return violation_list(f.system().incidents().check(who, id, transition_from(transition, all)));
          },
          py::arg("who"), py::arg("incident"), py::arg("transition"),
          "The (rule, message) pairs a transition (assign, start, pend, resume, resolve, reopen, close) would meet now.")
      .def(
          "find", [](const I& f, const actor& who, incident_id id) { return f.system().incidents().find(who, id); },
          py::arg("who"), py::arg("incident"), "The incident, or None when absent or not visible.")
      .def(
          "open", [](const I& f, const actor& who) { return f.system().incidents().open_incidents(who); }, py::arg("who"),
          "Every open incident (neither resolved nor closed). For large stores use store.query().")
      .def(
          "log", [](const I& f, const actor& who, incident_id id) { return f.system().incidents().log(who, id); },
          py::arg("who"), py::arg("incident"), "The ticket log, oldest first.")
      .def(
          "sla_figures",
          [](const I& f, const actor& who, incident_id id, std::optional<timestamp> at) {
            return f.system().incidents().sla_figures(who, id, at);
          },
          py::arg("who"), py::arg("incident"), py::arg("at") = py::none(),
          "SLA figures at `at` (default: the store clock's now).")
      .def(
          "breaching_within",
          [](const I& f, const actor& who, duration window) { return f.system().incidents().breaching_within(who, window); },
          py::arg("who"), py::arg("window"), "Open incidents that breach a target within `window` (a timedelta).");
}

void bind_requests_api(py::module_& m) {
  using R = requests_api;
  py::class_<R>(m, "Requests", "Service request management (R-8.1-requests): store.requests.")
      .def(
          "record",
          [](const R& f, const actor& who, model::service_request draft, const std::string& reason, const std::string& ref) {
            return f.system().requests().record(who, std::move(draft), options(reason, ref));
          },
          py::arg("who"), py::arg("request"), ITSM_PY_WRITE_ARGS, "Records a request now.")
      .def("approve", step<R>(&sms::requests, &request_management::approve), py::arg("who"), py::arg("request"),
           ITSM_PY_WRITE_ARGS, "Not by the requester (separation of duties).")
      .def("start", step<R>(&sms::requests, &request_management::start), py::arg("who"), py::arg("request"),
           ITSM_PY_WRITE_ARGS)
      .def("add_step", step<R>(&sms::requests, &request_management::add_step), py::arg("who"), py::arg("request"),
           py::arg("step"), ITSM_PY_WRITE_ARGS)
      .def("pend", step<R>(&sms::requests, &request_management::pend), py::arg("who"), py::arg("request"),
           py::arg("waiting_for"), ITSM_PY_WRITE_ARGS)
      .def("resume", step<R>(&sms::requests, &request_management::resume), py::arg("who"), py::arg("request"),
           ITSM_PY_WRITE_ARGS)
      .def("fulfil", step<R>(&sms::requests, &request_management::fulfil), py::arg("who"), py::arg("request"),
           py::arg("fulfilment"), ITSM_PY_WRITE_ARGS)
      .def("close", step<R>(&sms::requests, &request_management::close), py::arg("who"), py::arg("request"),
           ITSM_PY_WRITE_ARGS)
      .def("cancel", step<R>(&sms::requests, &request_management::cancel), py::arg("who"), py::arg("request"),
           py::arg("why"), ITSM_PY_WRITE_ARGS)
      .def(
          "find", [](const R& f, const actor& who, service_request_id id) { return f.system().requests().find(who, id); },
          py::arg("who"), py::arg("request"), "The request, or None.")
      .def(
          "log", [](const R& f, const actor& who, service_request_id id) { return f.system().requests().log(who, id); },
          py::arg("who"), py::arg("request"))
      .def(
          "steps", [](const R& f, const actor& who, service_request_id id) { return f.system().requests().steps(who, id); },
          py::arg("who"), py::arg("request"), "The fulfilment steps recorded.")
      .def(
          "sla_figures",
          [](const R& f, const actor& who, service_request_id id, std::optional<timestamp> at) {
            return f.system().requests().sla_figures(who, id, at);
          },
          py::arg("who"), py::arg("request"), py::arg("at") = py::none());
}

}  // namespace

void bind_tickets(py::module_& m, store_class& store) {
  bind_incident(m);
  bind_request(m);
  bind_log_and_sla(m);
  bind_incidents_api(m);
  bind_requests_api(m);
  store.def_property_readonly(
      "incidents", [](std::shared_ptr<store_handle> s) { return incidents_api{{std::move(s)}}; },
      "Incident management.");
  store.def_property_readonly(
      "requests", [](std::shared_ptr<store_handle> s) { return requests_api{{std::move(s)}}; },
      "Service request management.");
}

}  // namespace itsm::python
