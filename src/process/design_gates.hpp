// The gates the change process asks of clause 5 and of competence, in its own transaction:
// design & transition records (process/service_design.hpp) and competence requirements
// (process/competence.hpp). Not stable API. Thread-safety: stateless.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "itsm/core/error.hpp"
#include "itsm/core/time.hpp"
#include "itsm/model/change.hpp"
#include "itsm/storage/backend.hpp"

namespace itsm::detail {

// For an RFC routed to design & transition: what its record lacks before `step` — "approve"
// (the plan, R-5.2-plan), "implement" (the design, R-5.3-design) or "close" (acceptance,
// release and outcome report, R-5.4-transition). Applies to RFCs of a new, removed or transferred
// service, and to other major RFCs whose design_plan names a record; empty for other RFCs.
std::vector<violation> design_gate(storage::transaction& tx, const model::rfc& r, std::string_view step);

// The competences `person` lacks, at `at`, to implement `r` (R-4.4-competence): each active
// competence requirement whose CI types or services meet the RFC's scope asks for a valid
// competence in its skill.
std::vector<violation> competence_gate(storage::transaction& tx, const model::rfc& r, const std::string& person,
                                       timestamp at);

}  // namespace itsm::detail
