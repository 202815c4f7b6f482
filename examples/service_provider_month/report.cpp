#include "report.hpp"

#include <chrono>
#include <map>
#include <type_traits>

#include "itsm/process/sms.hpp"

namespace spm {

using namespace itsm;

compliance compliance_of(const std::vector<sla_row>& rows, std::size_t service) {
  compliance c;
  for (const auto& r : rows) {
    if (r.service != service) continue;
    if (r.response) ++c.response_total, c.response_met += !r.response->breached_at;
    if (r.resolution) ++c.resolution_total, c.resolution_met += !r.resolution->breached_at;
    c.breached += (r.response && r.response->breached_at) || (r.resolution && r.resolution->breached_at);
  }
  return c;
}

namespace {
template <class Ticket, class Id>
std::vector<sla_row> rows_of(const std::vector<Ticket>& all, const std::vector<Id>& ids, const store_snapshot& s,
                             const world& w) {
  std::map<std::string, const Ticket*> by_key;
  for (const auto& t : all) by_key[t.id.key()] = &t;
  std::vector<sla_row> out;
  for (const auto& id : ids) {
    const auto& t = *by_key.at(id.key());
    sla_row row{id.key(), w.index_of(t.service), t.priority, {}, {}, {}};
    if constexpr (std::is_same_v<Ticket, model::service_request>) row.type = t.request_type;
    if (auto f = s.sla_figures.find(id.key()); f != s.sla_figures.end()) {
      row.response = f->second.response;
      row.resolution = f->second.resolution;
    }
    out.push_back(std::move(row));
  }
  return out;
}
}  // namespace

month_report make_report(sms& system, const world& w, const month& m, const story& st) {
  const auto started = std::chrono::steady_clock::now();
  const auto snap = system.reports().snapshot(w.who.audrey, m.end);
  const auto g = build_graph(system, w);
  report::report_options o;
  o.covered = {m.start, m.end};
  o.title = monthly_report + std::string(" ") + m.label;
  o.cmdb = &g;
  month_report out;
  out.report = report::build(snap, o);
  out.statement = report::check_conformance(snap, o.covered, system.verify());
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  out.sla.incidents = rows_of(snap.incidents, st.incidents, snap, w);
  out.sla.requests = rows_of(snap.requests, st.requests, snap, w);
  out.records = static_cast<std::int64_t>(snap.incidents.size() + snap.requests.size() + snap.problems.size() +
                                          snap.rfcs.size() + snap.releases.size() + snap.cis.size() +
                                          snap.relationships.size() + snap.approvals.size());
  for (const auto& [ticket, log] : snap.logs) out.records += static_cast<std::int64_t>(log.size());
  return out;
}

}  // namespace spm
