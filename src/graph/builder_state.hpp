// Not API. graph::builder's state: nodes and relationships in hash-indexed slots, each key's
// incident relationships in intrusive lists (so a changed CI's rows are rebuilt from its own
// relationships), and what the next build() must fold into the last snapshot.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "itsm/core/error.hpp"
#include "itsm/graph/builder.hpp"
#include "slot_index.hpp"

namespace itsm::graph::detail {

inline constexpr std::uint32_t no_slot = static_cast<std::uint32_t>(-1);

struct edge_slot {
  node_key from = 0;
  node_key to = 0;
  std::int64_t id = 0;
  // The endpoints' node slots and their generations when the edge was added (no_slot if the CI
  // was absent then), so a full build resolves endpoints without hashing while they stay valid.
  std::uint32_t from_slot = no_slot, from_gen = 0, to_slot = no_slot, to_gen = 0;
  // Links of the from-key's outgoing list and the to-key's incoming list.
  std::uint32_t next_out = no_slot, prev_out = no_slot, next_in = no_slot, prev_in = no_slot;
  std::uint16_t kind = 0;
  bool alive = false;
};

// A key's incident relationships (the key need not be a node: a dangling end has a list too).
struct endpoint {
  node_key key = 0;
  std::uint32_t first_out = no_slot, first_in = no_slot;
};

inline std::uint64_t node_hash(node_key k) noexcept { return mix64(static_cast<std::uint64_t>(k)); }

struct builder_state {
  kind_table kinds;
  std::vector<node> nodes;
  std::vector<bool> node_alive;
  std::vector<std::uint32_t> node_gen;  // bumped when a slot's CI is removed
  std::vector<std::uint32_t> free_nodes;
  slot_index node_index;  // key → node slot

  std::vector<edge_slot> edges;
  std::vector<std::uint32_t> free_edges;
  slot_index edge_index;  // (from, to, kind) → edge slot
  slot_index edge_by_id;  // relationship id (non-zero) → edge slot
  std::vector<endpoint> ends;
  slot_index end_index;  // key → endpoint

  // The last graph built and the keys changed since (nodes, and both ends of each relationship
  // added or removed); build() folds those into it, or builds afresh.
  std::optional<graph> last;
  std::vector<node_key> touched;
  bool rebuild = true;  // kinds changed, or too much changed since the last build
  std::size_t touch_cap = 0;  // past this many touched keys a fresh build is the cheaper way

  std::uint32_t find_node(node_key key) const {
    return node_index.find(node_hash(key), [&](std::uint32_t slot) { return nodes[slot].key == key; });
  }
  const node* node_of(node_key key) const {
    const auto slot = find_node(key);
    return slot == slot_index::none ? nullptr : &nodes[slot];
  }
  std::uint32_t find_end(node_key key) const {
    return end_index.find(node_hash(key), [&](std::uint32_t i) { return ends[i].key == key; });
  }
  std::uint32_t find_edge(node_key from, node_key to, std::uint16_t kind) const;
  std::uint32_t find_id(std::int64_t id) const;
  std::uint16_t kind_id(std::string_view name) const;
  void touch(node_key key);
  void link(std::uint32_t slot);    // into its ends' lists
  void unlink(std::uint32_t slot);  // out of them
  void erase_edge(std::uint32_t slot);

  // Calls f(edge slot) for each live relationship of `key`, outgoing then incoming (a
  // self-relationship twice).
  template <class F>
  void for_each_edge(node_key key, F&& f) const {
    const auto i = find_end(key);
    if (i == slot_index::none) return;
    for (auto e = ends[i].first_out; e != no_slot; e = edges[e].next_out) f(e);
    for (auto e = ends[i].first_in; e != no_slot; e = edges[e].next_in) f(e);
  }
};

}  // namespace itsm::graph::detail
