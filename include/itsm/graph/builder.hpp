// Collects CIs and relationships (fed incrementally, kept in step with the store's writes) and
// builds immutable graphs from them: the first in O(V + E log E), later ones from what changed.
// Thread-safety: not synchronised; one thread at a time may use a builder (build() included).
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string_view>

#include "itsm/core/export.hpp"
#include "itsm/graph/elements.hpp"
#include "itsm/graph/graph.hpp"
#include "itsm/graph/kinds.hpp"

namespace itsm::graph {

class ITSM_API builder {
 public:
  explicit builder(kind_table kinds = kind_table::defaults());
  ~builder();
  builder(builder&&) noexcept;
  builder& operator=(builder&&) noexcept;
  builder(const builder&);
  builder& operator=(const builder&);

  // Throws itsm::error(already_exists) if the key is present.
  void add_node(node n);
  // Adds the node or replaces its attributes; its relationships are kept.
  void put_node(node n);
  // Removes the node; relationships that name it stay and become dangling until removed (as in
  // a store where a CI was deleted under its links). Returns false if it was absent.
  bool remove_node(node_key key);
  // Throws itsm::error(not_found) for an unknown key.
  void set_available(node_key key, bool available);
  bool contains(node_key key) const noexcept;

  // Adds a relationship; its endpoints need not exist yet (they may be added later, or never:
  // then it is reported as dangling). Returns false, changing nothing, if the same
  // (from, to, kind) is already present. Throws itsm::error(invalid_argument) for an unknown kind.
  bool add_edge(const edge& e);
  // Returns false if no such relationship is present.
  bool remove_edge(node_key from, node_key to, std::string_view kind);
  // Removes the relationship added with this (non-zero) id; false if none.
  bool remove_edge_by_id(std::int64_t id);

  // Declares `group` a redundancy group needing `k` of `members`: adds the group node (type
  // "redundancy_group") if absent, sets its required_members to k, and adds member —kind→ group.
  // REQUIRES: 1 <= k <= members.size(); `kind` propagates as quorum. Throws invalid_argument.
  void add_redundancy_group(node_key group, std::uint32_t k, std::span<const node_key> members,
                            std::string_view kind = "member_of");

  // Adds or replaces a kind (e.g. to change how it propagates); applies from the next build().
  void set_kind(relationship_kind kind);
  const kind_table& kinds() const noexcept;

  std::size_t node_count() const noexcept;
  std::size_t edge_count() const noexcept;
  void reserve(std::size_t nodes, std::size_t edges);

  // An immutable graph of the current content. The builder stays usable: keep feeding it and
  // build again. The first build makes the CSR arrays (about 0.6 s for a million CIs with 1.5
  // million relationships on one core); a later one shares them with the graph before and holds
  // the CIs changed since beside them, so it costs what changed, not the graph's size; past
  // max(1,024, (V + E) / 160) changed CIs it makes the arrays afresh (docs/graph.md, "Snapshots").
  // Not synchronised with feeding (the snapshot bookkeeping changes), like every other member.
  graph build() const;

 private:
  struct state;
  std::unique_ptr<state> s_;
};

}  // namespace itsm::graph
