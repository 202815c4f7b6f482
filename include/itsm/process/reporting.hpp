// Service reporting (clause 6.2) in the process layer: report definitions stored as records
// through the one write path (R-6.2-define), the requirements the provider excluded from its
// SMS scope (R-4.5-scope-plan, with their justification), and the read snapshot that reports and
// conformance checks are computed from (itsm/report/). Every read names its actor.
// Thread-safety: safe to call from several threads (writes serialise in the store).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "itsm/core/actor.hpp"
#include "itsm/core/export.hpp"
#include "itsm/model/report_definition.hpp"
#include "itsm/process/snapshot.hpp"
#include "itsm/process/write_options.hpp"

namespace itsm {

namespace detail {
struct context;  // what the processes share (not installed)
}  // namespace detail

class ITSM_API report_management {
 public:
  // Records a report definition. Rules (R-6.2-define): the definition's invariants, a name no
  // other definition has, data sources that are record kinds of this store, a scope naming an
  // existing service or customer. REQUIRES: draft.id invalid and draft.revision == 0.
  model::report_definition define(const actor& who, model::report_definition draft, const write_options& opts = {});
  // Stores the next version (retire with retired = true); edited.revision must be the stored one.
  model::report_definition update(const actor& who, const model::report_definition& edited,
                                  const write_options& opts = {});

  // Excludes a requirement from the SMS scope with a justification (the conformance check then
  // reports it "not applicable"). Authorized as ("create"/"update", "requirement_exclusion"):
  // admins by default. Rules (R-4.5-scope-plan): an id of the form R-…, a justification, not
  // excluded already.
  model::requirement_exclusion exclude(const actor& who, const std::string& requirement,
                                       const std::string& justification, const write_options& opts = {});
  // Brings an excluded requirement back into scope (the record is kept, marked withdrawn).
  model::requirement_exclusion withdraw_exclusion(const actor& who, const std::string& requirement,
                                                  const write_options& opts = {});

  // Reads: absent (nullopt / left out) when the record does not exist or `who` may not see it.
  std::optional<model::report_definition> find(const actor& who, report_id id) const;
  std::vector<model::report_definition> definitions(const actor& who) const;
  std::vector<model::requirement_exclusion> exclusions(const actor& who) const;

  // Everything `who` may see of the kinds store_snapshot holds, in one read-only transaction,
  // with SLA figures at `at`. Authorized as a read of each kind and of "audit" (the trail):
  // permission_denied (audited) when `who` may not read one of them.
  store_snapshot snapshot(const actor& who, timestamp at) const;

 private:
  friend class sms;  // processes are built by sms, which owns what they share
  explicit report_management(std::shared_ptr<const detail::context> ctx);
  std::shared_ptr<const detail::context> ctx_;
};

}  // namespace itsm
