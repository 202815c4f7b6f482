// Kind definitions and invariants of the survey rule, surveys and survey responses.
#include "itsm/model/satisfaction.hpp"

#include <algorithm>

namespace itsm::model {

namespace {
const char* const rule_id = "R-7.1-satisfaction";
}

const kind_def<survey_rule>& survey_rule::def() {
  static const auto k = kind_def<survey_rule>("survey_rule", 1, &survey_rule::key)
                            .field("interval_days", &survey_rule::interval_days)
                            .field("sample_size", &survey_rule::sample_size)
                            .field("scale", &survey_rule::scale)
                            .field("satisfied_from", &survey_rule::satisfied_from);
  return k;
}

std::vector<violation> survey_rule::check() const {
  std::vector<violation> v;
  if (interval_days < 1 || interval_days > 366) v.push_back({rule_id, "the survey interval must be 1..366 days"});
  if (sample_size < 1 || sample_size > 10000) v.push_back({rule_id, "the sample size must be 1..10000 tickets"});
  if (scale < 2 || scale > 10) v.push_back({rule_id, "the score scale must be 2..10"});
  if (satisfied_from < 1 || satisfied_from > scale)
    v.push_back({rule_id, "the satisfied threshold must be a score of the scale"});
  return v;
}

const kind_def<survey>& survey::def() {
  static const auto k = kind_def<survey>("survey", 2, &survey::id)
                            .field("service", &survey::service)
                            .field("from", &survey::from)
                            .field("to", &survey::to)
                            .field("state", &survey::state)
                            .field("sample_size", &survey::sample_size)
                            .field("sample", &survey::sample)
                            .field("customers", &survey::customers)
                            .field("population", &survey::population)
                            .field("opened_at", &survey::opened_at)
                            .field("closed_at", &survey::closed_at)
                            .appended_field("customer", &survey::customer)  // v2: customer scope
                            .index("by_service", {"service"});
  return k;
}

std::vector<violation> survey::check() const {
  std::vector<violation> v;
  if (!service.valid()) v.push_back({rule_id, "a survey measures one service"});
  if (from.is_special() || to.is_special() || !(from < to)) v.push_back({rule_id, "a survey covers a period with from < to"});
  if (sample.size() > static_cast<std::size_t>(std::max<std::int64_t>(sample_size, 0)))
    v.push_back({rule_id, "a survey's sample is no larger than the rule's sample size"});
  return v;
}

const kind_def<survey_response>& survey_response::def() {
  static const auto k = kind_def<survey_response>("survey_response", 1, &survey_response::id)
                            .field("survey", &survey_response::survey)
                            .field("ticket", &survey_response::ticket)
                            .field("customer", &survey_response::customer)
                            .field("score", &survey_response::score)
                            .field("comment", &survey_response::comment)
                            .field("answered_at", &survey_response::answered_at)
                            .index("by_survey", {"survey"});
  return k;
}

std::vector<violation> survey_response::check() const {
  std::vector<violation> v;
  if (!survey.valid() || ticket.empty()) v.push_back({rule_id, "a response answers a survey about a sampled ticket"});
  if (score < 1) v.push_back({rule_id, "a response scores 1 or more"});
  return v;
}

}  // namespace itsm::model
