// Service assurance (clause 6.3) in the process layer: availability requirements per service
// (R-6.3-req), outage records entered directly or opened from incidents, their investigation
// (R-6.3-monitor) and each service's availability per period, computed end to end through the
// live CMDB graph with its k-of-n redundancy groups. Every write runs the one write path; every
// read names its actor. Methods and formulas: docs/assurance.md.
// Thread-safety: safe to call from several threads (writes serialise in the store).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "itsm/core/actor.hpp"
#include "itsm/core/export.hpp"
#include "itsm/core/time.hpp"
#include "itsm/model/availability.hpp"
#include "itsm/process/write_options.hpp"

namespace itsm {

namespace detail {
struct context;  // what the processes share (not installed)
}  // namespace detail
class configuration_management;

// A service's availability over [from, to) against its requirement.
struct ITSM_API service_availability {
  service_id service;
  availability_requirement_id requirement;  // the active requirement it is measured against
  double target_percent = 0;
  duration agreed;        // agreed service hours in the period
  duration unavailable;   // agreed hours the service was down, end to end (overlaps once)
  std::optional<double> percent;  // 100 × (agreed − unavailable) / agreed; empty if agreed = 0
  duration budget;        // unavailability the target allows: agreed × (100 − target) / 100
  duration remaining;     // budget − unavailable (negative once the target is missed)
  bool target_met = true; // percent ≥ target (true when the period holds no agreed hours)
  std::vector<outage_id> outages;  // the outages that cost agreed time, by id
};

class ITSM_API assurance_management {
 public:
  // Records the availability agreed for a service. Rules (R-6.3-req): the record's invariants,
  // a service that exists and is not retired, a calendar the ticket policy knows (or valid
  // calendar JSON), no other active requirement for the service.
  // REQUIRES: draft.id invalid and draft.revision == 0.
  model::availability_requirement require_availability(const actor& who, model::availability_requirement draft,
                                                       const write_options& opts = {});
  // Stores the next version (retire with retired = true); edited.revision must be the stored one.
  model::availability_requirement update_requirement(const actor& who, const model::availability_requirement& edited,
                                                     const write_options& opts = {});

  // Records an outage entered directly (state follows its end: ongoing or ended). Rules
  // (R-6.3-monitor): its invariants, an existing CI or service, an existing incident if named.
  // REQUIRES: draft.id invalid and draft.revision == 0.
  model::outage record_outage(const actor& who, model::outage draft, const write_options& opts = {});
  // Opens the outage an incident caused: its CI (else its service), from the incident's opening
  // to its resolution (ongoing while unresolved). Rules (R-6.3-monitor): the incident names a
  // CI or a service, and no other outage was opened from it.
  model::outage outage_from_incident(const actor& who, incident_id incident, bool planned = false,
                                     const write_options& opts = {});
  // Ends an ongoing outage at `end` (R-6.3-monitor: not before its start).
  model::outage end_outage(const actor& who, outage_id id, timestamp end, const write_options& opts = {});
  // Records the investigation of an ended unplanned outage (R-6.3-monitor): its finding.
  model::outage investigate(const actor& who, outage_id id, const std::string& finding,
                            const write_options& opts = {});

  // Reads: absent (nullopt / left out) when the record does not exist or `who` may not see it.
  std::optional<model::outage> find_outage(const actor& who, outage_id id) const;
  std::vector<model::outage> outages(const actor& who) const;
  // Unplanned outages that ended and still await their investigation (R-6.3-monitor).
  std::vector<model::outage> uninvestigated(const actor& who) const;
  std::vector<model::availability_requirement> requirements(const actor& who) const;

  // The availability of `service` over [from, to) against its active requirement, end to end:
  // the service is down while it is itself out or the CMDB graph says the CIs and services out
  // at that moment impact it (redundancy groups fall only below k of n). Needs reads of outages,
  // requirements and the whole CMDB graph. Errors: invalid_argument for from >= to; not_found
  // when the service has no active requirement `who` may see.
  service_availability availability(const actor& who, service_id service, timestamp from, timestamp to) const;

 private:
  friend class sms;  // processes are built by sms, which owns what they share
  assurance_management(std::shared_ptr<const detail::context> ctx, const configuration_management& configuration);
  std::shared_ptr<const detail::context> ctx_;
  const configuration_management& configuration_;
};

}  // namespace itsm
