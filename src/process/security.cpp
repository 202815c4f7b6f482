// security_management: the security policy, risk and control registers, external access and the
// security scope of an RFC (clause 6.6).
#include "itsm/process/security.hpp"

#include <fmt/format.h>

#include "itsm/model/configuration_item.hpp"
#include "itsm/model/relations.hpp"
#include "itsm/model/service.hpp"
#include "create.hpp"
#include "detail/write_scope.hpp"
#include "reads.hpp"
#include "rfc_touch.hpp"
#include "transition.hpp"

namespace itsm {

using model::external_access;
using model::security_control;
using model::security_policy;
using model::security_policy_state;
using model::security_risk;

namespace {

const char* const policy_kind = "security_policy";
const char* const risk_kind = "security_risk";
const char* const control_kind = "security_control";
const char* const access_kind = "external_access";

// The record's invariants, and every CI and service it names exists.
template <class T>
std::vector<violation> record_rules(storage::transaction& tx, const T& rec, const char* rule) {
  auto v = rec.check();
  for (auto ci : rec.cis)
    if (!detail::load<model::configuration_item>(tx, ci.key())) v.push_back({rule, fmt::format("{}: no such CI", ci.key())});
  for (auto s : rec.services)
    if (!detail::load<model::service>(tx, s.key())) v.push_back({rule, fmt::format("{}: no such service", s.key())});
  return v;
}

template <class Id, class T>
void need_all(storage::transaction& tx, const std::vector<Id>& ids, std::vector<violation>& v, const char* rule) {
  for (auto id : ids)
    if (!detail::load<T>(tx, id.key())) v.push_back({rule, fmt::format("{}: no such record", id.key())});
}

// The policy workflow: a draft is approved; an approved policy is re-approved at its review.
const std::vector<detail::transition_rule<security_policy_state>>& policy_workflow() {
  static const std::vector<detail::transition_rule<security_policy_state>> t{
      {"approve", {security_policy_state::draft, security_policy_state::approved}, "R-6.6-policy"}};
  return t;
}

void same_revision(std::int64_t stored, std::int64_t given, const std::string& key) {
  if (stored != given) throw_error(errc::conflict, fmt::format("{} is at revision {}, not {}", key, stored, given));
}

}  // namespace

security_management::security_management(std::shared_ptr<const detail::context> ctx) : ctx_(std::move(ctx)) {}

security_policy security_management::propose_policy(const actor& who, security_policy draft, const write_options& opts) {
  return detail::create<security_policy>(*ctx_, who, std::move(draft), opts, "proposed", [](detail::write_scope& w, security_policy& p) {
    p.version = 1;
    p.author = w.who().name;
    p.state = security_policy_state::draft;
    p.approved_by.clear();
    p.approved_at = {};
    return p.check();
  });
}

security_policy security_management::revise_policy(const actor& who, const security_policy& edited,
                                                   const write_options& opts) {
  detail::transition_spec<security_policy> spec{
      "revise", "", "revised", [&](detail::write_scope& w, const security_policy& before, security_policy& after, auto&) {
        same_revision(before.revision, edited.revision, before.id.key());
        after = edited;
        after.revision = before.revision;
        after.version = before.version + 1;
        after.author = w.who().name;
        after.state = security_policy_state::draft;
        after.approved_by.clear();
        after.approved_at = {};
      }};
  return detail::run_transition(*ctx_, who, edited.id.key(), spec, opts);
}

security_policy security_management::approve_policy(const actor& who, security_policy_id id, const write_options& opts) {
  const auto& t = detail::rule_of(policy_workflow(), "approve");
  detail::transition_spec<security_policy> spec{
      "transition:approve", "", "approved",
      [&](detail::write_scope& w, const security_policy& before, security_policy& after, auto& v) {
        v = detail::state_guard(t, before.id.key(), before.state);
        if (before.retired) v.push_back({"R-6.6-policy", fmt::format("{} is retired", before.id.key())});
        after.state = security_policy_state::approved;
        after.approved_by = w.who().name;
        after.approved_at = w.now();
      },
      [&](detail::write_scope& w, const security_policy& before) {
        w.deny_if(before.author == w.who().name, policy_kind, before.id.key(), "R-6.6-policy",
                  fmt::format("{} wrote version {} of {} and cannot approve it", w.who().name, before.version,
                              before.id.key()));
      }};
  return detail::run_transition(*ctx_, who, id.key(), spec, opts);
}

security_risk security_management::add_risk(const actor& who, security_risk draft, const write_options& opts) {
  return detail::create<security_risk>(*ctx_, who, std::move(draft), opts, "recorded", [](detail::write_scope& w, security_risk& r) {
    r.assessed_at = w.now();
    r.assessed_by = w.who().name;
    return record_rules(w.tx(), r, "R-6.6-policy");
  });
}

security_risk security_management::assess_risk(const actor& who, const security_risk& edited, const write_options& opts) {
  detail::transition_spec<security_risk> spec{
      "assess", "", "assessed", [&](detail::write_scope& w, const security_risk& before, security_risk& after, auto& v) {
        same_revision(before.revision, edited.revision, before.id.key());
        after = edited;
        after.revision = before.revision;
        after.assessed_at = w.now();
        after.assessed_by = w.who().name;
        v = record_rules(w.tx(), after, "R-6.6-policy");
      }};
  return detail::run_transition(*ctx_, who, edited.id.key(), spec, opts);
}

security_control security_management::add_control(const actor& who, security_control draft, const write_options& opts) {
  return detail::create<security_control>(*ctx_, who, std::move(draft), opts, "recorded", [](detail::write_scope& w, security_control& c) {
    c.recorded_at = w.now();
    c.reviewed_at = {};
    c.effectiveness = model::control_effectiveness::not_reviewed;
    c.review_findings.clear();
    auto v = record_rules(w.tx(), c, "R-6.6-controls");
    need_all<security_risk_id, security_risk>(w.tx(), c.risks, v, "R-6.6-controls");
    return v;
  });
}

security_control security_management::review_control(const actor& who, security_control_id id, bool effective,
                                                     const std::string& findings, const write_options& opts) {
  detail::transition_spec<security_control> spec{
      "review", "", "reviewed", [&](detail::write_scope& w, const security_control& before, security_control& after, auto& v) {
        if (before.retired) v.push_back({"R-6.6-controls", fmt::format("{} is retired", before.id.key())});
        if (findings.empty()) v.push_back({"R-6.6-controls", "an effectiveness review records its findings"});
        after.reviewed_at = w.now();
        after.effectiveness = effective ? model::control_effectiveness::effective : model::control_effectiveness::ineffective;
        after.review_findings = findings;
      }};
  return detail::run_transition(*ctx_, who, id.key(), spec, opts);
}

security_control security_management::retire_control(const actor& who, security_control_id id, const write_options& opts) {
  detail::transition_spec<security_control> spec{
      "retire", "", "retired", [&](detail::write_scope&, const security_control& before, security_control& after, auto& v) {
        if (before.retired) v.push_back({"R-6.6-controls", fmt::format("{} is already retired", before.id.key())});
        after.retired = true;
      }};
  return detail::run_transition(*ctx_, who, id.key(), spec, opts);
}

external_access security_management::grant_access(const actor& who, external_access draft, const write_options& opts) {
  return detail::create<external_access>(*ctx_, who, std::move(draft), opts, "granted", [](detail::write_scope& w, external_access& a) {
    a.granted_by = w.who().name;
    a.granted_at = w.now();
    a.revoked = false;
    a.revoked_at = {};
    auto v = record_rules(w.tx(), a, "R-6.6-controls");
    if (a.party.valid() && !detail::load<model::party>(w.tx(), a.party.key()))
      v.push_back({"R-6.6-controls", fmt::format("{}: no such party", a.party.key())});
    need_all<security_control_id, security_control>(w.tx(), a.controls, v, "R-6.6-controls");
    return v;
  });
}

external_access security_management::revoke_access(const actor& who, external_access_id id, const write_options& opts) {
  detail::transition_spec<external_access> spec{
      "revoke", "", "revoked", [&](detail::write_scope& w, const external_access& before, external_access& after, auto& v) {
        if (before.revoked) v.push_back({"R-6.6-controls", fmt::format("{} is already revoked", before.id.key())});
        after.revoked = true;
        after.revoked_at = w.now();
      }};
  return detail::run_transition(*ctx_, who, id.key(), spec, opts);
}

std::optional<security_policy> security_management::find_policy(const actor& who, security_policy_id id) const {
  detail::reader r(*ctx_, who, policy_kind);
  return r.one<security_policy>(id.key());
}

std::vector<security_policy> security_management::policies(const actor& who) const {
  detail::reader r(*ctx_, who, policy_kind);
  return r.all<security_policy>();
}

std::vector<security_risk> security_management::risks(const actor& who) const {
  detail::reader r(*ctx_, who, risk_kind);
  return r.all<security_risk>();
}

std::vector<security_control> security_management::controls(const actor& who) const {
  detail::reader r(*ctx_, who, control_kind);
  return r.all<security_control>();
}

std::vector<external_access> security_management::accesses(const actor& who) const {
  detail::reader r(*ctx_, who, access_kind);
  return r.all<external_access>();
}

rfc_security_scope security_management::touched_by(const actor& who, rfc_id id) const {
  detail::authorize_read(*ctx_, who, control_kind, "");
  detail::authorize_read(*ctx_, who, risk_kind, "");
  detail::reader r(*ctx_, who, "rfc");
  const auto rfc = r.one<model::rfc>(id.key());
  if (!rfc) throw_error(errc::not_found, fmt::format("{} not found", id.key()));
  auto t = detail::security_touching(r.all<security_control>(), r.all<security_risk>(), detail::rfc_nodes(*rfc));
  return {std::move(t.controls), std::move(t.risks)};
}

}  // namespace itsm
