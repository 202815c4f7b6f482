// Bridges model kinds and the storage SPI: schema of a kind, record <-> object, typed loads.
// Not stable API (itsm::detail). Thread-safety: stateless; transactions are the caller's.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "itsm/model/kind.hpp"
#include "itsm/storage/backend.hpp"

namespace itsm::detail {

template <class T>
storage::schema schema_of() {
  const auto& k = T::def();
  storage::schema s;
  s.kind = k.name();
  s.version = k.version();
  for (const auto& f : k.fields()) s.fields.push_back({f.name, f.type, f.nullable});
  for (const auto& ix : k.indexes()) s.indexes.push_back({ix.name, ix.fields});
  s.text_fields = k.text_fields();
  if (!k.text_only_when().first.empty())
    s.text_only_when = storage::text_filter{k.text_only_when().first, k.text_only_when().second};
  return s;
}

template <class T>
storage::record to_record(const T& obj) {
  const auto& k = T::def();
  return storage::record{k.key(obj), obj.revision, k.encode(obj)};
}

template <class T>
T from_record(const storage::record& r) {
  return T::def().decode(r.id, r.revision, r.values);
}

template <class T>
std::optional<T> load(storage::transaction& tx, const std::string& key) {
  auto r = tx.get(T::def().name(), key);
  if (!r) return std::nullopt;
  return from_record<T>(*r);
}

// REQUIRES: q.kind is empty or T's kind (it is set to T's kind).
template <class T>
std::vector<T> load_all(storage::transaction& tx, storage::query q) {
  q.kind = T::def().name();
  std::vector<T> out;
  for (const auto& r : tx.scan(q)) out.push_back(from_record<T>(r));
  return out;
}

// A draft is input, not a record: the fields the library sets itself (state, timestamps, …)
// must be left at their defaults, so a caller's value is never silently overwritten. Throws
// error(invalid_argument) naming every such field the draft sets. `owned`: (field, is set).
inline void refuse_owned_fields(std::string_view operation,
                                std::initializer_list<std::pair<std::string_view, bool>> owned) {
  std::string set;
  for (const auto& [field, is_set] : owned)
    if (is_set) set += (set.empty() ? "" : ", ") + std::string(field);
  if (!set.empty())
    throw_error(errc::invalid_argument, std::string(operation) + " sets these fields itself; leave them out of the draft: " + set);
}

}  // namespace itsm::detail
