// Shared by incidents and service requests (not installed): the ticket log writes, SLA lookup,
// SLA calendars and escalation firing. Thread-safety: stateless helpers over the caller's scope.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "itsm/calendar/business_calendar.hpp"
#include "itsm/model/customer.hpp"
#include "itsm/model/incident.hpp"
#include "itsm/model/service.hpp"
#include "detail/write_scope.hpp"
#include "itsm/process/ticket_log.hpp"
#include "itsm/process/ticket_policy.hpp"

namespace itsm::detail {

// The ticket's log, oldest first.
std::vector<ticket_event> load_log(storage::transaction& tx, const std::string& ticket);

// A ticket-log row's key: "<ticket>/<seq>" with seq zero-padded to six digits ("INC-7/000003"),
// so that keys sort in log order.
std::string log_key(const std::string& ticket, std::int64_t seq);

// Tells log_event that `ticket` was created in scope `w`: its log starts at seq 1, no read needed.
void start_log(write_scope& w, const std::string& ticket);

// Appends the next event of `ticket` in scope `w` (after rules() and authorize()).
ticket_event log_event(write_scope& w, const std::string& ticket, std::string type, std::string from,
                       std::string to, std::string detail, const write_options& opts);

// The customer of a new ticket (R-7.1-parties): a customer's user records for its own customer
// (an empty `customer` is set to it); the customer exists; a dedicated service serves only the
// customer it is dedicated to.
std::vector<violation> customer_rules(storage::transaction& tx, const actor& who, customer_id& customer,
                                      service_id service);

// The SLA a new ticket on `service` gets: the service's SLA with the lowest id, if any.
std::optional<model::sla> default_sla(storage::transaction& tx, service_id service);

// SLA `id` as it was at `revision` (R-6.1-change): the stored SLA when `revision` is 0 (a ticket
// recorded before versions were kept) or its current revision, else its archived sla_version;
// nullopt when the SLA or that version does not exist.
std::optional<model::sla> sla_at(storage::transaction& tx, sla_id id, std::int64_t revision);

// The SLA's calendar: embedded JSON, a name from policy.calendars, or 24×7 UTC when empty.
// Throws itsm::error(invalid_argument) for a name the policy does not know.
calendar::business_calendar sla_calendar(const model::sla& s, const ticket_policy& policy);
// The same for any record with agreed service hours; `owner` names it in the error ("AVR-2").
calendar::business_calendar service_hours(const std::string& calendar, const ticket_policy& policy,
                                          const std::string& owner);

// The thresholds already fired per the log ("<clock>:<percent>", logged as type "threshold").
std::set<std::string> fired_thresholds(const std::vector<ticket_event>& log);

// Fires every threshold of `figures` reached and not yet fired for `ticket` (thresholds are
// logged as type "threshold", detail "<clock>:<percent>", so each fires once) and queues one
// "<kind>.sla_at_risk" / "<kind>.sla_breached" event per threshold. Returns the queued events.
std::vector<event> fire_thresholds(write_scope& w, const std::string& kind, const std::string& ticket,
                                   const std::string& customer, const ticket_sla& figures,
                                   const std::vector<ticket_event>& log);

// What the SLA clocks need to know about each ticket type's states.
const ticket_states& incident_ticket_states();
const ticket_states& request_ticket_states();
// The clock terms of an incident of `priority` under SLA `s`.
clock_terms incident_terms(const model::sla& s, int priority, const ticket_policy& policy);
// A request's terms: its request type's targets when the policy lists the type, else the
// targets of `s` (its service's SLA, nullptr = none) for its priority.
clock_terms request_terms(const model::sla* s, const model::service_request& r, const ticket_policy& policy);

// fmt-free helpers
bool one_of(const std::string& s, std::initializer_list<const char*> names);

}  // namespace itsm::detail
