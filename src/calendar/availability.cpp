#include "itsm/calendar/availability.hpp"

#include <algorithm>

#include "itsm/core/error.hpp"

namespace itsm::calendar {

availability_figures availability(const business_calendar& service_hours, timestamp from,
                                  timestamp to, const std::vector<outage>& outages) {
  if (from.is_special() || to.is_special() || to < from)
    throw_error(errc::invalid_argument, "availability: period needs valid from <= to (R-6.3-monitor)");
  std::vector<std::pair<timestamp, timestamp>> spans;
  spans.reserve(outages.size());
  for (std::size_t i = 0; i < outages.size(); ++i) {
    const auto& o = outages[i];
    if (o.start.is_special() || o.end.is_special() || o.end < o.start)
      throw_error(errc::invalid_argument, "availability: outage #" + std::to_string(i + 1) +
                                              " needs valid start <= end");
    const timestamp a = std::max(o.start, from), z = std::min(o.end, to);
    if (a < z) spans.emplace_back(a, z);
  }
  std::sort(spans.begin(), spans.end());
  availability_figures f;
  f.agreed = service_hours.business_time(from, to);
  f.unavailable = duration(0, 0, 0);
  std::size_t i = 0;
  while (i < spans.size()) {
    timestamp a = spans[i].first, z = spans[i].second;
    for (++i; i < spans.size() && spans[i].first <= z; ++i) z = std::max(z, spans[i].second);
    f.unavailable += service_hours.business_time(a, z);
  }
  f.available = f.agreed - f.unavailable;
  if (f.agreed.total_microseconds() > 0)
    f.percent = 100.0 * static_cast<double>(f.available.total_microseconds()) /
                static_cast<double>(f.agreed.total_microseconds());
  return f;
}

}  // namespace itsm::calendar
