// service_design_management: the design & transition record of an RFC and the clause 5 gates.
#include "itsm/process/service_design.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "itsm/model/service.hpp"
#include "design_gates.hpp"
#include "transition.hpp"

namespace itsm {

using model::rfc;
using model::rfc_state;
using model::service_transition;

namespace {

const char* const kind = "service_transition";

bool routed(const rfc& r) { return r.design_transition || !r.service_action.empty(); }

std::optional<service_transition> record_of(storage::transaction& tx, rfc_id id) {
  storage::query q;
  q.where_eq("rfc", id.key());
  auto found = detail::load_all<service_transition>(tx, q);
  if (found.empty()) return std::nullopt;
  return found.front();
}

// The service and SLAs the record names exist, and the SLAs are the service's.
std::vector<violation> reference_rules(storage::transaction& tx, const service_transition& t) {
  std::vector<violation> v;
  const auto svc = detail::load<model::service>(tx, t.service.key());
  if (t.service.valid() && !svc) v.push_back({"R-5.3-design", "service " + t.service.key() + " does not exist"});
  for (const auto& s : t.slas) {
    const auto agreed = detail::load<model::sla>(tx, s.key());
    if (!agreed || agreed->service != t.service)
      v.push_back({"R-5.3-design", fmt::format("{} is no SLA of {}", s.key(), t.service.key())});
  }
  return v;
}

// Once the RFC passed a gate, the record keeps what that gate required.
std::vector<violation> kept_complete(const service_transition& t, rfc_state s) {
  std::vector<violation> v;
  const bool approved = s != rfc_state::draft && s != rfc_state::assessed && s != rfc_state::rejected;
  const bool implementing = approved && s != rfc_state::approved && s != rfc_state::scheduled &&
                            s != rfc_state::built && s != rfc_state::tested;
  if (approved) v = t.plan_gaps();
  if (implementing)
    for (auto& x : t.design_gaps()) v.push_back(std::move(x));
  return v;
}

void refuse_transition_fields(std::string_view operation, const service_transition& d) {
  detail::refuse_owned_fields(operation, {{"acceptance_results", !d.acceptance_results.empty()},
                                          {"release", d.release.valid()},
                                          {"accepted_at", !d.accepted_at.is_special()},
                                          {"accepted_by", !d.accepted_by.empty()},
                                          {"actual_outcomes", !d.actual_outcomes.empty()},
                                          {"outcome_report", !d.outcome_report.empty()},
                                          {"outcomes_met", d.outcomes_met},
                                          {"reported_at", !d.reported_at.is_special()}});
}

std::string acceptance_line(const acceptance_result& r) {
  return fmt::format("{}: {} — {}", r.criterion, r.passed ? "passed" : "failed", r.evidence);
}

}  // namespace

namespace detail {

std::vector<violation> design_gate(storage::transaction& tx, const rfc& r, std::string_view step) {
  // A new, removed or transferred service always has its record; another major change when its
  // design_plan names one (else R-9.2-route's free-text plan stands).
  const bool names_record = r.design_plan.rfind(std::string(service_transition_tag::prefix) + "-", 0) == 0;
  if (!r.design_transition || (r.service_action.empty() && !names_record)) return {};
  const char* rule = step == "approve" ? "R-5.2-plan" : step == "implement" ? "R-5.3-design" : "R-5.4-transition";
  const auto t = record_of(tx, r.id);
  if (!t)
    return {{rule, r.id.key() + " is routed to design & transition and has no design & transition record "
                                "(design().open)"}};
  if (step == "approve") return t->plan_gaps();
  if (step == "implement") return t->design_gaps();
  auto v = t->transition_gaps();
  if (t->accepted_at.is_special() && v.empty()) v.push_back({rule, t->id.key() + " was not accepted"});
  return v;
}

}  // namespace detail

service_design_management::service_design_management(std::shared_ptr<const detail::context> ctx)
    : ctx_(std::move(ctx)) {}

service_transition service_design_management::open(const actor& who, service_transition draft,
                                                   const write_options& opts) {
  if (draft.id.valid() || draft.revision != 0)
    throw_error(errc::invalid_argument, "open takes a draft without id or revision");
  refuse_transition_fields("opening a design & transition record", draft);
  detail::refuse_owned_fields("opening a design & transition record",
                              {{"action", !draft.action.empty()}, {"opened_by", !draft.opened_by.empty()}});
  detail::write_scope w(*ctx_, who, "open");
  w.authorize(kind, "", draft.rfc.key());
  w.authorize("rfc", draft.rfc.key(), "link_design");  // the RFC's design_plan is set below
  auto v = draft.check();
  std::optional<rfc> before;
  if (draft.rfc.valid()) before = detail::load<rfc>(w.tx(), draft.rfc.key());
  if (draft.rfc.valid() && !before) v.push_back({"R-5-scope", draft.rfc.key() + " does not exist"});
  if (before) {
    if (!routed(*before))
      v.push_back({"R-5-scope", before->id.key() + " is not routed to design & transition: only major-impact "
                                                   "changes and new, removed or transferred services are"});
    if (before->state != rfc_state::draft && before->state != rfc_state::assessed)
      v.push_back({"R-5-scope", fmt::format("{} is {}: the record is opened before approval", before->id.key(),
                                            model::enum_to_string(before->state))});
    if (std::find(before->scope_services.begin(), before->scope_services.end(), draft.service) ==
        before->scope_services.end())
      v.push_back({"R-5-scope", fmt::format("{} is not in the scope of {}", draft.service.key(), before->id.key())});
    if (record_of(w.tx(), before->id))
      v.push_back({"R-5-scope", before->id.key() + " already has its design & transition record"});
  }
  for (auto& x : reference_rules(w.tx(), draft)) v.push_back(std::move(x));
  w.rules(v, kind, "");
  draft.action = before->service_action;
  draft.opened_by = who.name;
  auto saved = w.save(std::move(draft), nullptr, opts, "opened");
  auto linked = *before;
  linked.design_plan = saved.id.key();
  auto o = opts;
  o.reference = saved.id.key();
  w.save(linked, &*before, o, "design_linked");
  w.commit();
  return saved;
}

service_transition service_design_management::revise(const actor& who, const service_transition& edited,
                                                     const write_options& opts) {
  detail::transition_spec<service_transition> spec{"revise", "revise", "revised",
      [&](detail::write_scope& w, const service_transition& before, service_transition& after,
          std::vector<violation>& v) {
        if (before.revision != edited.revision)
          throw_error(errc::conflict, fmt::format("{} is at revision {}, not {}", before.id.key(), before.revision,
                                                  edited.revision));
        if (!before.accepted_at.is_special())
          v.push_back({"R-5.4-transition", before.id.key() + " was accepted: its plan and design are the record"});
        after = edited;
        // What the library owns stays as stored.
        after.rfc = before.rfc, after.service = before.service, after.action = before.action;
        after.acceptance_results = before.acceptance_results, after.release = before.release;
        after.accepted_at = before.accepted_at, after.accepted_by = before.accepted_by;
        after.actual_outcomes = before.actual_outcomes, after.outcome_report = before.outcome_report;
        after.outcomes_met = before.outcomes_met, after.reported_at = before.reported_at;
        after.opened_by = before.opened_by;
        for (auto& x : reference_rules(w.tx(), after)) v.push_back(std::move(x));
        if (const auto r = detail::load<rfc>(w.tx(), before.rfc.key()))
          for (auto& x : kept_complete(after, r->state)) v.push_back(std::move(x));
      }};
  return detail::run_transition(*ctx_, who, edited.id.key(), spec, opts);
}

service_transition service_design_management::accept(const actor& who, service_transition_id id,
                                                     const std::vector<acceptance_result>& results,
                                                     release_id release, const write_options& opts) {
  detail::write_scope w(*ctx_, who, "accept");
  const auto key = id.key();
  auto before = w.get<service_transition>(key);
  w.authorize(kind, key, "accept");
  std::vector<violation> v;
  const char* rule = "R-5.4-transition";
  const auto r = detail::load<rfc>(w.tx(), before.rfc.key());
  // While the RFC is implementing: the catalogue update below is a change under it (R-6.1-change).
  if (!r || r->state != rfc_state::implementing)
    v.push_back({rule, fmt::format("{} is accepted while {} is implementing", key, before.rfc.key())});
  if (!before.accepted_at.is_special()) v.push_back({rule, key + " was already accepted"});
  for (auto& x : before.plan_gaps()) v.push_back(std::move(x));
  for (auto& x : before.design_gaps()) v.push_back(std::move(x));
  auto after = before;
  for (const auto& criterion : before.acceptance_criteria) {
    const auto it = std::find_if(results.begin(), results.end(), [&](const auto& x) { return x.criterion == criterion; });
    if (it == results.end()) v.push_back({rule, fmt::format("no acceptance result for '{}'", criterion)});
    else if (!it->passed) v.push_back({rule, fmt::format("acceptance criterion '{}' failed: {}", criterion, it->evidence)});
    else if (it->evidence.empty()) v.push_back({rule, fmt::format("the result for '{}' records its evidence", criterion)});
    else after.acceptance_results.push_back(acceptance_line(*it));
  }
  for (const auto& x : results)
    if (std::find(before.acceptance_criteria.begin(), before.acceptance_criteria.end(), x.criterion) ==
        before.acceptance_criteria.end())
      v.push_back({rule, fmt::format("'{}' is no acceptance criterion of {}", x.criterion, key)});
  const auto rel = detail::load<model::release>(w.tx(), release.key());
  if (!rel) v.push_back({rule, fmt::format("release {} does not exist", release.key())});
  else {
    if (std::find(rel->rfcs.begin(), rel->rfcs.end(), before.rfc) == rel->rfcs.end())
      v.push_back({rule, fmt::format("{} does not deploy {}", release.key(), before.rfc.key())});
    if (rel->state != model::release_state::deployed && rel->state != model::release_state::closed)
      v.push_back({rule, fmt::format("{} is {}, not deployed", release.key(), model::enum_to_string(rel->state))});
  }
  w.rules(v, kind, key);
  after.release = release;
  after.accepted_at = w.now();
  after.accepted_by = who.name;
  auto saved = w.save(after, &before, opts, "accepted");
  // The catalogue update the design named, applied under the RFC (R-5.3-design).
  auto svc = w.get<model::service>(before.service.key());
  const auto old = svc;
  if (before.action == "new") svc.status = model::service_status::live;
  if (before.action == "remove") svc.status = model::service_status::retired;
  if (svc.status != old.status) {
    auto o = opts;
    o.reference = before.rfc.key();
    if (o.reason.empty()) o.reason = "catalogue update of " + key + ": " + before.catalogue_update;
    w.save(svc, &old, o, "updated");
  }
  w.commit();
  return saved;
}

service_transition service_design_management::report_outcome(const actor& who, service_transition_id id,
                                                             std::vector<std::string> actual_outcomes,
                                                             const std::string& report, bool outcomes_met,
                                                             const write_options& opts) {
  detail::transition_spec<service_transition> spec{"report_outcome", "report_outcome", "outcome_reported",
      [&](detail::write_scope& w, const service_transition& before, service_transition& after,
          std::vector<violation>& v) {
        const char* rule = "R-5.4-transition";
        if (before.accepted_at.is_special()) v.push_back({rule, before.id.key() + " is reported on after its acceptance"});
        if (actual_outcomes.size() != before.measurable_outcomes.size() ||
            std::any_of(actual_outcomes.begin(), actual_outcomes.end(), [](const auto& a) { return a.empty(); }))
          v.push_back({rule, fmt::format("the outcome report gives one actual result per measurable outcome ({})",
                                         before.measurable_outcomes.size())});
        if (report.empty()) v.push_back({rule, "the outcome report compares the results with what was expected"});
        if (!before.reported_at.is_special()) v.push_back({rule, before.id.key() + " has its outcome report"});
        after.actual_outcomes = actual_outcomes;
        after.outcome_report = report;
        after.outcomes_met = outcomes_met;
        after.reported_at = w.now();
      }};
  return detail::run_transition(*ctx_, who, id.key(), spec, opts);
}

std::optional<service_transition> service_design_management::find(const actor& who, service_transition_id id) const {
  return detail::reader(*ctx_, who, kind).one<service_transition>(id.key());
}

std::optional<service_transition> service_design_management::for_rfc(const actor& who, rfc_id id) const {
  detail::reader r(*ctx_, who, kind);
  storage::query q;
  q.where_eq("rfc", id.key());
  auto found = r.all<service_transition>(q);
  if (found.empty()) return std::nullopt;
  return found.front();
}

std::vector<service_transition> service_design_management::all(const actor& who) const {
  return detail::reader(*ctx_, who, kind).all<service_transition>();
}

}  // namespace itsm
