#include <algorithm>
#include <map>
#include <tuple>

#include "parts.hpp"

namespace itsm::report::detail {

timestamp finished_at(const model::incident& i) {
  using st = model::incident_state;
  if (i.state != st::resolved && i.state != st::closed) return {};
  return i.resolved_at.is_special() ? i.closed_at : i.resolved_at;
}

timestamp finished_at(const model::service_request& r) {
  using st = model::request_state;
  if (r.state == st::fulfilled || r.state == st::closed) return r.fulfilled_at.is_special() ? r.closed_at : r.fulfilled_at;
  return r.state == st::cancelled ? r.closed_at : timestamp{};
}

namespace {

// kind, service, priority, goal (minutes, -1 none), clock: tickets measured against different
// SLA versions (R-6.1-change) count in different rows.
using row_key = std::tuple<std::string, std::string, int, std::int64_t, std::string>;

struct tally {
  std::map<row_key, target_row> rows;
  std::map<std::string, service_row> services;
};

std::string service_name(const store_snapshot& s, service_id id) {
  for (const auto& x : s.services)
    if (x.id == id) return x.name;
  return id.key();
}

std::optional<std::int64_t> goal_of(const store_snapshot& s, const std::string& kind, const ticket_sla& f,
                                    const std::string& clock) {
  if (kind != "incident") return std::nullopt;
  if (const auto* x = measured_sla(s, f.sla, f.sla_revision))
    if (const auto* t = x->target_for(f.priority)) return clock == "response" ? t->response_minutes : t->resolution_minutes;
  return std::nullopt;
}

template <class T>
void count(const store_snapshot& s, const report_options& o, const T& t, const std::string& kind, tally& out,
           service_report& r) {
  auto it = s.sla_figures.find(t.id.key());
  if (it == s.sla_figures.end()) return;
  const auto& f = it->second;
  auto& svc = out.services[t.service.key()];
  svc.service = t.service.key();
  ++svc.tickets;
  if (f.breached()) ++svc.breached;
  for (const auto& [clock, st] : {std::pair{"response", &f.response}, std::pair{"resolution", &f.resolution}}) {
    if (!*st) continue;
    const auto& status = **st;
    const auto goal = goal_of(s, kind, f, clock);
    auto& row = out.rows[{kind, t.service.key(), f.priority, goal.value_or(-1), clock}];
    if (row.tickets == 0) {
      row.service = t.service.key();
      row.service_name = service_name(s, t.service);
      row.kind = kind;
      row.priority = f.priority;
      row.clock = clock;
      row.goal_minutes = goal;
    }
    ++row.tickets;
    const ticket_ref ref{t.id.key(), t.service.key(), f.priority, clock, t.title};
    if (status.breached_at) {
      ++row.breached;
      r.breaches.push_back(ref);
      continue;
    }
    ++row.met;
    const auto budget = (status.elapsed + status.remaining).total_microseconds();
    if (budget > 0 && static_cast<double>(status.elapsed.total_microseconds()) >= o.near_miss_share * static_cast<double>(budget)) {
      ++row.near_misses;
      r.near_misses.push_back(ref);
    }
  }
}

std::optional<double> percent(int part, int whole) {
  if (whole == 0) return std::nullopt;
  return 100.0 * part / whole;
}

}  // namespace

void add_targets(const store_snapshot& s, const report_options& o, const scope_filter& f, service_report& r) {
  tally t;
  const auto& p = o.covered;
  for (const auto& i : s.incidents)
    if (f.covers(i) && active_in(i, p.start, p.end)) count(s, o, i, "incident", t, r);
  for (const auto& q : s.requests)
    if (f.covers(q) && active_in(q, p.start, p.end)) count(s, o, q, "service_request", t, r);
  for (auto& [key, row] : t.rows) {
    row.compliance = percent(row.met, row.tickets);
    r.targets.push_back(row);
  }
  for (const auto& svc : s.services) {
    if (!f.covers_service(svc.id)) continue;
    auto row = t.services[svc.id.key()];
    row.service = svc.id.key();
    row.service_name = svc.name;
    row.compliance = percent(row.tickets - row.breached, row.tickets);
    r.services.push_back(std::move(row));
  }
}

}  // namespace itsm::report::detail
