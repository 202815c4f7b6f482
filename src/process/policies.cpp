#include "itsm/process/policies.hpp"

#include <fmt/format.h>

#include <set>

#include "itsm/calendar/business_calendar.hpp"
#include "itsm/model/relationship.hpp"
#include "itsm/model/service.hpp"
#include "itsm/model/ticket_records.hpp"
#include "detail/write_scope.hpp"
#include "policy_store.hpp"
#include "relationship_cycles.hpp"
#include "ticket_fields.hpp"

namespace itsm {

namespace {

constexpr const char* kind = "policy";
constexpr std::int64_t max_target_minutes = 100LL * 366 * 24 * 60;  // a century

void need(std::vector<violation>& v, bool ok, const char* rule, std::string text) {
  if (!ok) v.push_back({rule, std::move(text)});
}

void unique_names(std::vector<violation>& v, const std::vector<std::string>& names, const char* rule,
                  const char* what) {
  std::set<std::string> seen;
  for (const auto& n : names) {
    need(v, !n.empty(), rule, fmt::format("a {} needs a name", what));
    need(v, n.empty() || seen.insert(n).second, rule, fmt::format("{} '{}' is defined twice", what, n));
  }
}

void check_approval(std::vector<violation>& v, const approval_rule& a, const char* which) {
  need(v, a.quorum >= 1 && a.quorum <= 100, "R-9.2-approve",
       fmt::format("the {} approval quorum must be 1 to 100, not {}", which, a.quorum));
  need(v, !a.roles.empty() || a.change_manager_required, "R-9.2-approve",
       fmt::format("{} changes name no role whose votes count", which));
}

// Rules that need the store: every service with maintenance slots exists.
std::vector<violation> store_rules(storage::transaction& tx, const change_policy& p) {
  std::vector<violation> v;
  for (const auto& [number, slots] : p.calendar.maintenance) {
    const auto key = service_id(number).key();
    need(v, number > 0 && detail::load<model::service>(tx, key).has_value(), "R-9.2-schedule",
         fmt::format("maintenance slots name service {}, which is not in the catalogue", service_id(number).key()));
  }
  return v;
}

// A relationship kind still used by an active relationship cannot leave the catalogue.
std::vector<violation> store_rules(storage::transaction& tx, const std::vector<model::relationship_kind>& kinds) {
  std::set<std::string> names;
  for (const auto& k : kinds) names.insert(k.name);
  std::set<std::string> missing;
  for (const auto& r : detail::load_all<model::relationship>(tx, {}))
    if (r.status == model::relationship_status::active && !names.count(r.kind)) missing.insert(r.kind);
  std::vector<violation> v;
  for (const auto& m : missing)
    v.push_back({"R-9.1-types", fmt::format("relationship kind '{}' is used by active relationships", m)});
  for (auto& x : detail::acyclic_kinds_rule(tx, kinds)) v.push_back(std::move(x));
  return v;
}
// Every routing rule routes to a stored assignment group (a seed is not checked: a new store
// has no groups yet).
std::vector<violation> store_rules(storage::transaction& tx, const ticket_policy& p) {
  std::vector<violation> v;
  for (const auto& r : p.routing)
    if (!r.group.empty() && !detail::load<model::assignment_group>(tx, r.group))
      v.push_back({"R-8.1-procedure", fmt::format("a routing rule names group '{}', which is not a stored "
                                                  "assignment group", r.group)});
  return v;
}
std::vector<violation> store_rules(storage::transaction&, const release_policy&) { return {}; }
std::vector<violation> store_rules(storage::transaction&, const std::vector<attribute_source>&) { return {}; }

// The write path of a policy change: authorize first (a denied caller learns nothing of the
// store), then the rules, then the new revision with its audit entry.
template <class P>
std::int64_t store(const detail::context& ctx, const actor& who, std::string_view name, const P& p,
                   const write_options& opts) {
  detail::write_scope w(ctx, who, "set_policy");
  const std::string key(name);
  w.authorize(kind, key);
  auto v = check_policy(p);
  for (auto& x : store_rules(w.tx(), p)) v.push_back(std::move(x));
  w.rules(v, kind, key);
  auto before = w.get<detail::stored_policy>(key);
  auto after = before;
  after.body = to_json(p);
  if (after.body == before.body) return before.revision;  // nothing to change, nothing written
  const auto revision = w.save(after, &before, opts, "changed").revision;
  w.commit();
  return revision;
}

template <class F>
auto read(const detail::context& ctx, const actor& who, std::string_view name, F&& get) {
  detail::authorize_read(ctx, who, kind, std::string(name));  // before anything is read
  auto tx = ctx.read();
  return *get(*ctx.policies, *tx);
}

}  // namespace

std::vector<violation> check_policy(const ticket_policy& p) {
  std::vector<violation> v;
  for (const auto& row : p.matrix.cells)
    for (int cell : row)
      need(v, cell >= 1 && cell <= 5, "R-8.1-priority", fmt::format("priority {} is not 1 to 5", cell));
  need(v, p.major.max_priority >= 1 && p.major.max_priority <= 5, "R-8.1-major",
       fmt::format("the major-incident priority {} is not 1 to 5", p.major.max_priority));
  need(v, p.security_priority_floor >= 1 && p.security_priority_floor <= 5, "R-6.6-incidents",
       fmt::format("the security priority floor {} is not 1 to 5", p.security_priority_floor));
  for (int percent : p.escalation_percent)
    need(v, percent >= 1 && percent <= 1000, "R-8.1-inform",
         fmt::format("escalation threshold {}% is not 1 to 1000", percent));
  for (const auto& [name, cal] : p.calendars) {
    need(v, !name.empty(), "R-6.1-sla", "a named calendar needs a name");
    try {
      cal.validate();
    } catch (const error& e) {
      v.push_back({"R-6.1-sla", fmt::format("calendar '{}': {}", name, e.what())});
    }
  }
  for (const auto& [type, t] : p.request_targets)
    need(v, t.response_minutes >= 0 && t.response_minutes <= max_target_minutes && t.resolution_minutes >= 0 &&
                t.resolution_minutes <= max_target_minutes,
         "R-8.1-requests", fmt::format("request type '{}' has a target outside 0 to 100 years", type));
  for (auto& x : detail::field_and_routing_problems(p)) v.push_back(std::move(x));
  return v;
}

std::vector<violation> check_policy(const change_policy& p) {
  std::vector<violation> v;
  for (const auto& t : p.controlled_ci_types) need(v, !t.empty(), "R-9.2-policy", "a controlled CI type needs a name");
  need(v, p.major_service_threshold >= 1, "R-9.2-policy", "the major-change service threshold must be at least 1");
  std::vector<std::string> models;
  for (const auto& m : p.standard_models) models.push_back(m.name);
  unique_names(v, models, "R-9.2-policy", "standard change model");
  check_approval(v, p.normal, "normal");
  check_approval(v, p.major, "major");
  check_approval(v, p.emergency, "emergency");
  for (const auto& f : p.calendar.freezes)
    need(v, !f.when.start.is_special() && !f.when.end.is_special() && f.when.start < f.when.end, "R-9.2-schedule",
         fmt::format("freeze '{}' must start before it ends", f.name));
  for (const auto& [service, slots] : p.calendar.maintenance)
    for (const auto& s : slots)
      need(v, s.weekday >= 0 && s.weekday <= 6 && s.start_minute >= 0 && s.start_minute < s.end_minute &&
                  s.end_minute <= 2880,
           "R-9.2-schedule",
           fmt::format("a maintenance slot of {} is not a weekday 0-6 with 0 <= start < end <= 2880 minutes",
                       service_id(service).key()));
  for (const auto& [service, zone] : p.calendar.maintenance_zones) {
    try {
      calendar::calendar_definition::always_open(zone).validate();
    } catch (const error&) {
      v.push_back({"R-9.2-schedule", fmt::format("the maintenance time zone '{}' of {} is not a known IANA zone", zone,
                                                 service_id(service).key())});
    }
  }
  return v;
}

std::vector<violation> check_policy(const release_policy& p) {
  std::vector<violation> v;
  need(v, !p.types.empty(), "R-9.3-policy", "the release policy names no release type");
  unique_names(v, p.types, "R-9.3-policy", "release type");
  need(v, !p.min_interval.is_special() && !p.min_interval.is_negative(), "R-9.3-policy",
       "the minimum interval between releases cannot be negative");
  need(v, !p.measure_window.is_special() && !p.measure_window.is_negative(), "R-9.3-measure",
       "the measurement window cannot be negative");
  return v;
}

std::vector<violation> check_policy(const std::vector<model::relationship_kind>& kinds) {
  std::vector<violation> v;
  std::vector<std::string> names;
  for (const auto& k : kinds) names.push_back(k.name);
  unique_names(v, names, "R-9.1-types", "relationship kind");
  for (const auto& n : names)
    if (n == "service_component" || n == "service_depends_on")
      v.push_back({"R-9.1-types", fmt::format("relationship kind '{}' is reserved: the CMDB graph links services with it", n)});
  return v;
}

// One owner per column of a type (R-9.1-access: the source trusted with it).
std::vector<violation> check_policy(const std::vector<attribute_source>& owners) {
  std::vector<violation> v;
  std::set<std::pair<std::string, std::string>> seen;
  for (const auto& o : owners) {
    need(v, !o.type.empty() && !o.attribute.empty(), "R-9.1-access", "an attribute owner names a CI type and a column");
    need(v, seen.emplace(o.type, o.attribute).second, "R-9.1-access",
         fmt::format("column '{}' of type '{}' has two owners", o.attribute, o.type));
  }
  return v;
}

policy_management::policy_management(std::shared_ptr<const detail::context> ctx) : ctx_(std::move(ctx)) {}

ticket_policy policy_management::tickets(const actor& who) const {
  return read(*ctx_, who, policy_names::tickets, [](const auto& ps, auto& tx) { return ps.tickets(tx); });
}
change_policy policy_management::changes(const actor& who) const {
  return read(*ctx_, who, policy_names::changes, [](const auto& ps, auto& tx) { return ps.changes(tx); });
}
release_policy policy_management::releases(const actor& who) const {
  return read(*ctx_, who, policy_names::releases, [](const auto& ps, auto& tx) { return ps.releases(tx); });
}
std::vector<model::relationship_kind> policy_management::relationship_kinds(const actor& who) const {
  return read(*ctx_, who, policy_names::relationship_kinds,
              [](const auto& ps, auto& tx) { return ps.relationship_kinds(tx); });
}
std::vector<attribute_source> policy_management::attribute_sources(const actor& who) const {
  return read(*ctx_, who, policy_names::attribute_sources,
              [](const auto& ps, auto& tx) { return ps.attribute_sources(tx); });
}

std::int64_t policy_management::revision(const actor& who, std::string_view name) const {
  detail::authorize_read(*ctx_, who, kind, std::string(name));
  auto tx = ctx_->read();
  auto p = detail::load<detail::stored_policy>(*tx, std::string(name));
  if (!p) throw_error(errc::not_found, "there is no policy named '" + std::string(name) + "'");
  return p->revision;
}

std::int64_t policy_management::set_tickets(const actor& who, const ticket_policy& p, const write_options& opts) {
  return store(*ctx_, who, policy_names::tickets, p, opts);
}
std::int64_t policy_management::set_changes(const actor& who, const change_policy& p, const write_options& opts) {
  return store(*ctx_, who, policy_names::changes, p, opts);
}
std::int64_t policy_management::set_releases(const actor& who, const release_policy& p, const write_options& opts) {
  return store(*ctx_, who, policy_names::releases, p, opts);
}
std::int64_t policy_management::set_relationship_kinds(const actor& who,
                                                       const std::vector<model::relationship_kind>& kinds,
                                                       const write_options& opts) {
  return store(*ctx_, who, policy_names::relationship_kinds, kinds, opts);
}
std::int64_t policy_management::set_attribute_sources(const actor& who, const std::vector<attribute_source>& owners,
                                                      const write_options& opts) {
  return store(*ctx_, who, policy_names::attribute_sources, owners, opts);
}

namespace detail {

void seed_policies(const context& ctx, const policy_set& seed) {
  const actor library{"itsm", {}};
  auto one = [&](std::string_view name, const auto& p) {
    write_scope w(ctx, library, "seed_policy");
    const std::string key(name);
    if (load<stored_policy>(w.tx(), key)) return;  // the store has its rules: options do not override them
    w.authorize_store_initialisation();
    w.rules(check_policy(p), kind, key);
    w.save(stored_policy{key, 0, to_json(p)}, nullptr, {"seeded from sms_options on a new store", ""}, "seeded");
    w.commit();
  };
  one(policy_names::tickets, seed.tickets);
  one(policy_names::changes, seed.changes);
  one(policy_names::releases, seed.releases);
  one(policy_names::relationship_kinds, seed.relationship_kinds);
  one(policy_names::attribute_sources, seed.attribute_sources);
}

}  // namespace detail

}  // namespace itsm
