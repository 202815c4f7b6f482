// What the binding files share: the open store every facade reaches the sms through, the
// write-option keywords, the record helpers and one bind_… function per area (each in its own
// file, called once by module.cpp).
#pragma once

#include <memory>
#include <string>

#include "casters.hpp"
#include "itsm/core/clock.hpp"
#include "itsm/process/export.hpp"
#include "itsm/process/sms.hpp"

namespace itsm::python {

// An open store. close() drops the sms (and so the backend: the SQLite file is closed); any use
// after that is itsm.Unavailable, never a crash.
class store_handle {
 public:
  store_handle(std::unique_ptr<sms> system, std::shared_ptr<manual_clock> clock)
      : sms_(std::move(system)), clock_(std::move(clock)) {}
  sms& get() const {
    if (!sms_) throw error(errc::unavailable, "the store is closed");
    return *sms_;
  }
  void close() { sms_.reset(); }
  bool closed() const { return !sms_; }
  // The manual clock the store was opened with, or nullptr (system clock).
  const std::shared_ptr<manual_clock>& clock() const { return clock_; }

 private:
  std::unique_ptr<sms> sms_;
  std::shared_ptr<manual_clock> clock_;
};

// A process facade (store.cmdb, store.incidents, …): keeps its store alive. Each area derives its
// own type so that Python sees one class per facade.
struct facade {
  std::shared_ptr<store_handle> store;
  sms& system() const { return store->get(); }
};

// The keywords every write takes: why (audited) and the RFC a change-controlled write carries.
inline write_options options(const std::string& reason, const std::string& reference) {
  return write_options{reason, reference};
}
// Violations as the (rule, message) pairs the check_… methods return and errors carry.
inline py::list violation_list(const std::vector<violation>& vs) {
  py::list out;
  for (const auto& v : vs) out.append(py::make_tuple(v.rule, v.message));
  return out;
}

#define ITSM_PY_WRITE_ARGS py::kw_only(), py::arg("reason") = "", py::arg("reference") = ""

// A facade method forwarding (who, id[, text], reason=, reference=) to a process's member
// function: the shape of most workflow steps (incidents().start_work, changes().mark_built, …).
template <class Api, class P, class R, class Id>
auto step(P& (sms::*process)() noexcept, R (P::*fn)(const actor&, Id, const write_options&)) {
  return [process, fn](const Api& f, const actor& who, Id id, const std::string& reason, const std::string& ref) {
    return ((f.system().*process)().*fn)(who, id, options(reason, ref));
  };
}
template <class Api, class P, class R, class Id>
auto step(P& (sms::*process)() noexcept,
          R (P::*fn)(const actor&, Id, const std::string&, const write_options&)) {
  return [process, fn](const Api& f, const actor& who, Id id, const std::string& text, const std::string& reason,
                       const std::string& ref) { return ((f.system().*process)().*fn)(who, id, text, options(reason, ref)); };
}

// Record classes: keyword construction (an unknown keyword is itsm.InvalidArgument), a short
// repr, the record's `kind`, to_json() in the export schema and to_dict() of its fields.
template <class T, class Class>
void add_record_protocol(Class& cls, const char* python_name) {
  cls.def(py::init([python_name](py::kwargs fields) {
            py::object obj = py::cast(T{});
            for (const auto& [name, v] : fields) {
              const std::string key = py::str(name);
              if (key.starts_with("_") || !py::hasattr(py::type::handle_of(obj), key.c_str()))
                throw error(errc::invalid_argument, std::string(python_name) + " has no field '" + key + "'");
              py::setattr(obj, name, v);
            }
            return obj.cast<T>();
          }),
          (std::string("A new ") + python_name + "; keywords set its fields (see the class attributes).").c_str())
      .def("to_json", [](const T& obj) { return export_json(obj); },
           "This record as JSON in the export schema itsm.export/1 (docs/export.md).")
      .def(
          "to_dict",
          [](const T& obj) {
            const py::object document = py::module_::import("json").attr("loads")(export_json(obj));
            return py::object(document["fields"]);
          },
          "The stored fields as a dict (instants as ISO-8601 text, as in the export).")
      .def("__repr__", [python_name](const T& obj) {
        const auto key = T::def().key(obj);
        return "<itsm." + std::string(python_name) + " " + (key.empty() ? "(new)" : key) + " rev " +
               std::to_string(obj.revision) + ">";
      });
  // A record whose own field is called `kind` (Relationship) keeps it; store.query() takes the name.
  if (!py::hasattr(cls, "kind")) cls.attr("kind") = T::def().name();
}

using store_class = py::class_<store_handle, std::shared_ptr<store_handle>>;

// Each area binds its record classes and its facade, and gives Store the facade's property.
void bind_errors(py::module_& m);
store_class bind_store(py::module_& m);
void bind_cmdb(py::module_& m, store_class& store);
void bind_service_level(py::module_& m, store_class& store);
void bind_tickets(py::module_& m, store_class& store);
void bind_changes(py::module_& m, store_class& store);
void bind_queries(py::module_& m, store_class& store);
void bind_reports(py::module_& m, store_class& store);

}  // namespace itsm::python
