// Clause 6.3 checks: availability requirements agreed for the live services (R-6.3-req) and
// unplanned outages investigated (R-6.3-monitor).
#include <algorithm>
#include <set>

#include "evidence.hpp"

namespace itsm::report::detail {

namespace {

// Once the provider agrees availability for one service, every live service needs it; a store
// that records none has not used the process (no evidence).
check_result requirements(const check_context& c) {
  std::set<std::string> covered;
  std::vector<std::string> ok, bad;
  for (const auto& r : c.s.availability_requirements)
    if (!r.retired && r.check().empty()) covered.insert(r.service.key()), ok.push_back(r.id.key());
  if (ok.empty())
    return c.judge({}, {}, "", "", "no availability requirement is agreed (assurance().require_availability)");
  for (const auto& s : c.s.services)
    if (s.status == model::service_status::live && !covered.count(s.id.key())) bad.push_back(s.id.key());
  return c.judge(ok, bad, "availability requirements agreed for the live services",
                 "live services without an agreed availability requirement", "");
}

// Unplanned outages that ended in or before the period must be investigated by its end.
check_result investigated(const check_context& c) {
  std::vector<std::string> ok, bad;
  for (const auto& o : c.s.outages) {
    if (o.planned || o.end.is_special() || !(o.end < c.p.end)) continue;
    const bool done = o.state == model::outage_state::investigated && o.investigated_at < c.p.end;
    if (done && o.investigated_at < c.p.start) continue;  // settled before the period
    (done ? ok : bad).push_back(o.id.key());
  }
  return c.judge(ok, bad, "unplanned outages investigated", "unplanned outages not investigated",
                 "no unplanned outage to investigate in the period");
}

}  // namespace

std::vector<check_def> assurance_checks() {
  return {{"R-6.3-req", requirements}, {"R-6.3-monitor", investigated}};
}

}  // namespace itsm::report::detail
