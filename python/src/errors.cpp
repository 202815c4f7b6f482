// itsm::error as a Python exception hierarchy: itsm.Error, and one subclass per error code. Every
// instance carries .code (the errc name), .requirements (the violated R- ids, in order) and
// .violations ((rule, message) pairs). InvalidArgument is also a ValueError, NotFound a
// LookupError and PermissionDenied a PermissionError, so generic handlers catch them too.
#include <array>
#include <string>
#include <utility>

#include "bindings.hpp"

namespace itsm::python {

namespace {

struct mapped_class {
  errc code;
  const char* name;
  const char* doc;
  PyObject* also;  // a builtin it also derives from, or nullptr
};

// Filled once by bind_errors. Borrowed: the module's attributes keep the classes alive (an owning
// global would be released after the interpreter is gone).
std::array<std::pair<errc, PyObject*>, 9> classes;
PyObject* base_class = nullptr;

PyObject* make_class(py::module_& m, const char* name, const char* doc, const py::tuple& bases) {
  const std::string qualified = std::string("itsm.") + name;
  PyObject* cls = PyErr_NewExceptionWithDoc(qualified.c_str(), doc, bases.ptr(), nullptr);
  if (!cls) throw py::error_already_set();
  m.attr(name) = py::reinterpret_steal<py::object>(cls);
  return cls;
}

// Sets the Python error for `e`: an instance of its class carrying the code and the R- ids.
void set_error(const error& e) {
  PyObject* cls = base_class;
  for (const auto& [code, c] : classes)
    if (code == e.code()) cls = c;
  py::object exc = py::handle(cls)(e.what());
  py::list requirements;
  for (const auto& v : e.violations()) requirements.append(v.rule);
  exc.attr("code") = std::string(to_string(e.code()));
  exc.attr("requirements") = requirements;
  exc.attr("violations") = violation_list(e.violations());
  PyErr_SetObject(cls, exc.ptr());
}

}  // namespace

void bind_errors(py::module_& m) {
  base_class = make_class(m, "Error",
                          "Any error itsm reports. Attributes: code (e.g. 'rule_violation'), requirements "
                          "(the violated R- ids), violations (list of (rule, message)).",
                          py::make_tuple(py::handle(PyExc_Exception)));
  const py::handle base(base_class);
  const mapped_class table[] = {
      {errc::not_found, "NotFound", "The object, file or kind does not exist.", PyExc_LookupError},
      {errc::already_exists, "AlreadyExists", "A create met an id or identity that is taken.", nullptr},
      {errc::conflict, "Conflict", "A stale revision, or a concurrent writer won.", nullptr},
      {errc::invalid_argument, "InvalidArgument", "Malformed input: a bad id, type, field or value.", PyExc_ValueError},
      {errc::rule_violation, "RuleViolation", "A domain rule refused the operation; .requirements names the R- ids.",
       nullptr},
      {errc::permission_denied, "PermissionDenied",
       "The authorizer or separation of duties refused the actor (denials are audited).", PyExc_PermissionError},
      {errc::unavailable, "Unavailable", "The store cannot serve now (busy, closed, I/O).", nullptr},
      {errc::unsupported, "Unsupported", "The store or build lacks the capability.", nullptr},
      {errc::corrupt, "Corrupt", "Stored data fails its checks.", nullptr},
  };
  std::size_t i = 0;
  for (const auto& c : table) {
    auto bases = c.also ? py::make_tuple(base, py::handle(c.also)) : py::make_tuple(base);
    classes[i++] = {c.code, make_class(m, c.name, c.doc, bases)};
  }
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const error& e) {
      try {
        set_error(e);
      } catch (py::error_already_set& failed) {
        failed.restore();  // building the exception failed: report that instead
      }
    }
  });
}

}  // namespace itsm::python
