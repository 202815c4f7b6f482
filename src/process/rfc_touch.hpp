// What an RFC touches in other processes (R-9.2-assess): the active continuity and availability
// plans (R-6.3-rfc) and the security controls and risks (R-6.6-rfc) whose CIs or services meet
// the RFC's scope or assessed impact. Change assessment writes these lists into the RFC; the
// continuity and security facades answer the same question for readers. Not stable API.
// Thread-safety: pure functions of their arguments.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "itsm/graph/graph.hpp"
#include "itsm/model/change.hpp"
#include "itsm/model/continuity.hpp"
#include "itsm/model/security.hpp"
#include "itsm/storage/backend.hpp"

namespace itsm::detail {

// The CMDB subset a plan covers: its CIs and services and everything they depend on (graph node
// keys; services are negated), redundancy ignored.
std::set<graph::node_key> covered_nodes(const graph::graph& g, const model::continuity_plan& p);

// The RFC's scope and assessed impact as graph node keys (services negated).
std::vector<graph::node_key> rfc_nodes(const model::rfc& r);

// The active plans whose covered subset holds a node of `touched`.
std::vector<model::continuity_plan> plans_touching(const graph::graph& g, std::vector<model::continuity_plan> plans,
                                                   const std::vector<graph::node_key>& touched);

// The active controls protecting a node of `touched`, and the open risks on those nodes or
// addressed by those controls.
struct security_touch {
  std::vector<model::security_control> controls;
  std::vector<model::security_risk> risks;
};
security_touch security_touching(std::vector<model::security_control> controls, std::vector<model::security_risk> risks,
                                 const std::vector<graph::node_key>& touched);

struct context;

// Fills r.touched_plans, touched_controls and touched_risks from the store and the live CMDB
// graph, for r's scope and assessed impact.
void record_touches(const context& ctx, storage::transaction& tx, model::rfc& r);
// The assessment answers what it touched: a security impact when it touches a control
// (R-6.6-rfc), a continuity impact when it touches a plan (R-6.3-rfc); "none" is then no answer.
std::vector<violation> touch_rules(const model::rfc& r);
// At approval: the plans and controls the RFC touches now that its assessment did not consider
// (R-6.3-rfc, R-6.6-rfc), plus touch_rules.
std::vector<violation> approval_touch_rules(const context& ctx, storage::transaction& tx, const model::rfc& r);

// A recorded answer that says nothing: "", "none", "n/a" (any case, trimmed).
bool says_none(const std::string& answer);

}  // namespace itsm::detail
