// bench/run change [--quick]
//
// change.conflicts — the schedule-of-change conflict check (R-9.2-schedule): a CMDB of 1,000,000
//   CIs (hosts, applications running on hosts and depending on each other, services depending
//   on applications), 10,000 changes spread over a year, each with 1–3 scope CIs and its impact
//   set from the CMDB graph (graph::graph::impact), windows of 1–8 hours, 12 freeze periods and
//   weekly maintenance windows for half of the services. Every change is checked against all
//   the others and the calendar: itsm::change_schedule::conflicts (sorted windows + running max
//   end + sorted-set intersections) against a plain competent reference in the same run — a
//   linear pass over every scheduled change that rejects on the window first and then merges
//   the sorted CI lists — which must report the same conflicts.
// --quick: 20,000 CIs, 1,000 changes.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <vector>

#include "bench_common.hpp"
#include "itsm/graph/builder.hpp"
#include "itsm/graph/graph.hpp"
#include "itsm/process/schedule.hpp"

namespace {

using itsm::bench::seconds_since;
using itsm::bench::splitmix64;

using clock_type = std::chrono::steady_clock;
using itsm::graph::node_key;



bool sorted_intersect(const std::vector<std::int64_t>& a, const std::vector<std::int64_t>& b) {
  auto i = a.begin(), j = b.begin();
  while (i != a.end() && j != b.end()) {
    if (*i < *j) ++i;
    else if (*j < *i) ++j;
    else return true;
  }
  return false;
}

// The reference: what a careful engineer writes first — one pass over the whole schedule.
std::size_t reference_conflicts(const std::vector<itsm::scheduled_change>& all, const itsm::scheduled_change& cand,
                                const itsm::schedule_calendar& cal) {
  std::size_t n = 0;
  for (const auto& o : all) {
    if (o.rfc == cand.rfc || !o.window.overlaps(cand.window)) continue;
    if (sorted_intersect(cand.cis, o.cis) || sorted_intersect(cand.cis, o.impact) ||
        sorted_intersect(cand.impact, o.cis))
      ++n;
  }
  for (const auto& f : cal.freezes) n += f.when.overlaps(cand.window) ? 1 : 0;
  for (auto s : cand.services) {
    auto it = cal.maintenance.find(s);
    if (it != cal.maintenance.end() && !itsm::inside_maintenance(cand.window, it->second)) ++n;
  }
  return n;
}

}  // namespace

int main(int argc, char** argv) {
  bool quick = false;
  for (int i = 1; i < argc; ++i) quick = quick || std::strcmp(argv[i], "--quick") == 0;
  const std::int64_t n_cis = quick ? 20'000 : 1'000'000;
  const std::size_t n_changes = quick ? 1'000 : 10'000;
  splitmix64 rng{2026};

  // CMDB: 30% hosts, 65% applications, 5% services (keys 1..n).
  const std::int64_t hosts = n_cis * 30 / 100, apps = n_cis * 65 / 100;
  const std::int64_t first_app = hosts + 1, first_svc = hosts + apps + 1;
  itsm::graph::builder b;
  b.reserve(static_cast<std::size_t>(n_cis), static_cast<std::size_t>(n_cis) * 2);
  for (node_key k = 1; k <= n_cis; ++k) {
    itsm::graph::node nd;
    nd.key = k;
    nd.type = k < first_app ? "host" : k < first_svc ? "application" : "service";
    nd.service = k >= first_svc;
    b.add_node(std::move(nd));
  }
  for (node_key a = first_app; a < first_svc; ++a) {
    b.add_edge({a, 1 + static_cast<node_key>(rng.below(hosts)), "runs_on", 0});
    if (rng.below(4) == 0) b.add_edge({a, first_app + static_cast<node_key>(rng.below(apps)), "depends_on", 0});
  }
  for (node_key s = first_svc; s <= n_cis; ++s)
    for (int i = 0; i < 3; ++i) b.add_edge({s, first_app + static_cast<node_key>(rng.below(apps)), "depends_on", 0});
  auto t0 = clock_type::now();
  const auto g = b.build();
  const double build_s = seconds_since(t0);

  // Changes over one year, their impact sets from the graph.
  const auto year = itsm::parse_iso("2026-01-01T00:00:00Z");
  std::vector<itsm::scheduled_change> changes;
  changes.reserve(n_changes);
  std::size_t impact_total = 0;
  t0 = clock_type::now();
  for (std::size_t i = 0; i < n_changes; ++i) {
    itsm::scheduled_change c;
    c.rfc = static_cast<std::int64_t>(i + 1);
    const auto start = year + itsm::minutes(static_cast<long>(rng.below(365 * 24 * 4)) * 15);
    c.window = {start, start + itsm::hours(1 + static_cast<long>(rng.below(8)))};
    const int scope = 1 + static_cast<int>(rng.below(3));
    for (int s = 0; s < scope; ++s) c.cis.push_back(1 + static_cast<node_key>(rng.below(first_svc - 1)));
    std::sort(c.cis.begin(), c.cis.end());
    c.cis.erase(std::unique(c.cis.begin(), c.cis.end()), c.cis.end());
    const auto res = g.impact(std::span<const node_key>(c.cis));
    for (const auto& r : res.impacted) c.impact.push_back(r.key);
    for (auto s : res.services) c.services.push_back(s);
    std::sort(c.impact.begin(), c.impact.end());
    std::sort(c.services.begin(), c.services.end());
    impact_total += c.impact.size();
    changes.push_back(std::move(c));
  }
  const double impact_s = seconds_since(t0);

  itsm::schedule_calendar cal;
  for (int m = 0; m < 12; ++m) {
    const auto f = year + itsm::hours(24 * (30 * m + 27));
    cal.freezes.push_back({"freeze-" + std::to_string(m), {f, f + itsm::hours(48)}});
  }
  for (node_key s = first_svc; s <= n_cis; s += 2)
    cal.maintenance[s] = {{static_cast<int>(s % 7), 20 * 60, 30 * 60}};  // 20:00–06:00 one day a week

  t0 = clock_type::now();
  const itsm::change_schedule sched(changes);
  const double index_s = seconds_since(t0);

  t0 = clock_type::now();
  std::size_t found = 0, clashes = 0;
  for (const auto& c : changes) {
    const auto v = sched.conflicts(c, cal);
    found += v.size();
    for (const auto& x : v)
      clashes += (x.kind == itsm::conflict_kind::same_ci || x.kind == itsm::conflict_kind::impact) ? 1 : 0;
  }
  const double lib_s = seconds_since(t0);

  t0 = clock_type::now();
  std::size_t ref_found = 0;
  for (const auto& c : changes) ref_found += reference_conflicts(changes, c, cal);
  const double ref_s = seconds_since(t0);

  const double per_rfc_us = lib_s * 1e6 / static_cast<double>(n_changes);
  const double ref_per_rfc_us = ref_s * 1e6 / static_cast<double>(n_changes);
  std::printf(
      "BENCH change.conflicts cis=%lld changes=%zu per_rfc_us=%.3f ref_per_rfc_us=%.3f speedup=%.1f "
      "conflicts=%zu change_clashes=%zu ref_conflicts=%zu match=%s index_ms=%.2f avg_impact=%.1f "
      "graph_build_s=%.2f impact_per_rfc_us=%.1f\n",
      static_cast<long long>(n_cis), n_changes, per_rfc_us, ref_per_rfc_us, ref_per_rfc_us / per_rfc_us, found,
      clashes, ref_found, found == ref_found ? "yes" : "NO", index_s * 1e3,
      static_cast<double>(impact_total) / static_cast<double>(n_changes), build_s,
      impact_s * 1e6 / static_cast<double>(n_changes));
  return found == ref_found ? 0 : 1;
}
