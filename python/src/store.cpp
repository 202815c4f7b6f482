// Opening stores (itsm.open, itsm.memory), the Store context manager, actors, the manual clock,
// verification and the ticket export.
#include <string>

#include "bindings.hpp"
#include "itsm/storage/registry.hpp"
#include "itsm/storage/sqlite.hpp"
#ifdef ITSM_PYTHON_POSTGRES
#include "itsm/storage/postgres.hpp"
#endif

namespace itsm::python {

namespace {

// A bare path means SQLite; "memory:", "sqlite:…" and "postgresql://…" are store URIs.
std::string store_uri(const std::string& target) {
  for (const char* scheme : {"memory:", "sqlite:", "postgresql:", "postgres:"})
    if (target.starts_with(scheme)) return target;
  if (target.empty()) throw error(errc::invalid_argument, "itsm.open: empty path");
  return "sqlite:" + target;
}

std::shared_ptr<store_handle> open_store(const std::string& uri, std::shared_ptr<manual_clock> clock) {
  static const bool registered = [] {
    storage::register_sqlite();
#ifdef ITSM_PYTHON_POSTGRES
    storage::register_postgres();
#endif
    return true;
  }();
  (void)registered;
  sms_options options;
  if (clock) options.time_source = clock;
  return std::make_shared<store_handle>(std::make_unique<sms>(sms::open(uri, std::move(options))), std::move(clock));
}

void bind_actor(py::module_& m) {
  py::class_<actor>(m, "Actor", "Who acts: a name (audited as is), roles and, for a customer's user, the customer key.")
      .def(py::init<std::string, std::vector<std::string>, std::string>(), py::arg("name"),
           py::arg("roles") = std::vector<std::string>{}, py::arg("customer") = "",
           "An actor. Built-in roles: admin, configuration_manager, change_manager, cab_member, service_desk, "
           "incident_manager, problem_manager, release_manager, service_level_manager, auditor, viewer, customer.")
      .def_readwrite("name", &actor::name, "Unique within the product; audited as is.")
      .def_readwrite("roles", &actor::roles, "Role names (the default policy grants by role).")
      .def_readwrite("customer", &actor::customer, "'' for the provider's staff, else the customer key ('CUS-3').")
      .def("__repr__", [](const actor& a) { return "<itsm.Actor " + a.name + ">"; });
}

void bind_clock(py::module_& m) {
  py::class_<manual_clock, std::shared_ptr<manual_clock>>(
      m, "ManualClock", "A clock that stands still until set() or advance() moves it; never goes backwards.")
      .def(py::init<timestamp>(), py::arg("start"), "Starts at `start` (an aware datetime).")
      .def_property_readonly("now", &manual_clock::now, "The current instant (aware, UTC).")
      .def("set", &manual_clock::set, py::arg("instant"), "Moves to `instant`; InvalidArgument if it is earlier.")
      .def("advance", &manual_clock::advance, py::arg("by"), "Moves forward by a timedelta (not negative).");
}

void bind_verification(py::module_& m) {
  py::class_<audit::verify_result>(m, "TrailVerification", "The audit chain's check (R-9.1-trace).")
      .def_readonly("ok", &audit::verify_result::ok)
      .def_readonly("entries", &audit::verify_result::entries, "Entries verified intact.")
      .def_readonly("head_hash", &audit::verify_result::head_hash)
      .def_readonly("first_bad_seq", &audit::verify_result::first_bad_seq, "0 when ok.")
      .def_readonly("problem", &audit::verify_result::problem, "'' when ok.");
  py::class_<audit::record_finding>(m, "RecordFinding", "A stored row that does not match its audit trail.")
      .def_readonly("kind", &audit::record_finding::kind)
      .def_readonly("id", &audit::record_finding::id)
      .def_property_readonly(
          "problem", [](const audit::record_finding& f) { return std::string(audit::to_string(f.problem)); },
          "content_changed, not_in_trail, missing, wrong_revision, sequence_behind, not_hashed or "
          "redacted_not_disposed.")
      .def_readonly("detail", &audit::record_finding::detail);
  py::class_<audit::record_verification>(m, "RecordVerification",
                                         "Every stored record against the trail (R-9.1-trace, R-4.3-records).")
      .def_readonly("ok", &audit::record_verification::ok)
      .def_readonly("entries", &audit::record_verification::entries)
      .def_readonly("records", &audit::record_verification::records, "Rows read.")
      .def_readonly("verified", &audit::record_verification::verified, "Rows whose content hash matches.")
      .def_readonly("findings", &audit::record_verification::findings);
  py::class_<sms::verification>(m, "Verification", "Both checks: the audit chain, then the records.")
      .def_property_readonly("ok", &sms::verification::ok, "True when both hold.")
      .def_readonly("trail", &sms::verification::trail)
      .def_readonly("records", &sms::verification::records);
}

}  // namespace

store_class bind_store(py::module_& m) {
  bind_actor(m);
  bind_clock(m);
  bind_verification(m);
  store_class cls(m, "Store",
                  "An open store and the service management system over it. A context manager: `with "
                  "itsm.open('desk.db') as store:` closes it on exit. One operation is one transaction.");
  cls.def("__enter__", [](std::shared_ptr<store_handle> s) { return s; })
      .def("__exit__", [](store_handle& s, py::args) { s.close(); })
      .def("close", &store_handle::close, "Closes the store (idempotent); later use raises itsm.Unavailable.")
      .def_property_readonly("closed", &store_handle::closed)
      .def_property_readonly("clock", &store_handle::clock, "The ManualClock it was opened with, or None.")
      .def_property_readonly(
          "now", [](const store_handle& s) { return s.get().time_source().now(); }, "The store clock's instant.")
      .def(
          "verify", [](const store_handle& s) { return s.get().verify(); },
          "Verifies the audit chain and every record against it (R-9.1-trace, R-4.3-records).")
      .def(
          "export_ticket",
          [](const store_handle& s, const actor& who, const std::string& ticket) {
            if (ticket.starts_with("REQ-"))
              return export_ticket(s.get(), who, service_request_id::parse(ticket));
            return export_ticket(s.get(), who, incident_id::parse(ticket));
          },
          py::arg("who"), py::arg("ticket"),
          "An incident ('INC-…') or request ('REQ-…') with its log, links and SLA figures as JSON "
          "(itsm.export/1). NotFound when `who` cannot see it.");

  m.def(
      "open",
      [](py::object target, std::shared_ptr<manual_clock> clock) {
        const auto path = py::module_::import("os").attr("fspath")(target).cast<std::string>();
        return open_store(store_uri(path), std::move(clock));
      },
      py::arg("target"), py::kw_only(), py::arg("clock") = nullptr,
      "Opens (or creates) a store: a file path means SQLite; 'memory:', 'sqlite:PATH' and "
      "'postgresql://…' URIs are accepted too. `clock`: an itsm.ManualClock for simulations and tests.");
  m.def(
      "memory", [](std::shared_ptr<manual_clock> clock) { return open_store("memory:", std::move(clock)); },
      py::kw_only(), py::arg("clock") = nullptr, "A new, empty in-memory store (gone when closed).");
  return cls;
}

}  // namespace itsm::python
