#include <catch2/catch.hpp>
#include <limits>
#include <thread>
#include <tuple>

#include "itsm/core/error.hpp"
#include "unit/graph/graph_fixture.hpp"

using namespace graph_test;
using itsm::graph::builder;

TEST_CASE("builder: nodes and relationships are counted; duplicates are ignored", "[graph][builder]") {
  auto b = shop_builder();
  CHECK(b.node_count() == 10);  // 9 CIs and the web-cluster group
  CHECK(b.edge_count() == 12);  // 9 relationships and 3 member_of
  CHECK_FALSE(b.add_edge(rel(11, "runs_on", 21)));
  CHECK(b.edge_count() == 12);
  CHECK(b.add_edge(rel(11, "depends_on", 21)));  // same endpoints, other kind
  const auto g = b.build();
  CHECK(g.node_count() == 10);
  CHECK(g.edge_count() == 13);
  CHECK(g.contains(21));
  CHECK_FALSE(g.contains(2));
  const auto i = g.info(1);
  CHECK(i.service);
  CHECK(i.name == "webshop");
  CHECK(i.type == "service");
  CHECK(i.available);
  CHECK_FALSE(i.group);
}

TEST_CASE("builder: errors name the problem", "[graph][builder]") {
  auto b = shop_builder();
  CHECK_THROWS_MATCHES(b.add_node(ci(1, "service")), itsm::error,
                       Catch::Predicate<itsm::error>([](const itsm::error& e) {
                         return e.code() == itsm::errc::already_exists;
                       }));
  CHECK_THROWS_MATCHES(b.add_edge(rel(1, "sits_near", 5)), itsm::error,
                       Catch::Predicate<itsm::error>([](const itsm::error& e) {
                         return e.code() == itsm::errc::invalid_argument;
                       }));
  CHECK_THROWS_MATCHES(b.set_available(999, false), itsm::error,
                       Catch::Predicate<itsm::error>([](const itsm::error& e) {
                         return e.code() == itsm::errc::not_found;
                       }));
  CHECK_THROWS_AS(b.build().info(999), itsm::error);
}

TEST_CASE("builder: kept in step with writes, a rebuild reflects them", "[graph][builder]") {
  auto b = shop_builder();
  const auto before = b.build();
  // The database moves to hv1.
  CHECK(b.remove_edge(5, 22, "runs_on"));
  CHECK_FALSE(b.remove_edge(5, 22, "runs_on"));
  b.add_edge(rel(5, "runs_on", 21));
  const auto after = b.build();
  CHECK(keys_of(after.impact({22}).impacted) == std::set<node_key>{13});
  CHECK(keys_of(after.impact({21}).impacted) == std::set<node_key>{11, 12, 5, 10, 1});
  // The graph built earlier is an unchanged snapshot.
  CHECK(keys_of(before.impact({22}).impacted) == std::set<node_key>{13, 5, 1});

  // put_node replaces attributes and keeps relationships.
  auto web1 = ci(11, "application", "web1-renamed");
  b.put_node(web1);
  const auto renamed = b.build();
  CHECK(renamed.info(11).name == "web1-renamed");
  CHECK(renamed.why(10, {11, 12}).has_value());
}

TEST_CASE("builder: relationships by id; removing a CI leaves its relationships dangling",
          "[graph][builder][audit]") {
  builder b;
  b.add_node(ci(1, "app"));
  b.add_node(ci(2, "host"));
  b.add_edge(rel(1, "runs_on", 2, 77));
  CHECK_THROWS_AS(b.add_edge(rel(2, "depends_on", 1, 77)), itsm::error);  // id taken
  CHECK(b.remove_node(2));
  CHECK_FALSE(b.remove_node(2));
  auto g = b.build();
  REQUIRE(g.dangling().size() == 1);
  CHECK(g.dangling()[0].relationship == rel(1, "runs_on", 2, 77));
  CHECK(g.dangling()[0].to_missing);
  CHECK_FALSE(g.dangling()[0].from_missing);
  CHECK(g.edge_count() == 0);
  CHECK(b.remove_edge_by_id(77));
  CHECK_FALSE(b.remove_edge_by_id(77));
  CHECK(b.build().dangling().empty());
}

TEST_CASE("builder: kinds are data — changing a kind's propagation changes the impact",
          "[graph][builder]") {
  auto b = shop_builder();
  CHECK(b.build().impact({1}).impacted.empty());
  // A provider that decides a service outage also impacts the database (say, by its locks).
  b.set_kind({"uses", itsm::graph::propagation::both, "two-way"});
  CHECK(keys_of(b.build().impact({1}).impacted) == std::set<node_key>{5});
  // A kind of the provider's own.
  b.set_kind({"replicates_to", itsm::graph::propagation::to_target, ""});
  b.add_node(ci(6, "database", "replica"));
  b.add_edge(rel(5, "replicates_to", 6));
  CHECK(keys_of(b.build().impact({5}).impacted) == std::set<node_key>{1, 6});
}

TEST_CASE("kind_table: defaults and validation", "[graph][builder]") {
  const auto t = itsm::graph::kind_table::defaults();
  REQUIRE(t.find("uses"));
  CHECK(t.find("uses")->failure == itsm::graph::propagation::to_source);
  CHECK(t.find("member_of")->failure == itsm::graph::propagation::quorum);
  CHECK(t.find("connects_to")->failure == itsm::graph::propagation::both);
  CHECK(t.find("documented_by")->failure == itsm::graph::propagation::none);
  CHECK(t.id_of("nope") == -1);
  auto u = t;
  CHECK_THROWS_AS(u.add({"uses", itsm::graph::propagation::none, ""}), itsm::error);
  CHECK_THROWS_AS(u.add({"", itsm::graph::propagation::none, ""}), itsm::error);
  CHECK(to_string(itsm::graph::propagation::quorum) == "quorum");
}

TEST_CASE("a built graph answers queries from many threads at once", "[graph][threads]") {
  // A chain of racks, each with hosts and apps, so queries do real work.
  builder b;
  node_key next = 1;
  std::vector<node_key> racks, hosts;
  for (int r = 0; r < 20; ++r) {
    const node_key rack = next++;
    b.add_node(ci(rack, "rack"));
    racks.push_back(rack);
    for (int h = 0; h < 10; ++h) {
      const node_key host = next++;
      b.add_node(ci(host, "host"));
      b.add_edge(rel(host, "hosted_on", rack));
      hosts.push_back(host);
      for (int a = 0; a < 5; ++a) {
        const node_key app = next++;
        b.add_node(ci(app, "app"));
        b.add_edge(rel(app, "runs_on", host));
      }
    }
  }
  const auto g = b.build();
  std::vector<std::size_t> expected;
  for (auto r : racks) expected.push_back(g.impact({r}).impacted.size());
  std::vector<int> mismatches(4, 0);
  std::vector<std::thread> ts;
  for (int t = 0; t < 4; ++t) {
    ts.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        const std::size_t r = static_cast<std::size_t>((i + t) % static_cast<int>(racks.size()));
        if (g.impact({racks[r]}).impacted.size() != expected[r]) ++mismatches[static_cast<std::size_t>(t)];
        if (!g.why(racks[r] + 2, {racks[r]})) ++mismatches[static_cast<std::size_t>(t)];
      }
    });
  }
  for (auto& t : ts) t.join();
  CHECK(expected[0] == 60);
  CHECK(mismatches == std::vector<int>(4, 0));
}

TEST_CASE("keys anywhere in the 64-bit range are found; others are not", "[graph][builder]") {
  const node_key lo = std::numeric_limits<node_key>::min(), hi = std::numeric_limits<node_key>::max();
  for (const std::vector<node_key>& keys :
       {std::vector<node_key>{lo, -5, 0, 7, hi}, std::vector<node_key>{42},
        std::vector<node_key>{lo, hi}, std::vector<node_key>{-3, -2, -1, 1000, 1001, 5000000000}}) {
    builder b;
    for (auto k : keys) b.add_node(ci(k, "x"));
    for (std::size_t i = 0; i + 1 < keys.size(); ++i) b.add_edge(rel(keys[i], "depends_on", keys[i + 1]));
    const auto g = b.build();
    for (auto k : keys) CHECK(g.contains(k));
    for (node_key absent : {node_key{1}, node_key{-4}, node_key{8}, node_key{999}, hi - 1, lo + 1}) {
      if (std::find(keys.begin(), keys.end(), absent) == keys.end()) CHECK_FALSE(g.contains(absent));
    }
    CHECK(g.impact({keys.back()}).impacted.size() == keys.size() - 1);
  }
  // Dense and sparse runs of keys together.
  builder b;
  std::vector<node_key> keys;
  for (node_key k = 1; k <= 3000; ++k) keys.push_back(k);
  for (node_key k = 1; k <= 50; ++k) keys.push_back(k * 1000003);
  for (auto k : keys) b.add_node(ci(k, "x"));
  const auto g = b.build();
  for (auto k : keys) CHECK(g.contains(k));
  CHECK_FALSE(g.contains(3001));
  CHECK_FALSE(g.contains(1000004));
}

TEST_CASE("builder: endpoints resolve right through removals, slot reuse and late CIs",
          "[graph][builder]") {
  builder b;
  b.add_edge(rel(3, "runs_on", 1));  // both ends added later
  b.add_node(ci(1, "host"));
  b.add_node(ci(2, "host"));
  b.add_edge(rel(4, "runs_on", 2));
  b.add_node(ci(3, "app"));
  b.add_node(ci(4, "app"));
  CHECK(keys_of(b.build().impact({1}).impacted) == std::set<node_key>{3});
  CHECK(keys_of(b.build().impact({2}).impacted) == std::set<node_key>{4});
  // Host 2 goes; host 9 takes its storage slot; the relationship to 2 must not follow the slot.
  b.remove_node(2);
  b.add_node(ci(9, "host"));
  auto g = b.build();
  CHECK(g.impact({9}).impacted.empty());
  REQUIRE(g.dangling().size() == 1);
  CHECK(g.dangling()[0].relationship.to == 2);
  // Host 2 comes back (another slot or the same): the relationship is live again.
  b.add_node(ci(2, "host"));
  g = b.build();
  CHECK(keys_of(g.impact({2}).impacted) == std::set<node_key>{4});
  CHECK(g.dangling().empty());
  // Removed and re-added in the same slot.
  b.remove_node(1);
  b.add_node(ci(1, "host", "rebuilt"));
  g = b.build();
  CHECK(keys_of(g.impact({1}).impacted) == std::set<node_key>{3});
  CHECK(g.info(1).name == "rebuilt");
}

TEST_CASE("builder: random adds and removes agree with a plain set model", "[graph][builder]") {
  builder b;
  std::set<std::tuple<node_key, node_key, int>> model;
  std::map<std::int64_t, std::tuple<node_key, node_key, int>> by_id;
  const char* kinds[] = {"depends_on", "runs_on", "uses"};
  std::uint64_t state = 99;
  const auto rnd = [&](std::uint64_t n) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return (state >> 33) % n;
  };
  for (node_key k = 1; k <= 60; ++k) b.add_node(ci(k, "x"));
  std::int64_t next_id = 1;
  for (int step = 0; step < 20000; ++step) {
    const node_key from = 1 + static_cast<node_key>(rnd(60)), to = 1 + static_cast<node_key>(rnd(60));
    const int kind = static_cast<int>(rnd(3));
    const auto t = std::make_tuple(from, to, kind);
    switch (rnd(3)) {
      case 0: {
        const bool added = b.add_edge(rel(from, kinds[kind], to, next_id));
        CHECK(added == model.insert(t).second);
        if (added) by_id[next_id++] = t;
        break;
      }
      case 1:
        CHECK(b.remove_edge(from, to, kinds[kind]) == (model.erase(t) == 1));
        std::erase_if(by_id, [&](const auto& p) { return p.second == t; });
        break;
      default:
        if (!by_id.empty()) {
          auto it = by_id.lower_bound(static_cast<std::int64_t>(rnd(static_cast<std::uint64_t>(next_id))));
          if (it == by_id.end()) it = by_id.begin();
          REQUIRE(model.count(it->second) == 1);
          CHECK(b.remove_edge_by_id(it->first));
          CHECK_FALSE(b.remove_edge_by_id(it->first));
          model.erase(it->second);
          by_id.erase(it);
        }
    }
    if (b.edge_count() != model.size()) {
      FAIL("edge count " << b.edge_count() << " != " << model.size() << " at step " << step);
    }
  }
  // The built graph holds exactly the model's relationships.
  const auto g = b.build();
  CHECK(g.edge_count() == model.size());
  for (node_key k = 1; k <= 60; ++k) {
    std::set<node_key> expected;
    for (const auto& [from, to, kind] : model) {
      if (to == k && from != k) expected.insert(from);
    }
    itsm::graph::traversal_options one;
    one.max_depth = 1;
    CHECK(keys_of(g.impact({k}, one).impacted) == expected);
  }
}
