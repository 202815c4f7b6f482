// Reads with an actor (R-9.1-access): the kind-level question is asked before anything is
// loaded (a caller without a grant gets permission_denied, audited); then every record is asked
// about with its customer, and the caller sees only the records the authorizer allows. A single
// record the caller may not see reads as absent, so a hidden record and a missing one look the
// same, and that denial is audited. Not stable API. Thread-safety: one reader per thread.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "itsm/model/customer.hpp"
#include "detail/context.hpp"
#include "detail/records.hpp"

namespace itsm::detail {

// The customer a record belongs to, as its key ("CUS-3"), "" for none.
template <class T>
std::string customer_of(const T& obj) {
  if constexpr (std::is_same_v<T, model::customer>) return obj.id.key();
  else if constexpr (requires { obj.dedicated_to.key(); }) return obj.dedicated_to.key();
  else if constexpr (requires { obj.customer.key(); }) return obj.customer.key();
  else return {};
}

class reader {
 public:
  // Asks ("read", kind) for `who` and opens a read transaction. Throws permission_denied
  // (audited) when `who` may not read the kind at all, invalid_argument for an unnamed actor.
  reader(const context& ctx, const actor& who, const std::string& kind);

  storage::transaction& tx() { return *tx_; }
  const actor& who() const { return who_; }

  // May the caller see this object (no audit: a filtered list leaves no trace)?
  template <class T>
  bool sees(const T& obj, const storage::record* stored = nullptr) {
    return allowed(T::def().name(), T::def().key(obj), customer_of(obj), stored);
  }

  // The object at `key`, or nullopt when it is absent or hidden from the caller (audited).
  template <class T>
  std::optional<T> one(const std::string& key) {
    auto rec = tx_->get(T::def().name(), key);
    if (!rec) return std::nullopt;
    auto obj = from_record<T>(*rec);
    if (sees(obj, &*rec)) return obj;
    hidden(T::def().name(), key);
    return std::nullopt;
  }

  // The objects of T at `keys` that exist and the caller may see, in the order of `keys` (no
  // audit for the others: a filtered list leaves no trace).
  template <class T>
  std::vector<T> visible(const std::vector<std::string>& keys) {
    std::vector<T> out;
    for (const auto& key : keys) {
      const auto rec = tx_->get(T::def().name(), key);
      if (!rec) continue;
      auto obj = from_record<T>(*rec);
      if (sees(obj, &*rec)) out.push_back(std::move(obj));
    }
    return out;
  }

  // The objects of T matching q that the caller may see.
  template <class T>
  std::vector<T> all(storage::query q = {}) {
    q.kind = T::def().name();
    std::vector<T> out;
    for (const auto& rec : tx_->scan(q)) {
      auto obj = from_record<T>(rec);
      if (sees(obj, &rec)) out.push_back(std::move(obj));
    }
    return out;
  }

 private:
  bool allowed(const std::string& kind, const std::string& key, const std::string& customer,
               const storage::record* stored);
  void hidden(const std::string& kind, const std::string& key);

  const context& ctx_;
  actor who_;
  std::unique_ptr<storage::transaction> tx_;
};

}  // namespace itsm::detail
