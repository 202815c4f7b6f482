// Clause 9.1 and 9.2 checks on what the CMDB and the change records hold: documented CI types,
// the attributes every CI must carry, versions tracked by the trail, controlled update access,
// impact assessment feeding RFCs, the CMDB updated after successful changes, the change policy,
// routing of major changes and trend analysis of RFCs.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "evidence.hpp"

namespace itsm::report::detail {

namespace {

bool is_cmdb_kind(const std::string& kind) {
  return kind == "configuration_item" || kind == "relationship" || kind == "ci_type";
}

// R-9.1-types: every CI type in use has a stored definition with its documented description.
check_result types(const check_context& c) {
  std::map<std::string, const model::ci_type*> defined;
  for (const auto& t : c.s.ci_types) defined[t.name] = &t;
  std::set<std::string> used;
  std::vector<std::string> ok, bad;
  for (const auto& ci : c.s.cis) {
    if (ci.status == model::ci_status::retired) continue;
    if (!defined.count(ci.type)) bad.push_back(ci.id.key());  // a type with no definition at all
    else used.insert(ci.type);
  }
  for (const auto& name : used) (defined[name]->description.empty() ? bad : ok).push_back(name);
  return c.judge(ok, bad, "CI types in use, each with a documented definition",
                 "CI types in use without a documented definition (or CIs of an undefined type)",
                 "the CMDB holds no live CI");
}

// R-9.1-attrs: each live CI records a description and where it is: its own location, or that of
// a located CI it has an active relationship to (software is where its host is). Status,
// service components, relationships, RFCs and problems are structural (the model and its links
// carry them); versions are the CI's history (R-9.1-versions).
check_result attrs(const check_context& c) {
  std::map<std::string, bool> located;
  for (const auto& ci : c.s.cis) located[ci.id.key()] = !ci.location.empty();
  std::set<std::string> placed;  // CIs with a relationship to a located CI
  for (const auto& r : c.s.relationships)
    if (r.status == model::relationship_status::active && located[r.target.key()]) placed.insert(r.source.key());
  std::vector<std::string> ok, bad;
  for (const auto& ci : c.s.cis) {
    if (ci.status != model::ci_status::live && ci.status != model::ci_status::maintenance) continue;
    const bool where = !ci.location.empty() || placed.count(ci.id.key());
    (!ci.description.empty() && where ? ok : bad).push_back(ci.id.key());
  }
  return c.judge(ok, bad, "live CIs recording their description and location",
                 "live CIs missing their description or location", "the CMDB holds no live CI");
}

// R-9.1-versions: every version of a CI written in the period is in its history: the CI's
// revision equals the number of applied audit entries on it (a version written outside the
// trail leaves a gap).
check_result versions(const check_context& c) {
  std::map<std::string, std::int64_t> applied;
  for (const auto& e : c.s.audit)
    if (e.outcome == "applied" && e.kind == "configuration_item") ++applied[e.object_id];
  std::vector<std::string> ok, bad;
  for (const auto& ci : c.s.cis) {
    if (!c.written.count(ci.id.key()) && applied.count(ci.id.key())) continue;  // not changed in the period
    (applied[ci.id.key()] == ci.revision ? ok : bad).push_back(ci.id.key());
  }
  return c.judge(ok, bad, "CIs changed in the period with every version in their audit history",
                 "CIs whose revision differs from the versions their history records",
                 "no CI was changed in the period");
}

// R-9.1-relationships: each active relationship joins two live CIs of the CMDB with a kind of the
// stored catalogue, and no kind the catalogue marks acyclic forms a cycle.
check_result relationships(const check_context& c) {
  std::map<std::string, const model::configuration_item*> cis;
  for (const auto& ci : c.s.cis) cis[ci.id.key()] = &ci;
  std::map<std::string, const model::relationship_kind*> kinds;
  for (const auto& k : c.s.relationship_kinds) kinds[k.name] = &k;
  std::vector<std::string> ok, bad;
  std::map<std::string, std::map<std::string, std::vector<std::string>>> acyclic;  // kind -> source -> targets
  for (const auto& r : c.s.relationships) {
    if (r.status != model::relationship_status::active) continue;
    const auto live = [&](ci_id id) {
      const auto it = cis.find(id.key());
      return it != cis.end() && it->second->status != model::ci_status::retired;
    };
    const auto kind = kinds.find(r.kind);
    const bool fine = live(r.source) && live(r.target) && kind != kinds.end();
    (fine ? ok : bad).push_back(r.id.key());
    if (fine && kind->second->acyclic) acyclic[r.kind][r.source.key()].push_back(r.target.key());
  }
  for (const auto& [kind, kind_edges] : acyclic) {  // depth-first search per kind; a back edge is a cycle
    const auto& edges = kind_edges;  // a named reference: clang 14 cannot capture a structured binding
    std::map<std::string, int> mark;  // 1: on the path, 2: done
    const auto visit = [&](const auto& self, const std::string& at) -> bool {
      mark[at] = 1;
      if (const auto it = edges.find(at); it != edges.end())
        for (const auto& next : it->second) {
          if (mark[next] == 1) return true;
          if (mark[next] == 0 && self(self, next)) return true;
        }
      mark[at] = 2;
      return false;
    };
    for (const auto& [from, targets] : edges)
      if (mark[from] == 0 && visit(visit, from)) {
        bad.push_back("kind " + kind + " has a cycle through " + from);
        break;
      }
  }
  return c.judge(ok, bad, "active relationships between live CIs, of catalogued kinds, without cycles where a kind forbids them",
                 "relationships to missing or retired CIs, of unknown kinds, or closing a cycle of an acyclic kind",
                 "the CMDB holds no active relationship");
}

// R-9.1-access: CMDB writes in the period were made by named actors through the write path;
// CMDB records that differ from their trail (verify_records) show an uncontrolled update.
check_result access(const check_context& c) {
  std::vector<std::string> ok, bad;
  for (const auto& e : c.s.audit) {
    if (!is_cmdb_kind(e.kind) || !c.in_period(e.at)) continue;
    if (e.outcome == "applied") (e.actor.empty() ? bad : ok).push_back(e.object_id);
  }
  if (c.verified)
    for (const auto& f : c.verified->records.findings)
      if (is_cmdb_kind(f.kind)) bad.push_back(f.id);
  std::sort(ok.begin(), ok.end());
  ok.erase(std::unique(ok.begin(), ok.end()), ok.end());
  return c.judge(ok, bad, "CMDB records written in the period by named, authorized actors",
                 "CMDB records written outside the controlled write path", "the CMDB was not changed in the period");
}

// The applied actions of the trail on each RFC, in order.
std::map<std::string, std::vector<const audit_note*>> rfc_actions(const check_context& c) {
  std::map<std::string, std::vector<const audit_note*>> out;
  for (const auto& e : c.s.audit)
    if (e.outcome == "applied" && e.kind == "rfc") out[e.object_id].push_back(&e);
  return out;
}


// R-9.1-to-change: every RFC with a CI scope decided in the period was assessed first (the
// assessment computes the impact over the CMDB graph and stores it on the RFC).
check_result to_change(const check_context& c) {
  const auto actions = rfc_actions(c);
  std::vector<std::string> ok, bad;
  for (const auto& r : c.s.rfcs) {
    if (r.scope_cis.empty()) continue;
    const auto it = actions.find(r.id.key());
    if (it == actions.end()) continue;
    const auto decided = std::find_if(it->second.begin(), it->second.end(),
                                      [](const audit_note* e) { return e->action == "decide"; });
    if (decided == it->second.end() || !c.in_period((*decided)->at)) continue;
    const bool assessed = std::any_of(it->second.begin(), decided, [](const audit_note* e) { return e->action == "assess"; });
    (assessed ? ok : bad).push_back(r.id.key());
  }
  return c.judge(ok, bad, "RFCs decided in the period after an impact assessment over the CMDB",
                 "RFCs decided without an impact assessment", "no RFC with a CI scope was decided in the period");
}

// R-9.2-cmdb: after a successful change implemented in the period, each CI of its scope was
// updated in the CMDB under the RFC's reference.
check_result cmdb_updated(const check_context& c) {
  std::set<std::pair<std::string, std::string>> updated;  // (CI, RFC reference)
  for (const auto& e : c.s.audit)
    if (e.outcome == "applied" && e.kind == "configuration_item" && !e.reference.empty())
      updated.emplace(e.object_id, e.reference);
  std::vector<std::string> ok, bad;
  for (const auto& r : c.s.rfcs) {
    if (r.outcome != "successful" || !c.in_period(r.implemented_at) || r.scope_cis.empty()) continue;
    const bool all = std::all_of(r.scope_cis.begin(), r.scope_cis.end(),
                                 [&](const ci_id& ci) { return updated.count({ci.key(), r.id.key()}) > 0; });
    (all ? ok : bad).push_back(r.id.key());
  }
  return c.judge(ok, bad, "successful changes whose scope CIs were updated in the CMDB under the RFC",
                 "successful changes with a scope CI never updated under the RFC",
                 "no successful change with a CI scope was implemented in the period");
}

// R-9.2-policy: the change policy in force names the CI types under change control; every CI
// type in use that no policy controls is listed as not controlled (the policy must say which).
check_result policy(const check_context& c) {
  const auto& controlled = c.s.change_rules.controlled_ci_types;
  check_result r;
  if (c.s.cis.empty()) {
    r.outcome = verdict::no_evidence;
    r.summary = "the CMDB holds no CI, so no change control applies yet";
    return r;
  }
  if (controlled.empty()) {
    r.outcome = verdict::nonconformity;
    r.summary = "the change policy puts no CI type under change control";
    r.records = {"policy:changes"};
    return r;
  }
  r.outcome = verdict::conforms;
  r.summary = fmt::format("the change policy controls {} CI type(s) ({}) and defines major impact "
                          "(threshold {} services, risks: {})",
                          controlled.size(), fmt::join(controlled, ", "), c.s.change_rules.major_service_threshold,
                          fmt::join(c.s.change_rules.major_risks, ", "));
  r.records = {"policy:changes"};
  return r;
}

// R-9.2-route: RFCs of major impact (classified major, or the new, removal or transfer of a
// service) approved by now and submitted in the period went through design and transition with a plan.
check_result route(const check_context& c) {
  using model::rfc_state;
  std::vector<std::string> ok, bad;
  for (const auto& r : c.s.rfcs) {
    if (!c.in_period(r.submitted_at)) continue;
    const bool major = r.classification == model::rfc_class::major || !r.service_action.empty();
    const bool undecided = r.state == rfc_state::draft || r.state == rfc_state::assessed || r.state == rfc_state::rejected;
    if (!major || undecided) continue;
    (r.design_transition && !r.design_plan.empty() ? ok : bad).push_back(r.id.key());
  }
  return c.judge(ok, bad, "major-impact RFCs approved through design and transition with a plan",
                 "major-impact RFCs approved without design and transition", "no major-impact RFC was approved in the period");
}

// R-9.2-trends: when RFCs were raised in the period, a report definition with a regular
// frequency analyses them (data source "rfc").
check_result trends(const check_context& c) {
  const bool any = std::any_of(c.s.rfcs.begin(), c.s.rfcs.end(), [&](const model::rfc& r) { return c.in_period(r.submitted_at); });
  std::vector<std::string> ok;
  for (const auto& d : c.s.report_definitions) {
    const bool covers = std::find(d.data_sources.begin(), d.data_sources.end(), "rfc") != d.data_sources.end();
    if (covers && d.frequency != model::report_frequency::on_demand) ok.push_back(d.id.key());
  }
  if (!any) ok.clear();
  std::vector<std::string> bad;
  if (any && ok.empty())
    for (const auto& r : c.s.rfcs)
      if (c.in_period(r.submitted_at)) bad.push_back(r.id.key());
  return c.judge(ok, bad, "report definitions analysing RFCs at planned intervals",
                 "RFCs raised but no report analyses them at planned intervals", "no RFC was raised in the period");
}

}  // namespace

std::vector<check_def> cmdb_checks() {
  return {{"R-9.1-types", types},     {"R-9.1-attrs", attrs},          {"R-9.1-versions", versions},
          {"R-9.1-access", access},   {"R-9.1-relationships", relationships},   {"R-9.1-to-change", to_change},  {"R-9.2-cmdb", cmdb_updated},
          {"R-9.2-policy", policy},   {"R-9.2-route", route},          {"R-9.2-trends", trends}};
}

}  // namespace itsm::report::detail
