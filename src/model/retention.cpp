#include "itsm/model/retention.hpp"

#include <fmt/format.h>

namespace itsm::model {

namespace {
constexpr const char* rule = "R-4.3-records";
}

const kind_def<retention_rule>& retention_rule::def() {
  static const auto k = kind_def<retention_rule>("retention_rule", 1, &retention_rule::id)
                            .field("kind", &retention_rule::kind)
                            .field("from_field", &retention_rule::from_field)
                            .field("years", &retention_rule::years)
                            .field("description", &retention_rule::description)
                            .field("retired", &retention_rule::retired)
                            .field("defined_by", &retention_rule::defined_by)
                            .index("by_kind", {"kind"});
  return k;
}

std::vector<violation> retention_rule::check() const {
  std::vector<violation> v;
  if (kind.empty()) v.push_back({rule, "a retention rule names the record kind it keeps"});
  if (from_field.empty()) v.push_back({rule, "a retention rule names the time field retention counts from"});
  if (years < 1 || years > 100) v.push_back({rule, fmt::format("retention of {} years: 1 to 100 years", years)});
  if (description.empty()) v.push_back({rule, "a retention rule gives its basis (procedure, law, contract)"});
  return v;
}

timestamp retention_rule::due_at(timestamp from) const {
  if (from.is_special()) return from;
  return from + boost::gregorian::years(years);
}

const kind_def<legal_hold>& legal_hold::def() {
  static const auto k = kind_def<legal_hold>("legal_hold", 1, &legal_hold::id)
                            .field("kind", &legal_hold::kind)
                            .field("object_id", &legal_hold::object_id)
                            .field("reason", &legal_hold::reason)
                            .field("placed_at", &legal_hold::placed_at)
                            .field("placed_by", &legal_hold::placed_by)
                            .field("released", &legal_hold::released)
                            .field("released_at", &legal_hold::released_at)
                            .field("released_by", &legal_hold::released_by)
                            .index("by_object", {"kind", "object_id"});
  return k;
}

std::vector<violation> legal_hold::check() const {
  std::vector<violation> v;
  if (kind.empty() || object_id.empty()) v.push_back({rule, "a legal hold names the record it holds (kind and id)"});
  if (reason.empty()) v.push_back({rule, "a legal hold gives its reason"});
  return v;
}

bool legal_hold::holds_at(timestamp at) const {
  return !placed_at.is_special() && !(at < placed_at) && (!released || at < released_at);
}

const kind_def<disposal>& disposal::def() {
  static const auto k = kind_def<disposal>("disposal", 1, &disposal::id)
                            .field("kind", &disposal::kind)
                            .field("object_id", &disposal::object_id)
                            .field("rule", &disposal::rule)
                            .field("retained_from", &disposal::retained_from)
                            .field("due_at", &disposal::due_at)
                            .field("disposed_at", &disposal::disposed_at)
                            .field("disposed_by", &disposal::disposed_by)
                            .field("entries_redacted", &disposal::entries_redacted)
                            .field("entries_kept", &disposal::entries_kept)
                            .index("by_disposed_at", {"disposed_at"});
  return k;
}

}  // namespace itsm::model
