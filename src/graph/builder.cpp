#include "itsm/graph/builder.hpp"

#include <algorithm>
#include <limits>
#include <tuple>
#include <unordered_map>
#include <utility>

#include "graph_data.hpp"
#include "itsm/core/error.hpp"
#include "builder_state.hpp"
#include "overlay.hpp"

namespace itsm::graph {

namespace detail {

namespace {
std::uint64_t edge_hash(node_key from, node_key to, std::uint16_t kind) noexcept {
  return mix64(node_hash(from) + static_cast<std::uint64_t>(to) * 0x9E3779B97F4A7C15ull + kind);
}
std::uint64_t id_hash(std::int64_t id) noexcept {
  return mix64(static_cast<std::uint64_t>(id) ^ 0x5851F42D4C957F2Dull);
}
}  // namespace

std::uint32_t builder_state::find_edge(node_key from, node_key to, std::uint16_t kind) const {
  return edge_index.find(edge_hash(from, to, kind), [&](std::uint32_t slot) {
    const edge_slot& e = edges[slot];
    return e.from == from && e.to == to && e.kind == kind;
  });
}

std::uint32_t builder_state::find_id(std::int64_t id) const {
  return edge_by_id.find(id_hash(id), [&](std::uint32_t slot) { return edges[slot].id == id; });
}

std::uint16_t builder_state::kind_id(std::string_view name) const {
  const int id = kinds.id_of(name);
  if (id < 0) throw_error(errc::invalid_argument, "unknown relationship kind '" + std::string(name) + "'");
  return static_cast<std::uint16_t>(id);
}

void builder_state::touch(node_key key) {
  if (rebuild) return;
  touched.push_back(key);
  if (touched.size() > touch_cap) {
    rebuild = true;
    touched = {};
  }
}

void builder_state::link(std::uint32_t slot) {
  const auto end_of = [&](node_key key) {
    auto i = find_end(key);
    if (i == slot_index::none) {
      i = static_cast<std::uint32_t>(ends.size());
      ends.push_back({key});
      end_index.insert(node_hash(key), i);
    }
    return i;
  };
  const auto f = end_of(edges[slot].from);
  const auto t = end_of(edges[slot].to);
  edge_slot& e = edges[slot];
  e.prev_out = no_slot;
  e.next_out = ends[f].first_out;
  if (e.next_out != no_slot) edges[e.next_out].prev_out = slot;
  ends[f].first_out = slot;
  e.prev_in = no_slot;
  e.next_in = ends[t].first_in;
  if (e.next_in != no_slot) edges[e.next_in].prev_in = slot;
  ends[t].first_in = slot;
}

void builder_state::unlink(std::uint32_t slot) {
  const edge_slot& e = edges[slot];
  if (e.next_out != no_slot) edges[e.next_out].prev_out = e.prev_out;
  if (e.prev_out != no_slot) edges[e.prev_out].next_out = e.next_out;
  else ends[find_end(e.from)].first_out = e.next_out;
  if (e.next_in != no_slot) edges[e.next_in].prev_in = e.prev_in;
  if (e.prev_in != no_slot) edges[e.prev_in].next_in = e.next_in;
  else ends[find_end(e.to)].first_in = e.next_in;
}

void builder_state::erase_edge(std::uint32_t slot) {
  edge_slot& e = edges[slot];
  edge_index.erase(edge_hash(e.from, e.to, e.kind), [&](std::uint32_t x) { return x == slot; });
  if (e.id != 0) edge_by_id.erase(id_hash(e.id), [&](std::uint32_t x) { return x == slot; });
  unlink(slot);
  touch(e.from);
  touch(e.to);
  e.alive = false;
  free_edges.push_back(slot);
}

}  // namespace detail

struct builder::state : detail::builder_state {};

using detail::edge_slot;
using detail::no_slot;

builder::builder(kind_table kinds) : s_(std::make_unique<state>()) { s_->kinds = std::move(kinds); }
builder::~builder() = default;
builder::builder(builder&&) noexcept = default;
builder& builder::operator=(builder&&) noexcept = default;
builder::builder(const builder& other) : s_(std::make_unique<state>(*other.s_)) {}
builder& builder::operator=(const builder& other) {
  if (this != &other) s_ = std::make_unique<state>(*other.s_);
  return *this;
}

void builder::add_node(node n) {
  if (s_->find_node(n.key) != detail::slot_index::none) {
    throw_error(errc::already_exists, "CI " + std::to_string(n.key) + " is already in the graph");
  }
  put_node(std::move(n));
}

void builder::put_node(node n) {
  state& s = *s_;
  s.touch(n.key);
  if (const auto found = s.find_node(n.key); found != detail::slot_index::none) {
    s.nodes[found] = std::move(n);
    return;
  }
  std::uint32_t slot;
  if (!s.free_nodes.empty()) {
    slot = s.free_nodes.back();
    s.free_nodes.pop_back();
    s.nodes[slot] = std::move(n);
    s.node_alive[slot] = true;
  } else {
    if (s.nodes.size() >= std::numeric_limits<std::uint32_t>::max() - 1) {
      throw_error(errc::invalid_argument, "too many CIs for one graph");
    }
    slot = static_cast<std::uint32_t>(s.nodes.size());
    s.nodes.push_back(std::move(n));
    s.node_alive.push_back(true);
    s.node_gen.push_back(0);
  }
  s.node_index.insert(detail::node_hash(s.nodes[slot].key), slot);
}

bool builder::remove_node(node_key key) {
  state& s = *s_;
  const std::uint32_t slot = s.find_node(key);
  if (slot == detail::slot_index::none) return false;
  s.touch(key);
  s.node_index.erase(detail::node_hash(key), [&](std::uint32_t x) { return x == slot; });
  s.node_alive[slot] = false;
  ++s.node_gen[slot];
  s.nodes[slot] = node{};
  s.free_nodes.push_back(slot);
  return true;
}

void builder::set_available(node_key key, bool available) {
  const std::uint32_t slot = s_->find_node(key);
  if (slot == detail::slot_index::none) {
    throw_error(errc::not_found, "CI " + std::to_string(key) + " is not in the graph");
  }
  s_->touch(key);
  s_->nodes[slot].available = available;
}

bool builder::contains(node_key key) const noexcept {
  return s_->find_node(key) != detail::slot_index::none;
}

bool builder::add_edge(const edge& e) {
  state& s = *s_;
  const std::uint16_t kind = s.kind_id(e.kind);
  if (s.find_edge(e.from, e.to, kind) != detail::slot_index::none) return false;
  if (e.id != 0 && s.find_id(e.id) != detail::slot_index::none) {
    throw_error(errc::already_exists,
                "relationship id " + std::to_string(e.id) + " is already in the graph");
  }
  std::uint32_t slot;
  if (!s.free_edges.empty()) {
    slot = s.free_edges.back();
    s.free_edges.pop_back();
  } else {
    if (s.edges.size() >= std::numeric_limits<std::uint32_t>::max() - 1) {
      throw_error(errc::invalid_argument, "too many relationships for one graph");
    }
    slot = static_cast<std::uint32_t>(s.edges.size());
    s.edges.emplace_back();
  }
  edge_slot& es = s.edges[slot];
  es = edge_slot{};
  es.from = e.from;
  es.to = e.to;
  es.id = e.id;
  es.kind = kind;
  es.alive = true;
  if (const auto n = s.find_node(e.from); n != detail::slot_index::none) {
    es.from_slot = n;
    es.from_gen = s.node_gen[n];
  }
  if (const auto n = s.find_node(e.to); n != detail::slot_index::none) {
    es.to_slot = n;
    es.to_gen = s.node_gen[n];
  }
  s.edge_index.insert(detail::edge_hash(e.from, e.to, kind), slot);
  if (e.id != 0) s.edge_by_id.insert(detail::id_hash(e.id), slot);
  s.link(slot);
  s.touch(e.from);
  s.touch(e.to);
  return true;
}

bool builder::remove_edge(node_key from, node_key to, std::string_view kind) {
  state& s = *s_;
  const std::uint32_t slot = s.find_edge(from, to, s.kind_id(kind));
  if (slot == detail::slot_index::none) return false;
  s.erase_edge(slot);
  return true;
}

bool builder::remove_edge_by_id(std::int64_t id) {
  state& s = *s_;
  if (id == 0) return false;
  const std::uint32_t slot = s.find_id(id);
  if (slot == detail::slot_index::none) return false;
  s.erase_edge(slot);
  return true;
}

void builder::add_redundancy_group(node_key group, std::uint32_t k,
                                   std::span<const node_key> members, std::string_view kind) {
  const relationship_kind* rk = s_->kinds.find(kind);
  if (!rk || rk->failure != propagation::quorum) {
    throw_error(errc::invalid_argument,
                "redundancy group " + std::to_string(group) + ": kind '" + std::string(kind) +
                    "' does not propagate as quorum");
  }
  if (k < 1 || k > members.size()) {
    throw_error(errc::invalid_argument, "redundancy group " + std::to_string(group) + ": k=" +
                                            std::to_string(k) + " is not within 1.." +
                                            std::to_string(members.size()));
  }
  state& s = *s_;
  if (const auto slot = s.find_node(group); slot != detail::slot_index::none) {
    s.nodes[slot].required_members = k;
  } else {
    node n;
    n.key = group;
    n.type = "redundancy_group";
    n.required_members = k;
    put_node(std::move(n));
  }
  for (node_key m : members) add_edge(edge{m, group, std::string(kind), 0});
}

void builder::set_kind(relationship_kind kind) {
  s_->kinds.set(std::move(kind));
  s_->rebuild = true;  // every relationship of the kind may propagate differently
}
const kind_table& builder::kinds() const noexcept { return s_->kinds; }
std::size_t builder::node_count() const noexcept { return s_->node_index.size(); }
std::size_t builder::edge_count() const noexcept { return s_->edge_index.size(); }

void builder::reserve(std::size_t nodes, std::size_t edges) {
  s_->nodes.reserve(nodes);
  s_->node_alive.reserve(nodes);
  s_->node_gen.reserve(nodes);
  s_->node_index.reserve(nodes);
  s_->edges.reserve(edges);
  s_->edge_index.reserve(edges);
}

graph builder::build() const {
  // The snapshot bookkeeping changes; the content, which is what const promises, does not.
  state& s = *s_;
  if (!s.rebuild && s.last && s.touched.empty()) return *s.last;
  if (!s.rebuild && s.last) {
    if (auto delta = detail::fold(s, *s.last->d_, s.last->o_.get())) {
      s.touched.clear();
      s.last = graph(s.last->d_, std::move(delta));
      return *s.last;
    }
  }
  auto base = detail::build_base(s);
  // Past this many changes since the base, a fresh build costs less than the growing overlay
  // (each write's share of a build of V + E falls with it, the overlay's index copy grows).
  s.touch_cap = 4 * std::max<std::size_t>(1024, (base->size() + base->rel.m_forward.m_column.size()) / 160);
  s.last = graph(std::move(base));
  s.touched.clear();
  s.rebuild = false;
  return *s.last;
}

namespace detail {

std::shared_ptr<const graph_data> build_base(const builder_state& s) {
  auto d = std::make_shared<detail::graph_data>();
  d->kinds = s.kinds;

  // Vertices: live nodes in key order, so a key's vertex is found by binary search.
  std::vector<std::pair<node_key, std::uint32_t>> order;
  order.reserve(s.node_index.size());
  for (std::uint32_t slot = 0; slot < s.nodes.size(); ++slot) {
    if (s.node_alive[slot]) order.emplace_back(s.nodes[slot].key, slot);
  }
  std::sort(order.begin(), order.end());
  const auto n = static_cast<vertex>(order.size());
  struct slot_vertex {
    vertex v = detail::no_vertex;
    std::uint32_t gen = 0;
  };
  std::vector<slot_vertex> vertex_of_slot(s.nodes.size());

  d->verts.resize(n);
  d->name_offset.resize(static_cast<std::size_t>(n) + 1);
  std::unordered_map<std::string_view, std::uint16_t> type_ids;
  std::size_t name_bytes = 0;
  for (const auto& [key, slot] : order) name_bytes += s.nodes[slot].name.size();
  if (name_bytes > std::numeric_limits<std::uint32_t>::max()) {
    throw_error(errc::invalid_argument, "CI names exceed 4 GiB");
  }
  d->names.reserve(name_bytes);
  for (vertex v = 0; v < n; ++v) {
    const node& nd = s.nodes[order[v].second];
    vertex_of_slot[order[v].second] = {v, s.node_gen[order[v].second]};
    d->verts[v].key = nd.key;
    d->verts[v].flags = static_cast<std::uint8_t>((nd.service ? detail::flag_service : 0) |
                                            (nd.available ? detail::flag_available : 0));
    auto [it, fresh] = type_ids.try_emplace(nd.type, static_cast<std::uint16_t>(d->type_names.size()));
    if (fresh) {
      if (d->type_names.size() >= std::numeric_limits<std::uint16_t>::max()) {
        throw_error(errc::invalid_argument, "too many CI types for one graph");
      }
      d->type_names.push_back(nd.type);
    }
    d->verts[v].type = it->second;
    d->name_offset[v] = static_cast<std::uint32_t>(d->names.size());
    d->names += nd.name;
  }
  d->name_offset[n] = static_cast<std::uint32_t>(d->names.size());
  d->index_keys();

  // Relationships: resolve endpoints; those naming a missing CI are dangling.
  std::vector<std::pair<vertex, vertex>> rel_edges, impact_edges;
  std::vector<detail::kind_edge> rel_props, impact_props;
  struct member_rec {
    vertex group, member;
    std::uint16_t kind;
  };
  std::vector<member_rec> members;
  rel_edges.reserve(s.edge_index.size());
  rel_props.reserve(s.edge_index.size());
  impact_edges.reserve(s.edge_index.size());
  impact_props.reserve(s.edge_index.size());
  const auto vertex_of = [&](node_key key, std::uint32_t slot, std::uint32_t gen) {
    if (slot != no_slot) {
      const slot_vertex sv = vertex_of_slot[slot];
      if (sv.v != detail::no_vertex && sv.gen == gen) return sv.v;
    }
    const auto found = s.find_node(key);  // added after the edge, or removed and re-added
    return found == detail::slot_index::none ? detail::no_vertex : vertex_of_slot[found].v;
  };
  const auto& kinds = s.kinds.kinds();
  for (const edge_slot& e : s.edges) {
    if (!e.alive) continue;
    const vertex u = vertex_of(e.from, e.from_slot, e.from_gen);
    const vertex v = vertex_of(e.to, e.to_slot, e.to_gen);
    if (u == detail::no_vertex || v == detail::no_vertex) {
      d->dangling.push_back({edge{e.from, e.to, kinds[e.kind].name, e.id}, u == detail::no_vertex,
                             v == detail::no_vertex});
      continue;
    }
    rel_edges.emplace_back(u, v);
    rel_props.push_back({e.kind});
    switch (kinds[e.kind].failure) {
      case propagation::to_source:
        impact_edges.emplace_back(v, u);
        impact_props.push_back({e.kind});
        break;
      case propagation::to_target:
        impact_edges.emplace_back(u, v);
        impact_props.push_back({e.kind});
        break;
      case propagation::both:
        impact_edges.emplace_back(v, u);
        impact_props.push_back({e.kind});
        if (u != v) {
          impact_edges.emplace_back(u, v);
          impact_props.push_back({e.kind});
        }
        break;
      case propagation::none: break;
      case propagation::quorum:
        if (u != v) members.push_back({v, u, e.kind});
        break;
    }
  }
  std::sort(d->dangling.begin(), d->dangling.end(), [](const auto& a, const auto& b) {
    return std::tie(a.relationship.from, a.relationship.to, a.relationship.kind) <
           std::tie(b.relationship.from, b.relationship.to, b.relationship.kind);
  });

  // Redundancy groups: distinct members per group (a member linked twice counts once).
  std::sort(members.begin(), members.end(), [](const member_rec& a, const member_rec& b) {
    return std::tie(a.group, a.member, a.kind) < std::tie(b.group, b.member, b.kind);
  });
  std::vector<std::pair<vertex, vertex>> quorum_edges;
  std::vector<detail::quorum_edge> quorum_props;
  for (std::size_t i = 0; i < members.size();) {
    const vertex g = members[i].group;
    detail::group_info info;
    info.v = g;
    const auto slot = static_cast<std::uint32_t>(d->groups.size());
    for (; i < members.size() && members[i].group == g; ++i) {
      if (i > 0 && members[i - 1].group == g && members[i - 1].member == members[i].member) {
        continue;
      }
      ++info.members;
      if (d->verts[members[i].member].flags & detail::flag_available) ++info.available;
      quorum_edges.emplace_back(members[i].member, g);
      quorum_props.push_back({members[i].kind, slot});
      impact_edges.emplace_back(members[i].member, g);  // transposed below into depend only
      impact_props.push_back({members[i].kind});
    }
    const std::uint32_t k = s.nodes[order[g].second].required_members;
    info.required = k == 0 ? info.members : k;
    d->verts[g].flags |= detail::flag_group;
    d->groups.push_back(info);
  }

  using boost::edges_are_unsorted_multi_pass;
  d->rel = detail::bidir_csr(edges_are_unsorted_multi_pass, rel_edges.begin(), rel_edges.end(),
                             rel_props.begin(), n);
  // depend: every impact edge reversed, member edges included (a group depends on its members).
  std::vector<std::pair<vertex, vertex>> depend_edges(impact_edges.size());
  std::transform(impact_edges.begin(), impact_edges.end(), depend_edges.begin(),
                 [](const auto& p) { return std::pair<vertex, vertex>(p.second, p.first); });
  d->depend = detail::csr(edges_are_unsorted_multi_pass, depend_edges.begin(), depend_edges.end(),
                          impact_props.begin(), n);
  depend_edges = {};
  // impact: without member edges; those go through the quorum arithmetic.
  const std::size_t plain = impact_edges.size() - quorum_edges.size();
  d->impact = detail::csr(edges_are_unsorted_multi_pass, impact_edges.begin(),
                          impact_edges.begin() + static_cast<std::ptrdiff_t>(plain),
                          impact_props.begin(), n);
  d->quorum = detail::quorum_csr(edges_are_unsorted_multi_pass, quorum_edges.begin(),
                                 quorum_edges.end(), quorum_props.begin(), n);
  return d;
}

}  // namespace detail

}  // namespace itsm::graph
