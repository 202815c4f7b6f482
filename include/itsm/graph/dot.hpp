// DOT (Graphviz) export of a CI's neighbourhood: CI types and relationship kinds become node and
// edge styles, so `dot -Tsvg map.dot` draws a dependency map. Thread-safety: pure functions of an
// immutable graph; safe to call concurrently.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "itsm/graph/graph.hpp"

namespace itsm::graph {

struct dot_options {
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
// one edge per relationship `from -> to` between them (label: kind).
// Throws itsm::error(not_found) for an unknown centre, (invalid_argument) for an unknown kind.
std::string to_dot(const graph& g, node_key center, const dot_options& options = {});

}  // namespace itsm::graph
