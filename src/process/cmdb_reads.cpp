#include "cmdb_reads.hpp"

#include "ci_types.hpp"
#include "detail/change_control.hpp"
#include "detail/records.hpp"
#include "policy_store.hpp"

namespace itsm::detail {

using model::configuration_item;

cmdb_reads::cmdb_reads(const context& ctx, storage::transaction& tx) : ctx_(ctx), tx_(tx) {}

const model::ci_type* cmdb_reads::type(const std::string& name) {
  auto it = types_.find(name);
  if (it == types_.end()) it = types_.emplace(name, effective_ci_type(tx_, name)).first;
  return it->second ? &*it->second : nullptr;
}

const change_policy& cmdb_reads::changes() {
  if (!changes_) changes_ = ctx_.policies->changes(tx_);
  return *changes_;
}

std::vector<violation> cmdb_reads::change_control(const std::string& type, const std::string& key,
                                                  const std::string& reference) {
  auto it = controlled_.find(type);
  if (it == controlled_.end()) it = controlled_.emplace(type, ci_type_controlled(changes(), tx_, type)).first;
  if (!it->second) return {};
  return change_control_rules(changes(), tx_, type, key, reference);
}

std::optional<model::relationship_kind> cmdb_reads::relationship_kind(const std::string& kind) {
  if (!kinds_) kinds_ = ctx_.policies->relationship_kinds(tx_);
  return model::find_relationship_kind(*kinds_, kind);
}

std::vector<cmdb_reads::named> cmdb_reads::same_name(const std::string& type, const std::string& name_key) {
  std::vector<named> out;
  if (const auto index = live_.find(type); index != live_.end()) {
    if (!index->second) {  // first use: the type's live CIs as this transaction sees them
      storage::query q;
      q.where_eq("type", type).where_ne("status", "retired");
      index->second.emplace();
      for (auto& ci : load_all<configuration_item>(tx_, q))
        index->second->emplace(model::identity_key(ci.name), named{ci.id, std::move(ci.name)});
    }
    for (auto [it, end] = index->second->equal_range(name_key); it != end; ++it) out.push_back(it->second);
    return out;
  }
  auto load = [&](const storage::query& q) { return load_all<configuration_item>(tx_, q); };
  for (auto& ci : same_identity(load, type, name_key))
    if (ci.status != model::ci_status::retired) out.push_back({ci.id, std::move(ci.name)});
  return out;
}

bool cmdb_reads::related(ci_id source, const std::string& kind, ci_id target) {
  if (active_) return active_->count({source.number(), kind, target.number()}) > 0;
  storage::query q;
  q.kind = model::relationship::def().name();
  q.where_eq("source", source.key()).where_eq("target", target.key()).where_eq("kind", kind).where_eq("status", "active");
  return !tx_.scan(q).empty();
}

void cmdb_reads::index_live(const std::string& type) { live_.try_emplace(type); }

void cmdb_reads::index_active(const std::vector<model::relationship>& active) {
  active_.emplace();
  for (const auto& r : active)
    if (r.status == model::relationship_status::active) active_->emplace(r.source.number(), r.kind, r.target.number());
}

void cmdb_reads::saved(const configuration_item* before, const configuration_item& after) {
  const auto found = live_.find(after.type);
  if (found == live_.end() || !found->second) return;  // an index built later reads the write
  auto& index = *found->second;
  if (before)
    for (auto [it, end] = index.equal_range(model::identity_key(before->name)); it != end; ++it)
      if (it->second.id == before->id) {
        index.erase(it);
        break;
      }
  if (after.status != model::ci_status::retired) index.emplace(model::identity_key(after.name), named{after.id, after.name});
}

void cmdb_reads::saved(const model::relationship& r) {
  if (active_ && r.status == model::relationship_status::active) active_->emplace(r.source.number(), r.kind, r.target.number());
}

}  // namespace itsm::detail
