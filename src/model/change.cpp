// Kind definitions and invariants of RFCs, releases and baselines.
#include "itsm/model/change.hpp"

namespace itsm::model {

const kind_def<rfc>& rfc::def() {
  static const auto k = kind_def<rfc>("rfc", 1, &rfc::id)
                            .field("title", &rfc::title)
                            .field("reason", &rfc::reason)
                            .field("classification", &rfc::classification)
                            .field("state", &rfc::state)
                            .field("requester", &rfc::requester)
                            .field("risk", &rfc::risk)
                            .field("scope_cis", &rfc::scope_cis)
                            .field("scope_services", &rfc::scope_services)
                            .field("window_start", &rfc::window_start)
                            .field("window_end", &rfc::window_end)
                            .field("backout_plan", &rfc::backout_plan)
                            .field("implementer", &rfc::implementer)
                            .field("problem", &rfc::problem)
                            .field("review", &rfc::review)
                            .index("by_state", {"state", "window_start"});
  return k;
}

std::vector<violation> rfc::check() const {
  std::vector<violation> v;
  if (title.empty()) v.push_back({"R-9.2-record", "an RFC needs a title"});
  if (scope_cis.empty() && scope_services.empty())
    v.push_back({"R-9.2-record", "an RFC has a defined scope (affected CIs or services)"});
  if (!window_start.is_special() && !window_end.is_special() && window_end <= window_start)
    v.push_back({"R-9.2-schedule", "the change window must end after it starts"});
  return v;
}

const kind_def<release>& release::def() {
  static const auto k = kind_def<release>("release", 1, &release::id)
                            .field("name", &release::name)
                            .field("emergency", &release::emergency)
                            .field("state", &release::state)
                            .field("rfcs", &release::rfcs)
                            .field("problems", &release::problems)
                            .field("known_errors", &release::known_errors)
                            .field("planned_at", &release::planned_at)
                            .field("deployed_at", &release::deployed_at)
                            .field("rollback_plan", &release::rollback_plan)
                            .field("baseline", &release::baseline)
                            .index("by_state", {"state", "planned_at"});
  return k;
}

std::vector<violation> release::check() const {
  std::vector<violation> v;
  if (name.empty()) v.push_back({"R-9.3-plan", "a release needs a name"});
  if (rfcs.empty()) v.push_back({"R-9.3-plan", "a release deploys one or more approved changes (RFCs)"});
  return v;
}

const kind_def<baseline>& baseline::def() {
  static const auto k = kind_def<baseline>("baseline", 1, &baseline::id)
                            .field("name", &baseline::name)
                            .field("scope", &baseline::scope)
                            .field("taken_at", &baseline::taken_at)
                            .field("taken_by", &baseline::taken_by)
                            .field("content", &baseline::content)
                            .index("by_name", {"name"});
  return k;
}

}  // namespace itsm::model
