#include "itsm/process/releases.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "itsm/model/problem.hpp"
#include "itsm/process/configuration.hpp"
#include "detail/write_scope.hpp"
#include "policy_store.hpp"
#include "reads.hpp"
#include "transition.hpp"
#include "itsm/process/schedule.hpp"

namespace itsm {

using model::release;
using model::release_state;
using model::rfc_state;

namespace {

constexpr const char* kind = "release";


std::string name_of(release_state s) { return std::string(model::enum_to_string(s)); }

// The lifecycle as data: each action, the states it starts from and the rule it enforces.
const std::vector<detail::transition_rule<release_state>>& steps() {
  static const std::vector<detail::transition_rule<release_state>> s{
      {"build", {release_state::planned}, "R-9.3-test"},
      {"record_test", {release_state::built, release_state::tested}, "R-9.3-test"},
      {"accept", {release_state::tested}, "R-9.3-accept"},
      {"override_acceptance", {release_state::tested}, "R-9.3-accept"},
      {"deploy", {release_state::accepted}, "R-9.3-accept"},
      {"report_failure", {release_state::deployed}, "R-9.3-rollback"},
      {"roll_back", {release_state::failed}, "R-9.3-rollback"},
      {"close", {release_state::deployed, release_state::rolled_back}, "R-9.3-measure"},
  };
  return s;
}

std::vector<violation> state_guard(const release& r, std::string_view action) {
  return detail::state_guard(detail::rule_of(steps(), action), r.id.key(), r.state);
}

bool approved_or_later(rfc_state s) {
  switch (s) {
    case rfc_state::approved: case rfc_state::scheduled: case rfc_state::built: case rfc_state::tested:
    case rfc_state::implementing: case rfc_state::implemented: case rfc_state::reviewed: case rfc_state::closed:
      return true;
    default:
      return false;
  }
}

std::vector<model::acceptance_test> tests_of(storage::transaction& tx, const release& r) {
  storage::query q;
  q.where_eq("release", r.id.key());
  auto out = detail::load_all<model::acceptance_test>(tx, q);
  // Keys sort as text ("ACT-10" before "ACT-9"): by number, so the last result is the latest.
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.id.number() < b.id.number(); });
  return out;
}

// Criteria whose latest recorded result is not a pass (missing counts as not passed).
std::vector<std::string> unmet_criteria(storage::transaction& tx, const release& r) {
  std::map<std::string, bool> latest;
  for (const auto& t : tests_of(tx, r)) latest[t.criterion] = t.passed;  // ids ascend: last wins
  std::vector<std::string> out;
  for (const auto& c : r.acceptance_criteria)
    if (auto it = latest.find(c); it == latest.end() || !it->second) out.push_back(c);
  return out;
}

std::vector<ci_id> affected_cis(storage::transaction& tx, const release& r) {
  std::set<ci_id> cis;
  for (const auto& id : r.rfcs)
    if (auto rfc = detail::load<model::rfc>(tx, id.key())) {
      cis.insert(rfc->scope_cis.begin(), rfc->scope_cis.end());
      cis.insert(rfc->impact_cis.begin(), rfc->impact_cis.end());
    }
  return {cis.begin(), cis.end()};
}

std::vector<violation> deploy_rules(storage::transaction& tx, const release& r) {
  auto v = state_guard(r, "deploy");
  if (r.rollback_plan.empty()) v.push_back({"R-9.3-rollback", r.id.key() + " has no rollback plan"});
  if (v.empty() && r.override_by.empty()) {
    const auto unmet = unmet_criteria(tx, r);
    for (const auto& c : unmet)
      v.push_back({"R-9.3-accept", fmt::format("acceptance criterion '{}' has not passed", c)});
  }
  for (const auto& id : r.rfcs) {
    auto rfc = detail::load<model::rfc>(tx, id.key());
    if (!rfc || !approved_or_later(rfc->state))
      v.push_back({"R-9.3-plan", id.key() + " is not an approved change"});
  }
  return v;
}

}  // namespace

release_management::release_management(std::shared_ptr<const detail::context> ctx, configuration_management& conf)
    : ctx_(std::move(ctx)), conf_(conf) {}

release release_management::plan(const actor& who, release draft, const write_options& opts) {
  if (draft.id.valid() || draft.revision != 0)
    throw_error(errc::invalid_argument, "plan takes a draft without id or revision");
  detail::refuse_owned_fields("release plan", {{"state", draft.state != release_state::planned},
                                               {"baseline", draft.baseline.valid()},
                                               {"override_by", !draft.override_by.empty()},
                                               {"override_reason", !draft.override_reason.empty()}});
  detail::write_scope w(*ctx_, who, "plan");
  draft.state = release_state::planned;
  draft.baseline = {};
  draft.override_by.clear();
  draft.override_reason.clear();
  auto v = draft.check();
  const auto policy = ctx_->policies->releases(w.tx());
  const auto& types = policy->types;
  if (std::find(types.begin(), types.end(), draft.type) == types.end())
    v.push_back({"R-9.3-policy", "release type '" + draft.type + "' is not in the release policy"});
  if (draft.planned_at.is_special()) v.push_back({"R-9.3-plan", "a release has a planned date"});
  if (draft.rollback_plan.empty()) v.push_back({"R-9.3-rollback", "a release has a rollback plan"});
  if (draft.acceptance_criteria.empty())
    v.push_back({"R-9.3-accept", "a release has agreed acceptance criteria"});
  bool has_emergency_rfc = false;
  for (const auto& id : draft.rfcs) {
    auto r = detail::load<model::rfc>(w.tx(), id.key());
    if (!r) {
      v.push_back({"R-9.3-plan", id.key() + " does not exist"});
      continue;
    }
    if (!approved_or_later(r->state)) v.push_back({"R-9.3-plan", id.key() + " is not approved (" +
                                                                     std::string(model::enum_to_string(r->state)) + ")"});
    has_emergency_rfc = has_emergency_rfc || r->classification == model::rfc_class::emergency;
  }
  if (draft.emergency && !has_emergency_rfc)
    v.push_back({"R-9.3-emergency", "an emergency release deploys an emergency change (RFC)"});
  if (draft.type == "emergency" && !draft.emergency)
    v.push_back({"R-9.3-emergency", "a release of type emergency is flagged emergency"});
  for (const auto& p : draft.problems)
    if (!w.tx().get(model::problem::def().name(), p.key())) v.push_back({"R-9.3-plan", p.key() + " does not exist"});
  for (const auto& k : draft.known_errors)
    if (!w.tx().get(model::known_error::def().name(), k.key())) v.push_back({"R-9.3-plan", k.key() + " does not exist"});
  if (!draft.emergency && policy->min_interval > duration(0, 0, 0) && !draft.planned_at.is_special()) {
    for (const auto& other : detail::load_all<release>(w.tx(), {})) {
      if (other.emergency || other.planned_at.is_special()) continue;
      const auto gap = other.planned_at > draft.planned_at ? other.planned_at - draft.planned_at
                                                           : draft.planned_at - other.planned_at;
      if (gap < policy->min_interval)
        v.push_back({"R-9.3-policy", fmt::format("{} is planned within the policy's minimum interval", other.id.key())});
    }
  }
  w.authorize(kind, "", draft.type);
  w.rules(v, kind, "");
  auto saved = w.save(std::move(draft), nullptr, opts, "planned");
  w.commit();
  return saved;
}

namespace {
template <class F>
release step(const detail::context& ctx, const actor& who, release_id id, const std::string& action,
             const write_options& opts, const std::string& event, F&& apply) {
  detail::transition_spec<release> spec{action, action, event,
                                        [&](detail::write_scope& w, const release& before, release& after,
                                            std::vector<violation>& v) {
                                          v = state_guard(before, action);
                                          if (v.empty()) apply(w, after, v);
                                        }};
  return detail::run_transition(ctx, who, id.key(), spec, opts);
}
}  // namespace

release release_management::mark_built(const actor& who, release_id id, const write_options& opts) {
  return step(*ctx_, who, id, "build", opts, "built",
              [](auto&, release& r, auto&) { r.state = release_state::built; });
}

model::acceptance_test release_management::record_test(const actor& who, release_id id, const std::string& criterion,
                                                       bool passed, const std::string& evidence,
                                                       const write_options& opts) {
  detail::write_scope w(*ctx_, who, "record_test");
  const auto key = id.key();
  auto before = w.get<release>(key);
  auto v = state_guard(before, "record_test");
  if (std::find(before.acceptance_criteria.begin(), before.acceptance_criteria.end(), criterion) ==
      before.acceptance_criteria.end())
    v.push_back({"R-9.3-test", "'" + criterion + "' is not an agreed acceptance criterion of " + key});
  w.authorize(kind, key, "record_test");
  w.rules(v, kind, key);
  model::acceptance_test t;
  t.release = id;
  t.criterion = criterion;
  t.passed = passed;
  t.evidence = evidence;
  t.recorded_by = who.name;
  t.at = w.now();
  auto saved = w.save(t, nullptr, opts, "recorded");
  if (before.state == release_state::built) {
    auto after = before;
    after.state = release_state::tested;
    w.save(after, &before, opts, "tested");
  }
  w.commit();
  return saved;
}

release release_management::accept(const actor& who, release_id id, const write_options& opts) {
  return step(*ctx_, who, id, "accept", opts, "accepted",
              [](auto& w, release& r, std::vector<violation>& v) {
                for (const auto& c : unmet_criteria(w.tx(), r))
                  v.push_back({"R-9.3-accept", fmt::format("acceptance criterion '{}' has not passed", c)});
                r.state = release_state::accepted;
              });
}

release release_management::override_acceptance(const actor& who, release_id id, const std::string& reason,
                                                const write_options& opts) {
  detail::write_scope w(*ctx_, who, "override_acceptance");
  const auto key = id.key();
  auto before = w.get<release>(key);
  auto v = state_guard(before, "override_acceptance");
  if (reason.empty()) v.push_back({"R-9.3-accept", "an acceptance override records its reason"});
  w.authorize(kind, key, "override_acceptance");
  w.rules(v, kind, key);
  model::approval a;
  a.subject_kind = kind;
  a.subject_id = key;
  a.approver = who.name;
  a.capacity = model::detail::encode_list(who.roles);
  a.decision = model::approval_decision::override_acceptance;
  a.comment = reason;
  a.at = w.now();
  auto rec = w.save(a, nullptr, opts, "recorded");
  auto after = before;
  after.state = release_state::accepted;
  after.override_by = who.name;
  after.override_reason = reason;
  auto o = opts;
  o.reference = rec.id.key();
  o.reason = "acceptance overridden: " + reason;
  auto saved = w.save(after, &before, o, "accepted");
  w.commit();
  return saved;
}

release release_management::deploy(const actor& who, release_id id, const write_options& opts) {
  // One operation, one transaction: the baseline and the deployment commit together or not at
  // all, so a refused or concurrent deployment never leaves an orphan baseline behind.
  const auto key = id.key();
  detail::write_scope w(*ctx_, who, "deploy");
  auto before = w.get<release>(key);
  w.authorize(kind, key);
  w.rules(deploy_rules(w.tx(), before), kind, key);
  std::optional<model::baseline> bl;
  if (const auto cis = affected_cis(w.tx(), before); !cis.empty()) {
    write_options bo;
    bo.reason = "automatic baseline before deploying " + key + " (R-9.3-integrity)";
    bo.reference = key;
    bl = conf_.take_baseline_in(w, fmt::format("pre-deploy {} {}", key, to_iso(w.now())), baseline_scope::of(cis), bo);
  }
  auto after = before;
  after.state = release_state::deployed;
  after.deployed_at = w.now();
  if (bl) after.baseline = bl->id;
  auto saved = w.save(after, &before, opts, "deployed");
  w.commit();
  return saved;
}

release release_management::report_failure(const actor& who, release_id id, const std::string& reason,
                                           const write_options& opts) {
  return step(*ctx_, who, id, "report_failure", opts, "failed",
              [&](auto&, release& r, std::vector<violation>& v) {
                if (reason.empty()) v.push_back({"R-9.3-rollback", "a failed deployment records why"});
                r.state = release_state::failed;
                r.failure_reason = reason;
              });
}

release release_management::roll_back(const actor& who, release_id id, const std::string& summary,
                                      const write_options& opts) {
  detail::write_scope w(*ctx_, who, "roll_back");
  const auto key = id.key();
  auto before = w.get<release>(key);
  auto v = state_guard(before, "roll_back");
  if (summary.empty()) v.push_back({"R-9.3-rollback", "a failed release is investigated: give the summary"});
  w.authorize(kind, key, "roll_back");
  w.rules(v, kind, key);
  model::investigation inv;
  inv.subject_kind = kind;
  inv.subject_id = key;
  inv.opened_by = who.name;
  inv.opened_at = w.now();
  inv.summary = summary;
  auto rec = w.save(inv, nullptr, opts, "opened");
  auto after = before;
  after.state = release_state::rolled_back;
  auto o = opts;
  o.reference = rec.id.key();
  auto saved = w.save(after, &before, o, "rolled_back");
  w.commit();
  return saved;
}

release release_management::close(const actor& who, release_id id, const write_options& opts) {
  return step(*ctx_, who, id, "close", opts,
              "closed", [](auto&, release& r, auto&) { r.state = release_state::closed; });
}

std::vector<violation> release_management::check(const actor& who, release_id id, std::string_view action) const {
  detail::reader reader(*ctx_, who, kind);
  auto r = reader.one<release>(id.key());
  if (!r) return {{"R-9.3-plan", "release " + id.key() + " does not exist"}};
  try {
    return action == "deploy" ? deploy_rules(reader.tx(), *r) : state_guard(*r, action);
  } catch (const error& e) {
    return {{"R-9.3-plan", e.what()}};
  }
}

std::optional<release> release_management::find(const actor& who, release_id id) const {
  return detail::reader(*ctx_, who, kind).one<release>(id.key());
}

std::vector<model::acceptance_test> release_management::tests(const actor& who, release_id id) const {
  detail::reader reader(*ctx_, who, kind);
  auto r = reader.one<release>(id.key());
  if (!r) throw_error(errc::not_found, "release " + id.key() + " does not exist");
  return tests_of(reader.tx(), *r);
}

release_report release_management::report(const actor& who, release_id id) const {
  std::optional<detail::reader> reader;
  reader.emplace(*ctx_, who, kind);
  auto* tx = &reader->tx();
  auto r = reader->one<release>(id.key());
  if (!r) throw_error(errc::not_found, "release " + id.key() + " does not exist");
  release_report rep;
  rep.release = *r;
  rep.outcome = name_of(r->state);
  rep.cis = affected_cis(*tx, *r);
  if (!r->deployed_at.is_special()) {
    const period window{r->deployed_at, r->deployed_at + ctx_->policies->releases(*tx)->measure_window};
    for (const auto& c : rep.cis) {
      storage::query q;
      q.where_eq("ci", c.key());
      for (auto& inc : reader->all<model::incident>(q))
        if (!inc.opened_at.is_special() && window.start <= inc.opened_at && inc.opened_at < window.end)
          rep.incidents.push_back(std::move(inc));
    }
  }
  reader.reset();
  if (r->baseline.valid()) rep.since_baseline = conf_.compare_with_now(who, r->baseline);
  return rep;
}

std::vector<release> release_management::upcoming(const actor& who, timestamp from, timestamp until) const {
  // Special instants or from >= until would silently answer nothing (or everything).
  if (from.is_special() || until.is_special() || !(from < until))
    throw_error(errc::invalid_argument, "upcoming needs a period with from < until");
  std::vector<release> out;
  for (auto& r : detail::reader(*ctx_, who, kind).all<release>())
    if (r.deployed_at.is_special() && r.state != release_state::closed && !r.planned_at.is_special() &&
        from <= r.planned_at && r.planned_at < until)
      out.push_back(std::move(r));
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.planned_at < b.planned_at; });
  return out;
}

std::vector<release> release_management::recently_failed(const actor& who, timestamp since) const {
  if (since.is_special()) throw_error(errc::invalid_argument, "recently_failed needs an instant");
  std::vector<release> out;
  for (auto& r : detail::reader(*ctx_, who, kind).all<release>()) {
    const bool failed = r.state == release_state::failed || r.state == release_state::rolled_back ||
                        (r.state == release_state::closed && !r.failure_reason.empty());
    if (failed && !r.deployed_at.is_special() && r.deployed_at >= since) out.push_back(std::move(r));
  }
  return out;
}

}  // namespace itsm
