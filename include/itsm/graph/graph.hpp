// The CMDB graph: an immutable, compact (CSR) view of CIs and typed relationships, made by
// graph::builder, answering impact, dependency, path, cycle and audit queries. A graph built after
// a few changes shares the previous one's CSR and carries the changed CIs beside it (docs/graph.md,
// "Snapshots"). Thread-safety: a built graph never changes; any number of threads may query one
// graph (or copies of it) at once.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "itsm/core/export.hpp"
#include "itsm/graph/elements.hpp"
#include "itsm/graph/kinds.hpp"

namespace itsm::graph {

namespace detail {
struct graph_data;
struct overlay;
}
class builder;

inline constexpr std::uint32_t unlimited_depth = std::numeric_limits<std::uint32_t>::max();

struct ITSM_API traversal_options {
  std::uint32_t max_depth = unlimited_depth;  // Hops from the start set. Default: unlimited
  std::vector<std::string> kinds;             // Follow only these kinds. Default: {} = every kind
};

// A CI reached by a traversal and its distance (in relationships) from the start set.
struct ITSM_API reached_ci {
  node_key key = 0;
  std::uint32_t depth = 0;
  bool operator==(const reached_ci&) const = default;
};

struct ITSM_API impact_result {
  std::vector<reached_ci> impacted;  // Without the failed CIs; ordered by depth, then found order
  std::vector<node_key> services;    // The impacted services (same order as in `impacted`)
};

// A redundancy group's arithmetic at the moment it lost its quorum.
struct ITSM_API quorum_state {
  std::uint32_t required = 0;   // k
  std::uint32_t members = 0;    // n
  std::uint32_t available = 0;  // members still available (< required)
  bool operator==(const quorum_state&) const = default;
};

// One step of an impact path: the CI, and the relationship kind that carried the failure to it.
struct ITSM_API path_step {
  node_key key = 0;
  std::string kind;                    // "" for the first step (a failed CI)
  std::optional<quorum_state> quorum;  // Set when the step is a group that lost its quorum
};

// A dependency cycle: cis[i] depends on cis[(i+1) % size] through kinds[i].
struct ITSM_API cycle {
  std::vector<node_key> cis;
  std::vector<std::string> kinds;
};

struct ITSM_API cycle_options {
  std::vector<std::string> kinds;  // Consider only these kinds. Default: {} = every kind
  // false: follow dependency direction (derived from each kind's propagation; kinds propagating
  // `both` or `none` are skipped, a symmetric link is not a dependency cycle).
  // true: follow relationships as recorded (from → to), every kind. Default: false
  bool as_recorded = false;
};

// A relationship whose endpoint is not a CI of the graph (R-9.1-audit).
struct ITSM_API dangling_relationship {
  edge relationship;
  bool from_missing = false;
  bool to_missing = false;
};

struct ITSM_API node_info {
  node_key key = 0;
  std::string_view type;  // Views into the graph: valid while a copy of the graph lives
  std::string_view name;
  bool service = false;
  bool available = true;
  bool group = false;           // Receives quorum (member) relationships
  std::uint32_t required = 0;   // k of a group (0 if not a group)
  std::uint32_t members = 0;    // n of a group (0 if not a group)
};

class ITSM_API graph {
 public:
  graph();  // empty graph

  std::size_t node_count() const noexcept;
  std::size_t edge_count() const noexcept;  // relationships between known CIs (not dangling)
  bool contains(node_key key) const noexcept;
  // Throws itsm::error(not_found) for an unknown key.
  node_info info(node_key key) const;
  const kind_table& kinds() const noexcept;
  // Approximate heap bytes held by this graph's data.
  std::size_t memory_bytes() const noexcept;

  // Impact analysis (R-9.1-to-change): every CI impacted when `failed` fail (or change), with
  // redundancy groups impacted only when fewer than k of their members remain available.
  // Throws itsm::error(not_found) for an unknown key, (invalid_argument) for an unknown kind.
  impact_result impact(std::span<const node_key> failed, const traversal_options& options = {}) const;
  impact_result impact(std::initializer_list<node_key> failed,
                       const traversal_options& options = {}) const {
    return impact(std::span<const node_key>(failed.begin(), failed.size()), options);
  }

  // What `ci` depends on, transitively (R-6.1-catalogue): every CI whose failure could impact it,
  // redundancy ignored (every member of a group is listed). Throws like impact().
  std::vector<reached_ci> depends_on(node_key ci, const traversal_options& options = {}) const;

  // Why `target` is impacted by `failed`: a shortest chain of relationships from a failed CI to
  // `target`, or nullopt if it is not impacted. Throws like impact().
  std::optional<std::vector<path_step>> why(node_key target, std::span<const node_key> failed,
                                            const traversal_options& options = {}) const;
  std::optional<std::vector<path_step>> why(node_key target, std::initializer_list<node_key> failed,
                                            const traversal_options& options = {}) const {
    return why(target, std::span<const node_key>(failed.begin(), failed.size()), options);
  }

  // One dependency cycle, or nullopt if there is none. Throws (invalid_argument) on unknown kinds.
  std::optional<cycle> find_cycle(const cycle_options& options = {}) const;
  // Every set of CIs that lie on a common cycle (strongly connected, or with a self-relationship),
  // each sorted by key; sets ordered by their smallest key.
  std::vector<std::vector<node_key>> cyclic_groups(const cycle_options& options = {}) const;

  // CMDB audit (R-9.1-audit): CIs with no relationship to another known CI, sorted by key ...
  std::vector<node_key> orphans() const;
  // ... and relationships whose endpoint is missing, sorted by (from, to, kind).
  const std::vector<dangling_relationship>& dangling() const noexcept;

  // CIs within `radius` relationships of `center`, either direction (maps, DOT export), sorted.
  std::vector<node_key> neighbourhood(node_key center, std::uint32_t radius,
                                      const std::vector<std::string>& kinds = {}) const;

  // Not API: the implementation's data: the whole graph as one CSR (made on first use when the
  // graph carries changes beside its base), the base CSR, and the changes.
  const detail::graph_data& data() const;
  const detail::graph_data& base() const noexcept { return *d_; }
  const detail::overlay* delta() const noexcept { return o_.get(); }

 private:
  friend class builder;
  explicit graph(std::shared_ptr<const detail::graph_data> d, std::shared_ptr<const detail::overlay> o = {});
  std::shared_ptr<const detail::graph_data> d_;
  std::shared_ptr<const detail::overlay> o_;
};

}  // namespace itsm::graph
