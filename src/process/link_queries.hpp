// The queries that find every link (model::link) from or to one record, shared by the CMDB's
// links and the tickets' links. Not installed. Thread-safety: stateless.
#pragma once

#include <array>
#include <string>

#include "itsm/storage/backend.hpp"

namespace itsm::detail {

// Two queries: the links whose source is (kind, key), then those whose target is.
inline std::array<storage::query, 2> links_touching(const std::string& kind, const std::string& key) {
  std::array<storage::query, 2> q;
  q[0].where_eq("from_kind", kind).where_eq("from_id", key);
  q[1].where_eq("to_kind", kind).where_eq("to_id", key);
  return q;
}

}  // namespace itsm::detail
