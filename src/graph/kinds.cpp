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

kind_table kind_table::defaults() {
  kind_table t;
  t.add({"depends_on", propagation::to_source, "from needs to; a failure of to impacts from"});
  t.add({"runs_on", propagation::to_source, "software runs on a host; the host's failure impacts it"});
  t.add({"hosted_on", propagation::to_source, "a host sits in a rack, site or hypervisor"});
  t.add({"uses", propagation::to_source,
         "a service uses a component (e.g. a database); the component's failure impacts the "
         "service, the service's failure does not impact the component"});
  t.add({"part_of", propagation::to_target, "a component of a whole; its failure impacts the whole"});
  t.add({"connects_to", propagation::both, "a link between peers; either side's failure cuts it"});
  t.add({"member_of", propagation::quorum, "a member of a k-of-n redundancy group"});
  t.add({"documented_by", propagation::none, "documentation; no impact"});
  t.add({"related_to", propagation::none, "informational link; no impact"});
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
  propagation p = propagation::none;
  switch (k.impact) {
    case model::propagation::to_source: p = propagation::to_source; break;
    case model::propagation::to_target: p = propagation::to_target; break;
    case model::propagation::both: p = propagation::both; break;
    case model::propagation::none: p = propagation::none; break;
  }
  return {k.name, p, k.description};
}

}  // namespace itsm::graph
