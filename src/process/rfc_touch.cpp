#include "rfc_touch.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "detail/context.hpp"
#include "detail/records.hpp"
#include "live_graph.hpp"

namespace itsm::detail {

namespace {
template <class T>
bool meets(const T& rec, const std::set<graph::node_key>& nodes) {
  return std::any_of(rec.cis.begin(), rec.cis.end(), [&](ci_id c) { return nodes.count(c.number()) > 0; }) ||
         std::any_of(rec.services.begin(), rec.services.end(), [&](service_id s) { return nodes.count(-s.number()) > 0; });
}
}  // namespace

std::set<graph::node_key> covered_nodes(const graph::graph& g, const model::continuity_plan& p) {
  std::vector<graph::node_key> starts;
  for (auto c : p.covered_cis) starts.push_back(c.number());
  for (auto s : p.covered_services) starts.push_back(-s.number());
  std::set<graph::node_key> nodes;
  for (auto n : starts) {
    if (!g.contains(n)) continue;
    nodes.insert(n);
    for (const auto& d : g.depends_on(n)) nodes.insert(d.key);
  }
  return nodes;
}

std::vector<graph::node_key> rfc_nodes(const model::rfc& r) {
  std::vector<graph::node_key> out;
  for (const auto* cis : {&r.scope_cis, &r.impact_cis})
    for (auto c : *cis) out.push_back(c.number());
  for (const auto* services : {&r.scope_services, &r.impact_services})
    for (auto s : *services) out.push_back(-s.number());
  return out;
}

std::vector<model::continuity_plan> plans_touching(const graph::graph& g, std::vector<model::continuity_plan> plans,
                                                   const std::vector<graph::node_key>& touched) {
  std::erase_if(plans, [&](const model::continuity_plan& p) {
    if (p.retired) return true;
    const auto nodes = covered_nodes(g, p);
    return std::none_of(touched.begin(), touched.end(), [&](graph::node_key n) { return nodes.count(n) > 0; });
  });
  return plans;
}

security_touch security_touching(std::vector<model::security_control> controls, std::vector<model::security_risk> risks,
                                 const std::vector<graph::node_key>& touched) {
  const std::set<graph::node_key> nodes(touched.begin(), touched.end());
  std::erase_if(controls, [&](const model::security_control& c) { return c.retired || !meets(c, nodes); });
  std::set<security_risk_id> addressed;
  for (const auto& c : controls) addressed.insert(c.risks.begin(), c.risks.end());
  std::erase_if(risks, [&](const model::security_risk& r) { return r.closed || (!addressed.count(r.id) && !meets(r, nodes)); });
  return {std::move(controls), std::move(risks)};
}

bool says_none(const std::string& answer) {
  std::string t;
  for (char c : answer)
    if (!std::isspace(static_cast<unsigned char>(c))) t += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return t.empty() || t == "none" || t == "n/a" || t == "-";
}

namespace {
template <class Id>
std::string keys(const std::vector<Id>& ids) {
  std::string out;
  for (auto i : ids) out += (out.empty() ? "" : ", ") + i.key();
  return out;
}

model::rfc touches_of(const context& ctx, storage::transaction& tx, model::rfc r) {
  const auto touched = rfc_nodes(r);
  r.touched_plans.clear();
  for (const auto& p : plans_touching(ctx.cmdb->snapshot(ctx), load_all<model::continuity_plan>(tx, {}), touched))
    r.touched_plans.push_back(p.id);
  const auto sec = security_touching(load_all<model::security_control>(tx, {}), load_all<model::security_risk>(tx, {}), touched);
  r.touched_controls.clear();
  for (const auto& c : sec.controls) r.touched_controls.push_back(c.id);
  r.touched_risks.clear();
  for (const auto& k : sec.risks) r.touched_risks.push_back(k.id);
  return r;
}

template <class Id>
std::vector<Id> missing_from(const std::vector<Id>& now, const std::vector<Id>& assessed) {
  std::vector<Id> out;
  for (auto i : now)
    if (std::find(assessed.begin(), assessed.end(), i) == assessed.end()) out.push_back(i);
  return out;
}
}  // namespace

void record_touches(const context& ctx, storage::transaction& tx, model::rfc& r) { r = touches_of(ctx, tx, std::move(r)); }

std::vector<violation> touch_rules(const model::rfc& r) {
  std::vector<violation> v;
  if (!r.touched_controls.empty() && says_none(r.security_impact))
    v.push_back({"R-6.6-rfc", fmt::format("{} touches security controls {} (risks: {}): assess its security impact on them",
                                          r.id.key(), keys(r.touched_controls), keys(r.touched_risks))});
  if (!r.touched_plans.empty() && says_none(r.continuity_impact))
    v.push_back({"R-6.3-rfc", fmt::format("{} touches continuity and availability plans {}: assess its impact on them",
                                          r.id.key(), keys(r.touched_plans))});
  return v;
}

std::vector<violation> approval_touch_rules(const context& ctx, storage::transaction& tx, const model::rfc& r) {
  auto v = touch_rules(r);
  const auto now = touches_of(ctx, tx, r);
  if (auto m = missing_from(now.touched_plans, r.touched_plans); !m.empty())
    v.push_back({"R-6.3-rfc", fmt::format("{} touches plans {} that its assessment did not assess; reject it and "
                                          "submit a new RFC", r.id.key(), keys(m))});
  if (auto m = missing_from(now.touched_controls, r.touched_controls); !m.empty())
    v.push_back({"R-6.6-rfc", fmt::format("{} touches security controls {} that its assessment did not assess; reject it "
                                          "and submit a new RFC", r.id.key(), keys(m))});
  return v;
}

}  // namespace itsm::detail
