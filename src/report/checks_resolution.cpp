// Clause 8 checks: incidents, service requests, major incidents, problems and known errors.
#include <algorithm>
#include <set>

#include "evidence.hpp"

namespace itsm::report::detail {

namespace {

using model::incident_state;

bool finished(const model::incident& i) { return i.state == incident_state::resolved || i.state == incident_state::closed; }

check_result procedure(const check_context& c) {
  std::vector<std::string> ok, bad;
  for (const auto& i : c.s.incidents) {
    if (!finished(i) || !c.in_period(i.resolved_at)) continue;
    (i.priority > 0 && !i.resolution.empty() ? ok : bad).push_back(i.id.key());
  }
  return c.judge(ok, bad, "incidents resolved in the period with a priority and a recorded resolution",
                 "resolved incidents without a priority or a resolution", "no incident was resolved in the period");
}

check_result priority(const check_context& c) {
  std::vector<std::string> ok, bad;
  const auto& pol = c.s.tickets;
  for (const auto& i : c.s.incidents) {
    if (!c.in_period(i.opened_at)) continue;
    if (i.impact < 1 || i.impact > 3 || i.urgency < 1 || i.urgency > 3) {
      bad.push_back(i.id.key());
      continue;
    }
    int expected = pol.matrix.priority(i.impact, i.urgency);
    if (i.security) expected = std::min(expected, pol.security_priority_floor);
    (i.priority == expected ? ok : bad).push_back(i.id.key());
  }
  return c.judge(ok, bad, "incidents of the period prioritised by impact and urgency (the stored matrix)",
                 "incidents whose priority is not the matrix's for their impact and urgency",
                 "no incident was opened in the period");
}

check_result requests(const check_context& c) {
  using st = model::request_state;
  std::vector<std::string> ok, bad;
  for (const auto& r : c.s.requests) {
    if (r.state != st::fulfilled && r.state != st::closed) continue;
    if (!c.in_period(r.fulfilled_at.is_special() ? r.closed_at : r.fulfilled_at)) continue;
    (!r.fulfilled_at.is_special() && r.fulfilled_at >= r.opened_at ? ok : bad).push_back(r.id.key());
  }
  return c.judge(ok, bad, "service requests fulfilled in the period through the request workflow",
                 "closed service requests without a recorded fulfilment", "no service request was fulfilled in the period");
}

check_result major(const check_context& c) {
  std::set<std::string> reviewed;
  for (const auto& r : c.s.reviews) reviewed.insert(r.incident);
  std::vector<std::string> ok, bad;
  for (const auto& i : c.s.incidents) {
    if (!i.major || !(c.in_period(i.opened_at) || c.in_period(i.resolved_at) || c.in_period(i.closed_at))) continue;
    const bool closed_unreviewed = i.state == incident_state::closed && !reviewed.count(i.id.key());
    (i.major_manager.empty() || closed_unreviewed ? bad : ok).push_back(i.id.key());
  }
  return c.judge(ok, bad, "major incidents with a designated manager, closed only after their review",
                 "major incidents without a manager, or closed without a post-incident review",
                 "no major incident in the period");
}

check_result inform(const check_context& c) {
  std::vector<std::string> ok, bad;
  for (const auto& i : c.s.incidents) {
    if (!i.major || !(c.in_period(i.opened_at) || c.in_period(i.resolved_at))) continue;
    bool informed = false;
    if (auto it = c.s.logs.find(i.id.key()); it != c.s.logs.end())
      informed = std::any_of(it->second.begin(), it->second.end(), [](const auto& e) { return e.type == "major"; });
    (informed ? ok : bad).push_back(i.id.key());
  }
  return c.judge(ok, bad, "major incidents declared through their procedure, top management informed (logged)",
                 "major incidents without a logged declaration", "no major incident in the period");
}

check_result problem_procedure(const check_context& c) {
  using st = model::problem_state;
  std::vector<std::string> ok, bad;
  for (const auto& p : c.s.problems) {
    if ((p.state != st::resolved && p.state != st::closed) || !c.in_period(p.resolved_at)) continue;
    (!p.resolution.empty() || !p.root_cause.empty() ? ok : bad).push_back(p.id.key());
  }
  return c.judge(ok, bad, "problems resolved in the period with a recorded root cause or resolution",
                 "resolved problems without a root cause or resolution", "no problem was resolved in the period");
}

check_result rfc_raised(const check_context& c) {
  std::set<std::string> rfcs;
  for (const auto& r : c.s.rfcs) rfcs.insert(r.id.key());
  std::vector<std::string> ok, bad;
  for (const auto& p : c.s.problems) {
    const bool waits = p.state == model::problem_state::awaiting_change;
    if (!waits && !p.rfc.valid()) continue;
    if (!c.written.count(p.id.key()) && !c.in_period(p.opened_at)) continue;  // not touched in the period
    (p.rfc.valid() && rfcs.count(p.rfc.key()) ? ok : bad).push_back(p.id.key());
  }
  return c.judge(ok, bad, "problems needing a CI change with the RFC raised for it",
                 "problems awaiting a change without an existing RFC", "no problem needed a change in the period");
}

check_result known_errors(const check_context& c) {
  std::vector<std::string> ok, bad;
  for (const auto& k : c.s.known_errors) {
    if (!c.written.count(k.id.key())) continue;  // recorded or updated in the period
    (!k.workaround.empty() || !k.root_cause.empty() ? ok : bad).push_back(k.id.key());
  }
  return c.judge(ok, bad, "known errors recorded with their root cause or workaround",
                 "known errors without root cause or workaround", "no known error was recorded in the period");
}

}  // namespace

std::vector<check_def> resolution_checks() {
  return {{"R-8.1-procedure", procedure},       {"R-8.1-priority", priority}, {"R-8.1-requests", requests},
          {"R-8.1-major", major},               {"R-8.1-inform", inform},
          {"R-8.2-procedure", problem_procedure},
          {"R-8.2-rfc", rfc_raised},            {"R-8.2-known-error", known_errors}};
}

}  // namespace itsm::report::detail
