#include "itsm/process/configuration.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "itsm/model/service.hpp"
#include "detail/change_control.hpp"
#include "detail/write_scope.hpp"
#include "itsm/model/customer.hpp"
#include "ci_types.hpp"
#include "cmdb_reads.hpp"
#include "link_queries.hpp"
#include "policy_store.hpp"
#include "relationship_cycles.hpp"
#include "reads.hpp"
#include "versions.hpp"

namespace itsm {

using model::ci_status;
using model::ci_type;
using model::configuration_item;
using model::relationship;
using model::relationship_status;

namespace {


// The type and its ancestors, nearest first. Stops (without looping) on a parent cycle.
// `proposed`, when given, stands in for the stored definition of the type of its name (a
// redefinition being checked against the CIs it would govern).
std::vector<ci_type> lineage(storage::transaction& tx, const std::string& name, const ci_type* proposed = nullptr) {
  std::vector<ci_type> chain;
  std::set<std::string> seen;
  std::string next = name;
  while (!next.empty() && seen.insert(next).second) {
    auto t = proposed && proposed->name == next ? std::optional<ci_type>(*proposed) : detail::load<ci_type>(tx, next);
    if (!t) break;
    next = t->parent;
    chain.push_back(std::move(*t));
  }
  return chain;
}

ci_type merge(const std::vector<ci_type>& chain) {
  ci_type out = chain.front();
  for (std::size_t i = 1; i < chain.size(); ++i) {
    for (const auto& a : chain[i].attributes) {
      bool overridden = false;
      for (const auto& own : out.attributes) overridden = overridden || own.name == a.name;
      if (!overridden) out.attributes.push_back(a);
    }
    for (const auto& k : chain[i].relationship_kinds)
      if (std::find(out.relationship_kinds.begin(), out.relationship_kinds.end(), k) ==
          out.relationship_kinds.end())
        out.relationship_kinds.push_back(k);
  }
  return out;
}

// Violations of `ci`'s attributes against its type's effective definition, constraints included
// (R-9.1-types). redefinition_rules uses it too, so a tightened constraint is checked against
// the CIs already stored.
std::vector<violation> attribute_rules(const ci_type& type, const configuration_item& ci) {
  return model::check_attributes(type.attributes, ci.attributes, "type '" + ci.type + "'");
}

// The names of `root` and of every type that inherits from it.
std::vector<std::string> subtree(storage::transaction& tx, const std::string& root) {
  std::vector<std::string> out;
  for (const auto& t : detail::load_all<ci_type>(tx, storage::query{}))
    for (const auto& anc : lineage(tx, t.name))
      if (anc.name == root) {
        out.push_back(t.name);
        break;
      }
  return out;
}

std::vector<configuration_item> live_cis_of(storage::transaction& tx, const std::string& type) {
  storage::query q;
  q.kind = configuration_item::def().name();
  q.where_eq("type", type);
  auto all = detail::load_all<configuration_item>(tx, q);
  std::erase_if(all, [](const auto& ci) { return ci.status == ci_status::retired; });
  return all;
}

}  // namespace

std::optional<ci_type> detail::effective_ci_type(storage::transaction& tx, const std::string& name) {
  const auto chain = lineage(tx, name);
  if (chain.empty()) return std::nullopt;
  return merge(chain);
}

configuration_management::configuration_management(std::shared_ptr<const detail::context> ctx)
    : ctx_(std::move(ctx)) {}

// ---- CI types -------------------------------------------------------------------------------

std::vector<violation> configuration_management::type_rules(storage::transaction& tx,
                                                             const ci_type& t) const {
  auto v = t.check();
  if (!t.parent.empty()) {
    if (!detail::load<ci_type>(tx, t.parent)) {
      v.push_back({"R-9.1-types", fmt::format("parent type '{}' is not defined", t.parent)});
    } else {
      for (const auto& anc : lineage(tx, t.parent))
        if (anc.name == t.name)
          v.push_back({"R-9.1-types", fmt::format("type '{}' would be its own ancestor", t.name)});
    }
  }
  for (const auto& k : t.relationship_kinds)
    if (!model::find_relationship_kind(*ctx_->policies->relationship_kinds(tx), k))
      v.push_back({"R-9.1-types", fmt::format("relationship kind '{}' is not in the catalogue", k)});
  return v;
}

ci_type configuration_management::define_type(const actor& who, ci_type type, const write_options& opts) {
  detail::write_scope w(*ctx_, who, "define");
  auto before = detail::load<ci_type>(w.tx(), type.name);
  type.revision = before ? before->revision : 0;
  w.authorize("ci_type", type.name);
  auto v = type_rules(w.tx(), type);
  if (before && v.empty()) {
    auto more = redefinition_rules(w.tx(), *before, type);
    v.insert(v.end(), more.begin(), more.end());
  }
  w.rules(v, "ci_type", type.name);
  auto saved = w.save(std::move(type), before ? &*before : nullptr, opts, before ? "updated" : "created");
  w.commit();
  return saved;
}

std::vector<violation> configuration_management::redefinition_rules(storage::transaction& tx, const ci_type& before,
                                                                     const ci_type& after) const {
  std::vector<violation> v;
  const auto policy = ctx_->policies->changes(tx);
  // R-9.1-types: every CI the new definition would govern must still conform to it, or later
  // writes to it would all be refused.
  const auto governed = subtree(tx, after.name);
  std::size_t broken = 0;
  for (const auto& t : governed) {
    const auto effective = merge(lineage(tx, t, &after));
    for (const auto& ci : live_cis_of(tx, t))
      if (auto bad = attribute_rules(effective, ci); !bad.empty() && ++broken <= 3)
        v.push_back({"R-9.1-types", fmt::format("redefining '{}' would leave {} invalid: {}", after.name,
                                                ci.id.key(), bad.front().message)});
  }
  if (broken > 3)
    v.push_back({"R-9.1-types", fmt::format("... and {} more CIs; migrate them first", broken - 3)});
  // R-9.2-record: a new parent must not take change control away from existing CIs.
  if (before.parent != after.parent && detail::ci_type_controlled(*policy, tx, before.parent) &&
      !detail::ci_type_controlled(*policy, tx, after.parent)) {
    const auto& listed = policy->controlled_ci_types;
    // A type between `t` and the redefined type (inclusive) that is itself listed keeps `t`
    // controlled whatever the parent.
    auto listed_below = [&](const std::string& t) {
      for (const auto& anc : lineage(tx, t, &after)) {
        if (std::find(listed.begin(), listed.end(), anc.name) != listed.end()) return true;
        if (anc.name == after.name) break;
      }
      return false;
    };
    std::size_t freed = 0;
    for (const auto& t : governed)
      if (!listed_below(t)) freed += live_cis_of(tx, t).size();
    if (freed > 0)
      v.push_back({"R-9.2-record",
                   fmt::format("moving '{}' from parent '{}' to '{}' would take {} CIs out of change control; "
                               "change the change policy instead",
                               after.name, before.parent, after.parent.empty() ? "(none)" : after.parent, freed)});
  }
  return v;
}

std::optional<ci_type> configuration_management::find_type(const actor& who, const std::string& name) const {
  return detail::reader(*ctx_, who, "ci_type").one<ci_type>(name);
}

std::vector<ci_type> configuration_management::types(const actor& who) const {
  return detail::reader(*ctx_, who, "ci_type").all<ci_type>();
}

ci_type configuration_management::effective_type(const actor& who, const std::string& name) const {
  detail::reader r(*ctx_, who, "ci_type");
  auto chain = lineage(r.tx(), name);
  if (chain.empty()) throw_error(errc::not_found, "CI type '" + name + "' is not defined");
  return merge(chain);
}

// ---- CIs ------------------------------------------------------------------------------------

std::vector<violation> configuration_management::ci_rules(detail::cmdb_reads& in, const configuration_item& ci) const {
  auto v = ci.check();
  if (ci.type.empty()) return v;
  const auto* type = in.type(ci.type);
  if (!type) {
    v.push_back({"R-9.1-types", fmt::format("CI type '{}' is not defined", ci.type)});
    return v;
  }
  for (auto& x : attribute_rules(*type, ci)) v.push_back(std::move(x));
  if (const auto key = model::identity_key(ci.name); ci.status != ci_status::retired && !key.empty())
    for (const auto& other : in.same_name(ci.type, key))
      if (other.id != ci.id)
        v.push_back({"R-9.1-unique", fmt::format("a {} named '{}' already exists ({}, '{}')", ci.type,
                                                 ci.name, other.id.key(), other.name)});
  for (const auto& s : ci.services)
    if (!detail::load<model::service>(in.tx(), s.key()))
      v.push_back({"R-9.1-attrs", fmt::format("service {} does not exist", s.key())});
  if (ci.customer.valid() && !detail::load<model::customer>(in.tx(), ci.customer.key()))
    v.push_back({"R-7.1-parties", fmt::format("customer {} does not exist", ci.customer.key())});
  return v;
}

std::vector<violation> configuration_management::create_rules(detail::cmdb_reads& in, const configuration_item& draft,
                                                               const std::string& reference) const {
  auto v = ci_rules(in, draft);
  for (auto& x : in.change_control(draft.type, "", reference)) v.push_back(std::move(x));
  return v;
}

std::vector<violation> configuration_management::update_rules(detail::cmdb_reads& in, const configuration_item& before,
                                                               const configuration_item& edited,
                                                               const std::string& reference) const {
  const auto key = before.id.key();
  auto v = ci_rules(in, edited);
  if (before.status == ci_status::retired)
    v.push_back({"R-9.1-versions", key + " is retired and can no longer change"});
  else if (edited.status == ci_status::retired)  // retire() also retires its relationships
    v.push_back({"R-9.1-versions", key + " is retired through retire(), not update()"});
  if (edited.type != before.type)
    v.push_back({"R-9.1-types", fmt::format("{} cannot change type ({} -> {}); retire it and create a new CI",
                                            key, before.type, edited.type)});
  for (auto& x : in.change_control(before.type, key, reference)) v.push_back(std::move(x));
  return v;
}

configuration_item configuration_management::create(const actor& who, configuration_item draft,
                                                     const write_options& opts) {
  if (draft.id.valid() || draft.revision != 0)
    throw_error(errc::invalid_argument, "create takes a draft without id or revision");
  detail::write_scope w(*ctx_, who, "create");
  w.authorize("configuration_item", "", draft.type, draft.customer.key());
  detail::cmdb_reads in(*ctx_, w.tx());
  w.rules(create_rules(in, draft, opts.reference), "configuration_item", "");
  auto saved = w.save(std::move(draft), nullptr, opts, "created");
  w.commit();
  return saved;
}

configuration_item configuration_management::update(const actor& who, const configuration_item& edited,
                                                     const write_options& opts) {
  detail::write_scope w(*ctx_, who, "update");
  const auto key = edited.id.key();
  auto before = w.get<configuration_item>(key);
  detail::cmdb_reads in(*ctx_, w.tx());
  auto v = update_rules(in, before, edited, opts.reference);
  w.authorize("configuration_item", key, before.type, before.customer.key());
  if (before.revision != edited.revision)
    throw_error(errc::conflict, fmt::format("{} is at revision {}, not {}: reload and retry", key,
                                            before.revision, edited.revision));
  w.rules(v, "configuration_item", key);
  auto saved = w.save(edited, &before, opts, "updated");
  w.commit();
  return saved;
}

configuration_item configuration_management::retire(const actor& who, ci_id id, const write_options& opts) {
  detail::write_scope w(*ctx_, who, "retire");
  const auto key = id.key();
  auto before = w.get<configuration_item>(key);
  std::vector<violation> v;
  if (before.status == ci_status::retired) v.push_back({"R-9.1-versions", key + " is already retired"});
  for (auto& x : detail::cmdb_reads(*ctx_, w.tx()).change_control(before.type, key, opts.reference))
    v.push_back(std::move(x));
  w.authorize("configuration_item", key, before.type, before.customer.key());
  w.rules(v, "configuration_item", key);
  auto after = before;
  after.status = ci_status::retired;
  auto saved = w.save(after, &before, opts, "retired");
  for (auto dir : {"source", "target"}) {
    storage::query q;
    q.kind = relationship::def().name();
    q.where_eq(dir, key).where_eq("status", "active");
    for (const auto& r : detail::load_all<relationship>(w.tx(), q)) {
      auto retired = r;
      retired.status = relationship_status::retired;
      w.save(retired, &r, opts, "retired");
    }
  }
  w.commit();
  return saved;
}

std::vector<violation> configuration_management::check_create(const actor& who, const configuration_item& draft,
                                                              const std::string& reference) const {
  detail::reader r(*ctx_, who, "configuration_item");
  detail::cmdb_reads in(*ctx_, r.tx());
  return create_rules(in, draft, reference);
}

std::vector<violation> configuration_management::check_update(const actor& who, const configuration_item& edited,
                                                              const std::string& reference) const {
  detail::reader r(*ctx_, who, "configuration_item");
  auto before = r.one<configuration_item>(edited.id.key());
  if (!before) return {{"R-9.1-versions", edited.id.key() + " does not exist"}};
  detail::cmdb_reads in(*ctx_, r.tx());
  return update_rules(in, *before, edited, reference);
}

// ---- relationships and links ----------------------------------------------------------------

std::vector<violation> configuration_management::relate_rules(detail::cmdb_reads& in, ci_id source,
                                                               const std::string& kind, ci_id target,
                                                               const std::string& reference,
                                                               const std::pair<const configuration_item*,
                                                                               const configuration_item*>& loaded) const {
  relationship r;
  r.kind = kind;
  r.source = source;
  r.target = target;
  auto v = r.check();
  auto src = loaded.first ? std::optional(*loaded.first) : detail::load<configuration_item>(in.tx(), source.key());
  auto dst = loaded.second ? std::optional(*loaded.second) : detail::load<configuration_item>(in.tx(), target.key());
  if (!src) v.push_back({"R-9.1-attrs", "source CI " + source.key() + " does not exist"});
  if (!dst) v.push_back({"R-9.1-attrs", "target CI " + target.key() + " does not exist"});
  if (src && src->status == ci_status::retired)
    v.push_back({"R-9.1-attrs", "source CI " + source.key() + " is retired"});
  if (dst && dst->status == ci_status::retired)
    v.push_back({"R-9.1-attrs", "target CI " + target.key() + " is retired"});
  const auto stored_kind = in.relationship_kind(kind);
  if (!stored_kind) {
    v.push_back({"R-9.1-types", "relationship kind '" + kind + "' is not in the catalogue"});
  } else if (src) {
    if (const auto* type = in.type(src->type)) {
      const auto& allowed = type->relationship_kinds;
      if (std::find(allowed.begin(), allowed.end(), kind) == allowed.end())
        v.push_back({"R-9.1-types", fmt::format("type '{}' does not allow relationship kind '{}'", src->type, kind)});
    }
  }
  if (src && dst) {
    if (in.related(source, kind, target))
      v.push_back({"R-9.1-unique", fmt::format("{} {} {} is already recorded", source.key(), kind, target.key())});
    else if (stored_kind && source != target)
      for (auto& x : detail::cycle_rule(in.tx(), *stored_kind, source, target)) v.push_back(std::move(x));
  }
  for (const auto* end : {&src, &dst})  // a relationship is part of both CIs' configuration
    if (*end)
      for (auto& x : in.change_control((*end)->type, (*end)->id.key(), reference)) v.push_back(std::move(x));
  return v;
}

relationship configuration_management::relate(const actor& who, ci_id source, const std::string& kind,
                                              ci_id target, const write_options& opts) {
  detail::write_scope w(*ctx_, who, "relate");
  detail::cmdb_reads in(*ctx_, w.tx());
  auto v = relate_rules(in, source, kind, target, opts.reference);
  w.authorize("relationship", "", kind);
  w.rules(v, "relationship", "");
  relationship r;
  r.kind = kind;
  r.source = source;
  r.target = target;
  auto saved = w.save(std::move(r), nullptr, opts, "created");
  w.commit();
  return saved;
}

std::vector<violation> configuration_management::check_relate(const actor& who, ci_id source, const std::string& kind,
                                                              ci_id target, const std::string& reference) const {
  detail::reader r(*ctx_, who, "relationship");
  detail::cmdb_reads in(*ctx_, r.tx());
  return relate_rules(in, source, kind, target, reference);
}

relationship configuration_management::unrelate(const actor& who, relationship_id id, const write_options& opts) {
  detail::write_scope w(*ctx_, who, "unrelate");
  auto before = w.get<relationship>(id.key());
  std::vector<violation> v;
  if (before.status == relationship_status::retired) v.push_back({"R-9.1-versions", id.key() + " is already retired"});
  detail::cmdb_reads in(*ctx_, w.tx());
  for (const auto& end : {before.source, before.target})
    if (auto ci = detail::load<configuration_item>(w.tx(), end.key()))
      for (auto& x : in.change_control(ci->type, ci->id.key(), opts.reference)) v.push_back(std::move(x));
  w.authorize("relationship", id.key(), before.kind);
  w.rules(v, "relationship", id.key());
  auto after = before;
  after.status = relationship_status::retired;
  auto saved = w.save(after, &before, opts, "retired");
  w.commit();
  return saved;
}

model::link configuration_management::link_ci(const actor& who, ci_id ci, const std::string& other_kind,
                                              const std::string& other_id, const std::string& role,
                                              const write_options& opts) {
  detail::write_scope w(*ctx_, who, "link");
  std::vector<violation> v;
  if (!detail::load<configuration_item>(w.tx(), ci.key()))
    v.push_back({"R-9.1-attrs", "CI " + ci.key() + " does not exist"});
  if (!ctx_->schemas.count(other_kind) || other_kind == detail::sequence_kind || other_kind == "policy") {
    v.push_back({"R-9.1-attrs", "unknown record kind '" + other_kind + "'"});
  } else if (other_kind == configuration_item::def().name() && other_id == ci.key()) {
    v.push_back({"R-9.1-attrs", "a CI is not linked to itself"});
  } else if (!w.tx().get(other_kind, other_id)) {
    v.push_back({"R-9.1-attrs", other_kind + " " + other_id + " does not exist"});
  }
  if (role.empty()) v.push_back({"R-9.1-attrs", "a link names its role"});
  w.authorize("link", "", other_kind);
  w.rules(v, "link", "");
  model::link l;
  l.from_kind = other_kind;
  l.from_id = other_id;
  l.to_kind = configuration_item::def().name();
  l.to_id = ci.key();
  l.role = role;
  auto saved = w.save(std::move(l), nullptr, opts, "created");
  w.commit();
  return saved;
}

// ---- queries --------------------------------------------------------------------------------

std::optional<configuration_item> configuration_management::find(const actor& who, ci_id id) const {
  return detail::reader(*ctx_, who, "configuration_item").one<configuration_item>(id.key());
}

std::optional<configuration_item> configuration_management::find_by_name(const actor& who, const std::string& type,
                                                                         const std::string& name) const {
  detail::reader r(*ctx_, who, "configuration_item");
  std::optional<configuration_item> found;
  auto load = [&](const storage::query& q) { return r.all<configuration_item>(q); };
  for (auto& ci : detail::same_identity(load, type, name)) {
    if (ci.status == ci_status::retired) continue;
    // Duplicates stored before identity was case-insensitive: the exact spelling wins.
    if (!found || (ci.name == name && found->name != name)) found = std::move(ci);
  }
  return found;
}

std::vector<configuration_item> configuration_management::list(const actor& who, const std::string& type) const {
  storage::query q;
  if (!type.empty()) q.where_eq("type", type);
  return detail::reader(*ctx_, who, "configuration_item").all<configuration_item>(q);
}

std::vector<relationship> configuration_management::relationships(const actor& who, ci_id id, direction d,
                                                                  bool include_retired) const {
  detail::reader reader(*ctx_, who, "relationship");
  std::vector<relationship> out;
  auto add = [&](const char* field) {
    storage::query q;
    q.where_eq(field, id.key());
    if (!include_retired) q.where_eq("status", "active");
    for (auto& r : reader.all<relationship>(q)) out.push_back(std::move(r));
  };
  if (d != direction::incoming) add("source");
  if (d != direction::outgoing) add("target");
  return out;
}

std::vector<relationship> configuration_management::all_relationships(const actor& who, bool include_retired) const {
  storage::query q;
  if (!include_retired) q.where_eq("status", "active");
  return detail::reader(*ctx_, who, "relationship").all<relationship>(q);
}

std::vector<model::link> configuration_management::links(const actor& who, const std::string& kind,
                                                         const std::string& id) const {
  detail::reader reader(*ctx_, who, "link");
  std::vector<model::link> out;
  for (const auto& q : detail::links_touching(kind, id))
    for (auto& l : reader.all<model::link>(q)) out.push_back(std::move(l));
  return out;
}

std::vector<version_entry> configuration_management::history(const actor& who, ci_id id) const {
  detail::reader reader(*ctx_, who, "configuration_item");
  if (!reader.one<configuration_item>(id.key())) return {};
  auto* tx = &reader.tx();
  std::vector<std::pair<std::string, std::string>> objects{{configuration_item::def().name(), id.key()}};
  for (auto dir : {"source", "target"}) {
    storage::query q;
    q.where_eq(dir, id.key());
    for (const auto& r : reader.all<relationship>(q))
      objects.emplace_back(relationship::def().name(), r.id.key());
  }
  std::vector<version_entry> out;
  for (const auto& [kind, key] : objects) detail::append_versions(*ctx_, *tx, kind, key, out);
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.seq < b.seq; });
  return out;
}

configuration_item configuration_management::at_revision(const actor& who, ci_id id, std::int64_t revision) const {
  const auto& k = configuration_item::def();
  const auto& schema = ctx_->schema(k.name());
  detail::reader reader(*ctx_, who, k.name());
  if (!reader.one<configuration_item>(id.key()))
    throw_error(errc::not_found, fmt::format("{} has no revision {}", id.key(), revision));
  auto* tx = &reader.tx();
  storage::audit_query q;
  q.kind = k.name();
  q.object_id = id.key();
  std::vector<value> values(k.fields().size());
  bool found = false;
  for (const auto& e : tx->scan_audit(q)) {
    if (e.outcome != "applied" || e.revision > revision) continue;
    for (const auto& c : audit::decode_changes(e.changes, schema))
      if (auto i = schema.field_index(c.field)) values[*i] = c.after;
    found = found || e.revision == revision;
  }
  if (!found) throw_error(errc::not_found, fmt::format("{} has no revision {}", id.key(), revision));
  return k.decode(id.key(), revision, values);
}

// ---- baselines ------------------------------------------------------------------------------

namespace {
template <class T>
std::map<std::string, value> flatten(const T& obj) {
  const auto& k = T::def();
  std::map<std::string, value> out;
  const auto values = k.encode(obj);
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (k.fields()[i].name == "attributes" || k.fields()[i].name == "name_key") continue;  // name_key: derived
    out[k.fields()[i].name] = values[i];
  }
  if constexpr (std::is_same_v<T, configuration_item>)
    for (const auto& [name, v] : obj.attributes) out["attributes." + name] = v;
  return out;
}

baseline_scope scope_of(const model::baseline& b) {
  const auto snap = decode_snapshot(b.content);
  std::vector<ci_id> ids;
  for (const auto& [key, f] : snap.cis) ids.push_back(ci_id::parse(key));
  return baseline_scope::of(std::move(ids));
}
}  // namespace

configuration_snapshot configuration_management::snapshot(storage::transaction& tx,
                                                          const baseline_scope& scope) const {
  configuration_snapshot snap;
  std::vector<configuration_item> cis;
  if (scope.selection == baseline_scope::by::list) {
    for (const auto& id : scope.cis)
      if (auto ci = detail::load<configuration_item>(tx, id.key())) cis.push_back(std::move(*ci));
  } else {
    for (auto& ci : detail::load_all<configuration_item>(tx, {})) {
      if (scope.selection == baseline_scope::by::service &&
          std::find(ci.services.begin(), ci.services.end(), scope.service) == ci.services.end())
        continue;
      cis.push_back(std::move(ci));
    }
  }
  for (const auto& ci : cis) {
    if (ci.status == ci_status::retired) continue;
    snap.cis[ci.id.key()] = flatten(ci);
  }
  for (const auto& [key, f] : snap.cis) {
    for (auto dir : {"source", "target"}) {
      storage::query q;
      q.where_eq(dir, key).where_eq("status", "active");
      for (const auto& r : detail::load_all<relationship>(tx, q)) snap.relationships[r.id.key()] = flatten(r);
    }
  }
  return snap;
}

configuration_snapshot configuration_management::snapshot(const actor& who, const baseline_scope& scope) const {
  detail::reader reader(*ctx_, who, "configuration_item");
  return snapshot(reader.tx(), scope);
}

model::baseline configuration_management::take_baseline(const actor& who, const std::string& name,
                                                         const baseline_scope& scope, const write_options& opts) {
  detail::write_scope w(*ctx_, who, "baseline");
  auto saved = take_baseline_in(w, name, scope, opts);
  w.commit();
  return saved;
}

model::baseline configuration_management::take_baseline_in(detail::write_scope& w, const std::string& name,
                                                           const baseline_scope& scope, const write_options& opts) {
  w.authorize("baseline", "", name);
  std::vector<violation> v;
  if (name.empty()) v.push_back({"R-9.1-baseline", "a baseline needs a name"});
  storage::query q;
  q.where_eq("name", name);
  if (!name.empty() && !detail::load_all<model::baseline>(w.tx(), q).empty())
    v.push_back({"R-9.1-baseline", "a baseline named '" + name + "' already exists"});
  auto snap = snapshot(w.tx(), scope);
  if (snap.cis.empty()) v.push_back({"R-9.1-baseline", "the baseline scope selects no live CI"});
  w.rules(v, "baseline", "");
  model::baseline b;
  b.name = name;
  b.scope = scope.selection == baseline_scope::by::all       ? "all"
            : scope.selection == baseline_scope::by::service ? "service:" + scope.service.key()
                                                             : "list";
  b.taken_at = w.now();
  b.taken_by = w.who().name;
  b.content = encode_snapshot(snap);
  return w.save(std::move(b), nullptr, opts, "taken");
}

std::optional<model::baseline> configuration_management::find_baseline(const actor& who, baseline_id id) const {
  return detail::reader(*ctx_, who, "baseline").one<model::baseline>(id.key());
}

baseline_diff configuration_management::compare_baselines(const actor& who, baseline_id from, baseline_id to) const {
  auto a = find_baseline(who, from), b = find_baseline(who, to);
  if (!a) throw_error(errc::not_found, "baseline " + from.key() + " does not exist");
  if (!b) throw_error(errc::not_found, "baseline " + to.key() + " does not exist");
  return compare(decode_snapshot(a->content), decode_snapshot(b->content));
}

baseline_diff configuration_management::compare_with_now(const actor& who, baseline_id from) const {
  auto a = find_baseline(who, from);
  if (!a) throw_error(errc::not_found, "baseline " + from.key() + " does not exist");
  baseline_scope scope;
  if (a->scope == "all") scope = baseline_scope::all();
  else if (a->scope.rfind("service:", 0) == 0) scope = baseline_scope::of_service(service_id::parse(a->scope.substr(8)));
  else scope = scope_of(*a);
  return compare(decode_snapshot(a->content), snapshot(who, scope));
}

}  // namespace itsm
