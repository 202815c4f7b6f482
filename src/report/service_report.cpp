#include "itsm/report/service_report.hpp"

#include <optional>

#include "itsm/core/error.hpp"
#include "parts.hpp"

namespace itsm::report {

service_report build(const store_snapshot& s, const report_options& o) {
  if (o.covered.start.is_special() || o.covered.end.is_special() || !(o.covered.start < o.covered.end))
    throw_error(errc::invalid_argument, "a report period needs from < to");
  if (!(o.near_miss_share > 0 && o.near_miss_share <= 1))
    throw_error(errc::invalid_argument, "near_miss_share must be in (0, 1]");
  const detail::scope_filter f(s, o.scope);
  service_report r;
  r.title = o.title;
  r.scope = o.scope;
  r.covered = o.covered;
  r.generated_at = s.at;
  r.audit_head = s.audit_head;
  // One CMDB graph for the parts that need it (availability, cost apportionment).
  std::optional<graph::graph> own;
  report_options with_graph = o;
  if (!with_graph.cmdb) with_graph.cmdb = &own.emplace(cmdb_graph(s));
  detail::add_targets(s, with_graph, f, r);
  detail::add_availability(s, with_graph, f, r);
  detail::add_workload(s, with_graph, f, r);
  detail::add_events(s, with_graph, f, r);
  detail::add_content(s, with_graph, f, r);
  detail::add_capacity(s, with_graph, f, r);
  detail::add_costs(s, with_graph, f, r);
  return r;
}

}  // namespace itsm::report
