// The conformance check as an input to the management system (R-4.5-audit, R-4.5-review): its
// nonconformities seed an internal audit's findings (management_system::seed_findings) and its
// summary is the "conformance" input of a management review (management_system::hold_review).
//
//   auto st = itsm::report::check_conformance(system.reports().snapshot(auditor, at), year);
//   system.management().seed_findings(auditor, audit, itsm::report::findings_of(st));
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <vector>

#include "itsm/core/export.hpp"
#include "itsm/process/management.hpp"
#include "itsm/report/conformance.hpp"

namespace itsm::report {

// One finding per nonconformity of `st`, its summary as description and its records as evidence.
ITSM_API std::vector<audit_finding> findings_of(const conformance_statement& st);

// "conformance: 40 requirements conform, 1 nonconformity (R-9.2-approve), 3 not applicable, …"
ITSM_API std::string review_input(const conformance_statement& st);

}  // namespace itsm::report
