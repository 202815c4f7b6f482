// The month's service report and statement of conformance, made by the library (itsm/report/)
// from one read snapshot at the month's end, and the library's SLA figures of the month's tickets
// that the checks compare with their own recomputation. Thread-safety: single-threaded.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "itsm/report/conformance.hpp"
#include "itsm/report/service_report.hpp"
#include "scenario.hpp"

namespace spm {

// One ticket's SLA clocks at the end of the month.
struct sla_row {
  std::string ticket;        // "INC-12", "REQ-3"
  std::size_t service = 0;   // svc
  int priority = 0;
  std::string type;          // request type ("" for incidents)
  std::optional<itsm::calendar::sla_status> response, resolution;
};

struct figures {
  std::vector<sla_row> incidents, requests;  // the library's figures, from the snapshot
};

struct month_report {
  itsm::report::service_report report;
  itsm::report::conformance_statement statement;
  figures sla;
  std::int64_t records = 0;  // records in the snapshot
  double seconds = 0;        // snapshot, report and conformance check, wall clock
};

// Reads as the auditor; the report's availability runs through build_graph (clusters k of n).
month_report make_report(itsm::sms& system, const world& w, const month& m, const story& st);

// Compliance counts for one service: tickets with the target, and those not breached.
struct compliance {
  int response_total = 0, response_met = 0, resolution_total = 0, resolution_met = 0, breached = 0;
  bool operator==(const compliance&) const = default;
};
compliance compliance_of(const std::vector<sla_row>& rows, std::size_t service);

}  // namespace spm
