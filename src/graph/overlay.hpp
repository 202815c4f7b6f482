// Not API. A snapshot's changes on top of its base CSR (graph_data): the CIs changed since the
// base was built, each with its rows rebuilt from its current relationships. Immutable once made;
// the next snapshot copies the two small indexes and shares every record, so a write costs
// O(its CIs' degree + changed CIs since the base) and queries read base + overlay through a view.
#pragma once

#include <memory>
#include <mutex>
#include <optional>

#include "graph_data.hpp"
#include "slot_index.hpp"

namespace itsm::graph::detail {

struct builder_state;

// One adjacency row: targets and their kinds (or quorum properties).
template <class P>
struct row {
  const vertex* col = nullptr;
  const P* props = nullptr;
  std::uint32_t size = 0;
};

// A changed CI as of one snapshot (removed: the key's CI is gone; its vertex id stays reserved).
struct dirty_vertex {
  vertex v = no_vertex;
  graph_data::vertex_rec rec;  // rec.type indexes overlay::type_names
  bool removed = false;
  std::string name;
  std::uint32_t group_slot = no_vertex;  // set while it receives quorum relationships
  group_info group;
  row<kind_edge> impact, depend, out, in;  // `in`: the sources of relationships to it
  row<quorum_edge> quorum;
};

// The records made by one fold, and the chunk of the fold before (records are never copied).
struct chunk {
  std::vector<dirty_vertex> records;
  std::vector<vertex> cols;
  std::vector<kind_edge> kinds;
  std::vector<vertex> quorum_cols;
  std::vector<quorum_edge> quorum_props;
  std::shared_ptr<const chunk> older;
  chunk() = default;
  chunk(const chunk&) = delete;
  chunk& operator=(const chunk&) = delete;
  ~chunk();  // releases the older chunks iteratively, not by recursion
};

struct overlay {
  std::shared_ptr<const chunk> newest;
  std::vector<const dirty_vertex*> records;  // by dirty slot
  slot_index dirty;     // vertex → dirty slot
  slot_index new_keys;  // key of a vertex the base lacks → that vertex
  vertex vertex_count = 0;           // base vertices + added ones (removed ones included)
  std::size_t node_count = 0;
  std::size_t edge_count = 0;
  std::uint32_t group_slots = 0;     // base groups + added groups
  std::shared_ptr<const std::vector<std::string>> type_names;
  std::shared_ptr<const std::vector<dangling_relationship>> dangling;

  const dirty_vertex* find(vertex v) const noexcept {
    const auto i = dirty.find(mix64(v), [&](std::uint32_t slot) { return records[slot]->v == v; });
    return i == slot_index::none ? nullptr : records[i];
  }

  // The whole graph as one CSR, made on first use by whole-graph queries (cycles, orphans, maps).
  mutable std::once_flag flat_once;
  mutable std::optional<graph> flat;
};

// Reads a snapshot: the base, with the overlay's records in front of it.
class view {
 public:
  view(const graph_data& base, const overlay* o) : b_(base), o_(o) {}

  const graph_data& base() const noexcept { return b_; }
  const overlay* delta() const noexcept { return o_; }
  std::size_t size() const noexcept { return o_ ? o_->vertex_count : b_.size(); }
  std::size_t group_slots() const noexcept { return o_ ? o_->group_slots : b_.groups.size(); }
  const dirty_vertex* dirty(vertex v) const noexcept { return o_ ? o_->find(v) : nullptr; }

  vertex find(node_key key) const noexcept;
  vertex require(node_key key) const;  // throws not_found
  graph_data::vertex_rec rec(vertex v) const noexcept;
  std::string_view name(vertex v) const noexcept;
  std::string_view type(vertex v) const noexcept;
  const group_info* group(vertex v, std::uint32_t* slot = nullptr) const noexcept;

  row<kind_edge> impact(vertex v) const noexcept;
  row<kind_edge> depend(vertex v) const noexcept;
  row<kind_edge> out(vertex v) const noexcept;  // relationships as recorded, from v
  row<quorum_edge> quorum(vertex v) const noexcept;
  // f(other vertex, kind) for each relationship to v as recorded (from → v).
  template <class F>
  void for_each_in(vertex v, F&& f) const {
    if (const auto* d = dirty(v)) {
      for (std::uint32_t i = 0; i < d->in.size; ++i) f(d->in.col[i], d->in.props[i].kind);
      return;
    }
    const auto& fw = b_.rel.m_forward;
    const auto& bw = b_.rel.m_backward;
    for (auto e = bw.m_rowstart[v]; e < bw.m_rowstart[v + 1]; ++e)
      f(bw.m_column[e], fw.m_edge_properties[bw.m_edge_properties[e]].kind);
  }

 private:
  const graph_data& b_;
  const overlay* o_;
};

// The next snapshot's overlay: `last` with the keys touched since folded in; nullptr when a fresh
// build is the better way (too much changed since the base).
std::shared_ptr<const overlay> fold(builder_state& s, const graph_data& base, const overlay* last);
std::shared_ptr<const graph_data> build_base(const builder_state& s);
// The snapshot as one CSR (for whole-graph queries).
graph flatten(const view& v);

}  // namespace itsm::graph::detail
