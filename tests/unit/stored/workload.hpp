// A small workload through the sms API, shared by the verification tests: CIs and incidents,
// some moved through transitions.
#pragma once

#include <string>
#include <vector>

#include "itsm/model/ci_type.hpp"
#include "itsm/model/configuration_item.hpp"
#include "itsm/process/sms.hpp"

namespace stored_test {

// CIs (one updated) and four incidents, two moved through transitions. Returns the incident ids.
inline std::vector<std::string> workload(itsm::sms& system) {
  using namespace itsm;
  const actor cm{"carla", {std::string(roles::configuration_manager)}};
  const actor desk{"dave", {std::string(roles::service_desk)}};
  auto& conf = system.configuration();
  conf.define_type(cm, model::ci_type{"server", 0, "", "A server", {{"cpus", value_type::integer, false}}, {}});
  std::vector<model::configuration_item> cis;
  for (int i = 0; i < 3; ++i) {
    model::configuration_item ci;
    ci.type = "server";
    ci.name = "srv-" + std::to_string(i);
    ci.attributes = {{"cpus", value(std::int64_t{4})}};
    ci.status = model::ci_status::live;
    cis.push_back(conf.create(cm, ci));
  }
  cis[1].attributes["cpus"] = value(std::int64_t{8});
  conf.update(cm, cis[1]);
  auto& inc = system.incidents();
  std::vector<std::string> ids;
  for (int i = 0; i < 4; ++i) {
    model::incident draft;
    draft.title = "mail delayed #" + std::to_string(i);
    draft.impact = 1 + i % 3;
    draft.urgency = 2;
    draft.caller = "carl";
    const auto id = inc.record(desk, draft).id;
    ids.push_back(id.key());
    if (i % 2 == 0) continue;
    inc.assign(desk, id, "messaging", "dana");
    inc.start_work(desk, id);
    inc.resolve(desk, id, "restarted the queue");
  }
  return ids;
}

}  // namespace stored_test
