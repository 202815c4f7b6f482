#include "live_graph.hpp"

#include <set>
#include <string>

#include "itsm/model/configuration_item.hpp"
#include "itsm/model/relationship.hpp"
#include "itsm/model/service.hpp"
#include "detail/context.hpp"
#include "detail/records.hpp"
#include "policy_store.hpp"

namespace itsm::detail {

namespace {

// Past this many changed records a scan of the CMDB is cheaper than loading each one.
constexpr std::size_t fold_limit = 20000;

graph::kind_table live_kinds(const context& ctx, storage::transaction& tx) {
  auto kinds = graph::kind_table::of(*ctx.policies->relationship_kinds(tx));
  kinds.set({service_component_kind, graph::propagation::to_source, "a service needs a CI that lists it"});
  kinds.set({service_dependency_kind, graph::propagation::to_source, "a service needs a service it depends on"});
  return kinds;
}

graph::node node_of(const model::configuration_item& ci) {
  graph::node n{ci.id.number(), ci.type, ci.name, false, true, 0};
  // A redundancy group is a CI with an integer attribute required_members (its k).
  if (const auto it = ci.attributes.find("required_members");
      it != ci.attributes.end() && it->second.type() == value_type::integer && it->second.as_int() > 0)
    n.required_members = static_cast<std::uint32_t>(it->second.as_int());
  return n;
}

template <class Ids>
std::vector<graph::node_key> service_keys(const Ids& ids) {
  std::vector<graph::node_key> out;
  for (const auto& s : ids) out.push_back(service_node_key(s.number()));
  return out;
}

}  // namespace

graph::graph live_graph::snapshot(const context& ctx) {
  auto tx = ctx.read();  // committed state only: a caller's open write never leaks in
  std::lock_guard lock(m_);
  const auto last_entry = tx->last_audit();
  const std::int64_t last = last_entry ? last_entry->seq : 0;
  if (synced_ < 0 || !sync(*tx, last)) rebuild(ctx, *tx, last);
  if (!built_) built_ = b_.build();
  return *built_;
}

std::int64_t live_graph::synced_seq() {
  std::lock_guard lock(m_);
  return synced_;
}

void live_graph::rebuild(const context& ctx, storage::transaction& tx, std::int64_t last) {
  b_ = graph::builder(live_kinds(ctx, tx));
  services_of_ci_.clear();
  services_of_service_.clear();
  built_.reset();
  for (const auto& s : load_all<model::service>(tx, {})) {
    b_.put_node({service_node_key(s.id.number()), "service", s.name, true, true, 0});
    relink(services_of_service_[service_node_key(s.id.number())], service_node_key(s.id.number()),
           service_keys(s.depends_on), service_dependency_kind, false);
  }
  storage::query live;
  live.where_ne("status", "retired");
  for (const auto& ci : load_all<model::configuration_item>(tx, live)) {
    b_.put_node(node_of(ci));
    relink(services_of_ci_[ci.id.number()], ci.id.number(), service_keys(ci.services), service_component_kind, true);
  }
  storage::query active;
  active.where_eq("status", "active");
  for (const auto& r : load_all<model::relationship>(tx, active))
    if (b_.kinds().find(r.kind)) b_.add_edge({r.source.number(), r.target.number(), r.kind, r.id.number()});
  synced_ = last;
}

// Folds in the entries after synced_; false when a full rebuild is the better (or only) way.
bool live_graph::sync(storage::transaction& tx, std::int64_t last) {
  if (last == synced_) return true;
  std::set<std::pair<std::string, std::string>> touched;  // (kind, key)
  bool everything = false;
  storage::audit_query q;
  q.from_seq = synced_ + 1;
  q.to_seq = last;
  tx.for_each_audit(q, [&](const storage::audit_record& e) {
    if (e.outcome != "applied") return true;
    if (e.kind == "configuration_item" || e.kind == "relationship" || e.kind == "service")
      touched.emplace(e.kind, e.object_id);
    else if (e.kind == "policy" && e.object_id == "relationship_kinds")
      everything = true;  // every edge's propagation may have changed
    return !everything && touched.size() <= fold_limit;
  });
  if (everything || touched.size() > fold_limit) return false;
  for (const auto& [kind, key] : touched) {
    if (kind == "configuration_item") fold_ci(tx, key);
    else if (kind == "relationship") fold_relationship(tx, key);
    else fold_service(tx, key);
  }
  if (!touched.empty()) built_.reset();
  synced_ = last;
  return true;
}

void live_graph::fold_ci(storage::transaction& tx, const std::string& key) {
  const auto ci = load<model::configuration_item>(tx, key);
  if (!ci) return;
  const auto k = ci->id.number();
  auto& services = services_of_ci_[k];
  if (ci->status == model::ci_status::retired) {
    b_.remove_node(k);
    relink(services, k, {}, service_component_kind, true);
    services_of_ci_.erase(k);
    return;
  }
  b_.put_node(node_of(*ci));
  relink(services, k, service_keys(ci->services), service_component_kind, true);
}

void live_graph::fold_relationship(storage::transaction& tx, const std::string& key) {
  const auto r = load<model::relationship>(tx, key);
  if (!r) return;
  b_.remove_edge_by_id(r->id.number());
  if (r->status == model::relationship_status::active && b_.kinds().find(r->kind))
    b_.add_edge({r->source.number(), r->target.number(), r->kind, r->id.number()});
}

void live_graph::fold_service(storage::transaction& tx, const std::string& key) {
  const auto s = load<model::service>(tx, key);
  if (!s) return;
  const auto k = service_node_key(s->id.number());
  b_.put_node({k, "service", s->name, true, true, 0});
  relink(services_of_service_[k], k, service_keys(s->depends_on), service_dependency_kind, false);
}

void live_graph::relink(std::vector<graph::node_key>& old, graph::node_key node, std::vector<graph::node_key> now,
                        const char* kind, bool service_first) {
  if (old == now) return;  // unchanged: touching the service would refold all its edges
  for (const auto s : old) service_first ? b_.remove_edge(s, node, kind) : b_.remove_edge(node, s, kind);
  for (const auto s : now) service_first ? b_.add_edge({s, node, kind, 0}) : b_.add_edge({node, s, kind, 0});
  old = std::move(now);
}

}  // namespace itsm::detail
