#include <cmath>
#include <fmt/format.h>

#include "parts.hpp"

namespace itsm::report::detail {

namespace {

const char* age_bucket(duration age) {
  const auto h = age.hours();
  if (h < 24) return "under_1d";
  if (h < 24 * 7) return "1_to_7d";
  if (h < 24 * 30) return "7_to_30d";
  return "over_30d";
}

// Reopened: a state event from resolved back to an open state.
bool is_reopen(const ticket_event& e) { return e.type == "state" && e.from == "resolved" && e.to != "closed"; }

template <class T>
void backlog_of(const T& t, timestamp to, workload& w) {
  if (t.opened_at.is_special() || t.opened_at >= to) return;
  const auto f = finished_at(t);
  if (!f.is_special() && f < to) return;
  ++w.backlog;
  ++w.backlog_age[age_bucket(to - t.opened_at)];
}

void flag(std::vector<week_row>& weeks, const report_options& o) {
  for (std::size_t n = 1; n < weeks.size(); ++n) {
    auto& w = weeks[n];
    const auto& prev = weeks[n - 1];
    for (const auto& [what, now, before] : {std::tuple{"incidents", w.incidents, prev.incidents},
                                            std::tuple{"requests", w.requests, prev.requests},
                                            std::tuple{"breaches", w.breaches, prev.breaches}}) {
      const int d = now - before;
      if (std::abs(d) < o.significant_minimum) continue;
      if (before > 0 && std::abs(d) < o.significant_share * before) continue;
      const auto change = before > 0 ? fmt::format("{:+.0f}%", 100.0 * d / before) : std::string("new");
      w.significant += fmt::format("{}{} {} ({} -> {})", w.significant.empty() ? "" : "; ", what, change, before, now);
    }
  }
}

}  // namespace

void add_workload(const store_snapshot& s, const report_options& o, const scope_filter& f, service_report& r) {
  const auto& p = o.covered;
  auto& w = r.work;
  for (const char* k : {"incident", "service_request", "problem", "rfc"}) w.opened[k] = 0, w.finished[k] = 0;
  for (const char* b : {"under_1d", "1_to_7d", "7_to_30d", "over_30d"}) w.backlog_age[b] = 0;
  // Weeks from the period's start; the last one may be short.
  for (auto t = p.start; t < p.end; t += hours(24 * 7)) {
    r.weeks.emplace_back();
    r.weeks.back().start = t;
  }
  auto week_of = [&](timestamp t) -> week_row* {
    if (!within(t, p.start, p.end)) return nullptr;
    return &r.weeks[static_cast<std::size_t>((t - p.start).hours() / (24 * 7))];
  };
  double repair_hours = 0;
  int repaired = 0;
  for (const auto& i : s.incidents) {
    if (!f.covers(i)) continue;
    if (within(i.opened_at, p.start, p.end)) ++w.opened["incident"], ++week_of(i.opened_at)->incidents;
    const auto done = finished_at(i);
    if (within(done, p.start, p.end)) {
      ++w.finished["incident"];
      repair_hours += static_cast<double>((done - i.opened_at).total_seconds()) / 3600.0;
      ++repaired;
    }
    backlog_of(i, p.end, w);
    if (auto it = s.logs.find(i.id.key()); it != s.logs.end())
      for (const auto& e : it->second)
        if (is_reopen(e) && within(e.at, p.start, p.end)) ++w.reopened;
  }
  for (const auto& q : s.requests) {
    if (!f.covers(q)) continue;
    if (within(q.opened_at, p.start, p.end)) ++w.opened["service_request"], ++week_of(q.opened_at)->requests;
    if (within(finished_at(q), p.start, p.end)) ++w.finished["service_request"];
    backlog_of(q, p.end, w);
  }
  for (const auto& x : s.problems) {
    if (!f.covers(x)) continue;
    if (within(x.opened_at, p.start, p.end)) ++w.opened["problem"];
    if (within(x.resolved_at, p.start, p.end)) ++w.finished["problem"];
  }
  for (const auto& c : s.rfcs) {
    if (!f.covers(c)) continue;
    if (within(c.submitted_at, p.start, p.end)) ++w.opened["rfc"];
    if (within(c.implemented_at, p.start, p.end)) ++w.finished["rfc"];
  }
  for (const auto& b : r.breaches) {
    auto it = s.sla_figures.find(b.id);
    const auto& st = b.clock == "response" ? it->second.response : it->second.resolution;
    if (auto* wk = week_of(*st->breached_at)) ++wk->breaches;
  }
  if (repaired > 0) w.mttr_hours = repair_hours / repaired;
  if (w.finished["incident"] > 0) w.reopen_rate = 100.0 * w.reopened / w.finished["incident"];
  flag(r.weeks, o);
}

}  // namespace itsm::report::detail
