// Service level management (clause 6.1): the service catalogue and SLAs with their targets,
// written through the one write path. Rules: R-6.1-catalogue, R-6.1-sla.
// Thread-safety: safe to call from several threads (writes serialise in the store).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "itsm/core/actor.hpp"
#include "itsm/model/service.hpp"
#include "itsm/process/detail/context.hpp"
#include "itsm/process/write_options.hpp"

namespace itsm {

class service_level_management {
 public:
  explicit service_level_management(std::shared_ptr<const detail::context> ctx);

  // Adds a service to the catalogue. Rules: invariants, unique name, dependencies exist
  // (R-6.1-catalogue). REQUIRES: draft.id invalid.
  model::service add_service(const actor& who, model::service draft, const write_options& opts = {});
  // Stores the next version; edited.revision must be the stored one (errc::conflict otherwise).
  model::service update_service(const actor& who, const model::service& edited, const write_options& opts = {});
  // Records an SLA for an existing service (R-6.1-sla).
  model::sla define_sla(const actor& who, model::sla draft, const write_options& opts = {});

  std::optional<model::service> find_service(service_id id) const;
  std::vector<model::service> services() const;
  std::vector<model::sla> slas_of(service_id id) const;

 private:
  std::vector<violation> service_rules(storage::transaction& tx, const model::service& s) const;
  std::shared_ptr<const detail::context> ctx_;
};

}  // namespace itsm
