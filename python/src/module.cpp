// The `itsm` Python module: the C++ library bound directly (docs/python.md). Every call goes
// through the sms and its one write path; nothing here reads or writes storage by itself.
#include "bindings.hpp"

PYBIND11_MODULE(itsm, m) {
  namespace ip = itsm::python;
  m.doc() =
      "itsm: IT service management (ISO/IEC 20000-1) as a library. Open a store with itsm.open(path) or "
      "itsm.memory(), act as an itsm.Actor through its facades (cmdb, services, incidents, requests, "
      "changes, reports), query with store.query(). Errors are itsm.Error subclasses carrying the "
      "violated requirement ids.";
  ip::bind_errors(m);
  auto store = ip::bind_store(m);
  ip::bind_cmdb(m, store);
  ip::bind_service_level(m, store);
  ip::bind_tickets(m, store);
  ip::bind_changes(m, store);
  ip::bind_queries(m, store);
  ip::bind_reports(m, store);
}
