// Clause 7.1 satisfaction check (R-7.1-satisfaction): every service whose customers had tickets
// finished within the agreed interval before the period's end was surveyed over that time, and
// every survey's sample represents every customer of its period (as draw_sample does).
#include <map>
#include <set>

#include "evidence.hpp"
#include "itsm/process/satisfaction.hpp"

namespace itsm::report::detail {

namespace {

// The customer tickets of each service finished in [from, to), as survey frames.
std::map<std::string, std::vector<frame_ticket>> frames(const store_snapshot& s, timestamp from, timestamp to) {
  std::map<std::string, std::vector<frame_ticket>> out;
  auto add = [&](service_id svc, const std::string& key, customer_id c, timestamp finished) {
    if (svc.valid() && c.valid() && !finished.is_special() && from <= finished && finished < to)
      out[svc.key()].push_back({key, c, finished});
  };
  for (const auto& i : s.incidents) add(i.service, i.id.key(), i.customer, i.resolved_at);
  for (const auto& r : s.requests) add(r.service, r.id.key(), r.customer, r.fulfilled_at);
  return out;
}

// A survey represents its period when its sample holds every customer of the period's frame
// (or is full, when the rule's size leaves no room for all of them).
bool representative(const store_snapshot& s, const model::survey& x) {
  std::set<std::string> frame_customers;
  auto period_frames = frames(s, x.from, x.to);  // a named map: the loop reads one of its vectors
  for (const auto& t : period_frames[x.service.key()]) frame_customers.insert(t.customer.key());
  if (static_cast<std::int64_t>(frame_customers.size()) > x.sample_size)
    return static_cast<std::int64_t>(x.sample.size()) == x.sample_size;
  const std::set<std::string> sampled(x.customers.begin(), x.customers.end());
  for (const auto& c : frame_customers)
    if (!sampled.count(c)) return false;
  return true;
}

check_result satisfaction(const check_context& c) {
  if (c.s.survey_rules.empty()) return c.judge({}, {}, "", "", "no survey rule is agreed (satisfaction().set_rule)");
  const auto window = hours(24 * c.s.survey_rules.front().interval_days);
  const auto since = c.p.end - window;
  std::set<std::string> measured;
  std::vector<std::string> ok, bad;
  for (const auto& x : c.s.surveys) {
    if (x.opened_at.is_special() || !(x.opened_at < c.p.end)) continue;
    if (since < x.to) measured.insert(x.service.key());
    if (c.in_period(x.opened_at)) (representative(c.s, x) ? ok : bad).push_back(x.id.key());
  }
  for (const auto& [service, tickets] : frames(c.s, since, c.p.end))
    (measured.count(service) ? ok : bad).push_back(service);
  return c.judge(ok, bad, "customer services surveyed within the agreed interval on representative samples",
                 "services not surveyed within the agreed interval, or surveys missing customers of their period",
                 "no customer ticket and no survey in the agreed interval");
}

}  // namespace

std::vector<check_def> satisfaction_checks() { return {{"R-7.1-satisfaction", satisfaction}}; }

}  // namespace itsm::report::detail
