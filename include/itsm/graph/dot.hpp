// DOT (Graphviz) export of a CI's neighbourhood: CI types and relationship kinds become node and
// edge styles, so `dot -Tsvg map.dot` draws a dependency map. Thread-safety: pure functions of an
// immutable graph; safe to call concurrently.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "itsm/core/export.hpp"
#include "itsm/graph/graph.hpp"

namespace itsm::graph {

struct ITSM_API dot_options {
  std::uint32_t radius = 1;        // Relationships away from the centre, either way. Default: 1
  std::vector<std::string> kinds;  // Only these relationship kinds. Default: {} = every kind
  // DOT attribute lists (e.g. "shape=box, style=filled, fillcolor=\"#dbe9f6\"") by CI type and by
  // relationship kind; they override the built-in styles. Default: {} (built-ins: docs/graph.md;
  // other types get a colour of a fixed palette chosen from the type name)
  std::map<std::string, std::string, std::less<>> type_styles;
  std::map<std::string, std::string, std::less<>> kind_styles;
  std::vector<node_key> highlight;  // CIs drawn with highlight_style (e.g. an impact set). Default: {}
  std::string highlight_style = "color=\"#c0392b\", penwidth=2.5";  // Default: a red outline
  std::string graph_name = "cmdb";  // Default: "cmdb"
};

// The neighbourhood of `center` as a DOT digraph: one node per CI (label: name or key, and type),
// one edge per relationship `from -> to` between them (label: kind). A redundancy group in the map
// is drawn as a cluster (subgraph "cluster_<key>") holding the group and its members.
// Throws itsm::error(not_found) for an unknown centre, (invalid_argument) for an unknown kind.
ITSM_API std::string to_dot(const graph& g, node_key center, const dot_options& options = {});

// The dependency map of `root` (a service or a CI): `root` and everything it depends on,
// transitively (graph::depends_on, R-6.1-catalogue), drawn as to_dot draws (options.radius is not
// used; options.kinds filters). Throws like to_dot.
ITSM_API std::string dependency_map(const graph& g, node_key root, const dot_options& options = {});

// Renders a DOT text as SVG with Graphviz's `dot -Tsvg`, found on PATH and run without a shell.
// Throws itsm::error(unavailable) when `dot` is not installed, (invalid_argument) when it rejects
// the text.
ITSM_API std::string to_svg(std::string_view dot);

}  // namespace itsm::graph
