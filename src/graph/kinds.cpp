#include "itsm/graph/kinds.hpp"

#include <limits>

#include "itsm/core/error.hpp"
#include "itsm/model/relationship.hpp"

namespace itsm::graph {

std::string_view to_string(propagation p) noexcept {
  switch (p) {
    case propagation::to_source: return "to_source";
    case propagation::to_target: return "to_target";
    case propagation::both: return "both";
    case propagation::none: return "none";
    case propagation::quorum: return "quorum";
  }
  return "unknown";
}

namespace {
propagation from_model(model::propagation p) {
  switch (p) {
    case model::propagation::to_source: return propagation::to_source;
    case model::propagation::to_target: return propagation::to_target;
    case model::propagation::both: return propagation::both;
    case model::propagation::none: return propagation::none;
    case model::propagation::quorum: return propagation::quorum;
  }
  return propagation::none;
}
}  // namespace

kind_table kind_table::defaults() { return of(model::default_relationship_kinds()); }

kind_table kind_table::of(const std::vector<model::relationship_kind>& kinds) {
  kind_table t;
  for (const auto& k : kinds) t.set(to_graph_kind(k));
  return t;
}

void kind_table::add(relationship_kind kind) {
  if (kind.name.empty()) throw_error(errc::invalid_argument, "relationship kind without a name");
  if (find(kind.name)) {
    throw_error(errc::already_exists, "relationship kind '" + kind.name + "' already exists");
  }
  if (kinds_.size() >= std::numeric_limits<std::uint16_t>::max()) {
    throw_error(errc::invalid_argument, "too many relationship kinds");
  }
  kinds_.push_back(std::move(kind));
}

void kind_table::set(relationship_kind kind) {
  const int id = id_of(kind.name);
  if (id < 0) {
    add(std::move(kind));
  } else {
    kinds_[static_cast<std::size_t>(id)] = std::move(kind);
  }
}

const relationship_kind* kind_table::find(std::string_view name) const noexcept {
  const int id = id_of(name);
  return id < 0 ? nullptr : &kinds_[static_cast<std::size_t>(id)];
}

int kind_table::id_of(std::string_view name) const noexcept {
  for (std::size_t i = 0; i < kinds_.size(); ++i) {
    if (kinds_[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

relationship_kind to_graph_kind(const model::relationship_kind& k) {
  return {k.name, from_model(k.impact), k.description, k.acyclic};
}

}  // namespace itsm::graph
