// What every conformance check shares: the snapshot, the period, the audit entries that wrote
// each record in the period, and the helpers that turn findings into a check_result.
// Not stable API. Thread-safety: one per check run.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "itsm/report/conformance.hpp"

namespace itsm::report::detail {

struct check_context {
  const store_snapshot& s;
  const period& p;
  const std::optional<sms::verification>& verified;
  std::map<std::string, std::vector<std::int64_t>> written;  // object id -> applied entries in p

  check_context(const store_snapshot& snap, const period& covered, const std::optional<sms::verification>& v);
  bool in_period(timestamp t) const { return !t.is_special() && p.start <= t && t < p.end; }

  // conforms with `evidence` (and the audit entries that wrote it in the period), or
  // nonconformity naming `offending`; no evidence when both are empty.
  check_result judge(const std::vector<std::string>& evidence, const std::vector<std::string>& offending,
                     const std::string& conforming, const std::string& failing, const std::string& unused) const;
};

using check_fn = std::function<check_result(const check_context&)>;
struct check_def {
  const char* requirement;
  check_fn run;
};

// The checks of each clause (checks_*.cpp).
std::vector<check_def> service_level_checks();   // 6.1, 6.2, 6.6, 7.1
std::vector<check_def> resolution_checks();      // 8.1, 8.2
std::vector<check_def> control_checks();         // 4.3, 9.1, 9.2
std::vector<check_def> release_checks();         // 9.3
std::vector<check_def> cmdb_checks();            // 9.1, 9.2: CMDB content and change records
std::vector<check_def> learning_checks();        // 8.1, 8.2, 9.3: known errors, trends, release measures
std::vector<check_def> management_checks();      // 4.3, 4.5, 9.1-library
std::vector<check_def> relationship_checks();    // 4.2, 6.1 (OLAs), 7.1, 7.2
std::vector<check_def> assurance_checks();       // 6.3
std::vector<check_def> satisfaction_checks();    // 7.1 (satisfaction)
std::vector<check_def> catalogue_checks();       // 6.1 (catalogue and SLA changes)
std::vector<check_def> content_checks();         // 6.2 (report content)
std::vector<check_def> release_info_checks();    // 9.3 (release information)
std::vector<check_def> design_checks();          // 4.4, 5
std::vector<check_def> security_checks();        // 6.6 policy and controls
std::vector<check_def> capacity_checks();        // 6.5
std::vector<check_def> assessment_checks();      // 6.3-rfc, 6.6-rfc, 9.2-assess: RFC assessment across processes
std::vector<check_def> records_checks();         // 4.3 records: integrity, retention and disposal
std::vector<check_def> finance_checks();         // 6.4, 9.1-finance

// The trail and every record verify (sms::verify() passed to the check): checks_control.cpp.
check_result records_integrity(const check_context& c);

}  // namespace itsm::report::detail
