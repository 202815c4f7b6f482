// Service availability (R-6.3-monitor) from outage records and the service's agreed service
// hours: availability % = time available / agreed time (ISO/IEC 20000-1:2011, 3.1), where only
// outage time inside the agreed service hours counts against the service.
// Thread-safety: pure function; safe from any thread.
#pragma once

#include <optional>
#include <vector>

#include "itsm/calendar/business_calendar.hpp"
#include "itsm/core/export.hpp"
#include "itsm/core/time.hpp"

namespace itsm::calendar {

struct ITSM_API outage {
  timestamp start;  // Default: not-a-date-time (invalid)
  timestamp end;    // exclusive. Default: not-a-date-time (invalid)
};

struct ITSM_API availability_figures {
  duration agreed;       // service hours in the period
  duration unavailable;  // service hours covered by outages (overlaps counted once)
  duration available;    // agreed - unavailable
  // 100 × available / agreed; empty when the period holds no agreed service hours.
  std::optional<double> percent;
};

// REQUIRES: from <= to and start <= end for every outage, else itsm::error(invalid_argument).
// Outages may overlap each other and the period's edges; they are merged and clipped.
ITSM_API availability_figures availability(const business_calendar& service_hours, timestamp from,
                                           timestamp to, const std::vector<outage>& outages);

}  // namespace itsm::calendar
