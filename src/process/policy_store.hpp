// The stored policies as the processes read them: inside the operation's own transaction, so a
// policy another process changed is in force from the next operation on. Each policy is decoded
// only when its stored text differs from the last one decoded (one get and one string compare per
// operation otherwise). Not stable API. Thread-safety: all members may be called concurrently.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "itsm/model/kind.hpp"
#include "itsm/model/relationship.hpp"
#include "itsm/process/change_policy.hpp"
#include "itsm/process/import.hpp"
#include "itsm/process/release_policy.hpp"
#include "itsm/process/ticket_policy.hpp"
#include "itsm/storage/backend.hpp"

namespace itsm::detail {

// One policy record: kind "policy", key = its name (policy_names), body = its JSON form.
struct stored_policy {
  std::string name;
  std::int64_t revision = 0;
  std::string body;
  static const model::kind_def<stored_policy>& def();
};

class policy_store {
 public:
  std::shared_ptr<const ticket_policy> tickets(storage::transaction& tx) const;
  std::shared_ptr<const change_policy> changes(storage::transaction& tx) const;
  std::shared_ptr<const release_policy> releases(storage::transaction& tx) const;
  std::shared_ptr<const std::vector<model::relationship_kind>> relationship_kinds(storage::transaction& tx) const;
  std::shared_ptr<const std::vector<attribute_source>> attribute_sources(storage::transaction& tx) const;

 private:
  template <class P>
  struct slot {
    std::mutex mu;
    std::string text;  // the body last decoded
    std::shared_ptr<const P> value;
  };
  template <class P, class Decode>
  static std::shared_ptr<const P> read(storage::transaction& tx, std::string_view name, slot<P>& s, Decode decode);

  mutable slot<ticket_policy> tickets_;
  mutable slot<change_policy> changes_;
  mutable slot<release_policy> releases_;
  mutable slot<std::vector<model::relationship_kind>> kinds_;
  mutable slot<std::vector<attribute_source>> owners_;
};

}  // namespace itsm::detail
