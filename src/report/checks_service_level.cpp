// Clause 6 and 7 checks: the catalogue, SLAs, monitoring against targets, report definitions,
// security incidents, customers.
#include <algorithm>
#include <set>

#include "evidence.hpp"

namespace itsm::report::detail {

namespace {

bool live(const model::service& s) { return s.status == model::service_status::live; }

check_result catalogue(const check_context& c) {
  std::set<std::string> known;
  for (const auto& s : c.s.services)
    if (s.status != model::service_status::retired) known.insert(s.id.key());
  std::vector<std::string> ok, bad;
  for (const auto& s : c.s.services) {
    if (!live(s)) continue;
    const bool deps = std::all_of(s.depends_on.begin(), s.depends_on.end(), [&](auto d) { return known.count(d.key()) > 0; });
    (s.owner.empty() || !deps ? bad : ok).push_back(s.id.key());
  }
  return c.judge(ok, bad, "live services in the catalogue with an owner and dependencies on catalogued services",
                 "live services without an owner or depending on a service not in the catalogue",
                 "the catalogue has no live service");
}

check_result slas(const check_context& c) {
  std::vector<std::string> ok, bad;
  for (const auto& s : c.s.services) {
    if (!live(s)) continue;
    const bool agreed = std::any_of(c.s.slas.begin(), c.s.slas.end(),
                                    [&](const auto& x) { return x.service == s.id && !x.targets.empty(); });
    (agreed ? ok : bad).push_back(s.id.key());
  }
  return c.judge(ok, bad, "live services with an SLA that sets targets", "live services without an SLA with targets",
                 "the catalogue has no live service");
}

check_result monitor(const check_context& c) {
  std::set<std::string> with_sla;
  for (const auto& x : c.s.slas) with_sla.insert(x.service.key());
  std::vector<std::string> ok, bad;
  for (const auto& i : c.s.incidents) {
    if (!c.in_period(i.opened_at)) continue;
    if (c.s.sla_figures.count(i.id.key())) ok.push_back(i.id.key());
    else if (with_sla.count(i.service.key())) bad.push_back(i.id.key());  // its service has an SLA, the ticket no clock
  }
  return c.judge(ok, bad, "incidents of the period measured against their SLA targets",
                 "incidents on a service with an SLA but without SLA figures", "no incident was opened in the period");
}

check_result define(const check_context& c) {
  std::vector<std::string> ok, bad;
  for (const auto& d : c.s.report_definitions) {
    if (d.retired) continue;
    (d.check().empty() ? ok : bad).push_back(d.id.key());
  }
  check_result r = c.judge(ok, bad, "reports defined with identity, purpose, audience, frequency and data sources",
                           "report definitions missing a documented part", "");
  if (r.outcome == verdict::no_evidence) {
    r.outcome = verdict::nonconformity;  // reporting is required, not optional
    r.summary = "no service report is defined (report_management::define)";
  }
  return r;
}

check_result security(const check_context& c) {
  std::vector<std::string> ok, bad;
  for (const auto& i : c.s.incidents) {
    if (!i.security || !c.in_period(i.opened_at)) continue;
    (i.priority >= 1 && i.priority <= c.s.tickets.security_priority_floor ? ok : bad).push_back(i.id.key());
  }
  return c.judge(ok, bad, "information security incidents of the period at or above the security priority floor",
                 "information security incidents ranked below the security priority floor",
                 "no information security incident in the period");
}

check_result parties(const check_context& c) {
  std::vector<std::string> ok, bad;
  for (const auto& x : c.s.customers) (x.contact.empty() ? bad : ok).push_back(x.id.key());
  return c.judge(ok, bad, "customers identified with a designated contact", "customers without a designated contact",
                 "no customer is recorded");
}

}  // namespace

std::vector<check_def> service_level_checks() {
  return {{"R-6.1-catalogue", catalogue}, {"R-6.1-sla", slas},          {"R-6.1-monitor", monitor},
          {"R-6.2-define", define},       {"R-6.6-incidents", security}, {"R-7.1-parties", parties}};
}

}  // namespace itsm::report::detail
