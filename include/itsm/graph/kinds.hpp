// Relationship kinds as data: each kind says how a failure travels along a relationship recorded
// as `from —kind→ to`. Thread-safety: kind_table is a plain value; concurrent const use is safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "itsm/core/export.hpp"
#include "itsm/model/relationship.hpp"

namespace itsm::graph {

// How the failure (or change) of one endpoint of a relationship `from —kind→ to` reaches the other.
enum class propagation : std::uint8_t {
  to_source,  // a failure of `to` impacts `from`   (app runs_on host: the host's failure hits the app)
  to_target,  // a failure of `from` impacts `to`   (disk part_of server: the disk's failure hits it)
  both,       // either endpoint's failure impacts the other (connects_to)
  none,       // no impact either way; recorded for documentation and maps (documented_by)
  quorum,     // `from` is a member of the redundancy group `to`: `to` is impacted only when fewer
              // than its required members (k of n) are available
};

ITSM_API std::string_view to_string(propagation p) noexcept;

struct ITSM_API relationship_kind {
  std::string name;                              // Default: "" (REQUIRES: non-empty when added)
  propagation failure = propagation::to_source;  // Default: to_source
  std::string description;                       // Default: ""
  bool acyclic = false;  // the store refuses relationships closing a cycle of this kind. Default: false
};

// An ordered set of kinds; a kind's position is its stable small id inside one graph.
class ITSM_API kind_table {
 public:
  kind_table() = default;  // empty: no kinds

  // The built-in kinds: model::default_relationship_kinds(), the same table a new store is
  // seeded with (docs/graph.md lists them).
  static kind_table defaults();
  // The table of a catalogue of relationship kinds as stored (policies().relationship_kinds()).
  static kind_table of(const std::vector<model::relationship_kind>& kinds);

  // Throws itsm::error(already_exists) if the name is taken, (invalid_argument) if it is empty
  // or the table already holds 65535 kinds.
  void add(relationship_kind kind);
  // Adds the kind or replaces the one with the same name (its id is kept).
  void set(relationship_kind kind);

  const relationship_kind* find(std::string_view name) const noexcept;
  // The kind's id, or -1 if unknown.
  int id_of(std::string_view name) const noexcept;
  const std::vector<relationship_kind>& kinds() const noexcept { return kinds_; }
  std::size_t size() const noexcept { return kinds_.size(); }

 private:
  std::vector<relationship_kind> kinds_;
};

// The graph form of a kind stored in the store's catalogue (model::propagation maps one to one).
ITSM_API relationship_kind to_graph_kind(const model::relationship_kind& k);

}  // namespace itsm::graph
