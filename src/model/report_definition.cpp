#include "itsm/model/report_definition.hpp"

namespace itsm::model {

const kind_def<report_definition>& report_definition::def() {
  static const auto k = kind_def<report_definition>("report_definition", 1, &report_definition::id)
                            .field("name", &report_definition::name)
                            .field("purpose", &report_definition::purpose)
                            .field("audience", &report_definition::audience)
                            .field("frequency", &report_definition::frequency)
                            .field("data_sources", &report_definition::data_sources)
                            .field("scope", &report_definition::scope)
                            .field("retired", &report_definition::retired)
                            .index("by_name", {"name"});
  return k;
}

namespace {
bool scope_is_valid(const std::string& s) {
  if (s == "all") return true;
  try {
    if (s.rfind("service:", 0) == 0) return service_id::parse(s.substr(8)).valid();
    if (s.rfind("customer:", 0) == 0) return customer_id::parse(s.substr(9)).valid();
  } catch (const error&) {
  }
  return false;
}
}  // namespace

std::vector<violation> report_definition::check() const {
  std::vector<violation> v;
  const char* rule = "R-6.2-define";
  if (name.empty()) v.push_back({rule, "a report definition needs a name (its identity)"});
  if (purpose.empty()) v.push_back({rule, "report '" + name + "' needs a purpose"});
  if (audience.empty()) v.push_back({rule, "report '" + name + "' needs an audience"});
  if (data_sources.empty()) v.push_back({rule, "report '" + name + "' needs at least one data source"});
  if (!scope_is_valid(scope))
    v.push_back({rule, "report '" + name + "' has scope '" + scope + "': use all, service:SVC-n or customer:CUS-n"});
  return v;
}

const kind_def<requirement_exclusion>& requirement_exclusion::def() {
  static const auto k = kind_def<requirement_exclusion>("requirement_exclusion", 1, &requirement_exclusion::requirement)
                            .field("justification", &requirement_exclusion::justification)
                            .field("decided_by", &requirement_exclusion::decided_by)
                            .field("decided_at", &requirement_exclusion::decided_at)
                            .field("withdrawn", &requirement_exclusion::withdrawn);
  return k;
}

std::vector<violation> requirement_exclusion::check() const {
  std::vector<violation> v;
  if (requirement.rfind("R-", 0) != 0 || requirement.size() < 5)
    v.push_back({"R-4.5-scope-plan", "'" + requirement + "' is not a requirement id (R-<clause>-<name>)"});
  if (justification.empty())
    v.push_back({"R-4.5-scope-plan", "excluding " + requirement + " needs a recorded justification"});
  return v;
}

}  // namespace itsm::model
