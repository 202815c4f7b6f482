// The background workload worked through the incident and request state machines, and the
// tickets of earlier months finished.
#include "runner.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "itsm/storage/query.hpp"

namespace spm {

using namespace itsm;
using model::incident;
using model::incident_state;
using model::request_state;

// --- tickets of earlier months -------------------------------------------------------------
void runner::carry_over() {
  tl_.at(bday(1) + minutes(30), [this] {
    auto& inc = sys_.incidents();
    for (const auto& i : inc.list(who().audrey)) {
      if (i.opened_at >= m_.start || i.state == incident_state::closed) continue;
      auto s = i.state;
      if (s == incident_state::recorded) s = inc.assign(who().dana, i.id, "service-desk", "dana").state;
      if (s == incident_state::assigned) s = inc.start_work(who().dana, i.id).state;
      if (s == incident_state::pending) s = inc.resume(who().dana, i.id).state;
      if (s == incident_state::in_progress) inc.resolve(who().dana, i.id, "finished after the month change");
      if (i.major && !inc.review(who().audrey, i.id)) inc.record_review(who().irene, i.id, "carried over", "none");
      inc.close(who().dana, i.id);
      ++st_.carried_over;
    }
    auto& req = sys_.requests();
    for (const auto& r : req.list(who().audrey)) {
      const auto id = r.id;
      if (r.opened_at >= m_.start) continue;
      auto s = r.state;
      if (s == request_state::closed || s == request_state::cancelled) continue;
      if (s == request_state::recorded) s = req.approve(who().irene, id).state;
      if (s == request_state::approved) s = req.start(who().dana, id).state;
      if (s == request_state::pending) s = req.resume(who().dana, id).state;
      if (s == request_state::in_fulfilment) req.fulfil(who().dana, id, "completed after the month change");
      req.close(who().dana, id);
      ++st_.carried_over;
    }
  });
}

// --- background workload ---------------------------------------------------------------------
void runner::background_incident(const incident_plan& p) {
  tl_.at(p.opened, [this, p] {
    // Once the month's problem is resolved its fix holds: the CI it covered gets no more
    // incidents (R-8.2-effectiveness counts any later incident on that CI as a recurrence).
    if (st_.problem.valid()) {
      const auto prb = sys_.problems().find(who().audrey, st_.problem);
      if (prb && prb->ci == w_.ci(p.ci).id &&
          (prb->state == model::problem_state::resolved || prb->state == model::problem_state::closed))
        return;
    }
    const auto& s = w_.service(p.service);
    incident d;
    d.title = p.title;
    d.description = p.description;
    d.service = s.record.id;
    d.ci = w_.ci(p.ci).id;
    d.impact = p.impact;
    d.urgency = p.urgency;
    d.category = p.category;
    d.caller = p.caller;
    const auto rec = sys_.incidents().record(desk(), d);
    st_.incidents.push_back(rec.id);
    work_incident(rec, p);
  });
}

// Schedules the incident's steps: times follow from the plan's shares of the SLA targets,
// measured in the SLA's business time.
void runner::work_incident(const incident& rec, const incident_plan& p) {
  const auto& s = w_.service(p.service);
  const auto* target = s.sla.target_for(rec.priority);
  const double response = target ? static_cast<double>(target->response_minutes) : 60.0;
  const double resolution = target ? static_cast<double>(target->resolution_minutes) : 960.0;
  const auto& cal = s.hours;
  const auto now = clk_.now();
  const auto id = rec.id;
  const auto t_assign = std::max(now + minutes(2), cal.deadline(now, business_minutes(response * p.response_factor)));
  const auto t_start = t_assign + minutes(7);
  const auto used = cal.business_time(now, t_start);
  auto remaining = business_minutes(resolution * p.work_factor) - used;
  if (remaining < minutes(10)) remaining = minutes(10);
  auto& inc = sys_.incidents();
  tl_.at(t_assign, [&inc, this, id, p] { inc.assign(desk(), id, p.group, p.assignee); });
  tl_.at(t_start, [&inc, this, id] { inc.start_work(desk(), id); });
  timestamp t_resolve;
  if (!p.wait_reason.empty()) {
    const auto part = business_minutes(static_cast<double>(remaining.total_seconds()) * 0.4 / 60.0);
    const auto t_pend = cal.deadline(t_start, part) + minutes(1);
    const auto t_resume = t_pend + p.wait;
    tl_.at(t_pend, [&inc, this, id, p] { inc.pend(desk(), id, p.wait_reason); });
    tl_.at(t_resume, [&inc, this, id] { inc.resume(desk(), id); });
    t_resolve = cal.deadline(t_resume, remaining - part) + minutes(1);
  } else {
    t_resolve = cal.deadline(t_start, remaining) + minutes(1);
  }
  tl_.at(t_resolve, [&inc, this, id, p] { inc.resolve(desk(), id, p.resolution); });
  if (p.reopen) {
    const auto t_reopen = t_resolve + p.reopen_after;
    const auto t_again = cal.deadline(t_reopen, business_minutes(resolution * 0.15 + 10)) + minutes(1);
    tl_.at(t_reopen, [&inc, this, id] { inc.reopen(desk(), id, "the caller reports it happens again"); });
    tl_.at(t_again, [&inc, this, id, p] { inc.resolve(desk(), id, p.resolution + " (second fix after reopening)"); });
    t_resolve = t_again;
  }
  tl_.at(t_resolve + p.close_after, [&inc, this, id] { inc.close(desk(), id); });
}

void runner::background_request(const request_plan& p) {
  tl_.at(p.opened, [this, p] {
    const auto& s = w_.service(p.service);
    model::service_request d;
    d.title = p.title;
    d.request_type = p.type;
    d.standard_change = p.standard_change;
    d.service = s.record.id;
    d.requested_by = p.requested_by;
    d.priority = p.priority;
    d.assignment_group = "service-desk";
    auto& req = sys_.requests();
    const auto rec = req.record(desk(), d);
    st_.requests.push_back(rec.id);
    // Targets: the request type's (ticket policy), else the SLA's for the priority.
    const auto policy = make_ticket_policy();
    double response = 240, resolution = 1440;
    if (auto it = policy.request_targets.find(p.type); it != policy.request_targets.end()) {
      response = static_cast<double>(it->second.response_minutes);
      resolution = static_cast<double>(it->second.resolution_minutes);
    } else if (const auto* t = s.sla.target_for(p.priority)) {
      response = static_cast<double>(t->response_minutes);
      resolution = static_cast<double>(t->resolution_minutes);
    }
    const auto& cal = s.hours;
    const auto now = clk_.now();
    const auto id = rec.id;
    auto t = std::max(now + minutes(2), cal.deadline(now, business_minutes(response * p.response_factor)));
    if (rec.state == request_state::recorded) tl_.at(t, [&req, this, id] { req.approve(who().irene, id); });
    if (p.cancel) {
      tl_.at(t + hours(1), [&req, this, id] { req.cancel(desk(), id, "no longer needed, says the requester"); });
      return;
    }
    t += minutes(10);
    tl_.at(t, [&req, this, id] { req.start(desk(), id); });
    auto remaining = business_minutes(resolution * p.work_factor) - cal.business_time(now, t);
    if (remaining < minutes(5 * static_cast<int>(p.steps.size() + 1)))
      remaining = minutes(5 * static_cast<int>(p.steps.size() + 1));
    const auto slice = remaining / static_cast<int>(p.steps.size() + 1);
    for (std::size_t i = 0; i < p.steps.size(); ++i) {
      t = cal.deadline(t, slice) + minutes(1);
      const auto step = p.steps[i];
      tl_.at(t, [&req, this, id, step] { req.add_step(desk(), id, step); });
      if (i == 0 && p.wait_customer) {
        tl_.at(t + minutes(1), [&req, this, id] { req.pend(desk(), id, "customer"); });
        t += p.wait;
        tl_.at(t, [&req, this, id] { req.resume(desk(), id); });
      }
    }
    t = cal.deadline(t, slice) + minutes(1);
    tl_.at(t, [&req, this, id, p] { req.fulfil(desk(), id, p.fulfilment); });
    tl_.at(t + p.close_after, [&req, this, id] { req.close(desk(), id); });
  });
}

}  // namespace spm
