// Pending reconciliation items inside an import's write scope. Not stable API.
#pragma once

#include <string>

#include "itsm/model/configuration_item.hpp"
#include "itsm/model/reconciliation.hpp"
#include "detail/write_scope.hpp"

namespace itsm::detail {

// The pending item of `source` proposing `changes` (audit change-document JSON) for `ci` at its
// current revision: the one already stored (`fresh` false), or a new one saved in `w`.
struct proposal {
  reconciliation_id id;
  bool fresh = false;
};
proposal propose(write_scope& w, const model::configuration_item& ci, const std::string& source,
                 const std::string& changes, const write_options& opts);

}  // namespace itsm::detail
