// Cycle detection with Boost.Graph: depth_first_visit (iterative, so deep CMDBs do not overflow
// the stack) reports a back edge; strong_components finds every set of CIs on a common cycle.
#include <boost/graph/depth_first_search.hpp>
#include <boost/graph/filtered_graph.hpp>
#include <boost/graph/strong_components.hpp>
#include <algorithm>

#include "graph_data.hpp"
#include "itsm/graph/graph.hpp"

namespace itsm::graph {

namespace {

using detail::vertex;

// Keeps the edges whose kind is allowed (allowed == nullptr: every edge).
template <class G>
struct kind_predicate {
  const G* g = nullptr;
  const std::uint8_t* allowed = nullptr;
  template <class E>
  bool operator()(const E& e) const {
    return allowed == nullptr || allowed[(*g)[e].kind];
  }
};

struct cycle_state {
  std::vector<vertex> pred;
  std::vector<std::uint16_t> pred_kind;
  bool found = false;
  vertex back_from = 0, back_to = 0;
  std::uint16_t back_kind = 0;
};

struct cycle_visitor : boost::default_dfs_visitor {
  cycle_state* st;
  explicit cycle_visitor(cycle_state* s) : st(s) {}
  template <class E, class G>
  void tree_edge(const E& e, const G& g) const {
    const vertex t = boost::target(e, g);
    st->pred[t] = boost::source(e, g);
    st->pred_kind[t] = g[e].kind;
  }
  template <class E, class G>
  void back_edge(const E& e, const G& g) const {
    if (st->found) return;
    st->found = true;
    st->back_from = boost::source(e, g);
    st->back_to = boost::target(e, g);
    st->back_kind = g[e].kind;
  }
};

// The kinds a cycle search follows: the caller's filter, and in dependency direction only the
// kinds that propagate one way (or as quorum).
std::vector<std::uint8_t> cycle_kinds(const detail::graph_data& d, const cycle_options& o) {
  auto allowed = d.kind_filter(o.kinds);
  if (o.as_recorded) return allowed;
  if (allowed.empty()) allowed.assign(d.kinds.size(), 1);
  for (std::size_t k = 0; k < d.kinds.size(); ++k) {
    const auto p = d.kinds.kinds()[k].failure;
    if (p == propagation::both || p == propagation::none) allowed[k] = 0;
  }
  return allowed;
}

template <class G>
std::optional<cycle> find_cycle_in(const detail::graph_data& d, const G& base,
                                   const std::uint8_t* allowed) {
  using filtered = boost::filtered_graph<G, kind_predicate<G>>;
  filtered fg(base, kind_predicate<G>{&base, allowed});
  const std::size_t n = d.size();
  cycle_state st;
  st.pred.assign(n, detail::no_vertex);
  st.pred_kind.assign(n, 0);
  std::vector<boost::default_color_type> color(n, boost::white_color);
  auto cmap = boost::make_iterator_property_map(color.begin(), boost::get(boost::vertex_index, base));
  cycle_visitor vis(&st);
  const auto stop = [&st](vertex, const filtered&) { return st.found; };
  for (vertex v = 0; v < n && !st.found; ++v) {
    if (color[v] == boost::white_color) boost::depth_first_visit(fg, v, vis, cmap, stop);
  }
  if (!st.found) return std::nullopt;
  // back edge from → to, with `to` an ancestor of `from` in the DFS tree: to … from → to.
  std::vector<vertex> chain;
  std::vector<std::uint16_t> chain_kinds;
  for (vertex v = st.back_from; v != st.back_to; v = st.pred[v]) {
    chain.push_back(v);
    chain_kinds.push_back(st.pred_kind[v]);
  }
  chain.push_back(st.back_to);
  std::reverse(chain.begin(), chain.end());  // to, …, from
  std::reverse(chain_kinds.begin(), chain_kinds.end());
  cycle c;
  for (vertex v : chain) c.cis.push_back(d.verts[v].key);
  for (auto k : chain_kinds) c.kinds.push_back(d.kinds.kinds()[k].name);
  c.kinds.push_back(d.kinds.kinds()[st.back_kind].name);
  return c;
}

template <class G>
std::vector<std::vector<node_key>> groups_in(const detail::graph_data& d, const G& base,
                                             const std::uint8_t* allowed) {
  using filtered = boost::filtered_graph<G, kind_predicate<G>>;
  filtered fg(base, kind_predicate<G>{&base, allowed});
  const std::size_t n = d.size();
  std::vector<std::uint32_t> comp(n);
  auto cmap = boost::make_iterator_property_map(comp.begin(), boost::get(boost::vertex_index, base));
  const std::size_t count = n == 0 ? 0 : boost::strong_components(fg, cmap);
  std::vector<std::uint32_t> size(count, 0);
  std::vector<std::uint8_t> self_loop(count, 0);
  for (vertex v = 0; v < n; ++v) ++size[comp[v]];
  for (auto [e, end] = boost::edges(fg); e != end; ++e) {
    if (boost::source(*e, fg) == boost::target(*e, fg)) self_loop[comp[boost::source(*e, fg)]] = 1;
  }
  std::vector<std::int64_t> slot(count, -1);
  std::vector<std::vector<node_key>> out;
  for (vertex v = 0; v < n; ++v) {  // ascending vertex = ascending key
    const auto c = comp[v];
    if (size[c] < 2 && !self_loop[c]) continue;
    if (slot[c] < 0) {
      slot[c] = static_cast<std::int64_t>(out.size());
      out.emplace_back();
    }
    out[static_cast<std::size_t>(slot[c])].push_back(d.verts[v].key);
  }
  return out;
}

}  // namespace

std::optional<cycle> graph::find_cycle(const cycle_options& options) const {
  const auto& d = data();
  const auto allowed = cycle_kinds(d, options);
  const std::uint8_t* a = allowed.empty() ? nullptr : allowed.data();
  return options.as_recorded ? find_cycle_in(d, d.rel, a) : find_cycle_in(d, d.depend, a);
}

std::vector<std::vector<node_key>> graph::cyclic_groups(const cycle_options& options) const {
  const auto& d = data();
  const auto allowed = cycle_kinds(d, options);
  const std::uint8_t* a = allowed.empty() ? nullptr : allowed.data();
  return options.as_recorded ? groups_in(d, d.rel, a) : groups_in(d, d.depend, a);
}

}  // namespace itsm::graph
