// What every process shares: the store, the clock, the hooks and the reader of the policies
// stored in the store. Built once by itsm::sms; immutable afterwards, so processes may use it
// from several threads.
// Not stable API (itsm::detail).
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "itsm/core/clock.hpp"
#include "itsm/core/event.hpp"
#include "itsm/model/relationship.hpp"
#include "itsm/process/authorizer.hpp"
#include "itsm/storage/backend.hpp"

namespace itsm::detail {

class policy_store;  // src/process/policy_store.hpp
class outbox;        // src/process/outbox.hpp
class live_graph;    // src/process/live_graph.hpp

struct context {
  std::shared_ptr<storage::backend> store;
  std::shared_ptr<const clock> clk;
  std::shared_ptr<const authorizer> auth;
  std::shared_ptr<outbox> events;  // the durable outbox in front of the sink (disabled without one)
  std::shared_ptr<const policy_store> policies;  // the store's rules, read per operation
  std::shared_ptr<live_graph> cmdb;  // the one CMDB graph, kept in step through the audit trail
  std::map<std::string, storage::schema, std::less<>> schemas;  // every registered kind

  const storage::schema& schema(std::string_view kind) const;  // throws not_found
  // A read-only transaction on the store: every query of every process starts here.
  std::unique_ptr<storage::transaction> read() const { return store->begin(storage::tx_mode::read_only); }
};

// The built-in kind that hands out id numbers, one record per model kind.
inline constexpr const char* sequence_kind = "itsm_sequence";
storage::schema sequence_schema();

}  // namespace itsm::detail
