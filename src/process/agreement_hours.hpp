// The hours an agreement covers (its calendar JSON, a calendar named in the ticket policy, or
// 24x7), shared by performance and the alignment check. Not installed. Thread-safety: pure.
#pragma once

#include "itsm/calendar/business_calendar.hpp"
#include "itsm/model/relations.hpp"
#include "itsm/process/ticket_policy.hpp"

namespace itsm::detail {

// Errors: corrupt when the stored calendar name is unknown to the policy or its JSON is bad.
calendar::business_calendar agreement_hours(const model::agreement& a, const ticket_policy& policy);

}  // namespace itsm::detail
