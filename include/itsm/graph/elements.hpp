// The graph layer's own input records: one node per CI, one edge per relationship. They carry
// only what impact analysis needs, so any store can feed them. Thread-safety: plain values.
#pragma once

#include <cstdint>
#include <string>

#include "itsm/core/export.hpp"

namespace itsm::graph {

// A CI's identity in the graph: the CI id's number (or any unique 64-bit value, e.g. a negative
// number for a redundancy group that is not a CI of its own).
using node_key = std::int64_t;

struct ITSM_API node {
  node_key key = 0;                    // Default: 0. REQUIRES: unique within one builder
  std::string type;                    // CI type name ("service", "host"…). Default: ""
  std::string name;                    // Display name for maps. Default: "" (the key is shown)
  bool service = false;                // A service of the catalogue (R-6.1-catalogue). Default: false
  bool available = true;               // Current state; counts towards k of n. Default: true
  std::uint32_t required_members = 0;  // For a redundancy group: k. Default: 0 = all members
};

// A relationship recorded as `from —kind→ to` (e.g. app runs_on host).
struct ITSM_API edge {
  node_key from = 0;  // Default: 0
  node_key to = 0;    // Default: 0
  std::string kind;   // A name from the builder's kind_table. Default: ""
  std::int64_t id = 0;  // The relationship's id in the store, echoed by audits. Default: 0 = none
  bool operator==(const edge&) const = default;
};

}  // namespace itsm::graph
