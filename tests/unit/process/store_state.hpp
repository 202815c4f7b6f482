// The whole state of a store for "nothing else changed" checks: every record of every kind it
// knows (but the outbox, where a refusal's event is stored like its audit entry) and the audit head.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "itsm/storage/backend.hpp"

namespace itsm::test {

struct store_state {
  std::map<std::string, std::vector<storage::record>> records;
  std::int64_t audit_seq = 0;
  bool operator==(const store_state&) const = default;
};

inline store_state state_of(storage::backend& store) {
  store_state s;
  auto tx = store.begin(storage::tx_mode::read_only);
  for (const auto& kind : store.kinds()) {
    if (kind.rfind("itsm_outbox", 0) == 0) continue;
    storage::query q;
    q.kind = kind;
    s.records[kind] = tx->scan(q);
  }
  const auto last = tx->last_audit();
  s.audit_seq = last ? last->seq : 0;
  return s;
}

}  // namespace itsm::test
