// Not API. The breadth-first traversal behind impact(), depends_on() and why(): a CSR walk with a
// per-thread scratch (a visited bitset cleared through the queue, so a query costs O(what it
// visits), not O(graph)), optional kind filter, depth limit, k-of-n groups and parent links.
#pragma once

#include <cstdint>
#include <vector>

#include "overlay.hpp"

namespace itsm::graph::detail {

struct scratch {
  std::vector<std::uint64_t> seen;  // visited bitset; all zero between queries
  std::vector<vertex> queue;        // BFS order; [0, tail) are exactly the visited vertices
  std::vector<vertex> parent;       // only with parents: the vertex a visited one came from
  std::vector<std::uint32_t> parent_kind;  // kind id; bit 31 = arrived through quorum arithmetic
  std::vector<std::uint32_t> group_stamp;  // per group slot: epoch of its down counter
  std::vector<std::uint32_t> group_down;   // per group slot: available members lost this query
  std::vector<std::uint32_t> tip_available;  // per group slot: members left when it tipped
  std::vector<std::size_t> level_end;      // queue index where each depth's vertices end
  std::uint32_t epoch = 0;
  std::size_t tail = 0;

  bool test_and_set(vertex v) noexcept {
    std::uint64_t& w = seen[v >> 6];
    const std::uint64_t bit = std::uint64_t{1} << (v & 63);
    if (w & bit) return true;
    w |= bit;
    return false;
  }
  bool test(vertex v) const noexcept { return (seen[v >> 6] >> (v & 63)) & 1u; }
};

// The calling thread's scratch, sized for the graph `g` reads. Use through traversal_guard.
scratch& thread_scratch(const view& g, bool parents);

// Clears the visited bits on scope exit (also when an exception leaves the query).
class traversal_guard {
 public:
  explicit traversal_guard(scratch& s) : s_(s) { s_.tail = 0; }
  ~traversal_guard();
  traversal_guard(const traversal_guard&) = delete;
  traversal_guard& operator=(const traversal_guard&) = delete;

 private:
  scratch& s_;
};

struct walk {
  bool depend = false;                  // follow depend rows (else impact rows)
  const std::uint8_t* allowed = nullptr;  // kind filter, nullptr = every kind
  bool quorum = false;                  // apply the k-of-n arithmetic (impact only)
  bool parents = false;                 // record parent links (why)
  std::uint32_t max_depth = unlimited_depth;
  vertex stop = no_vertex;              // end as soon as this vertex is reached
};

// Seeds: push each start vertex (duplicates ignored). Then run: BFS until done, the depth limit
// or `stop`. Afterwards s.queue[0, s.tail) is the visit order and s.level_end[d] is where depth d
// ends (depth 0 = the seeds).
void seed(scratch& s, vertex v, bool parents);
void run(const view& g, scratch& s, const walk& w);

}  // namespace itsm::graph::detail
