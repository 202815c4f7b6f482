// Clause 9.3 release information (R-9.3-inform): change and incident management learn of
// releases through release_management::upcoming / recently_failed and incident_info::releases;
// the check asks that every release planned, deployed or failed in the period carries what those
// queries hand on: its planned date, the RFCs it deploys and, when it failed, why.
#include "evidence.hpp"

namespace itsm::report::detail {

namespace {

check_result release_info(const check_context& c) {
  std::vector<std::string> ok, bad;
  for (const auto& r : c.s.releases) {
    if (!c.in_period(r.planned_at) && !c.in_period(r.deployed_at)) continue;
    const bool failed = r.state == model::release_state::failed || r.state == model::release_state::rolled_back;
    const bool told = !r.planned_at.is_special() && !r.rfcs.empty() && (!failed || !r.failure_reason.empty());
    (told ? ok : bad).push_back(r.id.key());
  }
  return c.judge(ok, bad, "releases of the period with their planned date, RFCs and, when failed, the reason",
                 "releases of the period missing their planned date, RFCs or failure reason",
                 "no release was planned or deployed in the period");
}

}  // namespace

std::vector<check_def> release_info_checks() { return {{"R-9.3-inform", release_info}}; }

}  // namespace itsm::report::detail
