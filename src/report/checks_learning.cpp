// Checks that the processes learn from their records: known errors usable by the service desk
// and used by it (8.1, 8.2), problem resolutions that hold, incident trends turned into problems,
// and releases measured after deployment under the release policy (9.3).
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "evidence.hpp"

namespace itsm::report::detail {

namespace {

// Incidents on one CI in a period from which a trend must be analysed as a problem (R-8.2-trends).
constexpr std::size_t recurring_incidents = 3;

// R-8.1-info: known errors recorded or updated in the period can be used by the service desk:
// a symptom to find them by and a workaround (or the resolution) to apply.
check_result info(const check_context& c) {
  std::vector<std::string> ok, bad;
  for (const auto& k : c.s.known_errors) {
    if (!c.written.count(k.id.key())) continue;
    const bool usable = !k.symptom.empty() && (!k.workaround.empty() || k.resolved);
    (usable ? ok : bad).push_back(k.id.key());
  }
  return c.judge(ok, bad, "known errors the service desk can find by symptom and apply",
                 "known errors without a symptom, or open without a workaround", "no known error was recorded in the period");
}

// When a known error was created: its first applied audit entry.
std::map<std::string, timestamp> first_written(const check_context& c, const std::string& kind) {
  std::map<std::string, timestamp> out;
  for (const auto& e : c.s.audit)
    if (e.outcome == "applied" && e.kind == kind) out.emplace(e.object_id, e.at);
  return out;
}

// R-8.2-feed: an incident recorded in the period on a CI with an open known error recorded
// before it was linked to that known error's problem (the desk was given the known error).
check_result feed(const check_context& c) {
  const auto recorded = first_written(c, "known_error");
  std::vector<std::string> ok, bad;
  for (const auto& i : c.s.incidents) {
    if (!i.ci.valid() || !c.in_period(i.opened_at)) continue;
    for (const auto& k : c.s.known_errors) {
      if (k.resolved || !k.problem.valid() || std::find(k.cis.begin(), k.cis.end(), i.ci) == k.cis.end()) continue;
      const auto at = recorded.find(k.id.key());
      if (at == recorded.end() || at->second > i.opened_at) continue;
      (i.problem == k.problem ? ok : bad).push_back(i.id.key());
      break;
    }
  }
  return c.judge(ok, bad, "incidents on a CI with an open known error linked to its problem",
                 "incidents on a CI with an open known error, not linked to it",
                 "no incident met an open known error in the period");
}

// R-8.2-effectiveness: a problem resolved in the period stayed resolved: no incident linked to
// it or on its CI was opened after the resolution (a recurrence; the same rule as
// problem_management::effectiveness).
check_result effectiveness(const check_context& c) {
  std::vector<std::string> ok, bad;
  for (const auto& p : c.s.problems) {
    if (!c.in_period(p.resolved_at)) continue;
    const bool recurred = std::any_of(c.s.incidents.begin(), c.s.incidents.end(), [&](const model::incident& i) {
      const bool related = i.problem == p.id || (p.ci.valid() && i.ci == p.ci);
      return related && i.opened_at > p.resolved_at;
    });
    (recurred ? bad : ok).push_back(p.id.key());
  }
  return c.judge(ok, bad, "problems resolved in the period without a recurrence",
                 "problems resolved in the period with incidents recurring after the resolution",
                 "no problem was resolved in the period");
}

// R-8.2-trends: a CI with recurring incidents in the period (three or more) is analysed: a
// problem names the CI, or one of its incidents is linked to a problem.
check_result trends(const check_context& c) {
  std::map<std::string, std::vector<const model::incident*>> by_ci;
  for (const auto& i : c.s.incidents)
    if (i.ci.valid() && c.in_period(i.opened_at)) by_ci[i.ci.key()].push_back(&i);
  std::set<std::string> problem_cis;
  for (const auto& p : c.s.problems)
    if (p.ci.valid()) problem_cis.insert(p.ci.key());
  std::vector<std::string> ok, bad;
  for (const auto& [ci, incs] : by_ci) {
    if (incs.size() < recurring_incidents) continue;
    const bool analysed = problem_cis.count(ci) ||
                          std::any_of(incs.begin(), incs.end(), [](const model::incident* i) { return i->problem.valid(); });
    (analysed ? ok : bad).push_back(ci);
  }
  return c.judge(ok, bad, fmt::format("CIs with {} or more incidents in the period analysed as a problem", recurring_incidents),
                 "CIs with recurring incidents and no problem record",
                 fmt::format("no CI had {} or more incidents in the period", recurring_incidents));
}

// R-9.3-policy: every release planned or deployed in the period has a type the release policy defines.
check_result release_policy(const check_context& c) {
  const auto& types = c.s.release_rules.types;
  std::vector<std::string> ok, bad;
  for (const auto& r : c.s.releases) {
    if (!c.written.count(r.id.key())) continue;
    (std::find(types.begin(), types.end(), r.type) != types.end() ? ok : bad).push_back(r.id.key());
  }
  return c.judge(ok, bad, "releases of a type the release policy defines", "releases of a type the policy does not define",
                 "no release was planned or changed in the period");
}

// R-9.3-measure: a release deployed in the period whose measure window has ended by the end of
// the period was measured: closed (or rolled back) after the window, not before it and not left open.
check_result measure(const check_context& c) {
  std::map<std::string, timestamp> closed_at;
  for (const auto& e : c.s.audit)
    if (e.outcome == "applied" && e.kind == "release" && e.action == "close") closed_at[e.object_id] = e.at;
  const auto window = c.s.release_rules.measure_window;
  std::vector<std::string> ok, bad;
  for (const auto& r : c.s.releases) {
    if (!c.in_period(r.deployed_at) || r.deployed_at + window > c.p.end) continue;
    if (r.state == model::release_state::rolled_back || r.state == model::release_state::failed) {
      ok.push_back(r.id.key());
      continue;
    }
    const auto it = closed_at.find(r.id.key());
    const bool measured = r.state == model::release_state::closed && it != closed_at.end() &&
                          it->second >= r.deployed_at + window;
    (measured ? ok : bad).push_back(r.id.key());
  }
  return c.judge(ok, bad, "releases closed after their measure window",
                 "releases closed before their measure window ended, or never closed after it",
                 "no release deployed in the period has completed its measure window");
}

}  // namespace

std::vector<check_def> learning_checks() {
  return {{"R-8.1-info", info},           {"R-8.2-feed", feed},           {"R-8.2-effectiveness", effectiveness},
          {"R-8.2-trends", trends},       {"R-9.3-policy", release_policy}, {"R-9.3-measure", measure}};
}

}  // namespace itsm::report::detail
