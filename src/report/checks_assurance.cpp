// Clause 6.3 checks: availability requirements agreed for the live services (R-6.3-req),
// unplanned outages investigated (R-6.3-monitor), plans covering live records (R-6.3-plans) and
// tested at their planned interval, again after each revision (R-6.3-test).
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

// Active plans must cover what still exists: a plan for retired systems is not maintained.
check_result plans(const check_context& c) {
  std::set<std::string> live;
  for (const auto& s : c.s.services)
    if (s.status != model::service_status::retired) live.insert(s.id.key());
  for (const auto& ci : c.s.cis)
    if (ci.status != model::ci_status::retired) live.insert(ci.id.key());
  std::vector<std::string> ok, bad;
  for (const auto& p : c.s.continuity_plans) {
    if (p.retired) continue;
    bool covered = p.check().empty();
    for (auto ci : p.covered_cis) covered = covered && live.count(ci.key());
    for (auto s : p.covered_services) covered = covered && live.count(s.key());
    (covered ? ok : bad).push_back(p.id.key());
  }
  return c.judge(ok, bad, "continuity and availability plans maintained for live services and CIs",
                 "plans covering retired or missing services or CIs", "no continuity or availability plan is recorded");
}

// A plan's current version is tested within its interval: counted from its last test of that
// version, else from when the version was approved (so a revision asks for a retest).
check_result tested(const check_context& c) {
  std::vector<std::string> ok, bad;
  for (const auto& p : c.s.continuity_plans) {
    if (p.retired || p.approved_at.is_special() || !(p.approved_at < c.p.end)) continue;
    timestamp last;
    for (const auto& t : c.s.plan_tests)
      if (t.plan == p.id && t.plan_version == p.version && t.tested_at < c.p.end && (last.is_special() || last < t.tested_at))
        last = t.tested_at;
    const auto due = (last.is_special() ? p.approved_at : last) + hours(24 * p.test_interval_days);
    if (due < c.p.end) bad.push_back(p.id.key());
    else if (!last.is_special()) ok.push_back(p.id.key());
  }
  return c.judge(ok, bad, "plans whose current version was tested within its interval",
                 "plans overdue for a test of their current version", "no plan test was due or recorded");
}

}  // namespace

std::vector<check_def> assurance_checks() {
  return {{"R-6.3-req", requirements}, {"R-6.3-monitor", investigated}, {"R-6.3-plans", plans}, {"R-6.3-test", tested}};
}

}  // namespace itsm::report::detail
