#include "ticket_support.hpp"

#include <charconv>
#include <functional>
#include <map>
#include <mutex>
#include <set>

#include "itsm/calendar/definition.hpp"

namespace itsm::detail {

std::vector<ticket_event> load_log(storage::transaction& tx, const std::string& ticket) {
  storage::query q;
  q.where_eq("ticket", ticket);
  q.order_by = "seq";
  return load_all<ticket_event>(tx, q);
}

std::string log_key(const std::string& ticket, std::int64_t seq) {
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof digits, seq).ptr;
  const auto n = static_cast<std::size_t>(end - digits);
  std::string key;
  key.reserve(ticket.size() + 8 + n);
  key += ticket;
  key += '/';
  if (seq >= 0 && n < 6) key.append(6 - n, '0');
  key.append(digits, n);
  return key;
}

namespace {
// The series value of a ticket created in this scope with nothing logged yet (see start_log).
constexpr std::int64_t fresh_log = -1;
std::string log_series(const std::string& ticket) { return ticket_event::def().name() + ":" + ticket; }
}  // namespace

void start_log(write_scope& w, const std::string& ticket) {
  auto& last = w.last_in_series(log_series(ticket));
  if (last == 0) last = fresh_log;
}

ticket_event log_event(write_scope& w, const std::string& ticket, std::string type, std::string from,
                       std::string to, std::string detail, const write_options& opts) {
  // Keys are "<ticket>/<seq>", seq 1, 2, 3 …. The next seq: known when this operation logged
  // for the ticket already or created it (start_log: no read, which matters inside a large
  // batch, where a scan would merge every pending write of the kind), else one past the
  // highest, read through the (ticket, seq) index.
  ticket_event e;
  const auto& kind = ticket_event::def().name();
  auto& last = w.last_in_series(log_series(ticket));
  if (last == fresh_log) {
    last = 0;
  } else if (last == 0) {
    storage::query q;
    q.kind = kind;
    q.where_eq("ticket", ticket);
    q.order_by = "seq";
    q.descending = true;
    q.limit = 1;
    const auto top = w.tx().scan(q);
    if (!top.empty()) last = from_record<ticket_event>(top.front()).seq;
  }
  e.seq = ++last;
  e.key = log_key(ticket, e.seq);
  e.ticket = ticket;
  e.at = w.now();
  e.type = std::move(type);
  e.from = std::move(from);
  e.to = std::move(to);
  e.detail = std::move(detail);
  e.actor = w.who().name;
  return w.save(std::move(e), nullptr, opts, "logged");
}

std::optional<model::sla> default_sla(storage::transaction& tx, service_id service) {
  if (!service.valid()) return std::nullopt;
  storage::query q;
  q.where_eq("service", service.key());
  auto all = load_all<model::sla>(tx, q);
  if (all.empty()) return std::nullopt;
  return *std::min_element(all.begin(), all.end(),
                           [](const auto& a, const auto& b) { return a.id.number() < b.id.number(); });
}

std::optional<model::sla> sla_at(storage::transaction& tx, sla_id id, std::int64_t revision) {
  auto s = load<model::sla>(tx, id.key());
  if (!s || revision == 0 || s->revision == revision) return s;
  if (auto v = load<model::sla_version>(tx, model::sla_version::key_of(id, revision))) return v->terms();
  return std::nullopt;
}

namespace {
// Compiled calendars by definition text. business_calendar copies share their precomputed
// blocks, so a hit is cheap, and escalation sweeps stop re-parsing and re-building calendars.
calendar::business_calendar compiled(const std::string& definition_json,
                                     const std::function<calendar::calendar_definition()>& parse) {
  static std::mutex mu;
  static std::map<std::string, calendar::business_calendar, std::less<>> cache;
  {
    std::lock_guard lock(mu);
    if (auto it = cache.find(definition_json); it != cache.end()) return it->second;
  }
  calendar::business_calendar cal(parse());  // may throw: nothing cached
  std::lock_guard lock(mu);
  if (cache.size() >= 256) cache.clear();  // bounded: a product rarely has more calendars
  return cache.emplace(definition_json, std::move(cal)).first->second;
}
}  // namespace

std::vector<violation> customer_rules(storage::transaction& tx, const actor& who, customer_id& customer,
                                      service_id service) {
  std::vector<violation> v;
  if (!customer.valid() && !who.customer.empty()) {
    try {
      customer = customer_id::parse(who.customer);
    } catch (const error&) {
      v.push_back({"R-7.1-parties", "the actor's customer '" + who.customer + "' is not a customer id"});
      return v;
    }
  }
  if (!customer.valid()) return v;
  if (!load<model::customer>(tx, customer.key())) {
    v.push_back({"R-7.1-parties", "customer " + customer.key() + " does not exist"});
    return v;
  }
  if (service.valid())
    if (auto s = load<model::service>(tx, service.key()); s && s->dedicated_to.valid() && s->dedicated_to != customer)
      v.push_back({"R-7.1-parties", "service " + service.key() + " is dedicated to another customer"});
  return v;
}

calendar::business_calendar sla_calendar(const model::sla& s, const ticket_policy& policy) {
  return service_hours(s.calendar, policy, "SLA " + s.id.key());
}

calendar::business_calendar service_hours(const std::string& cal, const ticket_policy& policy, const std::string& owner) {
  const auto first = cal.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return calendar::business_calendar(calendar::calendar_definition::always_open());
  if (cal[first] == '{') return compiled(cal, [&] { return calendar::calendar_from_json(cal); });
  auto it = policy.calendars.find(cal);
  if (it == policy.calendars.end())
    throw_error(errc::invalid_argument, owner + " names calendar '" + cal + "', which the ticket policy does not define");
  return compiled(calendar::calendar_to_json(it->second), [&] { return it->second; });
}

std::set<std::string> fired_thresholds(const std::vector<ticket_event>& log) {
  std::set<std::string> fired;
  for (const auto& e : log)
    if (e.type == "threshold") fired.insert(e.detail);
  return fired;
}

std::vector<event> fire_thresholds(write_scope& w, const std::string& kind, const std::string& ticket,
                                   const std::string& customer, const ticket_sla& figures,
                                   const std::vector<ticket_event>& log) {
  auto fired = fired_thresholds(log);
  std::vector<event> out;
  auto check = [&](const char* clock, const std::optional<calendar::sla_status>& st) {
    if (!st) return;
    for (const auto& th : st->thresholds) {
      if (!th.reached || !th.at) continue;
      const std::string tag = std::string(clock) + ":" + std::to_string(th.percent);
      if (!fired.insert(tag).second) continue;
      log_event(w, ticket, "threshold", "", std::to_string(th.percent), tag, {});
      event ev;
      ev.type = kind + (th.percent >= 100 ? ".sla_breached" : ".sla_at_risk");
      ev.kind = kind;
      ev.object_id = ticket;
      ev.at = w.now();
      ev.actor = w.who().name;
      ev.details = {{"clock", clock},
                    {"percent", std::to_string(th.percent)},
                    {"reached_at", to_iso(*th.at)},
                    {"sla", figures.sla.key()},
                    {"sla_revision", std::to_string(figures.sla_revision)},
                    {"priority", std::to_string(figures.priority)},
                    {"customer", customer},
                    // R-8.1-inform: a target that cannot be met is escalated and the customer told.
                    {"inform", th.percent >= 100 ? "customer,escalation" : "escalation"}};
      if (st->deadline) ev.details["deadline"] = to_iso(*st->deadline);
      w.publish(ev);
      out.push_back(std::move(ev));
    }
  };
  check("response", figures.response);
  check("resolution", figures.resolution);
  return out;
}

bool one_of(const std::string& s, std::initializer_list<const char*> names) {
  for (auto n : names)
    if (s == n) return true;
  return false;
}

const ticket_states& incident_ticket_states() {
  static const ticket_states s{"recorded", "pending", {"resolved", "closed"}};
  return s;
}

const ticket_states& request_ticket_states() {
  static const ticket_states s{"recorded", "pending", {"fulfilled", "closed", "cancelled"}};
  return s;
}

namespace {
void set_targets(clock_terms& t, std::int64_t response_minutes, std::int64_t resolution_minutes) {
  if (response_minutes > 0) t.response = minutes(response_minutes);
  if (resolution_minutes > 0) t.resolution = minutes(resolution_minutes);
}
}  // namespace

clock_terms incident_terms(const model::sla& s, int priority, const ticket_policy& policy) {
  clock_terms t;
  t.pause_states = s.pause_states;
  t.escalation_percent = policy.escalation_percent;
  if (const auto* target = s.target_for(priority)) set_targets(t, target->response_minutes, target->resolution_minutes);
  return t;
}

clock_terms request_terms(const model::sla* s, const model::service_request& r, const ticket_policy& policy) {
  clock_terms t;
  t.escalation_percent = policy.escalation_percent;
  auto own = policy.request_targets.find(r.request_type);
  if (own != policy.request_targets.end()) set_targets(t, own->second.response_minutes, own->second.resolution_minutes);
  else if (s)
    if (const auto* target = s->target_for(r.priority)) set_targets(t, target->response_minutes, target->resolution_minutes);
  if (s) t.pause_states = s->pause_states;
  return t;
}

}  // namespace itsm::detail
