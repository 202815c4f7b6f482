// Service level management (clause 6.1): the customers, the service catalogue and SLAs with
// their targets, written through the one write path; every read names its actor and shows only
// what the authorizer lets it see. Rules: R-6.1-catalogue, R-6.1-sla, R-7.1-parties.
// Thread-safety: safe to call from several threads (writes serialise in the store).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "itsm/core/actor.hpp"
#include "itsm/core/export.hpp"
#include "itsm/model/customer.hpp"
#include "itsm/model/service.hpp"
#include "itsm/storage/backend.hpp"
#include "itsm/process/configuration.hpp"
#include "itsm/process/write_options.hpp"

namespace itsm {

namespace detail {
struct context;  // what the processes share (not installed)
}  // namespace detail

class ITSM_API service_level_management {
 public:

  // Adds a service to the catalogue. Rules: invariants, unique name, dependencies exist
  // (R-6.1-catalogue). REQUIRES: draft.id invalid.
  model::service add_service(const actor& who, model::service draft, const write_options& opts = {});
  // Stores the next version; edited.revision must be the stored one (errc::conflict otherwise).
  model::service update_service(const actor& who, const model::service& edited, const write_options& opts = {});
  // Records an SLA for an existing service (R-6.1-sla).
  model::sla define_sla(const actor& who, model::sla draft, const write_options& opts = {});
  // Stores an agreed SLA's next version (R-6.1-change): for a live service always under an RFC
  // in implementation whose scope names the service (opts.reference), whatever the change
  // policy says; edited.revision must be the stored one (errc::conflict otherwise), and the SLA
  // keeps its service. Rules: as define_sla.
  model::sla update_sla(const actor& who, const model::sla& edited, const write_options& opts = {});
  // Every version of the catalogue entry and of its SLAs, oldest first, from the audit trail:
  // who changed what, why and under which RFC (R-6.1-change). Empty when `who` cannot see it.
  std::vector<version_entry> history(const actor& who, service_id id) const;

  // Records a customer (R-7.1-parties). Rules: a name, unique among customers.
  model::customer add_customer(const actor& who, model::customer draft, const write_options& opts = {});
  model::customer update_customer(const actor& who, const model::customer& edited, const write_options& opts = {});

  // Reads: absent (nullopt / left out) when the record does not exist or `who` may not see it.
  std::optional<model::service> find_service(const actor& who, service_id id) const;
  std::vector<model::service> services(const actor& who) const;
  std::vector<model::sla> slas_of(const actor& who, service_id id) const;
  std::optional<model::customer> find_customer(const actor& who, customer_id id) const;
  std::vector<model::customer> customers(const actor& who) const;

 private:
  friend class sms;  // processes are built by sms, which owns what they share
  explicit service_level_management(std::shared_ptr<const detail::context> ctx);
  std::vector<violation> service_rules(storage::transaction& tx, const model::service& s) const;
  std::vector<violation> customer_rules(storage::transaction& tx, const model::customer& c) const;
  std::shared_ptr<const detail::context> ctx_;
};

}  // namespace itsm
