// One month of the provider's life on the manual clock: the background workload worked through
// its state machines, and the month's story — recurring incidents that become a problem, a known
// error with a workaround, an RFC raised from the problem, CAB approval, a release with acceptance
// tests and an automatic baseline; a failed change backed out; a major incident and its review;
// an information security incident; a cluster node lost without an outage; changes whose windows
// conflict. Returns what happened, for the report and the checks. Thread-safety: single-threaded.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "itsm/core/clock.hpp"
#include "itsm/process/sms.hpp"
#include "world.hpp"

namespace spm {

struct month {
  int index = 0;  // 0 = the first month simulated in this store
  itsm::timestamp start, end;
  std::string label;  // "2026-05"
};
// The first month a store holds; a store with data continues with the month after its last entry.
inline constexpr const char* first_month = "2026-05-01T00:00:00Z";
month month_at(itsm::timestamp start);

struct refused_step {
  std::string what;  // "schedule RFC-3 in 2026-05-30 01:00-03:00"
  std::vector<std::string> why;  // the library's violations, each citing its rule
};

struct story {
  std::vector<itsm::incident_id> incidents;  // recorded this month (background and story)
  std::vector<itsm::service_request_id> requests;
  itsm::incident_id major, security, cluster_outage, change_outage;
  std::vector<itsm::incident_id> recurring;        // the recurring incidents behind the problem
  std::vector<itsm::incident_id> workaround_used;  // resolved with the known error's workaround
  std::string trend;                               // what the trend query found
  itsm::problem_id problem;
  itsm::known_error_id known_error;
  itsm::rfc_id problem_rfc, failed_rfc;
  itsm::release_id release;
  std::vector<itsm::rfc_id> rfcs;  // every RFC of the month, in submission order
  std::vector<refused_step> refused;
  int carried_over = 0;   // tickets of earlier months finished this month
  std::size_t steps = 0;  // timeline actions run
};

story run_month(itsm::sms& system, itsm::manual_clock& clk, const world& w, const month& m, const sizes& size,
                std::uint64_t seed);

// The k-th working day (1-based, Workplace IT's calendar) of the month at its opening time;
// clamped to the month's last working day.
itsm::timestamp business_day(const world& w, const month& m, int k);
// The first instant at or after `after` on UTC weekday `weekday` (0 = Sunday) at `minute`.
itsm::timestamp next_slot(itsm::timestamp after, int weekday, int minute);

}  // namespace spm
