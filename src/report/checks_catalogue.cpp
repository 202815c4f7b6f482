// Clause 6.1 change control of the catalogue and SLAs (R-6.1-change): every change in the period
// that change management controlled was made under an RFC (its audit entry's reference): an
// agreed SLA's next version always (service_level_management::update_sla), a live catalogue
// entry's update when the change policy in force at the time (store_snapshot::catalogue_control)
// put the catalogue under change control.
#include <map>

#include "evidence.hpp"

namespace itsm::report::detail {

namespace {

check_result catalogue_changes(const check_context& c) {
  std::map<std::string, model::service_status> status;
  for (const auto& s : c.s.services) status[s.id.key()] = s.status;
  // The policy in force at audit entry `seq`: the last version applied before it (today's when
  // the snapshot holds no version, as in a snapshot built by hand).
  auto catalogue_controlled = [&](std::int64_t seq) {
    bool controlled = c.s.change_rules.catalogue_under_change_control;
    for (const auto& [applied, flag] : c.s.catalogue_control) {
      if (applied >= seq) break;
      controlled = flag;
    }
    return controlled;
  };
  std::vector<std::string> ok, bad;
  for (const auto& e : c.s.audit) {
    if (e.outcome != "applied" || e.action != "update" || !c.in_period(e.at)) continue;
    const bool controlled = e.kind == "sla" || (e.kind == "service" && status[e.object_id] != model::service_status::pipeline &&
                                                catalogue_controlled(e.seq));
    if (controlled) (e.reference.rfind("RFC-", 0) == 0 ? ok : bad).push_back(e.object_id);
  }
  return c.judge(ok, bad, "changes to SLAs and catalogue entries made under an RFC",
                 "changes to SLAs or catalogue entries made without an RFC (write_options.reference)",
                 "no SLA or controlled catalogue entry was changed in the period");
}

}  // namespace

std::vector<check_def> catalogue_checks() { return {{"R-6.1-change", catalogue_changes}}; }

}  // namespace itsm::report::detail
