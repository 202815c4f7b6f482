// Service continuity (clause 6.3) in the process layer: continuity and availability plans as
// versioned records revised only under an RFC in implementation (R-6.3-plans), plan tests with
// results and follow-up (R-6.3-test), the plans an RFC touches (R-6.3-rfc), and the export of a
// plan with its contacts and the CMDB subset it covers to one standalone JSON document, for when
// the normal systems are down. Methods: docs/assurance.md.
// Thread-safety: safe to call from several threads (writes serialise in the store).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "itsm/core/actor.hpp"
#include "itsm/core/export.hpp"
#include "itsm/model/change.hpp"
#include "itsm/model/continuity.hpp"
#include "itsm/process/write_options.hpp"

namespace itsm {

namespace detail {
struct context;  // what the processes share (not installed)
}  // namespace detail
class configuration_management;

class ITSM_API continuity_management {
 public:
  // Records version 1 of a plan. Rules (R-6.3-plans): its invariants and covered CIs and
  // services that exist. REQUIRES: draft.id invalid and draft.revision == 0.
  model::continuity_plan add_plan(const actor& who, model::continuity_plan draft, const write_options& opts = {});
  // Stores the next version (retire with retired = true). Rules (R-6.3-plans): opts.reference
  // names an RFC in implementation (plans change under change management), the invariants,
  // covered records that exist. edited.revision must be the stored one.
  model::continuity_plan revise_plan(const actor& who, const model::continuity_plan& edited, const write_options& opts);
  // Records a test of the plan's current version now (R-6.3-test: findings, follow-up when failed,
  // a plan that is not retired).
  model::plan_test record_test(const actor& who, continuity_plan_id plan, model::test_result result,
                               const std::string& findings, const std::string& follow_up = {},
                               const write_options& opts = {});

  // Reads: absent (nullopt / left out) when the record does not exist or `who` may not see it.
  std::optional<model::continuity_plan> find(const actor& who, continuity_plan_id id) const;
  std::vector<model::continuity_plan> plans(const actor& who) const;
  std::vector<model::plan_test> tests(const actor& who, continuity_plan_id plan) const;
  // The active plans an RFC touches (R-6.3-rfc): a CI or service of its scope or assessed impact
  // lies in the plan's CMDB subset (what it covers and everything that depends-on reaches, as
  // export_plan writes it; redundancy ignored). Needs reads of plans, RFCs and the whole CMDB
  // graph. not_found when the RFC does not exist or `who` may not see it.
  std::vector<model::continuity_plan> plans_touched_by(const actor& who, rfc_id rfc) const;
  // The plan as one standalone JSON document (schema "itsm.plan/1"): the plan, its contacts, its
  // tests, and the CMDB subset it covers — the covered CIs and services and everything they
  // depend on (CMDB graph), with type, status and location. Needs reads of the plan, plan tests,
  // CIs and the whole CMDB graph. not_found when the plan is absent or hidden.
  std::string export_plan(const actor& who, continuity_plan_id id) const;

 private:
  friend class sms;  // processes are built by sms, which owns what they share
  continuity_management(std::shared_ptr<const detail::context> ctx, const configuration_management& configuration);
  std::shared_ptr<const detail::context> ctx_;
  const configuration_management& configuration_;
};

}  // namespace itsm
