// The month's background workload, drawn from a seeded random source: what arrives (incidents
// and service requests: when, for which service and CI, how urgent) and how long each takes to
// handle, as shares of its SLA targets. Pure data; scenario.cpp turns it into workflow steps.
// Thread-safety: pure functions of their arguments.
#pragma once

#include <string>
#include <vector>

#include "itsm/core/time.hpp"
#include "rng.hpp"
#include "world.hpp"

namespace spm {

struct incident_plan {
  std::size_t service = 0;  // svc
  itsm::timestamp opened;
  std::string title, description, category, ci, caller;
  int impact = 3, urgency = 3;
  std::string group, assignee, resolution;
  double response_factor = 0.5;  // share of the response target used before assignment (> 1 breaches)
  double work_factor = 0.5;      // share of the resolution target worked before resolving (> 1 breaches)
  std::string wait_reason;       // "", "customer" (pauses the resolution clock) or "supplier"
  itsm::duration wait;           // wall time spent waiting
  bool reopen = false;
  itsm::duration reopen_after;   // wall time from resolution to the caller's complaint
  itsm::duration close_after;    // wall time from resolution to closure
};

struct request_plan {
  std::size_t service = 0;
  itsm::timestamp opened;
  std::string type, title, requested_by, standard_change;
  int priority = 3;
  std::vector<std::string> steps;
  std::string fulfilment;
  double response_factor = 0.5, work_factor = 0.5;
  bool wait_customer = false;
  itsm::duration wait;
  bool cancel = false;
  itsm::duration close_after;
};

std::vector<incident_plan> plan_incidents(const world& w, int count, rng& r, itsm::timestamp from, itsm::timestamp to);
std::vector<request_plan> plan_requests(const world& w, int count, rng& r, itsm::timestamp from, itsm::timestamp to);

}  // namespace spm
