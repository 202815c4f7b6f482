#include "itsm/process/reporting.hpp"
#include "records_due.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "itsm/audit/changes.hpp"
#include "itsm/process/policies.hpp"
#include "detail/write_scope.hpp"
#include "policy_store.hpp"
#include "reads.hpp"
#include "ticket_support.hpp"

namespace itsm {

using model::report_definition;
using model::requirement_exclusion;

namespace {

const char* const definition_kind = "report_definition";
const char* const exclusion_kind = "requirement_exclusion";

// The kinds a snapshot reads; each is authorized as a read before the transaction opens.
const std::vector<std::string>& snapshot_kinds() {
  static const std::vector<std::string> kinds{
      "customer", "service", "sla", "sla_version", "ci_type", "configuration_item", "relationship", "incident", "service_request",
      "problem", "known_error", "rfc", "release", "baseline", "approval", "investigation", "acceptance_test",
      "post_incident_review", "ticket_event", definition_kind, exclusion_kind, "audit",
      "sms_plan", "controlled_document", "internal_audit", "nonconformity", "improvement", "management_review",
      "customer_relationship", "party", "agreement", "process_operator", "service_review", "complaint",
      "availability_requirement", "outage", "continuity_plan", "plan_test",
      "survey_rule", "survey", "survey_response", "dispute",
      "service_transition", "training_record", "competence", "competence_requirement",
      "security_policy", "security_risk", "security_control", "external_access",
      "capacity_metric", "capacity_measurement", "capacity_plan",
      "retention_rule", "legal_hold", "disposal",
      "cost_item", "budget", "finance_policy", "apportionment_policy"};
  return kinds;
}

template <class T>
void read_visible(detail::reader& r, std::vector<T>& out) {
  out = r.all<T>();
}

// The SLA a request falls under: its service's SLA with the lowest id (as the process does).
const model::sla* service_sla(const store_snapshot& s, service_id service) {
  const model::sla* best = nullptr;
  for (const auto& x : s.slas)
    if (x.service == service && (!best || x.id.number() < best->id.number())) best = &x;
  return best;
}

// Whether a version of the change policy, as its audit entry's changes hold it, put the catalogue
// under change control; nullopt when the entry did not change the policy's body.
std::optional<bool> catalogue_control_of(const std::string& changes) {
  for (const auto& c : audit::decode_changes(changes))
    if (c.field == "body" && c.after.type() == value_type::text)
      return change_policy_from_json(c.after.as_text()).catalogue_under_change_control;
  return std::nullopt;
}

// The calendar of an SLA version: s.service_hours under its key (the current version) or
// "<key>@<revision>" (a superseded one); nullptr when its calendar does not compile (a name the
// policy does not know: the SLA has no figures, reported as such).
const calendar::business_calendar* hours_of(store_snapshot& s, const model::sla& x, bool current) {
  const auto key = current ? x.id.key() : model::sla_version::key_of(x.id, x.revision);
  if (auto it = s.service_hours.find(key); it != s.service_hours.end()) return &it->second;
  try {
    return &s.service_hours.emplace(key, detail::sla_calendar(x, s.tickets)).first->second;
  } catch (const error&) {
    return nullptr;
  }
}

// Each ticket is measured against the SLA version it was given (R-6.1-change), as the processes do.
void add_figures(store_snapshot& s) {
  for (const auto& x : s.slas) (void)hours_of(s, x, true);
  auto version_hours = [&](const model::sla& x) {
    const bool current = std::any_of(s.slas.begin(), s.slas.end(), [&](const auto& c) { return &c == &x; });
    return hours_of(s, x, current);
  };
  static const std::vector<ticket_event> no_log;
  auto log_of = [&](const std::string& key) -> const std::vector<ticket_event>& {
    auto it = s.logs.find(key);
    return it == s.logs.end() ? no_log : it->second;
  };
  for (const auto& i : s.incidents) {
    const auto* sla = i.sla.valid() ? measured_sla(s, i.sla, i.sla_revision) : nullptr;
    const auto* hours = sla ? version_hours(*sla) : nullptr;
    if (!hours) continue;
    auto f = evaluate_ticket(log_of(i.id.key()), detail::incident_ticket_states(),
                             detail::incident_terms(*sla, i.priority, s.tickets), *hours, s.at);
    f.sla = i.sla;
    f.sla_revision = sla->revision;
    f.priority = i.priority;
    s.sla_figures.emplace(i.id.key(), std::move(f));
  }
  const calendar::business_calendar always(calendar::calendar_definition::always_open());
  for (const auto& r : s.requests) {
    const auto* sla = r.sla.valid() ? measured_sla(s, r.sla, r.sla_revision) : service_sla(s, r.service);
    if (r.sla.valid() && !sla) continue;
    const auto terms = detail::request_terms(sla, r, s.tickets);
    if (!terms.response && !terms.resolution) continue;
    const auto* hours = sla ? version_hours(*sla) : &always;
    if (!hours) continue;
    auto f = evaluate_ticket(log_of(r.id.key()), detail::request_ticket_states(), terms, *hours, s.at);
    if (sla) {
      f.sla = sla->id;
      f.sla_revision = sla->revision;
    }
    f.priority = r.priority;
    s.sla_figures.emplace(r.id.key(), std::move(f));
  }
}

}  // namespace

model::apportionment_policy apportionment_in_force(const store_snapshot& s) {
  return s.apportionment_policies.empty() ? model::apportionment_policy{} : s.apportionment_policies.front();
}

const model::sla* measured_sla(const store_snapshot& s, sla_id id, std::int64_t revision) {
  for (const auto& x : s.slas)
    if (x.id == id) {
      if (revision == 0 || x.revision == revision) return &x;
      break;
    }
  for (const auto& x : s.sla_versions)
    if (x.id == id && x.revision == revision) return &x;
  return nullptr;
}

report_management::report_management(std::shared_ptr<const detail::context> ctx) : ctx_(std::move(ctx)) {}

namespace {
std::vector<violation> definition_rules(const detail::context& ctx, storage::transaction& tx,
                                        const report_definition& d) {
  auto v = d.check();
  storage::query q;
  q.where_eq("name", d.name);
  for (const auto& other : detail::load_all<report_definition>(tx, q))
    if (other.id != d.id)
      v.push_back({"R-6.2-define", fmt::format("report '{}' is already defined ({})", d.name, other.id.key())});
  for (const auto& k : d.data_sources)
    if (!ctx.schemas.count(k) && k != "audit")
      v.push_back({"R-6.2-define", fmt::format("data source '{}' is not a record kind of this store", k)});
  if (d.scope.rfind("service:", 0) == 0 && !detail::load<model::service>(tx, d.scope.substr(8)))
    v.push_back({"R-6.2-define", fmt::format("scope {}: no such service", d.scope)});
  if (d.scope.rfind("customer:", 0) == 0 && !detail::load<model::customer>(tx, d.scope.substr(9)))
    v.push_back({"R-6.2-define", fmt::format("scope {}: no such customer", d.scope)});
  return v;
}
}  // namespace

report_definition report_management::define(const actor& who, report_definition draft, const write_options& opts) {
  if (draft.id.valid() || draft.revision != 0)
    throw_error(errc::invalid_argument, "define takes a draft without id or revision");
  detail::write_scope w(*ctx_, who, "create");
  w.authorize(definition_kind, "");
  w.rules(definition_rules(*ctx_, w.tx(), draft), definition_kind, "");
  auto saved = w.save(std::move(draft), nullptr, opts, "created");
  w.commit();
  return saved;
}

report_definition report_management::update(const actor& who, const report_definition& edited,
                                            const write_options& opts) {
  detail::write_scope w(*ctx_, who, "update");
  auto before = w.get<report_definition>(edited.id.key());
  w.authorize(definition_kind, edited.id.key());
  if (before.revision != edited.revision)
    throw_error(errc::conflict, fmt::format("{} is at revision {}, not {}", edited.id.key(), before.revision, edited.revision));
  w.rules(definition_rules(*ctx_, w.tx(), edited), definition_kind, edited.id.key());
  auto saved = w.save(edited, &before, opts, "updated");
  w.commit();
  return saved;
}

requirement_exclusion report_management::exclude(const actor& who, const std::string& requirement,
                                                 const std::string& justification, const write_options& opts) {
  detail::write_scope w(*ctx_, who, "exclude");
  auto before = detail::load<requirement_exclusion>(w.tx(), requirement);
  w.authorize(exclusion_kind, before ? requirement : "");
  requirement_exclusion e{requirement, before ? before->revision : 0, justification, who.name, w.now(), false};
  auto v = e.check();
  if (before && !before->withdrawn)
    v.push_back({"R-4.5-scope-plan", requirement + " is excluded already (" + before->justification + ")"});
  w.rules(v, exclusion_kind, requirement);
  auto saved = w.save(std::move(e), before ? &*before : nullptr, opts, "excluded");
  w.commit();
  return saved;
}

requirement_exclusion report_management::withdraw_exclusion(const actor& who, const std::string& requirement,
                                                            const write_options& opts) {
  detail::write_scope w(*ctx_, who, "withdraw");
  auto before = w.get<requirement_exclusion>(requirement);
  w.authorize(exclusion_kind, requirement);
  std::vector<violation> v;
  if (before.withdrawn) v.push_back({"R-4.5-scope-plan", requirement + " is not excluded"});
  w.rules(v, exclusion_kind, requirement);
  auto after = before;
  after.withdrawn = true;
  auto saved = w.save(std::move(after), &before, opts, "withdrawn");
  w.commit();
  return saved;
}

std::optional<report_definition> report_management::find(const actor& who, report_id id) const {
  detail::reader r(*ctx_, who, definition_kind);
  return r.one<report_definition>(id.key());
}

std::vector<report_definition> report_management::definitions(const actor& who) const {
  detail::reader r(*ctx_, who, definition_kind);
  return r.all<report_definition>();
}

std::vector<requirement_exclusion> report_management::exclusions(const actor& who) const {
  detail::reader r(*ctx_, who, exclusion_kind);
  return r.all<requirement_exclusion>();
}

store_snapshot report_management::snapshot(const actor& who, timestamp at) const {
  for (const auto& k : snapshot_kinds()) detail::authorize_read(*ctx_, who, k, "");
  detail::reader r(*ctx_, who, definition_kind);
  store_snapshot s;
  s.at = at;
  s.tickets = *ctx_->policies->tickets(r.tx());
  s.relationship_kinds = *ctx_->policies->relationship_kinds(r.tx());
  s.change_rules = *ctx_->policies->changes(r.tx());
  s.release_rules = *ctx_->policies->releases(r.tx());
  read_visible(r, s.customers);
  read_visible(r, s.services);
  read_visible(r, s.slas);
  for (const auto& v : r.all<model::sla_version>()) s.sla_versions.push_back(v.terms());
  read_visible(r, s.ci_types);
  read_visible(r, s.cis);
  read_visible(r, s.relationships);
  read_visible(r, s.incidents);
  read_visible(r, s.requests);
  read_visible(r, s.problems);
  read_visible(r, s.known_errors);
  read_visible(r, s.rfcs);
  read_visible(r, s.releases);
  read_visible(r, s.baselines);
  read_visible(r, s.approvals);
  read_visible(r, s.investigations);
  read_visible(r, s.acceptance_tests);
  read_visible(r, s.reviews);
  read_visible(r, s.report_definitions);
  read_visible(r, s.exclusions);
  read_visible(r, s.plans);
  read_visible(r, s.documents);
  read_visible(r, s.internal_audits);
  read_visible(r, s.nonconformities);
  read_visible(r, s.improvements);
  read_visible(r, s.management_reviews);
  read_visible(r, s.customer_relationships);
  read_visible(r, s.parties);
  read_visible(r, s.agreements);
  read_visible(r, s.process_operators);
  read_visible(r, s.service_reviews);
  read_visible(r, s.complaints);
  read_visible(r, s.availability_requirements);
  read_visible(r, s.outages);
  read_visible(r, s.continuity_plans);
  read_visible(r, s.plan_tests);
  read_visible(r, s.survey_rules);
  read_visible(r, s.surveys);
  read_visible(r, s.survey_responses);
  read_visible(r, s.disputes);
  read_visible(r, s.service_transitions);
  read_visible(r, s.trainings);
  read_visible(r, s.competences);
  read_visible(r, s.competence_requirements);
  read_visible(r, s.security_policies);
  read_visible(r, s.security_risks);
  read_visible(r, s.security_controls);
  read_visible(r, s.external_accesses);
  read_visible(r, s.capacity_metrics);
  read_visible(r, s.capacity_measurements);
  read_visible(r, s.capacity_plans);
  read_visible(r, s.retention_rules);
  read_visible(r, s.legal_holds);
  read_visible(r, s.disposals);
  s.records_due = detail::records_due(*ctx_, who, r.tx(), at);
  read_visible(r, s.cost_items);
  read_visible(r, s.budgets);
  read_visible(r, s.finance_policies);
  read_visible(r, s.apportionment_policies);
  // Ticket logs only of the tickets the caller sees.
  std::set<std::string> tickets;
  for (const auto& i : s.incidents) tickets.insert(i.id.key());
  for (const auto& q : s.requests) tickets.insert(q.id.key());
  for (auto& e : detail::load_all<ticket_event>(r.tx(), {}))
    if (tickets.count(e.ticket)) s.logs[e.ticket].push_back(std::move(e));
  for (auto& [key, log] : s.logs)
    std::sort(log.begin(), log.end(), [](const ticket_event& a, const ticket_event& b) { return a.seq < b.seq; });
  r.tx().for_each_audit({}, [&](const storage::audit_record& e) {
    s.audit.push_back({e.seq, e.at, e.actor, e.action, e.kind, e.object_id, e.outcome, e.reference});
    s.audit_head = e.seq;
    if (e.kind == "policy" && e.object_id == policy_names::changes && e.outcome == "applied")
      if (auto controlled = catalogue_control_of(e.changes)) s.catalogue_control.emplace_back(e.seq, *controlled);
    return true;
  });
  add_figures(s);
  return s;
}

}  // namespace itsm
