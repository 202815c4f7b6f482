// Not API. Relationship kinds that forbid cycles (model::relationship_kind::acyclic,
// R-9.1-relationships): the rule a new relationship meets, and the check a kind catalogue meets
// before a kind becomes acyclic.
#pragma once

#include <string>
#include <vector>

#include "itsm/core/error.hpp"
#include "itsm/model/ids.hpp"
#include "itsm/model/relationship.hpp"
#include "itsm/storage/backend.hpp"

namespace itsm::detail {

// The violation of `source --kind--> target` when `kind` is acyclic and active relationships of
// that kind already lead from `target` back to `source` (this transaction's own writes included,
// so an import's earlier rows count); none otherwise. The message names the cycle.
std::vector<violation> cycle_rule(storage::transaction& tx, const model::relationship_kind& kind,
                                  ci_id source, ci_id target);

// One violation per kind of `kinds` that is acyclic while its active relationships form a cycle.
std::vector<violation> acyclic_kinds_rule(storage::transaction& tx,
                                          const std::vector<model::relationship_kind>& kinds);

}  // namespace itsm::detail
