#include <catch2/catch.hpp>

#include "itsm/core/error.hpp"
#include "unit/graph/graph_fixture.hpp"

using namespace graph_test;
using itsm::graph::builder;
using itsm::graph::traversal_options;

TEST_CASE("R-9.1-to-change: a host's failure impacts what runs on it, up to the service",
          "[graph][impact]") {
  const auto g = shop_builder().build();
  const auto r = g.impact({21});
  CHECK(depths_of(r.impacted) ==
        std::map<node_key, std::uint32_t>{{11, 1}, {12, 1}, {10, 2}, {1, 3}});
  CHECK(r.impacted.size() == 4);
  CHECK(r.services == std::vector<node_key>{1});
  CHECK(std::is_sorted(r.impacted.begin(), r.impacted.end(),
                       [](const auto& a, const auto& b) { return a.depth < b.depth; }));
}

TEST_CASE("R-9.1-to-change: impact follows each kind's direction and stops at 'none' kinds",
          "[graph][impact]") {
  const auto g = shop_builder().build();
  CHECK(g.impact({1}).impacted.empty());   // a service's failure does not impact its database
  CHECK(g.impact({40}).impacted.empty());  // documented_by propagates nothing
  CHECK(g.impact({10}).services == std::vector<node_key>{1});
  // The database's host: the database and web3 fail; the cluster keeps 2 of 3.
  const auto r = g.impact({22});
  CHECK(depths_of(r.impacted) == std::map<node_key, std::uint32_t>{{13, 1}, {5, 1}, {1, 2}});
}

TEST_CASE("R-9.1-to-change: the failed set itself is not reported; duplicates are harmless",
          "[graph][impact]") {
  const auto g = shop_builder().build();
  const auto r = g.impact({21, 21, 11});
  CHECK(keys_of(r.impacted) == std::set<node_key>{12, 10, 1});
}

TEST_CASE("R-9.1-to-change: the whole rack takes everything above it", "[graph][impact]") {
  const auto g = shop_builder().build();
  const auto r = g.impact({30});
  CHECK(depths_of(r.impacted) == std::map<node_key, std::uint32_t>{{21, 1},
                                                                    {22, 1},
                                                                    {11, 2},
                                                                    {12, 2},
                                                                    {13, 2},
                                                                    {5, 2},
                                                                    {10, 3},
                                                                    {1, 3}});
}

TEST_CASE("R-9.1-to-change: depth limits cut the impact at the given number of hops",
          "[graph][impact]") {
  const auto g = shop_builder().build();
  traversal_options o;
  o.max_depth = 0;
  CHECK(g.impact({30}, o).impacted.empty());
  o.max_depth = 1;
  CHECK(keys_of(g.impact({30}, o).impacted) == std::set<node_key>{21, 22});
  o.max_depth = 2;
  CHECK(keys_of(g.impact({30}, o).impacted) == std::set<node_key>{21, 22, 11, 12, 13, 5});
  o.max_depth = 3;
  CHECK(g.impact({30}, o).impacted.size() == 8);
  CHECK(g.impact({30}, o).services == std::vector<node_key>{1});
}

TEST_CASE("R-9.1-to-change: kind filters follow only the named kinds", "[graph][impact]") {
  const auto g = shop_builder().build();
  traversal_options o;
  o.kinds = {"hosted_on", "runs_on"};
  CHECK(keys_of(g.impact({30}, o).impacted) == std::set<node_key>{21, 22, 11, 12, 13, 5});
  o.kinds = {"hosted_on", "runs_on", "uses"};
  CHECK(keys_of(g.impact({30}, o).impacted) == std::set<node_key>{21, 22, 11, 12, 13, 5, 1});
  o.kinds = {"runs_on"};
  CHECK(g.impact({30}, o).impacted.empty());
  o.kinds = {"no_such_kind"};
  CHECK_THROWS_MATCHES(g.impact({30}, o), itsm::error,
                       Catch::Predicate<itsm::error>([](const itsm::error& e) {
                         return e.code() == itsm::errc::invalid_argument;
                       }));
}

TEST_CASE("impact of an unknown CI is not_found", "[graph][impact]") {
  const auto g = shop_builder().build();
  try {
    (void)g.impact({999});
    FAIL("no error");
  } catch (const itsm::error& e) {
    CHECK(e.code() == itsm::errc::not_found);
  }
}

TEST_CASE("R-9.1-to-change: k of n — a group is impacted only below k available members",
          "[graph][impact][redundancy]") {
  const auto g = shop_builder().build();
  CHECK(g.impact({11}).impacted.empty());
  CHECK(g.impact({13}).impacted.empty());
  const auto two = g.impact({11, 13});
  CHECK(depths_of(two.impacted) == std::map<node_key, std::uint32_t>{{10, 1}, {1, 2}});
  const auto info = g.info(10);
  CHECK(info.group);
  CHECK(info.required == 2);
  CHECK(info.members == 3);
  CHECK(info.type == "redundancy_group");
}

TEST_CASE("R-9.1-to-change: k of n edge cases", "[graph][impact][redundancy]") {
  builder b;
  for (node_key k : {1, 2, 3, 4}) b.add_node(ci(k, "node"));
  b.add_node(ci(100, "service", "svc", true));

  SECTION("1 of 2 (active/passive) survives one loss, not two") {
    const node_key m[] = {1, 2};
    b.add_redundancy_group(50, 1, m);
    b.add_edge(rel(100, "depends_on", 50));
    const auto g = b.build();
    CHECK(g.impact({1}).impacted.empty());
    CHECK(g.impact({2}).impacted.empty());
    CHECK(keys_of(g.impact({1, 2}).impacted) == std::set<node_key>{50, 100});
  }
  SECTION("n of n has no redundancy: any member's loss impacts") {
    const node_key m[] = {1, 2, 3};
    b.add_redundancy_group(50, 3, m);
    b.add_edge(rel(100, "depends_on", 50));
    const auto g = b.build();
    for (node_key k : {1, 2, 3}) CHECK(keys_of(g.impact({k}).impacted) == std::set<node_key>{50, 100});
  }
  SECTION("a group node declared without k needs all its members") {
    b.add_node(ci(50, "cluster"));
    for (node_key k : {1, 2}) b.add_edge(rel(k, "member_of", 50));
    const auto g = b.build();
    CHECK(g.info(50).required == 2);
    CHECK(keys_of(g.impact({2}).impacted) == std::set<node_key>{50});
  }
  SECTION("a member already down does not count: one more loss tips 2 of 3") {
    const node_key m[] = {1, 2, 3};
    b.add_redundancy_group(50, 2, m);
    b.add_edge(rel(100, "depends_on", 50));
    b.set_available(3, false);
    const auto g = b.build();
    CHECK(keys_of(g.impact({1}).impacted) == std::set<node_key>{50, 100});
    // The member that is already down changes nothing by "failing" again.
    CHECK(g.impact({3}).impacted.empty());
    b.set_available(3, true);
    CHECK(b.build().impact({1}).impacted.empty());
  }
  SECTION("a member linked twice counts once") {
    const node_key m[] = {1, 1, 2, 3};
    b.add_redundancy_group(50, 2, m);
    const auto g = b.build();
    CHECK(g.info(50).members == 3);
    CHECK(g.impact({1}).impacted.empty());
    CHECK(keys_of(g.impact({1, 2}).impacted) == std::set<node_key>{50});
  }
  SECTION("a common host of two members takes the group down; k counts distinct losses") {
    const node_key m[] = {1, 2, 3};
    b.add_redundancy_group(50, 2, m);
    b.add_node(ci(9, "hypervisor"));
    b.add_edge(rel(1, "runs_on", 9));
    b.add_edge(rel(2, "runs_on", 9));
    const auto g = b.build();
    CHECK(depths_of(g.impact({9}).impacted) ==
          std::map<node_key, std::uint32_t>{{1, 1}, {2, 1}, {50, 2}});
  }
  SECTION("a CI that uses one member directly is hit by that member alone") {
    const node_key m[] = {1, 2, 3};
    b.add_redundancy_group(50, 2, m);
    b.add_node(ci(7, "agent"));
    b.add_edge(rel(7, "runs_on", 1));
    const auto g = b.build();
    CHECK(keys_of(g.impact({1}).impacted) == std::set<node_key>{7});
  }
  SECTION("nested groups: 1 of 2 sites, each site 2 of 2 nodes") {
    const node_key s1[] = {1, 2}, s2[] = {3, 4}, sites[] = {60, 61};
    b.add_redundancy_group(60, 2, s1);
    b.add_redundancy_group(61, 2, s2);
    b.add_redundancy_group(70, 1, sites);
    b.add_edge(rel(100, "depends_on", 70));
    const auto g = b.build();
    CHECK(keys_of(g.impact({1}).impacted) == std::set<node_key>{60});
    CHECK(keys_of(g.impact({1, 3}).impacted) == std::set<node_key>{60, 61, 70, 100});
    CHECK(depths_of(g.impact({1, 3}).impacted).at(100) == 3);
  }
  SECTION("invalid groups are refused") {
    const node_key m[] = {1, 2};
    CHECK_THROWS_AS(b.add_redundancy_group(50, 3, m), itsm::error);
    CHECK_THROWS_AS(b.add_redundancy_group(50, 0, m), itsm::error);
    CHECK_THROWS_AS(b.add_redundancy_group(50, 1, m, "depends_on"), itsm::error);
  }
}

TEST_CASE("R-9.1-to-change: kind filters apply to member relationships too",
          "[graph][impact][redundancy]") {
  const auto g = shop_builder().build();
  traversal_options o;
  o.kinds = {"runs_on", "depends_on"};  // member_of not followed
  CHECK(keys_of(g.impact({21}, o).impacted) == std::set<node_key>{11, 12});
}

TEST_CASE("part_of propagates to the whole, connects_to both ways", "[graph][impact]") {
  builder b;
  b.add_node(ci(1, "disk"));
  b.add_node(ci(2, "server"));
  b.add_node(ci(3, "switch"));
  b.add_node(ci(4, "switch"));
  b.add_edge(rel(1, "part_of", 2));
  b.add_edge(rel(3, "connects_to", 4));
  const auto g = b.build();
  CHECK(keys_of(g.impact({1}).impacted) == std::set<node_key>{2});
  CHECK(g.impact({2}).impacted.empty());
  CHECK(keys_of(g.impact({3}).impacted) == std::set<node_key>{4});
  CHECK(keys_of(g.impact({4}).impacted) == std::set<node_key>{3});
}

TEST_CASE("impact terminates on dependency cycles and reports each CI once", "[graph][impact]") {
  builder b;
  for (node_key k : {1, 2, 3, 4}) b.add_node(ci(k, "app"));
  b.add_edge(rel(1, "depends_on", 2));
  b.add_edge(rel(2, "depends_on", 3));
  b.add_edge(rel(3, "depends_on", 1));
  b.add_edge(rel(4, "depends_on", 3));
  const auto g = b.build();
  const auto r = g.impact({1});
  CHECK(depths_of(r.impacted) == std::map<node_key, std::uint32_t>{{3, 1}, {2, 2}, {4, 2}});
  CHECK(r.impacted.size() == 3);
}

TEST_CASE("R-6.1-catalogue: what a service depends on, transitively", "[graph][depends]") {
  const auto g = shop_builder().build();
  CHECK(depths_of(g.depends_on(1)) == std::map<node_key, std::uint32_t>{{5, 1},
                                                                         {10, 1},
                                                                         {22, 2},
                                                                         {11, 2},
                                                                         {12, 2},
                                                                         {13, 2},
                                                                         {21, 3},
                                                                         {30, 3}});
  traversal_options o;
  o.max_depth = 1;
  CHECK(keys_of(g.depends_on(1, o)) == std::set<node_key>{5, 10});
  o.max_depth = itsm::graph::unlimited_depth;
  o.kinds = {"depends_on", "member_of", "runs_on"};
  CHECK(depths_of(g.depends_on(1, o)) ==
        std::map<node_key, std::uint32_t>{{10, 1}, {11, 2}, {12, 2}, {13, 2}, {21, 3}, {22, 3}});
  CHECK(g.depends_on(40).empty());  // the runbook depends on nothing
  CHECK(keys_of(g.depends_on(11)) == std::set<node_key>{21, 30});
}

TEST_CASE("R-6.1-catalogue: service-to-service dependencies are followed", "[graph][depends]") {
  builder b;
  b.add_node(ci(1, "service", "shop", true));
  b.add_node(ci(2, "service", "payments", true));
  b.add_node(ci(3, "application", "psp-gateway"));
  b.add_edge(rel(1, "depends_on", 2));
  b.add_edge(rel(2, "depends_on", 3));
  const auto g = b.build();
  CHECK(depths_of(g.depends_on(1)) == std::map<node_key, std::uint32_t>{{2, 1}, {3, 2}});
  CHECK(g.impact({3}).services == std::vector<node_key>{2, 1});
}

TEST_CASE("R-9.1-to-change: why — the chain of relationships that carries the failure",
          "[graph][why]") {
  const auto g = shop_builder().build();
  const auto path = g.why(1, {21});
  REQUIRE(path);
  REQUIRE(path->size() == 4);
  CHECK((*path)[0].key == 21);
  CHECK((*path)[0].kind.empty());
  CHECK(((*path)[1].key == 11 || (*path)[1].key == 12));
  CHECK((*path)[1].kind == "runs_on");
  CHECK((*path)[2].key == 10);
  CHECK((*path)[2].kind == "member_of");
  REQUIRE((*path)[2].quorum);
  CHECK(*(*path)[2].quorum == itsm::graph::quorum_state{2, 3, 1});
  CHECK((*path)[3].key == 1);
  CHECK((*path)[3].kind == "depends_on");
  CHECK_FALSE((*path)[3].quorum);

  // The database's host reaches the service through the database: 22 → 5 → 1.
  const auto via_db = g.why(1, {22});
  REQUIRE(via_db);
  REQUIRE(via_db->size() == 3);
  CHECK((*via_db)[1].key == 5);
  CHECK((*via_db)[2].kind == "uses");

  CHECK_FALSE(g.why(1, {11}));  // redundancy holds: not impacted
  CHECK_FALSE(g.why(5, {1}));   // against the direction of 'uses'
  const auto self = g.why(21, {21});
  REQUIRE(self);
  CHECK(self->size() == 1);

  traversal_options o;
  o.kinds = {"runs_on", "uses"};
  const auto filtered = g.why(1, {30, 22}, o);
  REQUIRE(filtered);
  CHECK(filtered->front().key == 22);
  o.max_depth = 1;
  CHECK_FALSE(g.why(1, {22}, o));
}

TEST_CASE("impact agrees with a round-by-round oracle on random CMDBs with groups",
          "[graph][impact][redundancy]") {
  // Oracle: round r impacts every CI with a plain impacting neighbour impacted in an earlier
  // round, and every group with an impacted member whose available members, less those impacted
  // in earlier rounds, are fewer than k. Its depth is the round.
  std::uint64_t state = 12345;
  const auto rnd = [&](std::uint64_t n) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return (state >> 33) % n;
  };
  const char* kinds[] = {"depends_on", "runs_on", "part_of", "connects_to", "related_to"};
  struct e_t {
    node_key from, to;
    std::string kind;
  };
  struct grp {
    node_key key;
    std::uint32_t k;
    std::vector<node_key> members;
  };
  for (int round = 0; round < 80; ++round) {
    const auto n = static_cast<node_key>(8 + rnd(25));
    builder b;
    std::map<node_key, bool> available;
    for (node_key k = 1; k <= n; ++k) {
      auto c = ci(k, "x");
      c.available = rnd(6) != 0;
      available[k] = c.available;
      b.add_node(c);
    }
    std::vector<e_t> es;
    const auto m = rnd(static_cast<std::uint64_t>(2 * n));
    for (std::uint64_t i = 0; i < m; ++i) {
      e_t e{1 + static_cast<node_key>(rnd(n)), 1 + static_cast<node_key>(rnd(n)), kinds[rnd(5)]};
      if (b.add_edge(rel(e.from, e.kind, e.to))) es.push_back(e);
    }
    std::vector<grp> groups;
    for (node_key gk = n + 1; gk <= n + 2; ++gk) {
      grp gr{gk, 0, {}};
      const auto size = 2 + rnd(3);
      for (std::uint64_t i = 0; i < size; ++i) gr.members.push_back(1 + static_cast<node_key>(rnd(n)));
      std::sort(gr.members.begin(), gr.members.end());
      gr.members.erase(std::unique(gr.members.begin(), gr.members.end()), gr.members.end());
      gr.k = 1 + static_cast<std::uint32_t>(rnd(gr.members.size()));
      b.add_redundancy_group(gr.key, gr.k, gr.members);
      groups.push_back(gr);
      available[gk] = true;
      e_t dep{1 + static_cast<node_key>(rnd(n)), gk, "depends_on"};  // something needs the group
      if (b.add_edge(rel(dep.from, dep.kind, dep.to))) es.push_back(dep);
    }
    const auto g = b.build();
    const node_key total = n + 2;
    std::vector<node_key> failed;
    const auto nf = 1 + rnd(3);
    for (std::uint64_t i = 0; i < nf; ++i) failed.push_back(1 + static_cast<node_key>(rnd(total)));

    std::map<node_key, std::vector<node_key>> hit_by;  // x → CIs whose failure impacts x directly
    for (const auto& e : es) {
      if (e.kind == "depends_on" || e.kind == "runs_on") hit_by[e.from].push_back(e.to);
      if (e.kind == "part_of") hit_by[e.to].push_back(e.from);
      if (e.kind == "connects_to") {
        hit_by[e.from].push_back(e.to);
        hit_by[e.to].push_back(e.from);
      }
    }
    std::map<node_key, int> depth;
    for (auto f : failed) depth[f] = 0;
    for (int r = 1;; ++r) {
      std::vector<node_key> fresh;
      for (node_key x = 1; x <= total; ++x) {
        if (depth.count(x)) continue;
        bool hit = false;
        for (auto y : hit_by[x]) hit |= depth.count(y) != 0;
        for (const auto& gr : groups) {
          if (gr.key != x || hit) continue;
          std::uint32_t left = 0;
          bool member_hit = false;
          for (auto y : gr.members) {
            const bool down = depth.count(y) != 0;
            member_hit |= down;
            if (available[y] && !down) ++left;
          }
          hit = member_hit && left < gr.k;
        }
        if (hit) fresh.push_back(x);
      }
      if (fresh.empty()) break;
      for (auto x : fresh) depth[x] = r;
    }
    std::map<node_key, std::uint32_t> expected;
    for (auto [x, d] : depth) {
      if (d > 0) expected.emplace(x, static_cast<std::uint32_t>(d));
    }
    INFO("round " << round);
    CHECK(depths_of(g.impact(failed).impacted) == expected);
    // why() finds a path for exactly the impacted CIs, ending at the CI, starting at a failed one.
    for (node_key x = 1; x <= total; ++x) {
      const auto p = g.why(x, failed);
      const bool impacted = depth.count(x) != 0;
      CHECK(p.has_value() == impacted);
      if (p && depth[x] > 0) {
        CHECK(p->back().key == x);
        CHECK(std::find(failed.begin(), failed.end(), p->front().key) != failed.end());
        CHECK(p->size() == static_cast<std::size_t>(depth[x]) + 1);
      }
    }
  }
}

TEST_CASE("a query that fails half-way leaves no trace in the next query", "[graph][impact]") {
  const auto g = shop_builder().build();
  CHECK_THROWS_AS(g.impact({21, 999}), itsm::error);  // 21 was seeded before 999 failed
  CHECK(keys_of(g.impact({21}).impacted) == std::set<node_key>{11, 12, 10, 1});
  CHECK_THROWS_AS(g.why(1, {21, 999}), itsm::error);
  CHECK(g.why(1, {21}).has_value());
}
