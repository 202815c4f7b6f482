// assurance_management's reads: outages, requirements and end-to-end availability (R-6.3-monitor).
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "itsm/calendar/availability.hpp"
#include "itsm/process/assurance.hpp"
#include "itsm/process/configuration.hpp"
#include "policy_store.hpp"
#include "reads.hpp"
#include "ticket_support.hpp"

namespace itsm {

using model::availability_requirement;
using model::outage;

namespace {

// An outage clipped to the period, as the graph node that was down.
struct down_span {
  graph::node_key node;
  timestamp from, to;
  outage_id id;
};

std::vector<down_span> clip(const std::vector<outage>& all, timestamp from, timestamp to) {
  std::vector<down_span> out;
  for (const auto& o : all) {
    const auto a = std::max(o.start, from), z = o.end.is_special() ? to : std::min(o.end, to);
    if (!(a < z)) continue;
    out.push_back({o.ci.valid() ? o.ci.number() : -o.service.number(), a, z, o.id});
  }
  return out;
}

// The pieces of [from, to) during which `service` was down, end to end, and the outages that
// made it so. Between two consecutive outage edges the set of nodes down is constant, so the
// graph is asked once per piece.
void down_pieces(const graph::graph& g, std::int64_t service, const std::vector<down_span>& spans, timestamp from,
                 timestamp to, std::vector<calendar::outage>& pieces, std::vector<std::vector<outage_id>>& causes) {
  const graph::node_key node = -service;
  std::set<timestamp> points{from, to};
  for (const auto& d : spans) points.insert(d.from), points.insert(d.to);
  for (auto it = points.begin(); std::next(it) != points.end(); ++it) {
    const auto a = *it, b = *std::next(it);
    std::vector<graph::node_key> failed;
    std::vector<outage_id> ids;
    for (const auto& d : spans)
      if (d.from <= a && b <= d.to && g.contains(d.node)) failed.push_back(d.node), ids.push_back(d.id);
    if (failed.empty()) continue;
    bool down = std::find(failed.begin(), failed.end(), node) != failed.end();
    if (!down) {
      const auto hit = g.impact(std::span<const graph::node_key>(failed)).services;
      down = std::find(hit.begin(), hit.end(), node) != hit.end();
    }
    if (down) pieces.push_back({a, b}), causes.push_back(std::move(ids));
  }
}

}  // namespace

std::optional<outage> assurance_management::find_outage(const actor& who, outage_id id) const {
  detail::reader r(*ctx_, who, "outage");
  return r.one<outage>(id.key());
}

std::vector<outage> assurance_management::outages(const actor& who) const {
  detail::reader r(*ctx_, who, "outage");
  return r.all<outage>();
}

std::vector<outage> assurance_management::uninvestigated(const actor& who) const {
  detail::reader r(*ctx_, who, "outage");
  storage::query q;
  q.where_eq("state", std::string(model::enum_to_string(model::outage_state::ended)));
  auto v = r.all<outage>(q);
  std::erase_if(v, [](const outage& o) { return !o.awaits_investigation(); });
  return v;
}

std::vector<availability_requirement> assurance_management::requirements(const actor& who) const {
  detail::reader r(*ctx_, who, "availability_requirement");
  return r.all<availability_requirement>();
}

service_availability assurance_management::availability(const actor& who, service_id service, timestamp from,
                                                         timestamp to) const {
  if (from.is_special() || to.is_special() || !(from < to))
    throw_error(errc::invalid_argument, "availability needs a period with from < to (R-6.3-monitor)");
  detail::authorize_read(*ctx_, who, "outage", "");
  const auto g = configuration_.graph(who);
  detail::reader r(*ctx_, who, "availability_requirement");
  storage::query q;
  q.where_eq("service", service.key());
  std::optional<availability_requirement> req;
  for (auto& x : r.all<availability_requirement>(q))
    if (!x.retired) req = std::move(x);
  if (!req) throw_error(errc::not_found, fmt::format("{} has no active availability requirement", service.key()));
  const auto hours = detail::service_hours(req->calendar, *ctx_->policies->tickets(r.tx()), req->id.key());
  std::vector<calendar::outage> pieces;
  std::vector<std::vector<outage_id>> causes;
  down_pieces(g, service.number(), clip(r.all<outage>(), from, to), from, to, pieces, causes);

  const auto f = calendar::availability(hours, from, to, pieces);
  service_availability a;
  a.service = service;
  a.requirement = req->id;
  a.target_percent = req->target_percent;
  a.agreed = f.agreed;
  a.unavailable = f.unavailable;
  a.percent = f.percent;
  const auto allowed_us = static_cast<double>(f.agreed.total_microseconds()) * (100.0 - req->target_percent) / 100.0;
  a.budget = boost::posix_time::microseconds(static_cast<std::int64_t>(allowed_us));
  a.remaining = a.budget - a.unavailable;
  a.target_met = !f.percent || *f.percent >= req->target_percent;
  std::set<outage_id> listed;  // only the outages that cost agreed service time
  for (std::size_t i = 0; i < pieces.size(); ++i)
    if (hours.business_time(pieces[i].start, pieces[i].end).total_microseconds() > 0)
      listed.insert(causes[i].begin(), causes[i].end());
  a.outages.assign(listed.begin(), listed.end());
  return a;
}

}  // namespace itsm
