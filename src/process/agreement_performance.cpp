// Agreement performance (R-7.2-monitor, R-6.1-internal): the incidents on the CIs an agreement
// covers, measured by the SLA engine against the agreement's own targets and hours.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "itsm/model/incident.hpp"
#include "itsm/process/configuration.hpp"
#include "itsm/process/relationships.hpp"
#include "itsm/process/ticket_log.hpp"
#include "agreement_hours.hpp"
#include "policy_store.hpp"
#include "reads.hpp"
#include "ticket_support.hpp"

namespace itsm {

using model::agreement;

namespace {

bool waited_for_supplier(const std::vector<ticket_event>& log) {
  return std::any_of(log.begin(), log.end(), [](const ticket_event& e) {
    return e.type == "state" && e.to == "pending" && e.detail.find("supplier") != std::string::npos;
  });
}

}  // namespace

namespace detail {

calendar::business_calendar stored_hours(const std::string& text, const ticket_policy& policy, const std::string& whose) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return calendar::business_calendar(calendar::calendar_definition::always_open());
  if (text[first] == '{') {
    try {
      return calendar::business_calendar(calendar::calendar_from_json(text));
    } catch (const error& e) {
      throw_error(errc::corrupt, whose + ": stored calendar: " + e.what());
    }
  }
  auto it = policy.calendars.find(text);
  if (it == policy.calendars.end())
    throw_error(errc::corrupt, fmt::format("{} names calendar '{}', which the ticket policy does not define", whose, text));
  return calendar::business_calendar(it->second);
}

std::string calendar_problem(const std::string& text, const ticket_policy& policy) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  if (text[first] != '{')
    return policy.calendars.count(text) ? "" : "calendar '" + text + "' is not defined in the ticket policy";
  try {
    calendar::calendar_from_json(text);
    return {};
  } catch (const error& e) {
    return std::string("its calendar does not load (") + e.what() + ")";
  }
}

}  // namespace detail

double agreement_performance::percent_met() const {
  if (measured.empty()) return 100.0;
  return 100.0 * static_cast<double>(measured.size() - breached.size()) / static_cast<double>(measured.size());
}

agreement_performance relationship_management::performance(const actor& who, agreement_id id, timestamp from,
                                                            timestamp to) const {
  if (from.is_special() || to.is_special() || !(from < to))
    throw_error(errc::invalid_argument, "performance needs a period with from < to");
  detail::authorize_read(*ctx_, who, "incident", "");
  detail::reader r(*ctx_, who, "agreement");
  auto a = r.one<agreement>(id.key());
  if (!a) throw_error(errc::not_found, id.key() + " does not exist");
  const auto policy = ctx_->policies->tickets(r.tx());
  const auto hours = detail::agreement_hours(*a, *policy);
  std::set<std::string> covered;
  for (const auto& ci : a->covers) covered.insert(ci.key());
  agreement_performance out{a->id, from, to};
  for (const auto& i : r.all<model::incident>()) {
    if (!i.ci.valid() || !covered.count(i.ci.key()) || i.opened_at < from || !(i.opened_at < to)) continue;
    const auto* target = a->target_for(i.priority);
    if (!target) continue;
    storage::query q;
    q.where_eq("ticket", i.id.key());
    auto log = detail::load_all<ticket_event>(r.tx(), q);
    std::sort(log.begin(), log.end(), [](const auto& x, const auto& y) { return x.seq < y.seq; });
    clock_terms terms;  // no pause states: a wait for the supplier is the supplier's time
    terms.response = minutes(target->response_minutes);
    terms.resolution = minutes(target->resolution_minutes);
    const auto f = evaluate_ticket(log, detail::incident_ticket_states(), terms, hours, to);
    out.measured.push_back(i.id);
    if (f.breached()) out.breached.push_back(i.id);
    if (waited_for_supplier(log)) out.supplier_waits.push_back(i.id);
  }
  return out;
}

}  // namespace itsm
