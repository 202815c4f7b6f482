#include "itsm/model/service_design.hpp"

#include <fmt/format.h>

#include <utility>

namespace itsm::model {

const kind_def<service_transition>& service_transition::def() {
  using t = service_transition;
  static const auto k = kind_def<t>("service_transition", 1, &t::id)
                            .field("rfc", &t::rfc)
                            .field("service", &t::service)
                            .field("action", &t::action)
                            .field("authorities", &t::authorities)
                            .field("activities", &t::activities)
                            .field("communication", &t::communication)
                            .field("resources", &t::resources)
                            .field("timescales", &t::timescales)
                            .field("risks", &t::risks)
                            .field("dependencies", &t::dependencies)
                            .field("testing", &t::testing)
                            .field("acceptance_criteria", &t::acceptance_criteria)
                            .field("measurable_outcomes", &t::measurable_outcomes)
                            .field("archive_plan", &t::archive_plan)
                            .field("disposal_plan", &t::disposal_plan)
                            .field("responsibilities", &t::responsibilities)
                            .field("human_resources", &t::human_resources)
                            .field("finance", &t::finance)
                            .field("technology", &t::technology)
                            .field("contracts", &t::contracts)
                            .field("procedures", &t::procedures)
                            .field("sms_changes", &t::sms_changes)
                            .field("catalogue_update", &t::catalogue_update)
                            .field("slas", &t::slas)
                            .field("acceptance_results", &t::acceptance_results)
                            .field("release", &t::release)
                            .field("accepted_at", &t::accepted_at)
                            .field("accepted_by", &t::accepted_by)
                            .field("actual_outcomes", &t::actual_outcomes)
                            .field("outcome_report", &t::outcome_report)
                            .field("outcomes_met", &t::outcomes_met)
                            .field("reported_at", &t::reported_at)
                            .field("opened_by", &t::opened_by)
                            .index("by_rfc", {"rfc"});
  return k;
}

namespace {
// One violation of `rule` per named part that is empty.
void require(std::vector<violation>& v, const char* rule, const std::string& what,
             std::initializer_list<std::pair<const char*, bool>> parts) {
  for (const auto& [name, empty] : parts)
    if (empty) v.push_back({rule, fmt::format("{} has no {}", what, name)});
}
}  // namespace

std::vector<violation> service_transition::check() const {
  std::vector<violation> v;
  if (!rfc.valid()) v.push_back({"R-5-scope", "a design & transition record belongs to an RFC"});
  if (!service.valid()) v.push_back({"R-5-scope", "a design & transition record names the service it is for"});
  return v;
}

std::vector<violation> service_transition::plan_gaps() const {
  std::vector<violation> v;
  const auto what = "the plan of " + id.key();
  require(v, "R-5.2-plan", what,
          {{"authorities", authorities.empty()}, {"activities", activities.empty()},
           {"communication", communication.empty()}, {"resources", resources.empty()},
           {"timescales", timescales.empty()}, {"risks", risks.empty()}, {"dependencies", dependencies.empty()},
           {"testing", testing.empty()}, {"acceptance criteria", acceptance_criteria.empty()},
           {"measurable outcomes", measurable_outcomes.empty()}});
  if (action == "remove")
    require(v, "R-5.2-plan", what + " (a service removal)",
            {{"data archive plan", archive_plan.empty()}, {"data disposal plan", disposal_plan.empty()}});
  return v;
}

std::vector<violation> service_transition::design_gaps() const {
  std::vector<violation> v;
  require(v, "R-5.3-design", "the design of " + id.key(),
          {{"responsibilities", responsibilities.empty()}, {"human resources", human_resources.empty()},
           {"finance", finance.empty()}, {"technology", technology.empty()}, {"contracts", contracts.empty()},
           {"procedures", procedures.empty()}, {"SMS changes", sms_changes.empty()},
           {"catalogue update", catalogue_update.empty()},
           // A removed service keeps no SLA; every other service is delivered under one.
           {"SLA", slas.empty() && action != "remove"}});
  return v;
}

std::vector<violation> service_transition::transition_gaps() const {
  std::vector<violation> v;
  const auto what = id.key();
  if (acceptance_results.empty() || acceptance_results.size() != acceptance_criteria.size())
    v.push_back({"R-5.4-transition", what + " has no acceptance result for each acceptance criterion"});
  if (!release.valid()) v.push_back({"R-5.4-transition", what + " names no release that deployed it"});
  if (outcome_report.empty() || actual_outcomes.size() != measurable_outcomes.size())
    v.push_back({"R-5.4-transition", what + " has no outcome report comparing each measurable outcome"});
  return v;
}

}  // namespace itsm::model
