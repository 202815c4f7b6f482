// What the CMDB's rules read, read once per operation: effective CI types, whether a type is
// under change control, the change policy and the relationship-kind catalogue. An import also
// hands it the live CIs and active relationships it loaded, so its rows' uniqueness and
// duplicate checks need no query each. Every rule reads through one of these (a single write
// makes its own), so a batch and a single write apply the same rules. Not stable API.
// Thread-safety: one per operation (it holds that operation's transaction).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "itsm/model/ci_type.hpp"
#include "itsm/model/configuration_item.hpp"
#include "itsm/model/relationship.hpp"
#include "itsm/process/change_policy.hpp"
#include "detail/context.hpp"

namespace itsm::detail {

// The CIs of `type` (retired ones too) whose name has the identity key of `name` (R-9.1-unique),
// as `load(query)` returns them. Rows stored before schema version 3 hold no name_key until
// next written: those of the type are compared by their name.
template <class Load>
std::vector<model::configuration_item> same_identity(Load&& load, const std::string& type, const std::string& name) {
  const auto key = model::identity_key(name);
  std::vector<model::configuration_item> out;
  for (const value& stored : {value(key), value()}) {
    storage::query q;
    q.where_eq("type", type).where_eq("name_key", stored);
    for (auto& ci : load(q))
      if (model::identity_key(ci.name) == key) out.push_back(std::move(ci));
  }
  return out;
}

class cmdb_reads {
 public:
  cmdb_reads(const context& ctx, storage::transaction& tx);
  storage::transaction& tx() { return tx_; }

  // The type with what it inherits; nullptr when `name` is not a defined type.
  const model::ci_type* type(const std::string& name);
  const change_policy& changes();
  // Violations of writing CI `key` (empty: a new CI) of `type` under `reference` (R-9.2-record).
  std::vector<violation> change_control(const std::string& type, const std::string& key, const std::string& reference);
  // The catalogue entry of relationship kind `kind`; nullopt when the catalogue has none.
  std::optional<model::relationship_kind> relationship_kind(const std::string& kind);

  // Live CIs of `type` whose name has identity key `name_key`: from an index of the type's live
  // CIs when index_live() named the type (built on first use), else by a query.
  struct named {
    ci_id id;
    std::string name;
  };
  std::vector<named> same_name(const std::string& type, const std::string& name_key);
  // Whether source -kind-> target is recorded and active; from the index once index_active() ran.
  bool related(ci_id source, const std::string& kind, ci_id target);

  // For a batch: index every live CI of `type` / every active relationship, kept in step by saved().
  void index_live(const std::string& type);
  void index_active(const std::vector<model::relationship>& active);
  void saved(const model::configuration_item* before, const model::configuration_item& after);
  void saved(const model::relationship& r);

 private:
  using name_index = std::multimap<std::string, named, std::less<>>;
  const context& ctx_;
  storage::transaction& tx_;
  std::map<std::string, std::optional<model::ci_type>, std::less<>> types_;
  std::map<std::string, bool, std::less<>> controlled_;
  std::shared_ptr<const change_policy> changes_;
  std::shared_ptr<const std::vector<model::relationship_kind>> kinds_;
  std::map<std::string, std::optional<name_index>, std::less<>> live_;  // type -> identity key -> CI; nullopt until used
  std::optional<std::set<std::tuple<std::int64_t, std::string, std::int64_t>>> active_;
};

}  // namespace itsm::detail
