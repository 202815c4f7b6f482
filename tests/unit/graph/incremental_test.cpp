// Snapshots built after changes carry the changed CIs beside the last base CSR (R-9.1-to-change):
// every answer must equal that of a graph built from scratch with the same content.
#include <catch2/catch.hpp>

#include <random>

#include "graph_fixture.hpp"

using namespace itsm::graph;
using graph_test::ci;
using graph_test::rel;

namespace {

// One change to a builder, replayable on a fresh one.
struct op {
  int what = 0;  // 0 put node, 1 remove node, 2 availability, 3 add edge, 4 remove edge
  node n;
  edge e;
};

void apply(builder& b, const op& o) {
  switch (o.what) {
    case 0: b.put_node(o.n); break;
    case 1: b.remove_node(o.n.key); break;
    case 2:
      if (b.contains(o.n.key)) b.set_available(o.n.key, o.n.available);
      break;
    case 3: b.add_edge(o.e); break;
    case 4: b.remove_edge(o.e.from, o.e.to, o.e.kind); break;
  }
}

std::vector<std::pair<std::uint32_t, node_key>> by_depth(const std::vector<reached_ci>& r) {
  std::vector<std::pair<std::uint32_t, node_key>> out;
  for (const auto& x : r) out.emplace_back(x.depth, x.key);
  std::sort(out.begin(), out.end());
  return out;
}

// Every per-CI answer and every whole-graph answer of `g` equals that of `ref`.
void same_answers(const graph& g, const graph& ref, node_key max_key) {
  REQUIRE(g.node_count() == ref.node_count());
  REQUIRE(g.edge_count() == ref.edge_count());
  REQUIRE(g.dangling().size() == ref.dangling().size());
  for (std::size_t i = 0; i < g.dangling().size(); ++i) {
    CHECK(g.dangling()[i].relationship.from == ref.dangling()[i].relationship.from);
    CHECK(g.dangling()[i].relationship.to == ref.dangling()[i].relationship.to);
    CHECK(g.dangling()[i].from_missing == ref.dangling()[i].from_missing);
  }
  CHECK(g.orphans() == ref.orphans());
  CHECK(g.cyclic_groups() == ref.cyclic_groups());
  for (node_key k = 1; k <= max_key; ++k) {
    REQUIRE(g.contains(k) == ref.contains(k));
    if (!ref.contains(k)) continue;
    const auto a = g.info(k), b = ref.info(k);
    CHECK(a.type == b.type);
    CHECK(a.name == b.name);
    CHECK(a.available == b.available);
    CHECK(a.group == b.group);
    CHECK(a.required == b.required);
    CHECK(a.members == b.members);
    const auto hit = g.impact({k}), want = ref.impact({k});
    CHECK(by_depth(hit.impacted) == by_depth(want.impacted));
    CHECK(by_depth(g.depends_on(k)) == by_depth(ref.depends_on(k)));
    CHECK(g.neighbourhood(k, 2) == ref.neighbourhood(k, 2));
    const node_key other = k % max_key + 1;
    if (ref.contains(other)) {
      const auto path = g.why(other, {k}), want_path = ref.why(other, {k});
      REQUIRE(path.has_value() == want_path.has_value());
      if (path) CHECK(path->size() == want_path->size());
    }
  }
}

}  // namespace

TEST_CASE("graph: snapshots after random changes answer as a graph built from scratch",
          "[graph][builder][incremental]") {
  const std::vector<std::string> kinds{"depends_on", "part_of", "connects_to", "member_of", "related_to"};
  constexpr node_key max_key = 40;
  std::mt19937 rng(20261129);  // fixed: the same sequence every run
  const auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  std::vector<op> log;
  builder b;
  for (node_key k = 1; k <= 30; ++k) log.push_back({0, ci(k, k % 3 ? "host" : "app", "ci" + std::to_string(k)), {}});
  for (int i = 0; i < 60; ++i)
    log.push_back({3, {}, rel(1 + pick(30), kinds[static_cast<std::size_t>(pick(5))], 1 + pick(30))});
  for (const auto& o : log) apply(b, o);
  auto g = b.build();
  CHECK(g.delta() == nullptr);  // the first build is a base

  int folded = 0;
  for (int step = 0; step < 300; ++step) {
    op o;
    o.what = pick(5);
    o.n = ci(1 + pick(static_cast<int>(max_key)), pick(2) ? "host" : "switch", "n" + std::to_string(step));
    o.n.available = pick(3) != 0;
    o.n.required_members = static_cast<std::uint32_t>(pick(3));
    o.e = rel(1 + pick(static_cast<int>(max_key)), kinds[static_cast<std::size_t>(pick(5))], 1 + pick(static_cast<int>(max_key)));
    log.push_back(o);
    apply(b, o);
    const auto before = g;
    g = b.build();
    folded += g.delta() != nullptr;
    if (step % 10 != 9) continue;
    builder fresh;
    for (const auto& x : log) apply(fresh, x);
    INFO("step " << step);
    same_answers(g, fresh.build(), max_key);
  }
  CHECK(folded > 250);  // the changes were folded in, not rebuilt
}

TEST_CASE("graph: a snapshot never changes when later ones fold changes in", "[graph][builder][incremental]") {
  auto b = graph_test::shop_builder();
  const auto first = b.build();
  const auto hit = first.impact({22});
  b.remove_edge(13, 22, "runs_on");
  b.put_node(ci(99, "application", "late"));
  b.add_edge(rel(99, "runs_on", 22));
  b.set_available(11, false);
  const auto second = b.build();
  REQUIRE(second.delta() != nullptr);
  CHECK(first.impact({22}).impacted == hit.impacted);
  CHECK_FALSE(first.contains(99));
  CHECK(second.contains(99));
  CHECK(second.info(99).name == "late");
  CHECK_FALSE(second.info(11).available);
  const auto now = second.impact({22});
  CHECK(std::any_of(now.impacted.begin(), now.impacted.end(), [](const reached_ci& r) { return r.key == 99; }));
  CHECK(std::none_of(now.impacted.begin(), now.impacted.end(), [](const reached_ci& r) { return r.key == 13; }));
  // Redundancy follows the change: web1 is down, so losing web2 now tips the 2-of-3 cluster.
  const auto tipped = second.impact({12});
  CHECK(std::any_of(tipped.impacted.begin(), tipped.impacted.end(), [](const reached_ci& r) { return r.key == 10; }));
}
