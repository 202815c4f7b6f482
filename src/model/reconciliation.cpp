#include "itsm/model/reconciliation.hpp"

namespace itsm::model {

const kind_def<reconciliation_item>& reconciliation_item::def() {
  static const auto k = kind_def<reconciliation_item>("reconciliation_item", 1, &reconciliation_item::id)
                            .field("ci", &reconciliation_item::ci)
                            .field("source", &reconciliation_item::source)
                            .field("base_revision", &reconciliation_item::base_revision)
                            .field("changes", &reconciliation_item::changes)
                            .field("state", &reconciliation_item::state)
                            .field("reference", &reconciliation_item::reference)
                            .index("by_state", {"state"})
                            .index("by_ci", {"ci"});
  return k;
}

}  // namespace itsm::model
