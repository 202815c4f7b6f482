#include "itsm/model/continuity.hpp"

#include <fmt/format.h>

namespace itsm::model {

const kind_def<continuity_plan>& continuity_plan::def() {
  static const auto k = kind_def<continuity_plan>("continuity_plan", 1, &continuity_plan::id)
                            .field("name", &continuity_plan::name)
                            .field("kind", &continuity_plan::kind)
                            .field("version", &continuity_plan::version)
                            .field("owner", &continuity_plan::owner)
                            .field("content", &continuity_plan::content)
                            .field("contacts", &continuity_plan::contacts)
                            .field("covered_cis", &continuity_plan::covered_cis)
                            .field("covered_services", &continuity_plan::covered_services)
                            .field("test_interval_days", &continuity_plan::test_interval_days)
                            .field("approved_at", &continuity_plan::approved_at)
                            .field("changed_under", &continuity_plan::changed_under)
                            .field("retired", &continuity_plan::retired);
  return k;
}

std::vector<violation> continuity_plan::check() const {
  std::vector<violation> v;
  const char* rule = "R-6.3-plans";
  if (name.empty()) v.push_back({rule, "a plan needs a name"});
  if (owner.empty()) v.push_back({rule, fmt::format("plan '{}' needs an owner", name)});
  if (content.empty()) v.push_back({rule, fmt::format("plan '{}' needs its content", name)});
  if (contacts.empty()) v.push_back({rule, fmt::format("plan '{}' needs at least one contact", name)});
  if (covered_cis.empty() && covered_services.empty())
    v.push_back({rule, fmt::format("plan '{}' covers no CI and no service", name)});
  if (test_interval_days < 1 || test_interval_days > 3660)
    v.push_back({rule, fmt::format("plan '{}': test interval {} days is not in 1..3660", name, test_interval_days)});
  return v;
}

const kind_def<plan_test>& plan_test::def() {
  static const auto k = kind_def<plan_test>("plan_test", 1, &plan_test::id)
                            .field("plan", &plan_test::plan)
                            .field("plan_version", &plan_test::plan_version)
                            .field("tested_at", &plan_test::tested_at)
                            .field("result", &plan_test::result)
                            .field("findings", &plan_test::findings)
                            .field("follow_up", &plan_test::follow_up)
                            .field("recorded_by", &plan_test::recorded_by)
                            .index("by_plan", {"plan"});
  return k;
}

std::vector<violation> plan_test::check() const {
  std::vector<violation> v;
  const char* rule = "R-6.3-test";
  if (!plan.valid()) v.push_back({rule, "a plan test names the plan it tested"});
  if (findings.empty()) v.push_back({rule, "a plan test records its findings"});
  if (result == test_result::failed && follow_up.empty())
    v.push_back({rule, "a failed plan test records its follow-up"});
  return v;
}

}  // namespace itsm::model
