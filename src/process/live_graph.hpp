// The one CMDB graph of a store, owned by the library: a graph::builder kept in step with the
// store by following the audit trail (each snapshot folds in only the entries committed since the
// last one, whichever process wrote them), and an immutable graph built from it when a reader
// asks after a change. Every impact question (configuration().graph, RFC assessment, maps) reads
// it. Not stable API (itsm::detail). Thread-safety: snapshot() may be called from any thread.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <vector>

#include "itsm/graph/builder.hpp"
#include "itsm/graph/graph.hpp"
#include "itsm/storage/backend.hpp"

namespace itsm::detail {

struct context;

// Kinds the live graph adds to the stored catalogue (reserved names): a service depends on each
// CI that lists it (service —service_component→ CI) and on the services it depends on.
inline constexpr const char* service_component_kind = "service_component";
inline constexpr const char* service_dependency_kind = "service_depends_on";

// Services are nodes too, keyed by the negated service number (SVC-4 is node -4).
inline graph::node_key service_node_key(std::int64_t service_number) { return -service_number; }

class live_graph {
 public:
  // The graph as of the store's last commit. Costs one audit read when nothing changed; after
  // changes, folding each in (O(1) per entry) and a build that folds the changed CIs into the
  // last snapshot (graph::builder; a full CSR build only every (V + E) / 160 changed CIs).
  graph::graph snapshot(const context& ctx);
  // The audit sequence the last snapshot reflects (tests and benchmarks).
  std::int64_t synced_seq();

 private:
  void rebuild(const context& ctx, storage::transaction& tx, std::int64_t last);
  bool sync(storage::transaction& tx, std::int64_t last);
  void fold_ci(storage::transaction& tx, const std::string& key);
  void fold_relationship(storage::transaction& tx, const std::string& key);
  void fold_service(storage::transaction& tx, const std::string& key);
  // Replaces the edges `kind` between `node` and the services in `old` by those to `now`; with
  // `service_first` the service is the edge's source (service —kind→ node).
  void relink(std::vector<graph::node_key>& old, graph::node_key node, std::vector<graph::node_key> now,
              const char* kind, bool service_first);

  std::mutex m_;
  std::int64_t synced_ = -1;  // the last audit entry folded in; -1: not built yet
  graph::builder b_{graph::kind_table{}};
  std::optional<graph::graph> built_;
  // What the builder holds for each CI / service, so a change removes exactly the old edges.
  std::unordered_map<graph::node_key, std::vector<graph::node_key>> services_of_ci_;
  std::unordered_map<graph::node_key, std::vector<graph::node_key>> services_of_service_;
};

}  // namespace itsm::detail
