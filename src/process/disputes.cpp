// Disputes on the write path (R-7.1-complaints, R-7.2-monitor): the stored procedure and the
// dispute workflow on the one transition engine, with escalation on the procedure's calendar.
#include "itsm/process/disputes.hpp"

#include <fmt/format.h>

#include "itsm/model/customer.hpp"
#include "agreement_hours.hpp"
#include "detail/write_scope.hpp"
#include "policy_store.hpp"
#include "reads.hpp"
#include "transition.hpp"

namespace itsm {

using model::dispute;
using model::dispute_procedure;
using model::dispute_state;

namespace {

const char* const dispute_kind = "dispute";
const char* const procedure_key = "agreed";

// Each row cites R-7.2-monitor (the disputes procedure); a customer's dispute cites
// R-7.1-complaints instead (rule_for below).
const std::vector<detail::transition_rule<dispute_state>>& table() {
  static const std::vector<detail::transition_rule<dispute_state>> t{
      {"investigate", {dispute_state::raised}, "R-7.2-monitor"},
      {"resolve", {dispute_state::investigating}, "R-7.2-monitor"},
      {"reject", {dispute_state::investigating}, "R-7.2-monitor"},
      {"escalate", {dispute_state::raised, dispute_state::investigating}, "R-7.2-monitor"}};
  return t;
}

detail::transition_rule<dispute_state> rule_for(const dispute& d, const char* name) {
  auto r = detail::rule_of(table(), name);
  r.rule = d.rule();
  return r;
}

// One step of the workflow: the state guard, the new state and what `set` records.
detail::transition_spec<dispute> step(const char* name, dispute_state to, std::function<void(detail::write_scope&, dispute&)> set) {
  detail::transition_spec<dispute> spec;
  spec.action = std::string("transition:") + name;
  spec.detail = std::string(model::enum_to_string(to));
  spec.event = std::string(model::enum_to_string(to));
  spec.rules = [name, to, set = std::move(set)](detail::write_scope& w, const dispute& before, dispute& after,
                                                 std::vector<violation>& v) {
    v = detail::state_guard(rule_for(before, name), before.id.key(), before.state);
    after.state = to;
    set(w, after);
  };
  return spec;
}

}  // namespace

dispute_management::dispute_management(std::shared_ptr<const detail::context> ctx) : ctx_(std::move(ctx)) {}

dispute_procedure dispute_management::set_procedure(const actor& who, dispute_procedure p, const write_options& opts) {
  p.key = procedure_key;
  detail::write_scope w(*ctx_, who, "define");
  auto before = detail::load<dispute_procedure>(w.tx(), procedure_key);
  w.authorize("dispute_procedure", before ? procedure_key : "");
  if (before) p.revision = before->revision;
  auto v = p.check();
  if (auto problem = detail::calendar_problem(p.calendar, *ctx_->policies->tickets(w.tx())); !problem.empty())
    v.push_back({"R-7.2-monitor", "dispute procedure: " + problem});
  w.rules(v, "dispute_procedure", procedure_key);
  auto saved = w.save(std::move(p), before ? &*before : nullptr, opts, before ? "updated" : "created");
  w.commit();
  return saved;
}

dispute dispute_management::raise(const actor& who, dispute draft, const write_options& opts) {
  if (draft.id.valid() || draft.revision != 0) throw_error(errc::invalid_argument, "raise takes a draft without id or revision");
  detail::write_scope w(*ctx_, who, "record");
  w.authorize(dispute_kind, "", {}, draft.customer.key());
  const auto policy = ctx_->policies->tickets(w.tx());
  const auto proc = detail::load<dispute_procedure>(w.tx(), procedure_key);
  draft.state = dispute_state::raised;
  draft.raised_at = w.now();
  auto v = draft.check();
  const char* rule = draft.rule();
  if (!proc) v.push_back({rule, "no dispute procedure is agreed (disputes().set_procedure)"});
  else draft.due_at = detail::stored_hours(proc->calendar, *policy, "dispute procedure")
                          .deadline(draft.raised_at, minutes(proc->decide_minutes));
  if (draft.customer.valid() && !detail::load<model::customer>(w.tx(), draft.customer.key()))
    v.push_back({rule, fmt::format("{} is not a recorded customer", draft.customer.key())});
  if (draft.supplier.valid()) {
    const auto p = detail::load<model::party>(w.tx(), draft.supplier.key());
    if (!p || p->type != model::party_type::supplier)
      v.push_back({rule, fmt::format("{} is not a recorded supplier", draft.supplier.key())});
  }
  if (draft.complaint.valid()) {
    const auto c = detail::load<model::complaint>(w.tx(), draft.complaint.key());
    if (!c || c->customer != draft.customer)
      v.push_back({rule, fmt::format("{} is not a complaint of {}", draft.complaint.key(), draft.customer.key())});
  }
  w.rules(v, dispute_kind, "");
  auto saved = w.save(std::move(draft), nullptr, opts, "raised");
  w.commit();
  return saved;
}

dispute dispute_management::investigate(const actor& who, dispute_id id, const std::string& findings,
                                        const write_options& opts) {
  return detail::run_transition(
      *ctx_, who, id.key(),
      step("investigate", dispute_state::investigating, [&](detail::write_scope&, dispute& d) { d.investigation = findings; }), opts);
}

dispute dispute_management::resolve(const actor& who, dispute_id id, const std::string& decision, const write_options& opts) {
  return detail::run_transition(*ctx_, who, id.key(), step("resolve", dispute_state::resolved, [&](detail::write_scope& w, dispute& d) {
                                  d.decision = decision;
                                  d.decided_at = w.now();
                                }),
                                opts);
}

dispute dispute_management::reject(const actor& who, dispute_id id, const std::string& decision, const write_options& opts) {
  return detail::run_transition(*ctx_, who, id.key(), step("reject", dispute_state::rejected, [&](detail::write_scope& w, dispute& d) {
                                  d.decision = decision;
                                  d.decided_at = w.now();
                                }),
                                opts);
}

std::vector<dispute> dispute_management::escalate_overdue(const actor& who, const write_options& opts) {
  detail::authorize_action(*ctx_, who, "escalate", dispute_kind, "");  // the sweep itself, even when nothing is due
  const auto now = ctx_->clk->now();
  std::vector<std::string> due;
  for (const auto& d : disputes(who))
    if (!d.decided() && d.escalated_to.empty() && d.due_at < now) due.push_back(d.id.key());
  std::vector<dispute> out;
  for (const auto& key : due) {
    detail::transition_spec<dispute> spec;
    spec.action = "escalate";
    spec.event = "escalated";
    spec.rules = [](detail::write_scope& w, const dispute& before, dispute& after, std::vector<violation>& v) {
      v = detail::state_guard(rule_for(before, "escalate"), before.id.key(), before.state);
      const auto proc = detail::load<dispute_procedure>(w.tx(), procedure_key);
      if (!proc) v.push_back({before.rule(), "no dispute procedure is agreed"});
      else after.escalated_to = proc->escalate_to;
      after.escalated_at = w.now();
    };
    out.push_back(detail::run_transition(*ctx_, who, key, spec, opts));
  }
  return out;
}

std::optional<dispute> dispute_management::find(const actor& who, dispute_id id) const {
  return detail::reader(*ctx_, who, dispute_kind).one<dispute>(id.key());
}

std::vector<dispute> dispute_management::disputes(const actor& who) const {
  return detail::reader(*ctx_, who, dispute_kind).all<dispute>();
}

}  // namespace itsm
