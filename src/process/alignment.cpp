// The alignment check (R-7.2-align): for each SLA, walk the live CMDB graph below its service to
// the CIs it depends on, find the active agreements covering them, and report each SLA target
// they cannot support — resolution, end-to-end availability (series/parallel over redundancy
// groups) and service hours — naming the SLA, the path and the agreement.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "itsm/process/configuration.hpp"
#include "itsm/process/relationships.hpp"
#include "agreement_hours.hpp"
#include "policy_store.hpp"
#include "reads.hpp"
#include "ticket_support.hpp"

namespace itsm {

using graph::node_key;
using model::agreement;

namespace {

std::string node_name(node_key k) { return k < 0 ? fmt::format("SVC-{}", -k) : fmt::format("CI-{}", k); }

// P(at least k of the independent members are up), members up with probabilities p.
double at_least(std::size_t k, const std::vector<double>& p) {
  std::vector<double> up(p.size() + 1, 0.0);  // up[j]: exactly j members up
  up[0] = 1.0;
  for (double x : p) {
    for (std::size_t j = up.size() - 1; j > 0; --j) up[j] = up[j] * (1 - x) + up[j - 1] * x;
    up[0] *= 1 - x;
  }
  double sum = 0;
  for (std::size_t j = k; j < up.size(); ++j) sum += up[j];
  return sum;
}

// The availability the agreements promise for a node and everything below it: a node is up
// when its own agreements hold and all it depends on is up (series); a redundancy group when k
// of its members are up (parallel). A node no agreement commits to counts as always up.
class availability_walk {
 public:
  availability_walk(const graph::graph& g, const std::map<node_key, std::vector<const agreement*>>& cover)
      : g_(g), cover_(cover) {
    for (const auto& k : g.kinds().kinds())
      (k.failure == graph::propagation::quorum ? member_kinds_ : other_kinds_).push_back(k.name);
  }

  double of(node_key n) {
    if (auto it = memo_.find(n); it != memo_.end()) return it->second;
    if (!on_path_.insert(n).second) return 1.0;  // a dependency cycle: each node counts once
    double a = own(n);
    for (auto c : direct(n, other_kinds_)) a *= of(c);
    const auto info = g_.info(n);
    if (info.group) {
      std::vector<double> members;
      for (auto m : direct(n, member_kinds_)) members.push_back(of(m));
      a *= at_least(info.required ? info.required : members.size(), members);
    }
    on_path_.erase(n);
    return memo_[n] = a;
  }

 private:
  double own(node_key n) const {
    double a = 1.0;
    if (auto it = cover_.find(n); it != cover_.end())
      for (const auto* x : it->second)
        if (x->availability_target > 0) a = std::min(a, x->availability_target / 100.0);
    return a;
  }
  std::vector<node_key> direct(node_key n, const std::vector<std::string>& kinds) const {
    if (kinds.empty()) return {};
    graph::traversal_options o;
    o.max_depth = 1;
    o.kinds = kinds;
    std::vector<node_key> out;
    for (const auto& r : g_.depends_on(n, o)) out.push_back(r.key);
    return out;
  }

  const graph::graph& g_;
  const std::map<node_key, std::vector<const agreement*>>& cover_;
  std::vector<std::string> member_kinds_, other_kinds_;
  std::map<node_key, double> memo_;
  std::set<node_key> on_path_;
};

// Service → … → ci, as the graph explains how a failure of `ci` reaches the service.
std::vector<std::string> path_to(const graph::graph& g, node_key service, node_key ci) {
  std::vector<std::string> out;
  if (auto steps = g.why(service, {ci}))
    for (auto it = steps->rbegin(); it != steps->rend(); ++it) out.push_back(node_name(it->key));
  return out;
}

// The SLA's working time in [from, to) that `hours` does not cover.
std::vector<calendar::utc_interval> uncovered(const calendar::business_calendar& sla,
                                              const calendar::business_calendar& hours, timestamp from, timestamp to) {
  std::vector<calendar::utc_interval> out;
  for (const auto& need : sla.working_intervals(from, to)) {
    timestamp at = need.start;
    for (const auto& have : hours.working_intervals(need.start, need.end)) {
      if (at < have.start) out.push_back({at, have.start});
      at = std::max(at, have.end);
    }
    if (at < need.end) out.push_back({at, need.end});
  }
  return out;
}

struct sla_check {
  const model::sla& sla;
  const graph::graph& g;
  const std::map<node_key, std::vector<const agreement*>>& cover;
  const ticket_policy& policy;
  timestamp at;
  std::vector<alignment_finding>& out;

  void targets(const agreement& a, const std::vector<std::string>& path) {
    if (a.targets.empty()) return;  // an availability-only agreement promises no resolution
    for (const auto& t : sla.targets) {
      const auto* mine = a.target_for(t.priority);
      if (!mine)
        out.push_back({misalignment::no_target, sla.id, t.priority, a.id, path,
                       fmt::format("{} has no target for priority {}; {} promises resolution in {} min", a.id.key(),
                                   t.priority, sla.id.key(), t.resolution_minutes)});
      else if (mine->resolution_minutes > t.resolution_minutes)
        out.push_back({misalignment::resolution, sla.id, t.priority, a.id, path,
                       fmt::format("{} resolves priority {} in {} min; {} promises {} min", a.id.key(), t.priority,
                                   mine->resolution_minutes, sla.id.key(), t.resolution_minutes)});
    }
  }

  void hours(const agreement& a, const std::vector<std::string>& path, const calendar::business_calendar& sla_hours) {
    const auto gaps = uncovered(sla_hours, detail::agreement_hours(a, policy), at, at + hours_of_week());
    if (gaps.empty()) return;
    duration total = minutes(0);
    for (const auto& gap : gaps) total += gap.end - gap.start;
    out.push_back({misalignment::service_hours, sla.id, 0, a.id, path,
                   fmt::format("{} does not cover {} h of {}'s service hours in the week from {} (first gap {} to {})",
                               a.id.key(), total.total_seconds() / 3600, sla.id.key(), to_iso(at),
                               to_iso(gaps.front().start), to_iso(gaps.front().end))});
  }
  static duration hours_of_week() { return itsm::hours(7 * 24); }

  void run() {
    const node_key service = -static_cast<node_key>(sla.service.number());
    if (!g.contains(service)) return;
    std::optional<calendar::business_calendar> sla_hours;
    try {
      sla_hours.emplace(detail::sla_calendar(sla, policy));
    } catch (const error&) {
      // a calendar the policy does not know: the SLA has no hours to compare (R-6.1-sla reports it)
    }
    const agreement* weakest = nullptr;
    node_key weakest_at = 0;
    for (const auto& reached : g.depends_on(service)) {
      auto it = cover.find(reached.key);
      if (it == cover.end()) continue;
      const auto path = path_to(g, service, reached.key);
      for (const auto* a : it->second) {
        targets(*a, path);
        if (sla_hours) hours(*a, path, *sla_hours);
        if (a->availability_target > 0 && (!weakest || a->availability_target < weakest->availability_target)) {
          weakest = a;
          weakest_at = reached.key;
        }
      }
    }
    if (!weakest) return;
    const double composed = 100.0 * availability_walk(g, cover).of(service);
    if (composed < sla.availability_target)
      out.push_back({misalignment::availability, sla.id, 0, weakest->id, path_to(g, service, weakest_at),
                     fmt::format("the agreements below {} compose to {:.3f}% end to end; {} promises {:.3f}% "
                                 "(weakest: {} at {:.3f}%)",
                                 node_name(service), composed, sla.id.key(), sla.availability_target,
                                 weakest->id.key(), weakest->availability_target)});
  }
};

}  // namespace

alignment_report check_alignment(const graph::graph& g, const std::vector<model::sla>& slas,
                                 const std::vector<agreement>& agreements, const ticket_policy& policy, timestamp at) {
  if (at.is_special()) throw_error(errc::invalid_argument, "alignment needs a time");
  std::map<node_key, std::vector<const agreement*>> cover;
  for (const auto& a : agreements)
    if (a.status == model::agreement_status::active)
      for (const auto& ci : a.covers)
        if (g.contains(static_cast<node_key>(ci.number()))) cover[static_cast<node_key>(ci.number())].push_back(&a);
  alignment_report report;
  report.at = at;
  for (const auto& s : slas) {
    report.slas.push_back(s.id);
    sla_check{s, g, cover, policy, at, report.findings}.run();
  }
  return report;
}

alignment_report relationship_management::alignment(const actor& who, timestamp at) const {
  const auto g = cmdb_.graph(who);
  detail::authorize_read(*ctx_, who, "sla", "");
  detail::reader r(*ctx_, who, "agreement");
  return check_alignment(g, r.all<model::sla>(), r.all<agreement>(), *ctx_->policies->tickets(r.tx()), at);
}

}  // namespace itsm
