// Service level management (clause 6.1): the catalogue, SLAs with targets and customers, as
// itsm.Service, itsm.Sla, itsm.SlaTarget, itsm.Customer and store.services.
#include <string>

#include "bindings.hpp"

namespace itsm::python {

namespace {

struct services_api : facade {};

void bind_records(py::module_& m) {
  using model::service;
  py::class_<service> svc(m, "Service", "A service in the catalogue (R-6.1-catalogue).");
  add_record_protocol<service>(svc, "Service");
  svc.def_readonly("id", &service::id, "'SVC-1'; None until added.")
      .def_readwrite("revision", &service::revision, "Must be the stored revision to update.")
      .def_readwrite("name", &service::name, "Unique in the catalogue.")
      .def_readwrite("description", &service::description)
      .def_readwrite("owner", &service::owner, "The service owner (approves changes affecting it).")
      .def_readwrite("customer", &service::customer)
      .def_readwrite("critical", &service::critical, "Feeds the major-incident definition.")
      .def_readwrite("status", &service::status, "pipeline, live or retired.")
      .def_readwrite("depends_on", &service::depends_on, "Ids of the services it depends on.")
      .def_readwrite("dedicated_to", &service::dedicated_to, "The one customer it is for, or None (shared).");

  using model::sla_target;
  py::class_<sla_target>(m, "SlaTarget", "Response and resolution targets for one priority, in business minutes.")
      .def(py::init([](int priority, std::int64_t response, std::int64_t resolution) {
             return sla_target{priority, response, resolution};
           }),
           py::arg("priority"), py::arg("response_minutes"), py::arg("resolution_minutes"))
      .def_readwrite("priority", &sla_target::priority)
      .def_readwrite("response_minutes", &sla_target::response_minutes)
      .def_readwrite("resolution_minutes", &sla_target::resolution_minutes)
      .def("__repr__", [](const sla_target& t) {
        return "<itsm.SlaTarget P" + std::to_string(t.priority) + " " + std::to_string(t.response_minutes) + "/" +
               std::to_string(t.resolution_minutes) + " min>";
      });

  using model::sla;
  py::class_<sla> agreement(m, "Sla", "A service level agreement with its targets (R-6.1-sla).");
  add_record_protocol<sla>(agreement, "Sla");
  agreement.def_readonly("id", &sla::id)
      .def_readonly("revision", &sla::revision)
      .def_readwrite("name", &sla::name)
      .def_readwrite("service", &sla::service, "The service id it covers.")
      .def_readwrite("calendar", &sla::calendar, "Business calendar JSON or name ('' = 24x7, docs/calendar.md).")
      .def_readwrite("availability_target", &sla::availability_target, "Percent of agreed service time.")
      .def_readwrite("targets", &sla::targets, "One itsm.SlaTarget per priority.")
      .def_readwrite("pause_states", &sla::pause_states, "Ticket states that pause the resolution clock.")
      .def_readwrite("workload_limits", &sla::workload_limits)
      .def_readwrite("exceptions", &sla::exceptions)
      .def_readwrite("customer", &sla::customer, "The customer it is agreed with, or None (every customer).");

  using model::customer;
  py::class_<customer> cus(m, "Customer", "A customer of the provider (R-7.1-parties).");
  add_record_protocol<customer>(cus, "Customer");
  cus.def_readonly("id", &customer::id)
      .def_readwrite("revision", &customer::revision)
      .def_readwrite("name", &customer::name, "Unique among customers.")
      .def_readwrite("description", &customer::description)
      .def_readwrite("contact", &customer::contact);
}

}  // namespace

void bind_service_level(py::module_& m, store_class& store) {
  bind_records(m);
  py::class_<services_api>(m, "ServiceLevel", "Service level management (clause 6.1): store.services.")
      .def(
          "add",
          [](const services_api& f, const actor& who, model::service draft, const std::string& reason,
             const std::string& ref) { return f.system().service_level().add_service(who, std::move(draft), options(reason, ref)); },
          py::arg("who"), py::arg("service"), ITSM_PY_WRITE_ARGS, "Adds a service to the catalogue (R-6.1-catalogue).")
      .def(
          "update",
          [](const services_api& f, const actor& who, const model::service& edited, const std::string& reason,
             const std::string& ref) { return f.system().service_level().update_service(who, edited, options(reason, ref)); },
          py::arg("who"), py::arg("service"), ITSM_PY_WRITE_ARGS, "Stores the next version of a service.")
      .def(
          "define_sla",
          [](const services_api& f, const actor& who, model::sla draft, const std::string& reason, const std::string& ref) {
            return f.system().service_level().define_sla(who, std::move(draft), options(reason, ref));
          },
          py::arg("who"), py::arg("sla"), ITSM_PY_WRITE_ARGS, "Records an SLA for an existing service (R-6.1-sla).")
      .def(
          "add_customer",
          [](const services_api& f, const actor& who, model::customer draft, const std::string& reason,
             const std::string& ref) { return f.system().service_level().add_customer(who, std::move(draft), options(reason, ref)); },
          py::arg("who"), py::arg("customer"), ITSM_PY_WRITE_ARGS, "Records a customer (R-7.1-parties).")
      .def(
          "find",
          [](const services_api& f, const actor& who, service_id id) { return f.system().service_level().find_service(who, id); },
          py::arg("who"), py::arg("service"), "The service, or None.")
      .def(
          "list", [](const services_api& f, const actor& who) { return f.system().service_level().services(who); },
          py::arg("who"), "The catalogue `who` may see.")
      .def(
          "slas_of",
          [](const services_api& f, const actor& who, service_id id) { return f.system().service_level().slas_of(who, id); },
          py::arg("who"), py::arg("service"), "The SLAs of a service.")
      .def(
          "customers", [](const services_api& f, const actor& who) { return f.system().service_level().customers(who); },
          py::arg("who"), "The customers `who` may see.");
  store.def_property_readonly(
      "services", [](std::shared_ptr<store_handle> s) { return services_api{{std::move(s)}}; },
      "Service level management: catalogue, SLAs, customers.");
}

}  // namespace itsm::python
