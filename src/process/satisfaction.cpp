// Customer satisfaction on the write path (R-7.1-satisfaction): the stored survey rule, surveys
// whose sample is drawn reproducibly from the period's finished tickets, responses and results.
// The survey workflow runs on the one transition engine.
#include "itsm/process/satisfaction.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "itsm/model/incident.hpp"
#include "itsm/model/service.hpp"
#include "detail/write_scope.hpp"
#include "reads.hpp"
#include "transition.hpp"

namespace itsm {

using model::survey;
using model::survey_response;
using model::survey_rule;
using model::survey_state;

namespace {

const char* const rule_id = "R-7.1-satisfaction";
const char* const rule_key = "agreed";
const char* const survey_kind = "survey";
const char* const response_kind = "survey_response";

const std::vector<detail::transition_rule<survey_state>>& survey_table() {
  static const std::vector<detail::transition_rule<survey_state>> t{{"close", {survey_state::open}, rule_id}};
  return t;
}

bool within(timestamp t, timestamp from, timestamp to) { return !t.is_special() && from <= t && t < to; }

// The service's incidents resolved and requests fulfilled in [from, to).
std::vector<frame_ticket> frame_of(storage::transaction& tx, service_id service, timestamp from, timestamp to) {
  storage::query q;
  q.where_eq("service", service.key());
  std::vector<frame_ticket> out;
  for (const auto& i : detail::load_all<model::incident>(tx, q))
    if (within(i.resolved_at, from, to)) out.push_back({i.id.key(), i.customer, i.resolved_at});
  for (const auto& r : detail::load_all<model::service_request>(tx, q))
    if (within(r.fulfilled_at, from, to)) out.push_back({r.id.key(), r.customer, r.fulfilled_at});
  return out;
}

// The customer every ticket of the frame belongs to; none when there are several or a ticket has none.
customer_id sole_customer(const std::vector<frame_ticket>& frame) {
  if (frame.empty()) return {};
  const auto first = frame.front().customer;
  for (const auto& t : frame)
    if (t.customer != first) return {};
  return first;
}

// The customer of a sampled ticket (incident or request key); none when it is not stored.
std::optional<customer_id> ticket_customer(storage::transaction& tx, const std::string& key) {
  if (key.rfind(std::string(incident_tag::prefix) + "-", 0) == 0) {
    if (auto i = detail::load<model::incident>(tx, key)) return i->customer;
  } else if (auto r = detail::load<model::service_request>(tx, key)) {
    return r->customer;
  }
  return std::nullopt;
}

}  // namespace

std::vector<std::string> draw_sample(std::vector<frame_ticket> frame, std::int64_t size) {
  std::map<std::string, std::vector<frame_ticket>> by_customer;  // ordered by customer key
  for (auto& t : frame)
    if (t.customer.valid()) by_customer[t.customer.key()].push_back(std::move(t));
  std::map<std::string, std::size_t> quota;
  std::int64_t drawn = 0;
  for (bool more = true; more && drawn < size;) {  // customers take turns
    more = false;
    for (const auto& [c, tickets] : by_customer)
      if (drawn < size && quota[c] < tickets.size()) ++quota[c], ++drawn, more = true;
  }
  std::vector<std::string> out;
  for (auto& [c, tickets] : by_customer) {
    std::sort(tickets.begin(), tickets.end(), [](const frame_ticket& a, const frame_ticket& b) {
      return a.finished != b.finished ? a.finished < b.finished : a.ticket < b.ticket;
    });
    const auto n = tickets.size(), q = quota[c];
    // The middles of q equal slices of the customer's tickets: spread over the period.
    for (std::size_t i = 0; i < q; ++i) out.push_back(tickets[(2 * i + 1) * n / (2 * q)].ticket);
  }
  return out;
}

survey_result result_of(const survey& s, const std::vector<survey_response>& answers, const survey_rule& rule) {
  survey_result r;
  r.survey = s.id;
  r.service = s.service;
  r.from = s.from;
  r.to = s.to;
  r.sampled = static_cast<int>(s.sample.size());
  std::int64_t sum = 0;
  int satisfied = 0;
  for (const auto& a : answers) {
    if (a.survey != s.id) continue;
    ++r.responses;
    sum += a.score;
    if (a.score >= rule.satisfied_from) ++satisfied;
  }
  if (r.sampled > 0) r.response_rate = 100.0 * r.responses / r.sampled;
  if (r.responses > 0) {
    r.mean_score = static_cast<double>(sum) / r.responses;
    r.satisfied = 100.0 * satisfied / r.responses;
  }
  return r;
}

satisfaction_management::satisfaction_management(std::shared_ptr<const detail::context> ctx) : ctx_(std::move(ctx)) {}

survey_rule satisfaction_management::set_rule(const actor& who, survey_rule r, const write_options& opts) {
  r.key = rule_key;
  detail::write_scope w(*ctx_, who, "define");
  auto before = detail::load<survey_rule>(w.tx(), rule_key);
  w.authorize("survey_rule", before ? rule_key : "");
  if (before) r.revision = before->revision;
  w.rules(r.check(), "survey_rule", rule_key);
  auto saved = w.save(std::move(r), before ? &*before : nullptr, opts, before ? "updated" : "created");
  w.commit();
  return saved;
}

std::optional<survey_rule> satisfaction_management::rule(const actor& who) const {
  detail::reader r(*ctx_, who, "survey_rule");
  return r.one<survey_rule>(rule_key);
}

survey satisfaction_management::open_survey(const actor& who, service_id service, timestamp from, timestamp to,
                                            const write_options& opts) {
  detail::write_scope w(*ctx_, who, "open");
  w.authorize(survey_kind, "");
  std::vector<violation> v;
  const auto rule = detail::load<survey_rule>(w.tx(), rule_key);
  if (!rule) v.push_back({rule_id, "no survey rule is agreed (satisfaction().set_rule)"});
  if (!detail::load<model::service>(w.tx(), service.key()))
    v.push_back({rule_id, fmt::format("{} is not in the catalogue", service.key())});
  if (!from.is_special() && !to.is_special() && w.now() < to)
    v.push_back({rule_id, "a survey samples a period that has ended"});
  survey s;
  s.service = service;
  s.from = from;
  s.to = to;
  s.opened_at = w.now();
  if (rule && v.empty() && from < to) {
    auto frame = frame_of(w.tx(), service, from, to);
    s.population = static_cast<std::int64_t>(frame.size());
    s.customer = sole_customer(frame);
    s.sample_size = rule->sample_size;
    s.sample = draw_sample(std::move(frame), rule->sample_size);
    std::set<std::string> customers;
    for (const auto& t : s.sample)
      if (auto c = ticket_customer(w.tx(), t)) customers.insert(c->key());
    s.customers.assign(customers.begin(), customers.end());
    if (s.sample.empty())
      v.push_back({rule_id, fmt::format("{} has no customer ticket finished in the period to sample", service.key())});
  }
  for (auto& x : s.check()) v.push_back(std::move(x));
  w.rules(v, survey_kind, "");
  auto saved = w.save(std::move(s), nullptr, opts, "opened");
  w.commit();
  return saved;
}

survey_response satisfaction_management::respond(const actor& who, survey_response draft, const write_options& opts) {
  if (draft.id.valid() || draft.revision != 0)
    throw_error(errc::invalid_argument, "respond takes a draft without id or revision");
  detail::write_scope w(*ctx_, who, "record");
  const auto customer = ticket_customer(w.tx(), draft.ticket);
  draft.customer = customer.value_or(customer_id{});
  w.authorize(response_kind, "", {}, draft.customer.key());
  draft.answered_at = w.now();
  auto v = draft.check();
  const auto s = draft.survey.valid() ? detail::load<survey>(w.tx(), draft.survey.key()) : std::nullopt;
  const auto rule = detail::load<survey_rule>(w.tx(), rule_key);
  if (!s) {
    v.push_back({rule_id, fmt::format("{} is not a survey", draft.survey.key())});
  } else {
    if (s->state != survey_state::open) v.push_back({rule_id, fmt::format("{} is closed", s->id.key())});
    if (std::find(s->sample.begin(), s->sample.end(), draft.ticket) == s->sample.end())
      v.push_back({rule_id, fmt::format("{} is not in the sample of {}", draft.ticket, s->id.key())});
    storage::query q;
    q.where_eq("survey", s->id.key());
    for (const auto& a : detail::load_all<survey_response>(w.tx(), q))
      if (a.ticket == draft.ticket) v.push_back({rule_id, fmt::format("{} was already answered ({})", draft.ticket, a.id.key())});
  }
  if (rule && draft.score > rule->scale) v.push_back({rule_id, fmt::format("a score runs 1..{}", rule->scale)});
  w.rules(v, response_kind, "");
  auto saved = w.save(std::move(draft), nullptr, opts, "recorded");
  w.commit();
  return saved;
}

survey satisfaction_management::close_survey(const actor& who, survey_id id, const write_options& opts) {
  detail::transition_spec<survey> spec;
  spec.action = "transition:close";
  spec.detail = "closed";
  spec.event = "closed";
  spec.rules = [](detail::write_scope& w, const survey& before, survey& after, std::vector<violation>& v) {
    v = detail::state_guard(detail::rule_of(survey_table(), "close"), before.id.key(), before.state);
    after.state = survey_state::closed;
    after.closed_at = w.now();
  };
  return detail::run_transition(*ctx_, who, id.key(), spec, opts);
}

std::vector<survey> satisfaction_management::surveys(const actor& who) const {
  detail::reader r(*ctx_, who, survey_kind);
  return r.all<survey>();
}

std::vector<survey_response> satisfaction_management::responses(const actor& who, survey_id id) const {
  detail::reader r(*ctx_, who, response_kind);
  storage::query q;
  q.where_eq("survey", id.key());
  return r.all<survey_response>(q);
}

std::vector<survey_result> satisfaction_management::results(const actor& who, timestamp from, timestamp to) const {
  if (from.is_special() || to.is_special() || !(from < to))
    throw_error(errc::invalid_argument, "results needs a period with from < to");
  const auto agreed = rule(who);
  if (!agreed) throw_error(errc::not_found, "no survey rule is agreed");
  std::vector<survey_result> out;
  for (const auto& s : surveys(who))
    if (s.from < to && from < s.to) out.push_back(result_of(s, responses(who, s.id), *agreed));
  return out;
}

}  // namespace itsm
