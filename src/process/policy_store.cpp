#include "policy_store.hpp"

#include "itsm/core/error.hpp"
#include "itsm/process/policies.hpp"

namespace itsm::detail {

const model::kind_def<stored_policy>& stored_policy::def() {
  static const auto k = model::kind_def<stored_policy>("policy", 1, &stored_policy::name)
                            .field("body", &stored_policy::body);
  return k;
}

template <class P, class Decode>
std::shared_ptr<const P> policy_store::read(storage::transaction& tx, std::string_view name, slot<P>& s,
                                            Decode decode) {
  const auto rec = tx.get(stored_policy::def().name(), std::string(name));
  if (!rec || rec->values.size() != 1 || rec->values[0].type() != value_type::text)
    throw_error(errc::corrupt, "the store has no readable '" + std::string(name) + "' policy");
  const auto& body = rec->values[0].as_text();
  {
    std::lock_guard lock(s.mu);
    if (s.value && s.text == body) return s.value;
  }
  std::shared_ptr<const P> fresh;
  try {
    fresh = std::make_shared<const P>(decode(body));
  } catch (const error& e) {
    throw_error(errc::corrupt, "the stored '" + std::string(name) + "' policy does not decode: " + e.what());
  }
  std::lock_guard lock(s.mu);
  s.text = body;
  s.value = fresh;
  return fresh;
}

std::shared_ptr<const ticket_policy> policy_store::tickets(storage::transaction& tx) const {
  return read(tx, policy_names::tickets, tickets_, ticket_policy_from_json);
}
std::shared_ptr<const change_policy> policy_store::changes(storage::transaction& tx) const {
  return read(tx, policy_names::changes, changes_, change_policy_from_json);
}
std::shared_ptr<const release_policy> policy_store::releases(storage::transaction& tx) const {
  return read(tx, policy_names::releases, releases_, release_policy_from_json);
}
std::shared_ptr<const std::vector<model::relationship_kind>> policy_store::relationship_kinds(
    storage::transaction& tx) const {
  return read(tx, policy_names::relationship_kinds, kinds_, relationship_kinds_from_json);
}

std::shared_ptr<const std::vector<attribute_source>> policy_store::attribute_sources(storage::transaction& tx) const {
  return read(tx, policy_names::attribute_sources, owners_, attribute_sources_from_json);
}

}  // namespace itsm::detail
