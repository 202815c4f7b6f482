#include "report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "itsm/calendar/availability.hpp"
#include "itsm/graph/graph.hpp"

namespace spm {

using namespace itsm;
using model::incident_state;
using model::request_state;

namespace {

// The report reads as an auditor: every record, nothing written.
const itsm::actor auditor{"audrey", {std::string(itsm::roles::auditor)}};

std::string day_time(timestamp t) {
  if (t.is_special()) return "-";
  return to_iso(t).substr(5, 11).replace(5, 1, " ");  // "05-14 12:20"
}

std::string hm(duration d) {
  const auto m = d.total_seconds() / 60;
  return m >= 60 ? fmt::format("{}h{:02}m", m / 60, m % 60) : fmt::format("{}m", m);
}

std::string pct(int met, int total) {
  return total == 0 ? "   -  " : fmt::format("{:5.1f}%", 100.0 * met / total);
}

std::string shown(const value& v) {
  const auto s = v.to_display();
  return s.empty() ? "(none)" : s;
}

void heading(const std::string& title) { fmt::print("\n== {} {}\n", title, std::string(std::max<std::size_t>(3, 90 - title.size()), '=')); }

}  // namespace

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

figures collect(sms& system, const world& w, const month& m, const story& st) {
  figures f;
  auto& inc = system.incidents();
  for (const auto& id : st.incidents) {
    const auto i = *inc.find(auditor, id);
    const auto s = inc.sla_figures(auditor, id, m.end);
    f.incidents.push_back({id.key(), w.index_of(i.service), i.priority, "",
                           i.state != incident_state::resolved && i.state != incident_state::closed, s.response,
                           s.resolution});
  }
  auto& req = system.requests();
  for (const auto& id : st.requests) {
    const auto r = *req.find(auditor, id);
    const auto s = req.sla_figures(auditor, id, m.end);
    f.requests.push_back({id.key(), w.index_of(r.service), r.priority, r.request_type,
                          r.state != request_state::fulfilled && r.state != request_state::closed &&
                              r.state != request_state::cancelled,
                          s.response, s.resolution});
  }

  // Availability (R-6.3-monitor): a CI is down while an "outage" incident on it is open; a
  // service is down while the CMDB graph says the CIs down impact it (k of n applied).
  const auto g = build_graph(system, w);
  std::map<std::int64_t, std::vector<std::pair<timestamp, timestamp>>> down;  // CI -> intervals
  std::vector<incident_id> outage_ids;
  for (const auto& i : inc.list(auditor)) {
    if (i.category != "outage" || !i.ci.valid()) continue;
    const auto to = i.resolved_at.is_special() ? m.end : std::min(i.resolved_at, m.end);
    const auto from = std::max(i.opened_at, m.start);
    if (from >= to) continue;
    down[i.ci.number()].push_back({from, to});
    outage_ids.push_back(i.id);
    outage_note n{i.id, "", from, to, {}, ""};
    const auto ci = system.configuration().find(auditor, i.ci);
    n.ci = ci ? ci->name : i.ci.key();
    const graph::node_key failed[] = {i.ci.number()};
    for (const auto& s : g.impact(failed).services) n.services.push_back(w.index_of(service_id(-s)));
    if (!n.services.empty()) {
      const auto path = g.why(service_node(w.service(n.services.front()).record.id), failed);
      if (path)
        for (const auto& step : *path) {
          const auto info = g.info(step.key);
          n.why += (n.why.empty() ? "" : fmt::format(" --{}--> ", step.kind)) + std::string(info.name);
        }
    } else {
      for (const auto& r : system.configuration().relationships(auditor, i.ci, direction::outgoing)) {
        if (r.kind != "member_of") continue;
        const auto info = g.info(r.target.number());
        n.why = fmt::format("absorbed by redundancy: {} needs {} of {} members, {} still up", info.name, info.required,
                            info.members, info.members - 1);
      }
      if (n.why.empty()) n.why = "no service depends on it";
    }
    f.outages.push_back(std::move(n));
  }
  std::sort(f.outages.begin(), f.outages.end(), [](const outage_note& a, const outage_note& b) { return a.from < b.from; });
  std::set<timestamp> points{m.start, m.end};
  for (const auto& [ci, spans] : down)
    for (const auto& [a, b] : spans) points.insert(a), points.insert(b);
  std::vector<std::vector<calendar::outage>> per_service(w.services.size());
  for (auto it = points.begin(); std::next(it) != points.end(); ++it) {
    const auto a = *it, b = *std::next(it);
    std::vector<graph::node_key> failed;
    for (const auto& [ci, spans] : down)
      for (const auto& [x, y] : spans)
        if (x <= a && b <= y) {
          failed.push_back(ci);
          break;
        }
    if (failed.empty()) continue;
    for (const auto& s : g.impact(std::span<const graph::node_key>(failed)).services) {
      const auto idx = w.index_of(service_id(-s));
      if (idx < per_service.size()) per_service[idx].push_back({a, b});
    }
  }
  for (std::size_t s = 0; s < w.services.size(); ++s) {
    const auto a = calendar::availability(w.service(s).hours, m.start, m.end, per_service[s]);
    service_availability sa{a.percent, a.unavailable, {}};
    for (const auto& n : f.outages)
      if (std::find(n.services.begin(), n.services.end(), s) != n.services.end()) sa.outages.push_back(n.incident);
    f.availability.push_back(std::move(sa));
  }
  return f;
}

void print_report(sms& system, const world& w, const month& m, const story& st, const figures& f, const run_info& info,
                  const std::vector<event>& events) {
  auto& inc = system.incidents();
  auto& chg = system.changes();
  auto& conf = system.configuration();

  fmt::print("itsm - a month in the life of a service provider\n");
  fmt::print("store {}  |  month {}  |  seed {}  |  size {}  |  times in UTC\n", info.uri, m.label, info.seed,
             info.small ? "small" : "default");
  if (info.continued)
    fmt::print("The store already held the months up to {}: this run continues with {} (same catalogue and CMDB).\n",
               info.previous, m.label);
  fmt::print("Catalogue: {} services with SLAs  |  CMDB: {} CIs of {} types, {} relationships, {} redundancy groups\n",
             w.services.size(), w.cis.size(), w.types, w.relationships, w.clusters);
  {
    const auto g = build_graph(system, w);
    const auto cycle = g.find_cycle();
    fmt::print("CMDB graph: {} nodes (CIs and services), {} relationships; {} dependency cycles, {} orphan CIs, {} "
               "dangling relationships\n",
               g.node_count(), g.edge_count(), cycle ? "has" : "no", g.orphans().size(), g.dangling().size());
  }
  int closed = 0, open = 0;
  for (const auto& r : f.incidents) open += r.open;
  for (const auto& id : st.incidents) closed += inc.find(auditor, id)->state == incident_state::closed;
  fmt::print("Tickets this month: {} incidents ({} closed, {} still open at month end), {} service requests; "
             "{} tickets of earlier months finished\n",
             st.incidents.size(), closed, open, st.requests.size(), st.carried_over);

  heading("Service levels " + m.label);
  fmt::print("{:<18} {:<21} {:>4} {:>3} {:>3} {:>3} {:>3} {:>3}  {:>8} {:>8} {:>6}  {:>8} {:>7}\n", "service", "hours", "inc",
             "P1", "P2", "P3", "P4", "P5", "response", "resolve", "breach", "avail.", "target");
  for (std::size_t s = 0; s < w.services.size(); ++s) {
    std::array<int, 6> by{};
    int n = 0;
    for (const auto& r : f.incidents)
      if (r.service == s) ++n, ++by[static_cast<std::size_t>(std::clamp(r.priority, 0, 5))];
    const auto c = compliance_of(f.incidents, s);
    const auto& a = f.availability[s];
    const auto target = w.service(s).sla.availability_target;
    fmt::print("{:<18} {:<21} {:>4} {:>3} {:>3} {:>3} {:>3} {:>3}  {:>8} {:>8} {:>6}  {:>7} {:>6.1f}% {}\n",
               w.service(s).record.name, w.service(s).setup.hours_label, n, by[1], by[2], by[3], by[4], by[5],
               pct(c.response_met, c.response_total), pct(c.resolution_met, c.resolution_total), c.breached,
               a.percent ? fmt::format("{:.2f}%", *a.percent) : "-", target,
               a.percent && *a.percent + 1e-9 < target ? "MISSED" : "met");
  }
  fmt::print("(compliance = tickets whose clock did not breach / tickets with that target, evaluated at month end on\n"
             " each SLA's business calendar; availability = agreed service time without outage)\n");
  fmt::print("\n{:<40} {:>4}  {:>8} {:>8} {:>6}\n", "service requests", "req", "response", "fulfil", "breach");
  for (std::size_t s = 0; s < w.services.size(); ++s) {
    int n = 0;
    for (const auto& r : f.requests) n += r.service == s;
    if (n == 0) continue;
    const auto c = compliance_of(f.requests, s);
    fmt::print("{:<40} {:>4}  {:>8} {:>8} {:>6}\n", w.service(s).record.name, n, pct(c.response_met, c.response_total),
               pct(c.resolution_met, c.resolution_total), c.breached);
  }
  int waited = 0;
  duration paused_wall = hours(0), paused_business = hours(0);
  for (const auto& r : f.incidents)
    if (r.resolution && r.resolution->paused_wall > hours(0))
      ++waited, paused_wall += r.resolution->paused_wall, paused_business += r.resolution->paused;
  fmt::print("\nWaiting on customers: {} incidents paused their resolution clock for {} of business time ({} wall clock).\n",
             waited, hm(paused_business), hm(paused_wall));
  std::map<std::string, int> by_type;
  for (const auto& e : events) ++by_type[e.type];
  fmt::print("Notifications published: {} customer updates, {} SLA at-risk and {} SLA breach escalations "
             "(incidents and requests).\n",
             by_type["incident.state_changed"] + by_type["service_request.state_changed"],
             by_type["incident.sla_at_risk"] + by_type["service_request.sla_at_risk"],
             by_type["incident.sla_breached"] + by_type["service_request.sla_breached"]);

  heading("Outages and availability");
  for (const auto& n : f.outages) {
    std::string hit;
    for (auto s : n.services) hit += (hit.empty() ? "" : ", ") + w.service(s).record.name;
    fmt::print("  {:<7} {:<15} {} - {} ({:>6})  {}\n", n.incident.key(), n.ci, day_time(n.from), day_time(n.to),
               hm(n.to - n.from), hit.empty() ? "no service down" : "down: " + hit);
    fmt::print("          {}\n", n.why);
    for (auto s : n.services)
      if (w.service(s).hours.business_time(n.from, n.to) == hours(0))
        fmt::print("          outside the agreed service hours of {} ({}): no availability lost\n",
                   w.service(s).record.name, w.service(s).setup.hours_label);
  }
  for (std::size_t s = 0; s < w.services.size(); ++s) {
    const auto& a = f.availability[s];
    if (a.lost > hours(0))
      fmt::print("  {}: {} of agreed service time lost -> {:.3f}% (target {:.1f}%)\n", w.service(s).record.name,
                 hm(a.lost), a.percent.value_or(100.0), w.service(s).sla.availability_target);
  }

  heading("Major incident");
  if (st.major.valid()) {
    const auto i = *inc.find(auditor, st.major);
    fmt::print("  {} [P{}] {}  ({}, CI {})\n", i.id.key(), i.priority, i.title,
               w.service(w.index_of(i.service)).record.name, conf.find(auditor, i.ci)->name);
    std::string declared;
    for (const auto& e : inc.log(auditor, i.id))
      if (e.type == "major") declared = day_time(e.at);
    fmt::print("  opened {}, declared major {} by irene (top management informed), resolved {} after {}\n",
               day_time(i.opened_at), declared, day_time(i.resolved_at), hm(i.resolved_at - i.opened_at));
    for (const auto& e : inc.log(auditor, i.id))
      if (e.type == "note") fmt::print("    {} note: {}\n", day_time(e.at), e.detail.empty() ? e.to : e.detail);
    fmt::print("  resolution: {}\n", i.resolution);
    if (const auto r = inc.review(auditor, i.id)) {
      fmt::print("  post-incident review {} by {}:\n    findings: {}\n    actions:  {}\n", day_time(r->held_at), r->held_by,
                 r->findings, r->actions);
    }
    fmt::print("  state: {}\n", model::enum_to_string(i.state));
  }
  if (st.security.valid()) {
    const auto i = *inc.find(auditor, st.security);
    const auto sec = inc.security_stats(auditor, m.start, m.end);
    fmt::print("\n  Information security: {} [P{}] {} - classified '{}' after recording (raised to the P2 floor), {}.\n",
               i.id.key(), i.priority, i.title, i.category, model::enum_to_string(i.state));
    fmt::print("  Security incidents this month: {} ({} open)\n", sec.total, sec.open);
  }

  heading("Problem -> known error -> RFC -> release");
  if (st.problem.valid()) {
    auto& prb = system.problems();
    const auto p = *prb.find(auditor, st.problem);
    fmt::print("  trend (R-8.2-trends): {}\n", st.trend);
    fmt::print("  {} [P{}] {} - {}; {} incidents linked\n", p.id.key(), p.priority, p.title,
               model::enum_to_string(p.state), prb.incidents_of(auditor, p.id).size());
    fmt::print("    root cause: {}\n", p.root_cause);
    if (const auto ke = prb.find_known_error(auditor, p.known_error)) {
      fmt::print("  {} workaround: {}\n", ke->id.key(), ke->workaround);
      fmt::print("    used by the service desk on {} later incident(s) (found through the incident's CI)\n",
                 st.workaround_used.size());
    }
    if (const auto r = chg.find(auditor, p.rfc)) {
      std::string voters;
      for (const auto& a : chg.approvals(auditor, r->id)) {
        std::string capacity;
        for (char ch : a.capacity)
          if (ch != '[' && ch != ']' && ch != '"') capacity += ch;
        voters += (voters.empty() ? "" : ", ") + a.approver + " (" + capacity + ")";
      }
      fmt::print("  {} {} - raised by {} from {}, {}\n", r->id.key(), r->title, r->requester, p.id.key(),
                 model::enum_to_string(r->state));
      fmt::print("    CAB approval: {}\n", voters);
      fmt::print("    window {} - {}, implemented by {}, outcome {}\n", day_time(r->window_start), day_time(r->window_end),
                 r->implementer, r->outcome);
    }
    if (const auto rel = system.releases().find(auditor, st.release)) {
      fmt::print("  {} '{}' ({}) - {}\n", rel->id.key(), rel->name, rel->type, model::enum_to_string(rel->state));
      for (const auto& t : system.releases().tests(auditor, rel->id))
        fmt::print("    acceptance test {} '{}': {} - {}\n", day_time(t.at), t.criterion, t.passed ? "passed" : "FAILED",
                   t.evidence);
      fmt::print("    deployed {} after a baseline {} was taken automatically\n", day_time(rel->deployed_at),
                 rel->baseline.key());
    }
    int after = 0;
    for (const auto& id : st.recurring) {
      const auto i = *inc.find(auditor, id);
      if (const auto rel = system.releases().find(auditor, st.release); rel && !rel->deployed_at.is_special())
        after += i.opened_at > rel->deployed_at;
    }
    fmt::print("  recurrences after the release: {}\n", after);
  }

  {
    const auto e = system.problems().effectiveness(auditor, m.start, m.end);
    fmt::print("  problem management effectiveness (R-8.2-effectiveness): {} of {} incident resolutions reopened ({:.1f}%), "
               "{} problems resolved, {} recurred\n",
               e.incidents_reopened, e.incidents_resolved, 100.0 * e.reopen_rate, e.problems_resolved, e.problems_recurred);
  }

  heading("Schedule of change " + m.label);
  fmt::print("  {:<7} {:<9} {:<47} {:<25} {}\n", "RFC", "class", "title", "window", "state / outcome");
  std::vector<model::rfc> rfcs;
  for (const auto& id : st.rfcs) rfcs.push_back(*chg.find(auditor, id));
  std::stable_sort(rfcs.begin(), rfcs.end(), [](const auto& a, const auto& b) { return a.window_start < b.window_start; });
  for (const auto& r : rfcs) {
    const auto window = r.window_start.is_special() ? std::string("(not scheduled)")
                                                    : day_time(r.window_start) + " - " + to_iso(r.window_end).substr(11, 5);
    fmt::print("  {:<7} {:<9} {:<47} {:<25} {}{}\n", r.id.key(), model::enum_to_string(r.classification),
               r.title.substr(0, 47), window, model::enum_to_string(r.state), r.outcome.empty() ? "" : " / " + r.outcome);
    if (!r.conflicts.empty()) {
      std::size_t from = 0;
      for (auto nl = r.conflicts.find('\n'); from < r.conflicts.size(); nl = r.conflicts.find('\n', from)) {
        if (nl == std::string::npos) nl = r.conflicts.size();
        fmt::print("          accepted conflict: {}\n", r.conflicts.substr(from, nl - from));
        from = nl + 1;
      }
    }
  }
  for (const auto& x : st.refused) {
    fmt::print("  refused: {}\n", x.what);
    for (const auto& why : x.why) fmt::print("           {}\n", why);
  }
  if (const auto r = chg.find(auditor, st.failed_rfc)) {
    fmt::print("  failed change {}: {} - backed out: {}\n", r->id.key(), r->title, r->backout_result);
    for (const auto& v : chg.investigations(auditor, r->id)) fmt::print("    investigation {}: {}\n", v.id.key(), v.summary);
    fmt::print("    post-implementation review: {}\n", r->review);
  }

  heading("Release baseline diff");
  if (const auto rel = system.releases().find(auditor, st.release); rel && rel->baseline.valid()) {
    const auto rep = system.releases().report(auditor, rel->id);
    const auto bl = conf.find_baseline(auditor, rel->baseline);
    fmt::print("  {} '{}' taken {} by {}; CMDB now compared with it:\n", bl->id.key(), bl->name, day_time(bl->taken_at),
               bl->taken_by);
    if (rep.since_baseline) {
      const auto& d = *rep.since_baseline;
      for (const auto& c : d.cis_changed) {
        const auto ci = conf.find(auditor, ci_id::parse(c.id));
        fmt::print("    {} {}:\n", c.id, ci ? ci->name : "");
        for (const auto& a : c.changes)
          fmt::print("      {:<16} {} -> {}\n", a.field, shown(a.before), shown(a.after));
      }
      for (const auto& a : d.cis_added) fmt::print("    added {}\n", a);
      for (const auto& a : d.cis_removed) fmt::print("    removed {}\n", a);
      if (d.empty()) fmt::print("    no differences\n");
    }
    fmt::print("  incidents on the release's CIs within {} h of deployment: {}\n",
               system.policies().releases(w.who.rob).measure_window.hours(), rep.incidents.size());
  }
}

}  // namespace spm
