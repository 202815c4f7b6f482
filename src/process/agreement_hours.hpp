// The hours an agreement or the complaint definition covers (calendar JSON, a calendar named in
// the ticket policy, or 24x7), shared by performance, alignment and complaints. Not installed. Thread-safety: pure.
#pragma once

#include <string>

#include "itsm/calendar/business_calendar.hpp"
#include "itsm/model/relations.hpp"
#include "itsm/process/ticket_policy.hpp"

namespace itsm::detail {

// The hours of a stored calendar field: JSON, a name of the ticket policy, or "" for 24x7.
// Errors: corrupt, naming `whose`, when the name is unknown to the policy or the JSON is bad.
calendar::business_calendar stored_hours(const std::string& calendar, const ticket_policy& policy,
                                         const std::string& whose);
// What is wrong with a calendar field about to be stored ("" when nothing): JSON that does not
// load, or a name the ticket policy does not define.
std::string calendar_problem(const std::string& calendar, const ticket_policy& policy);
inline calendar::business_calendar agreement_hours(const model::agreement& a, const ticket_policy& policy) {
  return stored_hours(a.calendar, policy, a.id.key());
}

}  // namespace itsm::detail
