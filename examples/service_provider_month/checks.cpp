#include "checks.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "itsm/calendar/definition.hpp"

namespace spm {

using namespace itsm;
using model::incident_state;

namespace {

// The checks read as an auditor: every record, nothing written.
const itsm::actor auditor{"audrey", {std::string(itsm::roles::auditor)}};

// --- an independent SLA clock: the log's state changes walked over the business calendar ------

struct segment {
  timestamp from, to;
  bool running = false;
};

struct clock_figures {
  bool present = false;  // the ticket has this target
  std::int64_t elapsed_us = 0;
  bool breached = false;
};

// Business time of the running segments; breached when the clock still ran (for any wall time)
// after the instant the goal was used up - stopping exactly at that instant meets the target.
clock_figures walk(const std::vector<segment>& segs, duration goal, const calendar::business_calendar& cal) {
  clock_figures out;
  out.present = true;
  const std::int64_t g = goal.total_microseconds();
  bool reached = false;
  timestamp deadline;
  for (const auto& s : segs) {
    if (!s.running || s.to <= s.from) continue;
    const std::int64_t bt = cal.business_time(s.from, s.to).total_microseconds();
    if (!reached && out.elapsed_us + bt >= g) {
      reached = true;
      deadline = cal.deadline(s.from, boost::posix_time::microseconds(g - out.elapsed_us));
    }
    out.elapsed_us += bt;
    if (reached && s.to > deadline) out.breached = true;
  }
  return out;
}

struct ticket_kind {
  std::string initial, waiting;
  std::vector<std::string> done;
};

bool contains(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

// The two clocks of one ticket from its log, evaluated at `now`.
std::pair<std::vector<segment>, std::vector<segment>> segments_of(const std::vector<ticket_event>& log,
                                                                  const ticket_kind& k,
                                                                  const std::vector<std::string>& pause_states,
                                                                  timestamp now) {
  std::vector<std::pair<timestamp, const ticket_event*>> states;
  for (const auto& e : log)
    if (e.type == "state" && e.at <= now) states.push_back({e.at, &e});
  std::vector<segment> response, resolution;
  bool responded = false;
  for (std::size_t i = 0; i < states.size(); ++i) {
    const auto& e = *states[i].second;
    const auto from = states[i].first;
    const auto to = i + 1 < states.size() ? states[i + 1].first : now;
    if (e.to != k.initial) responded = true;
    response.push_back({from, to, !responded});
    bool running = !contains(k.done, e.to);
    if (e.to == k.waiting) {
      const bool pauses = contains(pause_states, k.waiting) ||
                          (!e.detail.empty() && (contains(pause_states, e.detail) ||
                                                 contains(pause_states, k.waiting + ":" + e.detail)));
      if (pauses) running = false;
    }
    resolution.push_back({from, to, running});
  }
  return {response, resolution};
}

const model::sla_target* target_of(const model::sla& s, int priority) {
  for (const auto& t : s.targets)
    if (t.priority == priority) return &t;
  return nullptr;
}

// Compares one clock: the library's figure with the recomputed one.
bool same(const std::optional<calendar::sla_status>& lib, const clock_figures& mine) {
  if (lib.has_value() != mine.present) return false;
  if (!lib) return true;
  return lib->elapsed.total_microseconds() == mine.elapsed_us && lib->breached_at.has_value() == mine.breached;
}

sla_row as_row(const sla_row& base, const clock_figures& response, const clock_figures& resolution) {
  sla_row r = base;
  r.response.reset();
  r.resolution.reset();
  if (response.present) {
    r.response = calendar::sla_status{};
    if (response.breached) r.response->breached_at = timestamp(boost::gregorian::date(2000, 1, 1));
  }
  if (resolution.present) {
    r.resolution = calendar::sla_status{};
    if (resolution.breached) r.resolution->breached_at = timestamp(boost::gregorian::date(2000, 1, 1));
  }
  return r;
}

struct recomputed {
  std::vector<sla_row> rows;
  std::vector<std::string> mismatches;
};

recomputed recompute_incidents(sms& system, const month& m, const story& st, const figures& f) {
  recomputed out;
  const ticket_kind k{"recorded", "pending", {"resolved", "closed"}};
  std::map<std::string, std::pair<model::sla, calendar::business_calendar>> slas;
  for (std::size_t n = 0; n < st.incidents.size(); ++n) {
    const auto i = *system.incidents().find(auditor, st.incidents[n]);
    clock_figures resp, resol;
    if (i.sla.valid()) {
      auto it = slas.find(i.sla.key());
      if (it == slas.end()) {
        for (const auto& s : system.service_level().slas_of(auditor, i.service))
          if (s.id == i.sla)
            it = slas.emplace(s.id.key(), std::make_pair(s, calendar::business_calendar(
                                                              s.calendar.empty()
                                                                  ? calendar::calendar_definition::always_open()
                                                                  : calendar::calendar_from_json(s.calendar))))
                     .first;
      }
      if (it != slas.end()) {
        const auto& [sla, cal] = it->second;
        const auto [rs, ls] = segments_of(system.incidents().log(auditor, i.id), k, sla.pause_states, m.end);
        if (const auto* t = target_of(sla, i.priority)) {
          if (t->response_minutes > 0) resp = walk(rs, minutes(t->response_minutes), cal);
          if (t->resolution_minutes > 0) resol = walk(ls, minutes(t->resolution_minutes), cal);
        }
      }
    }
    const auto& lib = f.incidents.at(n);
    if (!same(lib.response, resp) || !same(lib.resolution, resol))
      out.mismatches.push_back(fmt::format("{}: library {}/{} recomputed {}/{}", lib.ticket,
                                           lib.resolution ? lib.resolution->elapsed.total_seconds() : -1,
                                           lib.resolution && lib.resolution->breached_at ? "breached" : "met",
                                           resol.elapsed_us / 1000000, resol.breached ? "breached" : "met"));
    out.rows.push_back(as_row(lib, resp, resol));
  }
  return out;
}

recomputed recompute_requests(sms& system, const month& m, const story& st, const figures& f) {
  recomputed out;
  const ticket_kind k{"recorded", "pending", {"fulfilled", "closed", "cancelled"}};
  const auto policy = make_ticket_policy();
  for (std::size_t n = 0; n < st.requests.size(); ++n) {
    const auto r = *system.requests().find(auditor, st.requests[n]);
    clock_figures resp, resol;
    auto slas = system.service_level().slas_of(auditor, r.service);
    std::sort(slas.begin(), slas.end(), [](const model::sla& a, const model::sla& b) { return a.id.number() < b.id.number(); });
    if (!slas.empty()) {
      const auto& sla = slas.front();
      const calendar::business_calendar cal(sla.calendar.empty() ? calendar::calendar_definition::always_open()
                                                                 : calendar::calendar_from_json(sla.calendar));
      std::int64_t response = 0, resolution = 0;
      if (auto it = policy.request_targets.find(r.request_type); it != policy.request_targets.end()) {
        response = it->second.response_minutes;
        resolution = it->second.resolution_minutes;
      } else if (const auto* t = target_of(sla, r.priority)) {
        response = t->response_minutes;
        resolution = t->resolution_minutes;
      }
      const auto [rs, ls] = segments_of(system.requests().log(auditor, r.id), k, sla.pause_states, m.end);
      if (response > 0) resp = walk(rs, minutes(response), cal);
      if (resolution > 0) resol = walk(ls, minutes(resolution), cal);
    }
    const auto& lib = f.requests.at(n);
    if (!same(lib.response, resp) || !same(lib.resolution, resol))
      out.mismatches.push_back(fmt::format("{}: library and recomputed figures differ", lib.ticket));
    out.rows.push_back(as_row(lib, resp, resol));
  }
  return out;
}

check_result expect(std::string name, bool ok, std::string detail) { return {std::move(name), ok, std::move(detail)}; }

}  // namespace

std::vector<check_result> run_checks(sms& system, const world& w, const month& m, const story& st, const figures& f) {
  std::vector<check_result> out;
  auto& inc = system.incidents();
  const auto all = inc.list(auditor);

  // Every incident has a priority (R-8.1-priority).
  int unprioritised = 0;
  for (const auto& i : all) unprioritised += i.priority < 1 || i.priority > 5;
  out.push_back(expect("every incident has a priority", unprioritised == 0,
                       fmt::format("{} incidents in the store, {} without", all.size(), unprioritised)));

  // Resolved and closed incidents have a resolution (R-8.1-procedure).
  int done = 0, missing = 0;
  for (const auto& i : all)
    if (i.state == incident_state::resolved || i.state == incident_state::closed)
      ++done, missing += i.resolution.empty();
  out.push_back(expect("resolved and closed incidents have a resolution", missing == 0,
                       fmt::format("{} resolved or closed, {} without", done, missing)));

  // SLA figures recomputed independently from the ticket logs.
  const auto ri = recompute_incidents(system, m, st, f);
  const auto rr = recompute_requests(system, m, st, f);
  auto mism = ri.mismatches;
  mism.insert(mism.end(), rr.mismatches.begin(), rr.mismatches.end());
  out.push_back(expect("SLA clocks recomputed from the ticket logs equal the library's", mism.empty(),
                       mism.empty() ? fmt::format("{} incidents and {} requests: elapsed business time and breach "
                                                  "equal for every clock",
                                                  ri.rows.size(), rr.rows.size())
                                    : fmt::format("{} differ, first: {}", mism.size(), mism.front())));
  bool equal = true;
  std::string per;
  for (std::size_t s = 0; s < w.services.size(); ++s) {
    const auto a = compliance_of(f.incidents, s), b = compliance_of(ri.rows, s);
    const auto c = compliance_of(f.requests, s), d = compliance_of(rr.rows, s);
    equal = equal && a == b && c == d;
    per += fmt::format("{}{} {}/{} and {}/{}", per.empty() ? "" : "; ", w.service(s).record.name, b.response_met,
                       b.response_total, b.resolution_met, b.resolution_total);
  }
  out.push_back(expect("SLA compliance per service equals the recomputed figures", equal,
                       "incidents meeting response and resolution targets: " + per));

  // Identity keys stay unique, also after several runs on one store (R-9.1-unique).
  std::set<std::pair<std::string, std::string>> keys;
  int dup = 0, live = 0;
  for (const auto& ci : system.configuration().list(auditor))
    if (ci.status != model::ci_status::retired) ++live, dup += !keys.insert({ci.type, ci.name}).second;
  std::set<std::string> names;
  for (const auto& s : system.service_level().services(auditor)) dup += !names.insert(s.name).second;
  out.push_back(expect("identity keys are unique", dup == 0,
                       fmt::format("{} CIs, {} services, {} duplicates", live, names.size(), dup)));

  // The story's must-haves.
  if (st.major.valid()) {
    const auto i = *inc.find(auditor, st.major);
    out.push_back(expect("the major incident was reviewed before closure (R-8.1-major)",
                         i.major && (i.state != incident_state::closed || inc.review(auditor, i.id).has_value()),
                         fmt::format("{} is {}, review {}", i.id.key(), model::enum_to_string(i.state),
                                     inc.review(auditor, i.id) ? "recorded" : "missing")));
  }
  if (st.failed_rfc.valid()) {
    const auto r = *system.changes().find(auditor, st.failed_rfc);
    const bool ok = r.outcome == "failed" && !r.backout_result.empty() &&
                    !system.changes().investigations(auditor, r.id).empty();
    out.push_back(expect("the failed change was backed out and investigated (R-9.2-backout)", ok,
                         fmt::format("{} is {}", r.id.key(), model::enum_to_string(r.state))));
  }
  if (st.release.valid()) {
    const auto rel = *system.releases().find(auditor, st.release);
    out.push_back(expect("the release was deployed after an automatic baseline (R-9.3-integrity)",
                         rel.baseline.valid() && !rel.deployed_at.is_special(),
                         fmt::format("{} is {}, baseline {}", rel.id.key(), model::enum_to_string(rel.state),
                                     rel.baseline.valid() ? rel.baseline.key() : "none")));
  }
  return out;
}

}  // namespace spm
