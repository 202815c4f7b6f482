// Release and deployment management (clause 9.3): releases planned from approved RFCs under a
// release policy, acceptance-tested, deployed only when accepted (or by a recorded override),
// with a configuration baseline taken automatically before deployment, rolled back and
// investigated on failure, and measured afterwards. Thread-safety: safe from several threads.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "itsm/core/actor.hpp"
#include "itsm/core/export.hpp"
#include "itsm/model/change.hpp"
#include "itsm/model/change_records.hpp"
#include "itsm/model/incident.hpp"
#include "itsm/process/baseline.hpp"
#include "itsm/storage/backend.hpp"
#include "itsm/process/release_policy.hpp"
#include "itsm/process/write_options.hpp"

namespace itsm {

namespace detail {
struct context;  // what the processes share (not installed)
}  // namespace detail

class configuration_management;

// A release's outcome and the incidents raised on its CIs after deployment (R-9.3-measure).
struct ITSM_API release_report {
  model::release release{};
  std::string outcome{};                        // "planned", "deployed", "failed", "rolled_back", …
  std::vector<ci_id> cis{};                     // the scope of its RFCs
  std::vector<model::incident> incidents{};     // on those CIs, opened in the measure window
  std::optional<baseline_diff> since_baseline{};  // CMDB now vs the pre-deployment baseline
};

class ITSM_API release_management {
 public:

  // Plans a release (R-9.3-plan): its RFCs exist and are approved (or later, not rejected), its
  // problems and known errors exist, its type is in the policy, the frequency respected, a
  // rollback plan given (R-9.3-rollback); an emergency release includes an emergency RFC
  // (R-9.3-emergency). REQUIRES: draft.id invalid.
  model::release plan(const actor& who, model::release draft, const write_options& opts = {});
  model::release mark_built(const actor& who, release_id id, const write_options& opts = {});  // planned → built
  // Records one acceptance test result (R-9.3-test); built → tested. The criterion must be one
  // of the release's agreed acceptance criteria.
  model::acceptance_test record_test(const actor& who, release_id id, const std::string& criterion, bool passed,
                                     const std::string& evidence, const write_options& opts = {});
  // tested → accepted when every criterion's latest result passed (R-9.3-accept).
  model::release accept(const actor& who, release_id id, const write_options& opts = {});
  // tested → accepted despite failing / missing results: an explicit, recorded decision
  // (approval record "override_acceptance") with its reason (R-9.3-accept).
  model::release override_acceptance(const actor& who, release_id id, const std::string& reason,
                                     const write_options& opts = {});
  // accepted → deployed. Takes a baseline of the RFCs' scope CIs first (R-9.3-integrity,
  // R-9.1-baseline) and records it on the release. Refused (nothing written, not even the
  // baseline) unless accepted.
  model::release deploy(const actor& who, release_id id, const write_options& opts = {});
  // deployed → failed.
  model::release report_failure(const actor& who, release_id id, const std::string& reason,
                                const write_options& opts = {});
  // failed → rolled_back, opening an investigation record (R-9.3-rollback).
  model::release roll_back(const actor& who, release_id id, const std::string& investigation_summary,
                           const write_options& opts = {});
  // deployed|rolled_back → closed.
  model::release close(const actor& who, release_id id, const write_options& opts = {});

  // Non-throwing: the rules `action` ("build", "record_test", "accept", "override_acceptance",
  // "deploy", "report_failure", "roll_back", "close") would meet now (empty = allowed).
  std::vector<violation> check(const actor& who, release_id id, std::string_view action) const;

  std::optional<model::release> find(const actor& who, release_id id) const;
  std::vector<model::acceptance_test> tests(const actor& who, release_id id) const;
  release_report report(const actor& who, release_id id) const;
  // Releases planned (not yet deployed) with planned_at in [from, until) (R-9.3-inform).
  std::vector<model::release> upcoming(const actor& who, timestamp from, timestamp until) const;
  // Releases failed or rolled back whose deployment was at or after `since` (R-9.3-inform).
  std::vector<model::release> recently_failed(const actor& who, timestamp since) const;

 private:
  friend class sms;  // processes are built by sms, which owns what they share
  // REQUIRES: `conf` outlives this object. The release policy in force is the store's
  // (sms::policies()), read by each operation.
  release_management(std::shared_ptr<const detail::context> ctx,
                     configuration_management& conf);
  std::shared_ptr<const detail::context> ctx_{};
  configuration_management& conf_;
};

}  // namespace itsm
