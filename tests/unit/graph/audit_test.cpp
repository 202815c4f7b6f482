#include <catch2/catch.hpp>

#include "itsm/core/error.hpp"
#include "unit/graph/graph_fixture.hpp"

using namespace graph_test;
using itsm::graph::builder;
using itsm::graph::cycle_options;

namespace {

// True if `c` is a closed chain where each CI has an edge of the stated kind to the next, in the
// dependency sense (`depends_on`/`runs_on`: from → to).
bool is_dependency_chain(const itsm::graph::cycle& c, const std::vector<itsm::graph::edge>& edges) {
  if (c.cis.empty() || c.cis.size() != c.kinds.size()) return false;
  for (std::size_t i = 0; i < c.cis.size(); ++i) {
    const auto a = c.cis[i], b = c.cis[(i + 1) % c.cis.size()];
    const bool found = std::any_of(edges.begin(), edges.end(), [&](const auto& e) {
      return e.from == a && e.to == b && e.kind == c.kinds[i];
    });
    if (!found) return false;
  }
  return true;
}

}  // namespace

TEST_CASE("R-9.1-audit: orphans are CIs without a relationship to another CI", "[graph][audit]") {
  auto b = shop_builder();
  b.add_node(ci(60, "host", "forgotten"));
  b.add_node(ci(61, "host", "self-linked"));
  b.add_edge(rel(61, "depends_on", 61));
  b.add_node(ci(62, "host", "linked to a ghost"));
  b.add_edge(rel(62, "runs_on", 999));
  const auto g = b.build();
  CHECK(g.orphans() == std::vector<node_key>{60, 61, 62});
  REQUIRE(g.dangling().size() == 1);
  CHECK(g.dangling()[0].relationship.to == 999);
}

TEST_CASE("R-9.1-audit: dangling relationships name the missing end", "[graph][audit]") {
  builder b;
  b.add_node(ci(1, "app"));
  b.add_edge(rel(1, "runs_on", 2, 10));
  b.add_edge(rel(3, "depends_on", 1, 11));
  b.add_edge(rel(4, "depends_on", 5, 12));
  const auto g = b.build();
  const auto& d = g.dangling();
  REQUIRE(d.size() == 3);
  CHECK(d[0].relationship.id == 10);
  CHECK((!d[0].from_missing && d[0].to_missing));
  CHECK(d[1].relationship.id == 11);
  CHECK((d[1].from_missing && !d[1].to_missing));
  CHECK(d[2].relationship.id == 12);
  CHECK((d[2].from_missing && d[2].to_missing));
  CHECK(g.orphans() == std::vector<node_key>{1});
  // Once the CI is there, the relationship is live.
  b.add_node(ci(2, "host"));
  const auto g2 = b.build();
  CHECK(g2.dangling().size() == 2);
  CHECK(keys_of(g2.impact({2}).impacted) == std::set<node_key>{1});
}

TEST_CASE("R-9.1-audit: find_cycle reports a real dependency cycle", "[graph][audit][cycles]") {
  builder b;
  for (node_key k = 1; k <= 6; ++k) b.add_node(ci(k, "app"));
  std::vector<itsm::graph::edge> es = {rel(1, "depends_on", 2), rel(2, "runs_on", 3),
                                       rel(3, "depends_on", 4), rel(4, "depends_on", 2),
                                       rel(5, "depends_on", 1), rel(6, "depends_on", 5)};
  for (const auto& e : es) b.add_edge(e);
  const auto g = b.build();
  const auto c = g.find_cycle();
  REQUIRE(c);
  CHECK(c->cis.size() == 3);
  CHECK(std::set<node_key>(c->cis.begin(), c->cis.end()) == std::set<node_key>{2, 3, 4});
  CHECK(is_dependency_chain(*c, es));
  CHECK(g.cyclic_groups() == std::vector<std::vector<node_key>>{{2, 3, 4}});

  // Filtering out one kind of the cycle breaks it.
  cycle_options o;
  o.kinds = {"depends_on"};
  CHECK_FALSE(g.find_cycle(o));
  CHECK(g.cyclic_groups(o).empty());
}

TEST_CASE("R-9.1-audit: no cycle in a layered CMDB", "[graph][audit][cycles]") {
  const auto g = shop_builder().build();
  CHECK_FALSE(g.find_cycle());
  CHECK(g.cyclic_groups().empty());
}

TEST_CASE("R-9.1-audit: cycles through to_target kinds follow dependency direction",
          "[graph][audit][cycles]") {
  // disk part_of server (the server depends on the disk); the disk depends_on the server: a loop.
  builder b;
  b.add_node(ci(1, "disk"));
  b.add_node(ci(2, "server"));
  b.add_edge(rel(1, "part_of", 2));
  b.add_edge(rel(1, "depends_on", 2));
  const auto g = b.build();
  const auto c = g.find_cycle();
  REQUIRE(c);
  CHECK(std::set<node_key>(c->cis.begin(), c->cis.end()) == std::set<node_key>{1, 2});
  CHECK(std::set<std::string>(c->kinds.begin(), c->kinds.end()) ==
        std::set<std::string>{"part_of", "depends_on"});
  // As recorded, both relationships point 1 → 2: no cycle.
  cycle_options rec;
  rec.as_recorded = true;
  CHECK_FALSE(g.find_cycle(rec));
}

TEST_CASE("R-9.1-audit: symmetric links are not dependency cycles; self-dependency is",
          "[graph][audit][cycles]") {
  builder b;
  b.add_node(ci(1, "switch"));
  b.add_node(ci(2, "switch"));
  b.add_edge(rel(1, "connects_to", 2));
  b.add_edge(rel(2, "connects_to", 1));
  auto g = b.build();
  CHECK_FALSE(g.find_cycle());
  cycle_options rec;
  rec.as_recorded = true;
  const auto c = g.find_cycle(rec);
  REQUIRE(c);
  CHECK(c->cis.size() == 2);
  CHECK(g.cyclic_groups(rec) == std::vector<std::vector<node_key>>{{1, 2}});

  b.add_node(ci(3, "app"));
  b.add_edge(rel(3, "depends_on", 3));
  g = b.build();
  const auto self = g.find_cycle();
  REQUIRE(self);
  CHECK(self->cis == std::vector<node_key>{3});
  CHECK(self->kinds == std::vector<std::string>{"depends_on"});
  CHECK(g.cyclic_groups() == std::vector<std::vector<node_key>>{{3}});
}

TEST_CASE("R-9.1-audit: cycle search copes with a long chain (no recursion)",
          "[graph][audit][cycles]") {
  builder b;
  const node_key n = 200000;
  b.reserve(static_cast<std::size_t>(n), static_cast<std::size_t>(n));
  for (node_key k = 1; k <= n; ++k) b.add_node(ci(k, "x"));
  for (node_key k = 1; k < n; ++k) b.add_edge(rel(k, "depends_on", k + 1));
  auto g = b.build();
  CHECK_FALSE(g.find_cycle());
  b.add_edge(rel(n, "depends_on", 1));
  g = b.build();
  const auto c = g.find_cycle();
  REQUIRE(c);
  CHECK(c->cis.size() == static_cast<std::size_t>(n));
  CHECK(g.cyclic_groups().size() == 1);
  CHECK(g.impact({n}).impacted.size() == static_cast<std::size_t>(n - 1));
  CHECK(g.depends_on(1).size() == static_cast<std::size_t>(n - 1));
}

TEST_CASE("R-9.1-audit: several independent cycles are grouped separately", "[graph][audit][cycles]") {
  builder b;
  for (node_key k = 1; k <= 7; ++k) b.add_node(ci(k, "x"));
  b.add_edge(rel(1, "depends_on", 2));
  b.add_edge(rel(2, "depends_on", 1));
  b.add_edge(rel(5, "runs_on", 6));
  b.add_edge(rel(6, "runs_on", 7));
  b.add_edge(rel(7, "runs_on", 5));
  b.add_edge(rel(3, "depends_on", 5));
  const auto g = b.build();
  CHECK(g.cyclic_groups() == std::vector<std::vector<node_key>>{{1, 2}, {5, 6, 7}});
}
