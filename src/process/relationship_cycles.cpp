#include "relationship_cycles.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <queue>

#include "itsm/graph/builder.hpp"
#include "detail/records.hpp"

namespace itsm::detail {

namespace {
constexpr const char* rule_id = "R-9.1-relationships";

std::string chain_text(const std::vector<std::string>& cis, const std::string& kind) {
  std::string out = cis.front();
  for (std::size_t i = 1; i < cis.size(); ++i) out += " " + kind + " " + cis[i];
  return out;
}
}  // namespace

std::vector<violation> cycle_rule(storage::transaction& tx, const model::relationship_kind& kind,
                                  ci_id source, ci_id target) {
  if (!kind.acyclic || !source.valid() || !target.valid()) return {};
  // Breadth-first from the target along the kind; reaching the source closes the cycle.
  const auto goal = source.key();
  std::map<std::string, std::string> came_from{{target.key(), ""}};
  std::queue<std::string> todo;
  todo.push(target.key());
  while (!todo.empty()) {
    const auto at = todo.front();
    todo.pop();
    if (at == goal) {
      std::vector<std::string> cis{goal};
      for (auto k = at; !k.empty(); k = came_from[k]) cis.push_back(k);
      std::reverse(cis.begin() + 1, cis.end());  // source, target, …, source
      return {{rule_id, fmt::format("{} {} {} would close a cycle of the acyclic kind '{}': {}", source.key(),
                                    kind.name, target.key(), kind.name, chain_text(cis, kind.name))}};
    }
    storage::query q;
    q.where_eq("source", at).where_eq("kind", kind.name).where_eq("status", "active");
    for (const auto& r : load_all<model::relationship>(tx, q))
      if (came_from.emplace(r.target.key(), at).second) todo.push(r.target.key());
  }
  return {};
}

std::vector<violation> acyclic_kinds_rule(storage::transaction& tx,
                                          const std::vector<model::relationship_kind>& kinds) {
  std::vector<violation> v;
  for (const auto& k : kinds) {
    if (!k.acyclic) continue;
    graph::kind_table table;
    table.add({k.name, graph::propagation::none, "", true});
    graph::builder b(table);
    storage::query q;
    q.where_eq("kind", k.name).where_eq("status", "active");
    for (const auto& r : load_all<model::relationship>(tx, q)) {
      b.put_node({r.source.number(), "", r.source.key()});
      b.put_node({r.target.number(), "", r.target.key()});
      b.add_edge({r.source.number(), r.target.number(), k.name, 0});
    }
    graph::cycle_options o;
    o.as_recorded = true;
    if (const auto c = b.build().find_cycle(o)) {
      std::vector<std::string> cis;
      for (const auto ci : c->cis) cis.push_back(ci_id(ci).key());
      cis.push_back(cis.front());
      v.push_back({rule_id, fmt::format("relationship kind '{}' cannot become acyclic: its relationships form a "
                                        "cycle ({})", k.name, chain_text(cis, k.name))});
    }
  }
  return v;
}

}  // namespace itsm::detail
