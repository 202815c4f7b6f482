// Not API. The built graph's storage: Boost.Graph compressed_sparse_row_graph instances with
// 32-bit vertex and edge indices, plus per-vertex arrays. Immutable once built.
#pragma once

#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "itsm/graph/graph.hpp"

namespace itsm::graph::detail {

using vertex = std::uint32_t;
inline constexpr vertex no_vertex = static_cast<vertex>(-1);

struct kind_edge {
  std::uint16_t kind = 0;
};
struct quorum_edge {
  std::uint16_t kind = 0;
  std::uint32_t slot = 0;  // index into graph_data::groups
};

using csr = boost::compressed_sparse_row_graph<boost::directedS, boost::no_property, kind_edge,
                                               boost::no_property, vertex, std::uint32_t>;
using bidir_csr = boost::compressed_sparse_row_graph<boost::bidirectionalS, boost::no_property,
                                                     kind_edge, boost::no_property, vertex,
                                                     std::uint32_t>;
using quorum_csr = boost::compressed_sparse_row_graph<boost::directedS, boost::no_property,
                                                      quorum_edge, boost::no_property, vertex,
                                                      std::uint32_t>;

enum node_flag : std::uint8_t {
  flag_service = 1,
  flag_available = 2,
  flag_group = 4,
};

struct group_info {
  vertex v = 0;
  std::uint32_t required = 0;   // k (already defaulted: 0 → members)
  std::uint32_t members = 0;    // n, distinct members
  std::uint32_t available = 0;  // members available at build time
};

// Raw views of a CSR's arrays, for the hot loops. Boost keeps these members public
// ("friend templates not portable"); they have been stable since Boost 1.40.
struct csr_view {
  const std::uint32_t* rowstart = nullptr;
  const vertex* column = nullptr;
  const kind_edge* props = nullptr;
};
inline csr_view view_of(const csr& g) {
  return {g.m_forward.m_rowstart.data(), g.m_forward.m_column.data(),
          g.m_forward.m_edge_properties.data()};
}

struct graph_data {
  kind_table kinds;
  // Per vertex, in ascending key order (a vertex is its key's rank); key and flags share a cache
  // line so a query's result costs one memory access per CI.
  struct vertex_rec {
    node_key key = 0;
    std::uint16_t type = 0;  // index into type_names
    std::uint8_t flags = 0;  // node_flag bits
  };
  std::vector<vertex_rec> verts;
  // Key directory: bucket b = (key - first key) >> dir_shift holds the vertices
  // [key_dir[b], key_dir[b+1]); about two keys a bucket, so find() is O(1) for spread-out keys.
  std::vector<std::uint32_t> key_dir;
  unsigned dir_shift = 0;
  std::vector<std::string> type_names;
  std::vector<std::uint32_t> name_offset;  // vertex → [name_offset[v], name_offset[v+1]) in names
  std::string names;

  bidir_csr rel;      // relationships as recorded, from → to
  csr impact;         // u → v: a failure of u impacts v (quorum relationships excluded)
  csr depend;         // v → u: v depends on u (transpose of impact, plus group → member)
  quorum_csr quorum;  // member → group, with the group's slot
  std::vector<group_info> groups;  // ordered by vertex
  std::vector<dangling_relationship> dangling;

  std::size_t size() const noexcept { return verts.size(); }
  vertex find(node_key key) const noexcept;
  void index_keys();  // fills key_dir from keys
  vertex require(node_key key) const;  // throws not_found
  std::string_view name(vertex v) const noexcept {
    return std::string_view(names).substr(name_offset[v], name_offset[v + 1] - name_offset[v]);
  }
  const group_info* group_of(vertex v) const noexcept;
  // Kind filter: empty result = follow every kind; else allowed[kind] != 0. Throws on unknown names.
  std::vector<std::uint8_t> kind_filter(const std::vector<std::string>& names) const;
  std::size_t memory_bytes() const noexcept;
};

}  // namespace itsm::graph::detail
