// The month's figures and their printed report: per service incidents by priority, SLA response
// and resolution compliance, breaches, availability against target (outages through the CMDB
// graph, with k-of-n redundancy, over the agreed service hours); the major incident and its
// review; the problem -> known error -> RFC -> release chain; the schedule of change and its
// conflicts; the release's baseline diff; the audit verification. Thread-safety: single-threaded.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "itsm/calendar/sla_clock.hpp"
#include "scenario.hpp"

namespace spm {

// One ticket's SLA clocks at the end of the month.
struct sla_row {
  std::string ticket;        // "INC-12", "REQ-3"
  std::size_t service = 0;   // svc
  int priority = 0;
  std::string type;          // request type ("" for incidents)
  bool open = false;         // not resolved/fulfilled yet at month end
  std::optional<itsm::calendar::sla_status> response, resolution;
};

struct service_availability {
  std::optional<double> percent;  // empty: no agreed hours in the month
  itsm::duration lost;            // agreed service time lost to outages
  std::vector<itsm::incident_id> outages;  // outage incidents that took the service down
};

struct outage_note {
  itsm::incident_id incident;
  std::string ci;
  itsm::timestamp from, to;
  std::vector<std::size_t> services;  // services it took down
  std::string why;                    // the impact path, or why nothing went down
};

struct figures {
  std::vector<sla_row> incidents, requests;  // the library's figures (sla_figures)
  std::vector<service_availability> availability;
  std::vector<outage_note> outages;
};

figures collect(itsm::sms& system, const world& w, const month& m, const story& st);

struct run_info {
  std::string uri;
  std::uint64_t seed = 0;
  bool small = false;
  bool continued = false;   // the store held earlier months
  std::string previous;     // the last month found in the store
};

void print_report(itsm::sms& system, const world& w, const month& m, const story& st, const figures& f,
                  const run_info& info, const std::vector<itsm::event>& events);

// Compliance counts for one service: tickets with the target, and those not breached.
struct compliance {
  int response_total = 0, response_met = 0, resolution_total = 0, resolution_met = 0, breached = 0;
  bool operator==(const compliance&) const = default;
};
compliance compliance_of(const std::vector<sla_row>& rows, std::size_t service);

}  // namespace spm
