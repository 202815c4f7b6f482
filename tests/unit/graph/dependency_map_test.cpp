// Dependency maps: a service's dependency tree as DOT with redundancy groups drawn as clusters,
// rendered to SVG by Graphviz's dot (installed by scripts/install-deps.sh) (R-6.1-catalogue).
#include <catch2/catch.hpp>

#include <string>

#include "itsm/core/error.hpp"
#include "itsm/graph/dot.hpp"
#include "unit/graph/graph_fixture.hpp"

using namespace graph_test;
using itsm::graph::dependency_map;
using itsm::graph::to_svg;

namespace {

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("R-6.1-catalogue: a service's dependency map holds its whole tree, groups as clusters", "[graph][dot][map]") {
  const auto g = shop_builder().build();
  const auto dot = dependency_map(g, 1);
  // The tree: webshop, orders-db, web-cluster, web1..3, hv1, hv2, rack; not the runbook.
  for (auto key : {"\"1\" [", "\"5\" [", "\"10\" [", "\"11\" [", "\"12\" [", "\"13\" [", "\"21\" [", "\"22\" [", "\"30\" ["})
    CHECK(has(dot, key));
  CHECK_FALSE(has(dot, "\"40\" ["));
  CHECK(has(dot, "peripheries=2"));  // the root
  // The cluster holds the group and its three members, before any other node.
  const auto open = dot.find("subgraph \"cluster_10\" {");
  REQUIRE(open != std::string::npos);
  const auto close = dot.find("  }\n", open);
  const auto cluster = dot.substr(open, close - open);
  CHECK(has(cluster, "redundancy: 2 of 3"));
  for (auto key : {"\"10\" [", "\"11\" [", "\"12\" [", "\"13\" ["}) CHECK(has(cluster, key));
  CHECK_FALSE(has(cluster, "\"21\" ["));
  CHECK(has(dot, "\"11\" -> \"10\" [label=\"member_of\""));
  // A map of a CI deep in the tree is its own, smaller tree.
  const auto small = dependency_map(g, 11);
  CHECK(has(small, "\"30\" ["));
  CHECK_FALSE(has(small, "\"1\" ["));
  CHECK_FALSE(has(small, "cluster_"));
  CHECK_THROWS_AS(dependency_map(g, 999), itsm::error);
}

TEST_CASE("R-6.1-catalogue: to_svg renders a map with Graphviz; DOT it rejects is invalid_argument", "[graph][dot][map]") {
  const auto g = shop_builder().build();
  const auto svg = to_svg(dependency_map(g, 1));
  CHECK(has(svg, "<svg"));
  CHECK(has(svg, "10 (redundancy: 2 of 3)"));
  CHECK(has(svg, "class=\"cluster\""));
  try {
    to_svg("digraph { this is not dot");
    FAIL("no error");
  } catch (const itsm::error& e) {
    CHECK(e.code() == itsm::errc::invalid_argument);
  }
}
