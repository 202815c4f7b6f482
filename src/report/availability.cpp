#include <algorithm>
#include <map>
#include <set>

#include "itsm/calendar/availability.hpp"
#include "itsm/graph/builder.hpp"
#include "parts.hpp"

namespace itsm::report {

graph::graph cmdb_graph(const store_snapshot& s) {
  auto kinds = graph::kind_table::defaults();
  for (const auto& k : s.relationship_kinds)
    if (k.name != "member_of") kinds.set(graph::to_graph_kind(k));  // member_of stays k of n
  graph::builder b(kinds);
  for (const auto& ci : s.cis) {
    if (ci.status == model::ci_status::retired) continue;
    graph::node n{ci.id.number(), ci.type, ci.name, false, true, 0};
    auto it = ci.attributes.find("required_members");
    if (it != ci.attributes.end() && it->second.type() == value_type::integer && it->second.as_int() > 0)
      n.required_members = static_cast<std::uint32_t>(it->second.as_int());
    b.add_node(n);
  }
  for (const auto& svc : s.services) b.add_node({-svc.id.number(), "service", svc.name, true, true, 0});
  for (const auto& svc : s.services)
    for (const auto& dep : svc.depends_on) b.add_edge({-svc.id.number(), -dep.number(), "depends_on", 0});
  for (const auto& r : s.relationships)
    if (r.status == model::relationship_status::active && kinds.find(r.kind))
      b.add_edge({r.source.number(), r.target.number(), r.kind, r.id.number()});
  for (const auto& ci : s.cis)
    if (ci.status != model::ci_status::retired)
      for (const auto& svc : ci.services) b.add_edge({-svc.number(), ci.id.number(), "depends_on", 0});
  return b.build();
}

namespace detail {

namespace {
const model::sla* sla_of(const store_snapshot& s, service_id id) {
  const model::sla* best = nullptr;
  for (const auto& x : s.slas)
    if (x.service == id && (!best || x.id.number() < best->id.number())) best = &x;
  return best;
}

struct down_span {
  graph::node_key ci;
  timestamp from, to;
  std::string incident;
};
}  // namespace

void add_availability(const store_snapshot& s, const report_options& o, const scope_filter&, service_report& r) {
  std::optional<graph::graph> own;
  const graph::graph* g = o.cmdb;
  if (!g) g = &own.emplace(cmdb_graph(s));
  const auto& p = o.covered;
  std::vector<down_span> spans;
  for (const auto& i : s.incidents) {
    if (i.category != o.outage_category || !i.ci.valid() || !g->contains(i.ci.number())) continue;
    const auto end = finished_at(i);
    const auto from = std::max(i.opened_at, p.start), to = end.is_special() ? p.end : std::min(end, p.end);
    if (from < to) spans.push_back({i.ci.number(), from, to, i.id.key()});
  }
  // Between two consecutive edges the set of CIs down is constant: ask the graph once per piece.
  std::set<timestamp> points{p.start, p.end};
  for (const auto& d : spans) points.insert(d.from), points.insert(d.to);
  std::map<std::int64_t, std::vector<calendar::outage>> down;   // service number -> outages
  std::map<std::int64_t, std::set<std::string>> causes;         // service number -> incidents
  for (auto it = points.begin(); std::next(it) != points.end(); ++it) {
    const auto a = *it, b = *std::next(it);
    std::vector<graph::node_key> failed;
    std::vector<std::string> incidents;
    for (const auto& d : spans)
      if (d.from <= a && b <= d.to) failed.push_back(d.ci), incidents.push_back(d.incident);
    if (failed.empty()) continue;
    for (auto svc : g->impact(std::span<const graph::node_key>(failed)).services) {
      down[-svc].push_back({a, b});
      causes[-svc].insert(incidents.begin(), incidents.end());
    }
  }
  for (auto& row : r.services) {
    const auto id = service_id::parse(row.service);
    const auto* sla = sla_of(s, id);
    if (!sla || !s.service_hours.count(sla->id.key())) continue;
    row.availability_target = sla->availability_target;
    const auto a = calendar::availability(s.service_hours.at(sla->id.key()), p.start, p.end, down[id.number()]);
    row.availability = a.percent;
    row.unavailable_seconds = a.unavailable.total_seconds();
    // Only the outages that cost agreed service time are listed.
    if (a.unavailable.total_seconds() > 0) row.outages.assign(causes[id.number()].begin(), causes[id.number()].end());
  }
}

}  // namespace detail
}  // namespace itsm::report
