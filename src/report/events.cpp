#include <algorithm>

#include "parts.hpp"

namespace itsm::report::detail {

namespace {

std::optional<double> percent(int part, int whole) {
  if (whole == 0) return std::nullopt;
  return 100.0 * part / whole;
}

void add_majors(const store_snapshot& s, const period& p, const scope_filter& f, service_report& r) {
  for (const auto& i : s.incidents) {
    if (!i.major || !f.covers(i) || !active_in(i, p.start, p.end)) continue;
    const bool reviewed = std::any_of(s.reviews.begin(), s.reviews.end(),
                                      [&](const auto& x) { return x.incident == i.id.key(); });
    r.majors.push_back({i.id.key(), i.title, i.service.key(), i.major_manager, i.opened_at, finished_at(i), reviewed});
  }
}

void add_problems(const store_snapshot& s, const period& p, const scope_filter& f, service_report& r) {
  using st = model::problem_state;
  auto& out = r.problems;
  std::set<std::string> in_scope;
  for (const auto& x : s.problems) {
    if (!f.covers(x)) continue;
    in_scope.insert(x.id.key());
    if (within(x.opened_at, p.start, p.end)) ++out.opened;
    if (within(x.resolved_at, p.start, p.end)) ++out.resolved;
    if (x.state != st::resolved && x.state != st::closed && x.opened_at < p.end) ++out.open, out.open_ids.push_back(x.id.key());
    if (x.rfc.valid()) ++out.with_rfc;
  }
  for (const auto& k : s.known_errors) {
    if (!in_scope.count(k.problem.key())) continue;
    ++out.known_errors;
    if (!k.resolved) ++out.known_errors_open;
  }
}

void add_changes(const store_snapshot& s, const period& p, const scope_filter& f, service_report& r) {
  auto& out = r.changes;
  for (const auto& c : s.rfcs) {
    if (!f.covers(c)) continue;
    if (!c.conflicts.empty() && within(c.window_start, p.start, p.end)) ++out.with_conflicts, out.conflict_ids.push_back(c.id.key());
    if (c.outcome.empty() || !within(c.implemented_at, p.start, p.end)) continue;
    ++out.finished;
    if (c.outcome == "failed") ++out.failed, out.failed_ids.push_back(c.id.key());
    else ++out.successful;
    if (c.classification == model::rfc_class::emergency) ++out.emergency;
  }
  out.success_rate = percent(out.successful, out.finished);
  out.emergency_share = percent(out.emergency, out.finished);
}

void add_releases(const store_snapshot& s, const period& p, const scope_filter& f, service_report& r) {
  using st = model::release_state;
  for (const auto& x : s.releases) {
    if (!f.covers(x, s)) continue;
    const bool failed = x.state == st::failed || x.state == st::rolled_back;
    const auto when = x.deployed_at.is_special() ? x.planned_at : x.deployed_at;
    if (!within(when, p.start, p.end)) continue;
    if (failed) ++r.releases.failed, r.releases.failed_ids.push_back(x.id.key());
    else if (x.state == st::deployed || x.state == st::closed) ++r.releases.deployed, r.releases.deployed_ids.push_back(x.id.key());
  }
}

}  // namespace

void add_events(const store_snapshot& s, const report_options& o, const scope_filter& f, service_report& r) {
  add_majors(s, o.covered, f, r);
  add_problems(s, o.covered, f, r);
  add_changes(s, o.covered, f, r);
  add_releases(s, o.covered, f, r);
}

}  // namespace itsm::report::detail
