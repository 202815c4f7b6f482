// Hand-built CMDBs whose impact answers can be worked out on paper.
#pragma once

#include <algorithm>
#include <map>
#include <set>
#include <vector>

#include "itsm/graph/builder.hpp"
#include "itsm/graph/graph.hpp"

namespace graph_test {

using itsm::graph::node_key;

inline itsm::graph::node ci(node_key key, std::string type, std::string name = {},
                            bool service = false) {
  itsm::graph::node n;
  n.key = key;
  n.type = std::move(type);
  n.name = std::move(name);
  n.service = service;
  return n;
}

inline itsm::graph::edge rel(node_key from, std::string kind, node_key to, std::int64_t id = 0) {
  return itsm::graph::edge{from, to, std::move(kind), id};
}

// The web shop:
//   1 webshop (service) —uses→ 5 orders-db, —depends_on→ 10 web-cluster (2 of 11, 12, 13)
//   11, 12 —runs_on→ 21 hv1;  13, 5 —runs_on→ 22 hv2;  21, 22 —hosted_on→ 30 rack
//   5 —documented_by→ 40 runbook
inline itsm::graph::builder shop_builder() {
  itsm::graph::builder b;
  b.add_node(ci(1, "service", "webshop", true));
  b.add_node(ci(5, "database", "orders-db"));
  b.add_node(ci(11, "application", "web1"));
  b.add_node(ci(12, "application", "web2"));
  b.add_node(ci(13, "application", "web3"));
  b.add_node(ci(21, "hypervisor", "hv1"));
  b.add_node(ci(22, "hypervisor", "hv2"));
  b.add_node(ci(30, "rack", "rack-a"));
  b.add_node(ci(40, "document", "runbook"));
  const node_key web[] = {11, 12, 13};
  b.add_redundancy_group(10, 2, web);
  b.add_edge(rel(1, "uses", 5));
  b.add_edge(rel(1, "depends_on", 10));
  b.add_edge(rel(11, "runs_on", 21));
  b.add_edge(rel(12, "runs_on", 21));
  b.add_edge(rel(13, "runs_on", 22));
  b.add_edge(rel(5, "runs_on", 22));
  b.add_edge(rel(21, "hosted_on", 30));
  b.add_edge(rel(22, "hosted_on", 30));
  b.add_edge(rel(5, "documented_by", 40));
  return b;
}

inline std::set<node_key> keys_of(const std::vector<itsm::graph::reached_ci>& r) {
  std::set<node_key> s;
  for (const auto& x : r) s.insert(x.key);
  return s;
}

inline std::map<node_key, std::uint32_t> depths_of(const std::vector<itsm::graph::reached_ci>& r) {
  std::map<node_key, std::uint32_t> m;
  for (const auto& x : r) m.emplace(x.key, x.depth);
  return m;
}

}  // namespace graph_test
