#include "itsm/graph/graph.hpp"

#include <algorithm>

#include "graph_data.hpp"
#include "itsm/core/error.hpp"
#include "overlay.hpp"
#include "traversal.hpp"

namespace itsm::graph {

namespace detail {

void graph_data::index_keys() {
  key_dir.clear();
  dir_shift = 0;
  if (verts.empty()) return;
  const auto lo = static_cast<std::uint64_t>(verts.front().key);
  const std::uint64_t span = static_cast<std::uint64_t>(verts.back().key) - lo;
  const std::uint64_t target = std::max<std::uint64_t>(1, verts.size() / 2);
  while (dir_shift < 63 && (span >> dir_shift) >= target) ++dir_shift;
  const std::size_t buckets = static_cast<std::size_t>(span >> dir_shift) + 1;
  key_dir.assign(buckets + 1, 0);
  for (const auto& r : verts) ++key_dir[((static_cast<std::uint64_t>(r.key) - lo) >> dir_shift) + 1];
  for (std::size_t b = 0; b < buckets; ++b) key_dir[b + 1] += key_dir[b];
}

vertex graph_data::find(node_key key) const noexcept {
  if (verts.empty() || key < verts.front().key || key > verts.back().key) return no_vertex;
  const std::uint64_t b =
      (static_cast<std::uint64_t>(key) - static_cast<std::uint64_t>(verts.front().key)) >> dir_shift;
  const auto first = verts.begin() + key_dir[b], last = verts.begin() + key_dir[b + 1];
  auto it = std::lower_bound(first, last, key,
                             [](const vertex_rec& r, node_key k) { return r.key < k; });
  if (it == last || it->key != key) return no_vertex;
  return static_cast<vertex>(it - verts.begin());
}

vertex graph_data::require(node_key key) const {
  const vertex v = find(key);
  if (v == no_vertex) throw_error(errc::not_found, "CI " + std::to_string(key) + " is not in the graph");
  return v;
}

const group_info* graph_data::group_of(vertex v) const noexcept {
  if (!(verts[v].flags & flag_group)) return nullptr;
  auto it = std::lower_bound(groups.begin(), groups.end(), v,
                             [](const group_info& g, vertex x) { return g.v < x; });
  return it != groups.end() && it->v == v ? &*it : nullptr;
}

std::vector<std::uint8_t> graph_data::kind_filter(const std::vector<std::string>& names) const {
  std::vector<std::uint8_t> allowed;
  if (names.empty()) return allowed;
  allowed.assign(kinds.size(), 0);
  for (const auto& name : names) {
    const int id = kinds.id_of(name);
    if (id < 0) throw_error(errc::invalid_argument, "unknown relationship kind '" + name + "'");
    allowed[static_cast<std::size_t>(id)] = 1;
  }
  return allowed;
}

namespace {
template <class T>
std::size_t bytes(const std::vector<T>& v) {
  return v.capacity() * sizeof(T);
}
template <class S>
std::size_t csr_bytes(const S& s) {
  return bytes(s.m_rowstart) + bytes(s.m_column) + bytes(s.m_edge_properties);
}
}  // namespace

std::size_t graph_data::memory_bytes() const noexcept {
  std::size_t b = sizeof(*this) + bytes(verts) + bytes(key_dir) + bytes(name_offset) +
                  names.capacity() + bytes(groups) + bytes(dangling);
  for (const auto& t : type_names) b += sizeof(t) + t.capacity();
  b += csr_bytes(rel.m_forward) + csr_bytes(rel.m_backward) + csr_bytes(impact.m_forward) +
       csr_bytes(depend.m_forward) + csr_bytes(quorum.m_forward);
  return b;
}

}  // namespace detail

using detail::no_vertex;
using detail::vertex;

graph::graph() : d_(std::make_shared<detail::graph_data>()) {}
graph::graph(std::shared_ptr<const detail::graph_data> d, std::shared_ptr<const detail::overlay> o)
    : d_(std::move(d)), o_(std::move(o)) {}

const detail::graph_data& graph::data() const {
  if (!o_) return *d_;
  std::call_once(o_->flat_once, [&] { o_->flat = detail::flatten(detail::view(*d_, o_.get())); });
  return o_->flat->base();
}

std::size_t graph::node_count() const noexcept { return o_ ? o_->node_count : d_->verts.size(); }
std::size_t graph::edge_count() const noexcept { return o_ ? o_->edge_count : d_->rel.m_forward.m_column.size(); }
bool graph::contains(node_key key) const noexcept { return detail::view(*d_, o_.get()).find(key) != no_vertex; }
const kind_table& graph::kinds() const noexcept { return d_->kinds; }
std::size_t graph::memory_bytes() const noexcept {
  std::size_t b = d_->memory_bytes();
  if (o_) b += o_->records.capacity() * (sizeof(void*) + sizeof(detail::dirty_vertex)) + 16 * o_->dirty.size();
  return b;
}
const std::vector<dangling_relationship>& graph::dangling() const noexcept {
  return o_ ? *o_->dangling : d_->dangling;
}

node_info graph::info(node_key key) const {
  const detail::view d(*d_, o_.get());
  const vertex v = d.require(key);
  const auto rec = d.rec(v);
  node_info i;
  i.key = key;
  i.type = d.type(v);
  i.name = d.name(v);
  i.service = rec.flags & detail::flag_service;
  i.available = rec.flags & detail::flag_available;
  if (const auto* g = d.group(v)) {
    i.group = true;
    i.required = g->required;
    i.members = g->members;
  }
  return i;
}

namespace {

// The reached vertices after the seeds, with their depth; services also into *services.
std::vector<reached_ci> collect(const detail::view& d, const detail::scratch& s,
                                std::vector<node_key>* services = nullptr) {
  std::vector<reached_ci> out;
  const std::size_t first = s.level_end.empty() ? s.tail : s.level_end[0];
  out.reserve(s.tail - first);
  std::size_t i = first;
  for (std::size_t level = 1; i < s.tail; ++level) {
    const std::size_t end = level < s.level_end.size() ? s.level_end[level] : s.tail;
    for (; i < end; ++i) {
      const auto rec = d.rec(s.queue[i]);
      out.push_back({rec.key, static_cast<std::uint32_t>(level)});
      if (services && (rec.flags & detail::flag_service)) services->push_back(rec.key);
    }
  }
  return out;
}

}  // namespace

impact_result graph::impact(std::span<const node_key> failed,
                            const traversal_options& options) const {
  const detail::view d(*d_, o_.get());
  const auto allowed = d_->kind_filter(options.kinds);
  auto& s = detail::thread_scratch(d, false);
  detail::traversal_guard guard(s);
  for (node_key k : failed) detail::seed(s, d.require(k), false);
  detail::walk w;
  w.allowed = allowed.empty() ? nullptr : allowed.data();
  w.quorum = true;
  w.max_depth = options.max_depth;
  detail::run(d, s, w);

  impact_result r;
  r.impacted = collect(d, s, &r.services);
  return r;
}

std::vector<reached_ci> graph::depends_on(node_key ci, const traversal_options& options) const {
  const detail::view d(*d_, o_.get());
  const vertex start = d.require(ci);
  const auto allowed = d_->kind_filter(options.kinds);
  auto& s = detail::thread_scratch(d, false);
  detail::traversal_guard guard(s);
  detail::seed(s, start, false);
  detail::walk w;
  w.depend = true;
  w.allowed = allowed.empty() ? nullptr : allowed.data();
  w.max_depth = options.max_depth;
  detail::run(d, s, w);
  return collect(d, s);
}

std::optional<std::vector<path_step>> graph::why(node_key target, std::span<const node_key> failed,
                                                 const traversal_options& options) const {
  const detail::view d(*d_, o_.get());
  const vertex goal = d.require(target);
  const auto allowed = d_->kind_filter(options.kinds);
  auto& s = detail::thread_scratch(d, true);
  detail::traversal_guard guard(s);
  for (node_key k : failed) detail::seed(s, d.require(k), true);
  detail::walk w;
  w.allowed = allowed.empty() ? nullptr : allowed.data();
  w.quorum = true;
  w.parents = true;
  w.max_depth = options.max_depth;
  w.stop = goal;
  detail::run(d, s, w);
  if (!s.test(goal)) return std::nullopt;

  std::vector<path_step> path;
  for (vertex v = goal; v != no_vertex; v = s.parent[v]) {
    path_step step;
    step.key = d.rec(v).key;
    if (s.parent[v] != no_vertex) {
      const std::uint32_t pk = s.parent_kind[v];
      step.kind = d_->kinds.kinds()[pk & 0xFFFFu].name;
      if (pk & 0x80000000u) {
        std::uint32_t slot = 0;
        const auto* g = d.group(v, &slot);
        step.quorum = quorum_state{g->required, g->members, s.tip_available[slot]};
      }
    }
    path.push_back(std::move(step));
  }
  std::reverse(path.begin(), path.end());
  return path;
}

std::vector<node_key> graph::orphans() const {
  const auto& d = data();
  const auto& fw = d.rel.m_forward;
  const auto& bw = d.rel.m_backward;
  std::vector<node_key> out;
  for (vertex v = 0; v < d.size(); ++v) {
    bool linked = false;
    for (auto e = fw.m_rowstart[v]; e < fw.m_rowstart[v + 1] && !linked; ++e) linked = fw.m_column[e] != v;
    for (auto e = bw.m_rowstart[v]; e < bw.m_rowstart[v + 1] && !linked; ++e) linked = bw.m_column[e] != v;
    if (!linked) out.push_back(d.verts[v].key);
  }
  return out;
}

std::vector<node_key> graph::neighbourhood(node_key center, std::uint32_t radius,
                                           const std::vector<std::string>& kinds) const {
  const detail::view d(*d_, o_.get());
  const vertex c = d.require(center);
  const auto allowed = d_->kind_filter(kinds);
  const auto ok = [&](std::uint16_t kind) { return allowed.empty() || allowed[kind]; };
  auto& s = detail::thread_scratch(d, false);
  detail::traversal_guard guard(s);
  detail::seed(s, c, false);
  std::size_t head = 0;
  for (std::uint32_t depth = 0; depth < radius && head < s.tail; ++depth) {
    const std::size_t level_end = s.tail;
    for (; head < level_end; ++head) {
      const vertex u = s.queue[head];
      const auto out = d.out(u);
      for (std::uint32_t e = 0; e < out.size; ++e) {
        if (ok(out.props[e].kind)) detail::seed(s, out.col[e], false);
      }
      d.for_each_in(u, [&](vertex from, std::uint16_t kind) {
        if (ok(kind)) detail::seed(s, from, false);
      });
    }
  }
  std::vector<node_key> out;
  out.reserve(s.tail);
  for (std::size_t i = 0; i < s.tail; ++i) out.push_back(d.rec(s.queue[i]).key);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace itsm::graph
