#include "traversal.hpp"

#include <algorithm>

namespace itsm::graph::detail {

namespace {
constexpr std::uint32_t via_quorum = 0x80000000u;
// How far ahead in the queue to prefetch a vertex's row start, and its first targets.
constexpr std::size_t prefetch_row = 16;
constexpr std::size_t prefetch_col = 8;
}  // namespace

scratch& thread_scratch(const view& d, bool parents) {
  thread_local scratch s;
  const std::size_t n = d.size();
  const std::size_t words = (n + 63) / 64;
  if (s.seen.size() < words) s.seen.resize(words, 0);
  if (s.queue.size() < n) s.queue.resize(n);
  if (parents && s.parent.size() < n) {
    s.parent.resize(n);
    s.parent_kind.resize(n);
  }
  const std::size_t g = d.group_slots();
  if (s.group_stamp.size() < g) {
    s.group_stamp.resize(g, 0);
    s.group_down.resize(g, 0);
    s.tip_available.resize(g, 0);
  }
  if (++s.epoch == 0) {  // wrapped: forget every stamp
    std::fill(s.group_stamp.begin(), s.group_stamp.end(), 0);
    s.epoch = 1;
  }
  s.level_end.clear();
  return s;
}

traversal_guard::~traversal_guard() {
  for (std::size_t i = 0; i < s_.tail; ++i) {
    const vertex v = s_.queue[i];
    s_.seen[v >> 6] &= ~(std::uint64_t{1} << (v & 63));
  }
  s_.tail = 0;
}

void seed(scratch& s, vertex v, bool parents) {
  if (s.test_and_set(v)) return;
  s.queue[s.tail++] = v;
  if (parents) {
    s.parent[v] = no_vertex;
    s.parent_kind[v] = 0;
  }
}

namespace {

// Overlay false: the fast path of a graph without changes, reading the base CSR alone.
template <bool Filter, bool Quorum, bool Parents, bool Overlay>
void run_impl(const view& g, scratch& s, const walk& w) {
  const graph_data& d = g.base();
  const csr_view c = view_of(w.depend ? d.depend : d.impact);
  const std::uint32_t* const rs = c.rowstart;
  const std::size_t base_size = d.size();  // vertices the overlay added have no base row
  vertex* const q = s.queue.data();
  std::uint64_t* const seen = s.seen.data();
  std::size_t tail = s.tail;
  std::size_t head = 0;
  s.level_end.push_back(tail);
  // A changed vertex's rows are in its overlay record `x`, looked up once per vertex; every other
  // vertex (all of them when Overlay is false) reads the base CSR.
  const auto row_of = [&](vertex u, const dirty_vertex* x) -> row<kind_edge> {
    if (x) return w.depend ? x->depend : x->impact;
    return {c.column + rs[u], c.props + rs[u], rs[u + 1] - rs[u]};
  };

  // k-of-n: a member's failure takes one available member from each of its groups; the group is
  // impacted when fewer than `required` remain.
  const auto& qs = d.quorum.m_forward;
  const auto quorum_step = [&](vertex u, const dirty_vertex* x) -> bool {
    const std::uint32_t qb = x ? 0 : qs.m_rowstart[u];
    const std::uint32_t qe = x ? x->quorum.size : qs.m_rowstart[u + 1];
    if (qb == qe) return false;
    const bool lost = (x ? x->rec.flags : d.verts[u].flags) & flag_available;
    for (std::uint32_t e = qb; e < qe; ++e) {
      const quorum_edge& qp = x ? x->quorum.props[e] : qs.m_edge_properties[e];
      if (Filter && !w.allowed[qp.kind]) continue;
      const vertex gv = x ? x->quorum.col[e] : qs.m_column[e];
      if (s.test(gv)) continue;
      if (s.group_stamp[qp.slot] != s.epoch) {
        s.group_stamp[qp.slot] = s.epoch;
        s.group_down[qp.slot] = 0;
      }
      if (lost) ++s.group_down[qp.slot];
      // An unchanged group is the base's, at its slot (view::group would search the base for it).
      const group_info& gi = Overlay && g.dirty(gv) ? *g.group(gv) : d.groups[qp.slot];
      const std::uint32_t left = gi.available - std::min(gi.available, s.group_down[qp.slot]);
      if (left >= gi.required) continue;
      s.test_and_set(gv);
      q[tail++] = gv;
      if constexpr (Parents) {
        s.parent[gv] = u;
        s.parent_kind[gv] = qp.kind | via_quorum;
        s.tip_available[qp.slot] = left;
      }
      if (gv == w.stop) return true;
    }
    return false;
  };

  std::uint32_t depth = 0;
  while (head < tail && depth < w.max_depth) {
    const std::size_t level_end = tail;
    for (; head < level_end; ++head) {
      // Base rows of dirty vertices are prefetched for nothing, which costs less than a lookup.
      if (head + prefetch_row < tail && (!Overlay || q[head + prefetch_row] < base_size))
        __builtin_prefetch(rs + q[head + prefetch_row]);
      if (head + prefetch_col < tail && (!Overlay || q[head + prefetch_col] < base_size))
        __builtin_prefetch(c.column + rs[q[head + prefetch_col]]);
      const vertex u = q[head];
      const dirty_vertex* const x = Overlay ? g.dirty(u) : nullptr;
      const row<kind_edge> r = row_of(u, x);
      for (std::uint32_t e = 0; e < r.size; ++e) {
        if constexpr (Filter) {
          if (!w.allowed[r.props[e].kind]) continue;
        }
        const vertex v = r.col[e];
        std::uint64_t& word = seen[v >> 6];
        const std::uint64_t bit = std::uint64_t{1} << (v & 63);
        if (word & bit) continue;
        word |= bit;
        q[tail++] = v;
        if constexpr (Parents) {
          s.parent[v] = u;
          s.parent_kind[v] = r.props[e].kind;
          if (v == w.stop) {
            s.tail = tail;
            s.level_end.push_back(tail);
            return;
          }
        }
      }
      if constexpr (Quorum) {
        if (quorum_step(u, x)) {
          s.tail = tail;
          s.level_end.push_back(tail);
          return;
        }
      }
    }
    s.tail = tail;  // keep the guard's view current
    s.level_end.push_back(tail);
    ++depth;
  }
  s.tail = tail;
}

template <bool Filter, bool Quorum, bool Parents>
void run_on(const view& g, scratch& s, const walk& w) {
  g.delta() ? run_impl<Filter, Quorum, Parents, true>(g, s, w) : run_impl<Filter, Quorum, Parents, false>(g, s, w);
}

}  // namespace

void run(const view& d, scratch& s, const walk& w) {
  // A stop vertex that is a seed needs no walk.
  if (w.stop != no_vertex && s.test(w.stop)) {
    s.level_end.push_back(s.tail);
    return;
  }
  const bool filter = w.allowed != nullptr;
  const bool quorum = w.quorum && d.group_slots() != 0;
  const bool parents = w.parents;
  if (filter) {
    if (quorum) {
      parents ? run_on<true, true, true>(d, s, w) : run_on<true, true, false>(d, s, w);
    } else {
      parents ? run_on<true, false, true>(d, s, w) : run_on<true, false, false>(d, s, w);
    }
  } else {
    if (quorum) {
      parents ? run_on<false, true, true>(d, s, w) : run_on<false, true, false>(d, s, w);
    } else {
      parents ? run_on<false, false, true>(d, s, w) : run_on<false, false, false>(d, s, w);
    }
  }
}

}  // namespace itsm::graph::detail
