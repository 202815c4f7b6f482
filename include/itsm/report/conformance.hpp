// The conformance check (R-4.5-audit): one check per requirement id, each a pure function of a
// read snapshot and a period, returning whether the store shows conformity with that
// requirement of ISO/IEC 20000-1:2011 — with the evidence (record ids, audit sequence numbers) —
// or a nonconformity (the offending record ids), no evidence (the process was not used in the
// period) or not applicable (the requirement was excluded from the SMS scope, with the recorded
// justification: report_management::exclude). A store whose records do not match their audit
// trail (a write bypassed the library: sms::verify()) is a nonconformity, never trusted.
//
//   auto snap = system.reports().snapshot(auditor, p.to);
//   auto st = itsm::report::check_conformance(snap, p, system.verify());
//
// Thread-safety: values and pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "itsm/core/export.hpp"
#include "itsm/process/sms.hpp"
#include "itsm/process/snapshot.hpp"
#include "itsm/report/service_report.hpp"

namespace itsm::report {

enum class verdict { conforms, nonconformity, no_evidence, not_applicable };
ITSM_API std::string_view to_string(verdict v) noexcept;

struct ITSM_API check_result {
  std::string requirement;   // "R-8.1-major"
  std::string clause;        // "8.1"
  verdict outcome = verdict::no_evidence;
  std::string summary;       // what was found, in one sentence
  std::vector<std::string> records;      // evidence (conforms) or offending records (nonconformity)
  std::vector<std::int64_t> audit_seqs;  // audit entries that wrote the evidence in the period
};

struct ITSM_API conformance_statement {
  period covered;
  timestamp generated_at;
  std::int64_t audit_head = 0;
  std::vector<check_result> results;    // in requirement order of the catalogue
  std::vector<std::string> unchecked;   // catalogue ids without a check yet
  // Per clause of the catalogue ("4.2" … "9.3"): how its requirements fared; `unchecked`
  // counts those without a check yet.
  struct clause_summary {
    std::string clause;
    int conforms = 0, nonconformities = 0, no_evidence = 0, not_applicable = 0, unchecked = 0;
  };
  std::vector<clause_summary> clauses;
  bool conforms() const noexcept;  // no nonconformity anywhere
};

// Every check over `s` for `p`. `verified`: the result of sms::verify() (without it the
// integrity checks R-9.1-trace and R-4.3-records report no evidence).
// Errors: invalid_argument for an empty or reversed period.
ITSM_API conformance_statement check_conformance(
    const store_snapshot& s, const period& p, const std::optional<sms::verification>& verified = std::nullopt);

// The requirement ids of docs/requirements.md, in its order, and which of them have a check.
ITSM_API const std::vector<std::string>& catalogue();
ITSM_API bool has_check(std::string_view requirement);

}  // namespace itsm::report
