// Internal audits and their nonconformities (R-4.5-audit).
#include <fmt/format.h>

#include <algorithm>

#include "itsm/process/management.hpp"
#include "transition.hpp"

namespace itsm {

using model::audit_state;
using model::improvement;
using model::internal_audit;
using model::nonconformity;
using model::nonconformity_state;

namespace {
const char* const audit_kind = "internal_audit";
const char* const nc_kind = "nonconformity";
const char* const rule = "R-4.5-audit";

// Auditors never audit their own work: the applied audit entries, by the auditor, on records
// of the audit's scope kinds within its period (first few, as "RFC-3 (seq 41)").
std::vector<std::string> own_work(storage::transaction& tx, const internal_audit& a) {
  std::vector<std::string> found;
  for (const auto& kind : a.scope_kinds) {
    storage::audit_query q;
    q.kind = kind;
    tx.for_each_audit(q, [&](const storage::audit_record& e) {
      if (e.outcome == "applied" && e.actor == a.auditor && a.scope_from <= e.at && e.at < a.scope_to)
        found.push_back(fmt::format("{} (seq {})", e.object_id, e.seq));
      return found.size() < 5;
    });
    if (found.size() >= 5) break;
  }
  return found;
}

std::vector<violation> independence(storage::transaction& tx, const internal_audit& a) {
  const auto own = own_work(tx, a);
  if (own.empty()) return {};
  std::string list;
  for (const auto& o : own) list += (list.empty() ? "" : ", ") + o;
  return {{rule, fmt::format("{} cannot audit their own work: they wrote {} in the audited scope", a.auditor, list)}};
}

std::vector<violation> scope_rules(const detail::context& ctx, const internal_audit& a) {
  std::vector<violation> v;
  for (const auto& k : a.scope_kinds)
    if (!ctx.schemas.count(k)) v.push_back({rule, fmt::format("scope kind '{}' is not a record kind of this store", k)});
  return v;
}

bool in_criteria(const internal_audit& a, const std::string& requirement) {
  return std::find(a.criteria.begin(), a.criteria.end(), requirement) != a.criteria.end();
}

// Loads the audit a finding belongs to and checks it may take findings from `who`.
internal_audit open_audit(detail::write_scope& w, internal_audit_id id) {
  auto a = detail::load<internal_audit>(w.tx(), id.key());
  w.authorize(nc_kind, "", id.key());
  std::vector<violation> v;
  if (!a) v.push_back({rule, fmt::format("{} is not an internal audit", id.key())});
  else if (a->state != audit_state::planned)
    v.push_back({rule, fmt::format("{} is {}; findings are raised while it is performed", id.key(),
                                   model::enum_to_string(a->state))});
  w.rules(v, nc_kind, "");
  w.deny_if(a->auditor != w.who().name, nc_kind, "", rule,
            fmt::format("only {}'s auditor ({}) raises its findings", id.key(), a->auditor));
  return *a;
}

nonconformity finding_record(const detail::write_scope& w, internal_audit_id audit, const audit_finding& f) {
  nonconformity n;
  n.audit = audit;
  n.requirement = f.requirement;
  n.description = f.description;
  n.evidence = f.evidence;
  n.raised_by = w.who().name;
  n.raised_at = w.now();
  return n;
}
}  // namespace

internal_audit management_system::plan_audit(const actor& who, internal_audit draft, const write_options& opts) {
  detail::refuse_owned_fields("planning an audit", {{"id", draft.id.valid()},
                                                    {"revision", draft.revision != 0},
                                                    {"state", draft.state != audit_state::planned},
                                                    {"planned_by", !draft.planned_by.empty()},
                                                    {"completed_at", !draft.completed_at.is_special()}});
  detail::write_scope w(*ctx_, who, "plan");
  w.authorize(audit_kind, "");
  draft.planned_by = who.name;
  auto v = draft.check();
  for (auto& x : scope_rules(*ctx_, draft)) v.push_back(std::move(x));
  if (v.empty()) v = independence(w.tx(), draft);
  w.rules(v, audit_kind, "");
  auto saved = w.save(std::move(draft), nullptr, opts, "planned");
  w.commit();
  return saved;
}

nonconformity management_system::raise_nonconformity(const actor& who, internal_audit_id audit,
                                                     const audit_finding& finding, const write_options& opts) {
  detail::write_scope w(*ctx_, who, "raise");
  const auto a = open_audit(w, audit);
  auto n = finding_record(w, audit, finding);
  w.rules(n.check(), nc_kind, "");
  auto saved = w.save(std::move(n), nullptr, opts, "raised");
  w.commit();
  return saved;
}

std::vector<nonconformity> management_system::seed_findings(const actor& who, internal_audit_id audit,
                                                            const std::vector<audit_finding>& findings,
                                                            const write_options& opts) {
  detail::write_scope w(*ctx_, who, "raise");
  const auto a = open_audit(w, audit);
  std::vector<nonconformity> out;
  std::vector<violation> v;
  for (const auto& f : findings) {
    if (!in_criteria(a, f.requirement)) continue;
    out.push_back(finding_record(w, audit, f));
    for (auto& x : out.back().check()) v.push_back(std::move(x));
  }
  w.rules(v, nc_kind, "");
  for (auto& n : out) n = w.save(std::move(n), nullptr, opts, "raised");
  w.commit();
  return out;
}

internal_audit management_system::complete_audit(const actor& who, internal_audit_id audit,
                                                 const std::string& conclusion, const write_options& opts) {
  detail::transition_spec<internal_audit> spec;
  spec.action = "complete";
  spec.event = "completed";
  spec.rules = [&](detail::write_scope& w, const internal_audit& before, internal_audit& after,
                   std::vector<violation>& v) {
    if (before.state != audit_state::planned)
      v.push_back({rule, fmt::format("{} is {}, not planned", before.id.key(), model::enum_to_string(before.state))});
    if (conclusion.empty()) v.push_back({rule, "completing an audit records its conclusion"});
    for (auto& x : independence(w.tx(), before)) v.push_back(std::move(x));
    after.state = audit_state::completed;
    after.completed_at = w.now();
    after.conclusion = conclusion;
  };
  spec.duties = [](detail::write_scope& w, const internal_audit& before) {
    w.deny_if(before.auditor != w.who().name, audit_kind, before.id.key(), rule,
              fmt::format("only the auditor ({}) completes {}", before.auditor, before.id.key()));
  };
  return detail::run_transition(*ctx_, who, audit.key(), spec, opts);
}

improvement management_system::plan_corrective_action(const actor& who, nonconformity_id nc, improvement action,
                                                       const write_options& opts) {
  if (action.id.valid() || action.revision != 0 || action.state != model::improvement_state::proposed)
    throw_error(errc::invalid_argument, "a corrective action is a new improvement draft");
  detail::write_scope w(*ctx_, who, "plan_action");
  auto before = w.get<nonconformity>(nc.key());
  w.authorize(nc_kind, nc.key(), "plan_action");
  w.authorize("improvement", "");
  std::vector<violation> v;
  if (before.state != nonconformity_state::open)
    v.push_back({rule, fmt::format("{} is {}; a corrective action is planned for an open nonconformity", nc.key(),
                                   model::enum_to_string(before.state))});
  action.type = model::improvement_type::corrective;
  action.source = nc.key();
  action.proposed_by = who.name;
  for (auto& x : action.check()) v.push_back(std::move(x));
  w.rules(v, nc_kind, nc.key());
  auto saved = w.save(std::move(action), nullptr, opts, "proposed");
  auto after = before;
  after.state = nonconformity_state::action_planned;
  after.action = saved.id;
  w.save(std::move(after), &before, opts, "action_planned");
  w.commit();
  return saved;
}

nonconformity management_system::close_nonconformity(const actor& who, nonconformity_id nc,
                                                     const std::string& verification, const write_options& opts) {
  detail::transition_spec<nonconformity> spec;
  spec.action = "close";
  spec.event = "closed";
  std::string owner;
  spec.rules = [&](detail::write_scope& w, const nonconformity& before, nonconformity& after,
                   std::vector<violation>& v) {
    const auto action = detail::load<improvement>(w.tx(), before.action.key());
    if (before.state != nonconformity_state::action_planned || !action)
      v.push_back({rule, fmt::format("{} has no corrective action yet", before.id.key())});
    else if (action->state != model::improvement_state::closed)
      v.push_back({rule, fmt::format("{}'s corrective action {} is {}, not closed", before.id.key(),
                                     action->id.key(), model::enum_to_string(action->state))});
    if (action) owner = action->owner;
    after.state = nonconformity_state::closed;
    after.closed_by = w.who().name;
    after.closed_at = w.now();
    after.verification = verification;
  };
  spec.duties = [&](detail::write_scope& w, const nonconformity& before) {
    w.deny_if(owner == w.who().name, nc_kind, before.id.key(), rule,
              fmt::format("{} owns the corrective action; someone else verifies it", owner));
  };
  return detail::run_transition(*ctx_, who, nc.key(), spec, opts);
}

std::vector<internal_audit> management_system::programme(const actor& who, timestamp from, timestamp to) const {
  detail::reader r(*ctx_, who, audit_kind);
  std::vector<internal_audit> out;
  for (auto& a : r.all<internal_audit>())
    if (from <= a.planned_for && a.planned_for < to) out.push_back(std::move(a));
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.planned_for < b.planned_for; });
  return out;
}

std::vector<nonconformity> management_system::nonconformities(const actor& who) const {
  detail::reader r(*ctx_, who, nc_kind);
  return r.all<nonconformity>();
}

}  // namespace itsm
