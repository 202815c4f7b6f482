// Customer care on the write path: service reviews at the agreed interval (R-7.1-review) and
// complaints under the agreed definition, with escalation on its business calendar
// (R-7.1-complaints). Workflows run on the one transition engine.
#include <fmt/format.h>

#include <map>

#include "itsm/model/customer.hpp"
#include "itsm/process/relationships.hpp"
#include "agreement_hours.hpp"
#include "detail/write_scope.hpp"
#include "policy_store.hpp"
#include "reads.hpp"
#include "transition.hpp"

namespace itsm {

using model::complaint;
using model::complaint_state;
using model::review_state;
using model::service_review;

namespace {

const char* const review_kind = "service_review";
const char* const complaint_kind = "complaint";
const char* const definition_key = "agreed";

const std::vector<detail::transition_rule<review_state>>& review_table() {
  static const std::vector<detail::transition_rule<review_state>> t{
      {"hold", {review_state::scheduled}, "R-7.1-review"}, {"close", {review_state::held}, "R-7.1-review"}};
  return t;
}

const std::vector<detail::transition_rule<complaint_state>>& complaint_table() {
  static const std::vector<detail::transition_rule<complaint_state>> t{
      {"investigate", {complaint_state::recorded}, "R-7.1-complaints"},
      {"act", {complaint_state::investigating}, "R-7.1-complaints"},
      {"report", {complaint_state::acting}, "R-7.1-complaints"},
      {"close", {complaint_state::reported}, "R-7.1-complaints"},
      {"escalate", {complaint_state::recorded, complaint_state::investigating, complaint_state::acting,
                    complaint_state::reported},
       "R-7.1-complaints"}};
  return t;
}

// The next scheduled review of `c`, due `interval_days` after `from`, saved in `w`.
service_review schedule_in(detail::write_scope& w, customer_id c, timestamp due_at, const write_options& opts) {
  service_review next;
  next.customer = c;
  next.due_at = due_at;
  return w.save(std::move(next), nullptr, opts, "scheduled");
}

template <class State, class T>
detail::transition_spec<T> step(const std::vector<detail::transition_rule<State>>& table, const char* name,
                                State to, std::function<void(T&)> set) {
  detail::transition_spec<T> spec;
  spec.action = std::string("transition:") + name;
  spec.detail = std::string(model::enum_to_string(to));
  spec.event = std::string(model::enum_to_string(to));
  spec.rules = [&table, name, to, set = std::move(set)](detail::write_scope&, const T& before, T& after,
                                                          std::vector<violation>& v) {
    v = detail::state_guard(detail::rule_of(table, name), before.id.key(), before.state);
    after.state = to;
    set(after);
  };
  return spec;
}

}  // namespace

service_review relationship_management::schedule_review(const actor& who, customer_id c, timestamp due_at,
                                                         const write_options& opts) {
  detail::write_scope w(*ctx_, who, "schedule");
  w.authorize(review_kind, "", {}, c.key());
  std::vector<violation> v;
  if (!detail::load<model::customer_relationship>(w.tx(), c.key()))
    v.push_back({"R-7.1-review", fmt::format("{} has no customer relationship (its agreed review interval)", c.key())});
  service_review probe;
  probe.customer = c;
  probe.due_at = due_at;
  for (auto& x : probe.check()) v.push_back(std::move(x));
  w.rules(v, review_kind, "");
  auto saved = schedule_in(w, c, due_at, opts);
  w.commit();
  return saved;
}

service_review relationship_management::hold_review(const actor& who, review_id id, const std::string& report,
                                                     std::vector<std::string> findings,
                                                     std::vector<std::string> actions, const write_options& opts) {
  auto spec = step<review_state, service_review>(review_table(), "hold", review_state::held, [&](service_review& r) {
    r.report = report;
    r.findings = std::move(findings);
    r.actions = std::move(actions);
  });
  auto guard = spec.rules;
  spec.rules = [&, guard](detail::write_scope& w, const service_review& before, service_review& after,
                          std::vector<violation>& v) {
    guard(w, before, after, v);
    after.held_at = w.now();
  };
  // The next review is due one agreed interval after this one was held (R-7.1-review).
  spec.after_save = [&](detail::write_scope& w, const service_review&, const service_review& saved) {
    const auto rel = detail::load<model::customer_relationship>(w.tx(), saved.customer.key());
    if (rel) schedule_in(w, saved.customer, saved.held_at + hours(24 * rel->review_interval_days), opts);
  };
  return detail::run_transition(*ctx_, who, id.key(), spec, opts);
}

service_review relationship_management::close_review(const actor& who, review_id id, const std::string& follow_up,
                                                      const write_options& opts) {
  auto spec = step<review_state, service_review>(review_table(), "close", review_state::closed,
                                                 [&](service_review& r) { r.follow_up = follow_up; });
  return detail::run_transition(*ctx_, who, id.key(), spec, opts);
}

std::vector<service_review> relationship_management::overdue_reviews(const actor& who, timestamp at) const {
  detail::reader r(*ctx_, who, review_kind);
  storage::query q;
  q.where_eq("state", std::string("scheduled"));
  std::vector<service_review> out;
  for (auto& x : r.all<service_review>(q))
    if (x.due_at < at) out.push_back(std::move(x));
  return out;
}

std::vector<service_review> relationship_management::reviews(const actor& who, customer_id c) const {
  detail::reader r(*ctx_, who, review_kind);
  storage::query q;
  q.where_eq("customer", c.key());
  return r.all<service_review>(q);
}

model::complaint_definition relationship_management::define_complaints(const actor& who, model::complaint_definition d,
                                                                       const write_options& opts) {
  d.key = definition_key;
  detail::write_scope w(*ctx_, who, "define");
  auto before = detail::load<model::complaint_definition>(w.tx(), definition_key);
  w.authorize("complaint_definition", before ? definition_key : "");
  if (before) d.revision = before->revision;
  auto v = d.check();
  if (auto problem = detail::calendar_problem(d.calendar, *ctx_->policies->tickets(w.tx())); !problem.empty())
    v.push_back({"R-7.1-complaints", "complaint definition: " + problem});
  w.rules(v, "complaint_definition", definition_key);
  auto saved = w.save(std::move(d), before ? &*before : nullptr, opts, before ? "updated" : "created");
  w.commit();
  return saved;
}

complaint relationship_management::record_complaint(const actor& who, complaint draft, const write_options& opts) {
  if (draft.id.valid() || draft.revision != 0)
    throw_error(errc::invalid_argument, "record_complaint takes a draft without id or revision");
  detail::write_scope w(*ctx_, who, "record");
  w.authorize(complaint_kind, "", {}, draft.customer.key());
  const auto policy = ctx_->policies->tickets(w.tx());
  const auto def = detail::load<model::complaint_definition>(w.tx(), definition_key);
  draft.state = complaint_state::recorded;
  draft.recorded_at = w.now();
  auto v = draft.check();
  if (!def) v.push_back({"R-7.1-complaints", "no complaint definition is agreed (define_complaints)"});
  else draft.due_at = detail::stored_hours(def->calendar, *policy, "complaint definition")
                          .deadline(draft.recorded_at, minutes(def->resolve_minutes));
  if (draft.customer.valid() && !detail::load<model::customer>(w.tx(), draft.customer.key()))
    v.push_back({"R-7.1-complaints", fmt::format("{} is not a recorded customer", draft.customer.key())});
  if (draft.service.valid() && !detail::load<model::service>(w.tx(), draft.service.key()))
    v.push_back({"R-7.1-complaints", fmt::format("{} is not in the catalogue", draft.service.key())});
  w.rules(v, complaint_kind, "");
  auto saved = w.save(std::move(draft), nullptr, opts, "recorded");
  w.commit();
  return saved;
}

complaint relationship_management::investigate(const actor& who, complaint_id id, const std::string& findings,
                                               const write_options& opts) {
  return detail::run_transition(*ctx_, who, id.key(),
                                step<complaint_state, complaint>(complaint_table(), "investigate", complaint_state::investigating,
                                                                 [&](complaint& c) { c.investigation = findings; }),
                                opts);
}

complaint relationship_management::act(const actor& who, complaint_id id, const std::string& action,
                                       const write_options& opts) {
  return detail::run_transition(*ctx_, who, id.key(),
                                step<complaint_state, complaint>(complaint_table(), "act", complaint_state::acting,
                                                                 [&](complaint& c) { c.action = action; }),
                                opts);
}

complaint relationship_management::report_back(const actor& who, complaint_id id, const std::string& told,
                                               const write_options& opts) {
  return detail::run_transition(*ctx_, who, id.key(),
                                step<complaint_state, complaint>(complaint_table(), "report", complaint_state::reported,
                                                                 [&](complaint& c) { c.report = told; }),
                                opts);
}

complaint relationship_management::close_complaint(const actor& who, complaint_id id, const write_options& opts) {
  auto spec = step<complaint_state, complaint>(complaint_table(), "close", complaint_state::closed, [](complaint&) {});
  auto guard = spec.rules;
  spec.rules = [guard](detail::write_scope& w, const complaint& before, complaint& after, std::vector<violation>& v) {
    guard(w, before, after, v);
    after.closed_at = w.now();
  };
  return detail::run_transition(*ctx_, who, id.key(), spec, opts);
}

std::vector<complaint> relationship_management::escalate_overdue(const actor& who, const write_options& opts) {
  detail::authorize_action(*ctx_, who, "escalate", complaint_kind, "");  // the sweep itself, even when nothing is due
  std::vector<std::string> due;
  const auto now = ctx_->clk->now();
  for (const auto& c : complaints(who))
    if (c.state != complaint_state::closed && c.escalated_to.empty() && c.due_at < now) due.push_back(c.id.key());
  std::vector<complaint> out;
  for (const auto& key : due) {
    detail::transition_spec<complaint> spec;
    spec.action = "escalate";
    spec.event = "escalated";
    spec.rules = [](detail::write_scope& w, const complaint& before, complaint& after, std::vector<violation>& v) {
      v = detail::state_guard(detail::rule_of(complaint_table(), "escalate"), before.id.key(), before.state);
      const auto def = detail::load<model::complaint_definition>(w.tx(), definition_key);
      if (!def) v.push_back({"R-7.1-complaints", "no complaint definition is agreed"});
      else after.escalated_to = def->escalate_to;
      after.escalated_at = w.now();
    };
    out.push_back(detail::run_transition(*ctx_, who, key, spec, opts));
  }
  return out;
}

std::vector<complaint> relationship_management::complaints(const actor& who) const {
  detail::reader r(*ctx_, who, complaint_kind);
  return r.all<complaint>();
}

std::vector<complaint_summary_row> relationship_management::complaint_report(const actor& who, timestamp from,
                                                                            timestamp to) const {
  if (from.is_special() || to.is_special() || !(from < to))
    throw_error(errc::invalid_argument, "complaint_report needs a period with from < to");
  std::map<std::pair<std::int64_t, std::int64_t>, complaint_summary_row> rows;
  for (const auto& c : complaints(who)) {
    if (c.recorded_at < from || !(c.recorded_at < to)) continue;
    auto& row = rows[{c.customer.number(), c.service.number()}];
    row.customer = c.customer;
    row.service = c.service;
    ++row.recorded;
    if (c.state == complaint_state::closed && c.closed_at < to) ++row.closed;
    if (!c.escalated_to.empty() && c.escalated_at < to) ++row.escalated;
  }
  std::vector<complaint_summary_row> out;
  for (auto& [key, row] : rows) out.push_back(row);
  return out;
}

}  // namespace itsm
