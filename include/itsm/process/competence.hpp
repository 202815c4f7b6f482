// Competence (clause 4.4.2, R-4.4-competence): training records, competences held with their
// evidence and validity, and the stored competence requirements the change process enforces — an
// RFC whose scope meets a requirement is implemented only by someone holding a valid competence
// in its skill. Methods: docs/design-and-transition.md.
// Thread-safety: safe to call from several threads (writes serialise in the store).
#pragma once

#include "itsm/core/export.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "itsm/core/actor.hpp"
#include "itsm/model/change.hpp"
#include "itsm/model/competence.hpp"
#include "itsm/process/write_options.hpp"

namespace itsm {

namespace detail {
struct context;  // what the processes share (not installed)
}  // namespace detail

class ITSM_API competence_management {
 public:
  // Records a completed training (its invariants). REQUIRES: draft.id invalid, revision 0,
  // recorded_by empty.
  model::training_record record_training(const actor& who, model::training_record draft,
                                         const write_options& opts = {});
  // Records a competence `draft.person` holds: its invariants; the training, when named, exists
  // and is that person's. Nobody records their own competence (denied whatever the authorizer
  // says). REQUIRES: draft.id invalid, revision 0, assessed_by empty, not withdrawn.
  model::competence grant(const actor& who, model::competence draft, const write_options& opts = {});
  // Withdraws a competence (reason required); it no longer counts from now on.
  model::competence withdraw(const actor& who, competence_id id, const std::string& reason,
                             const write_options& opts = {});
  // Stores a competence requirement (a rule of the store, enforced by the change process).
  // REQUIRES: draft.id invalid, revision 0, defined_by empty, not retired.
  model::competence_requirement require(const actor& who, model::competence_requirement draft,
                                        const write_options& opts = {});
  model::competence_requirement retire(const actor& who, competence_requirement_id id,
                                       const write_options& opts = {});

  // Reads. `person` empty: everyone's.
  std::vector<model::training_record> trainings(const actor& who, const std::string& person = {}) const;
  std::vector<model::competence> competences(const actor& who, const std::string& person = {}) const;
  std::vector<model::competence_requirement> requirements(const actor& who) const;
  // The people with a training or competence record, sorted.
  std::vector<std::string> people(const actor& who) const;
  // Non-throwing: what `person` lacks now to implement the RFC (empty: nothing). not_found when
  // the RFC does not exist or `who` may not see it.
  std::vector<violation> gaps(const actor& who, rfc_id rfc, const std::string& person) const;

 private:
  friend class sms;  // processes are built by sms, which owns what they share
  explicit competence_management(std::shared_ptr<const detail::context> ctx);
  std::shared_ptr<const detail::context> ctx_;
};

}  // namespace itsm
