// Kind definitions and invariants of services and SLAs.
#include "itsm/model/service.hpp"

#include "sla_target_codec.hpp"

namespace itsm::model {

const kind_def<service>& service::def() {
  static const auto k = kind_def<service>("service", 2, &service::id)
                            .field("name", &service::name)
                            .field("description", &service::description)
                            .field("owner", &service::owner)
                            .field("customer", &service::customer)
                            .field("critical", &service::critical)
                            .field("status", &service::status)
                            .field("depends_on", &service::depends_on)
                            .field("dedicated_to", &service::dedicated_to)  // v2
                            .index("by_name", {"name"});
  return k;
}

std::vector<violation> service::check() const {
  std::vector<violation> v;
  if (name.find_first_not_of(" \t\r\n") == std::string::npos) v.push_back({"R-6.1-catalogue", "a service in the catalogue needs a name"});
  for (const auto& d : depends_on)
    if (d == id && id.valid()) v.push_back({"R-6.1-catalogue", "a service cannot depend on itself"});
  return v;
}

const kind_def<sla>& sla::def() {
  static const auto k = kind_def<sla>("sla", 2, &sla::id)
                            .field("name", &sla::name)
                            .field("service", &sla::service)
                            .field("calendar", &sla::calendar)
                            .field("availability_target", &sla::availability_target)
                            .field("targets", &sla::targets)
                            .field("pause_states", &sla::pause_states)
                            .field("workload_limits", &sla::workload_limits)
                            .field("exceptions", &sla::exceptions)
                            .field("customer", &sla::customer)  // v2
                            .index("by_service", {"service"});
  return k;
}

std::vector<violation> sla::check() const {
  std::vector<violation> v;
  if (!service.valid()) v.push_back({"R-6.1-sla", "an SLA must name the service it covers"});
  if (targets.empty()) v.push_back({"R-6.1-sla", "an SLA needs at least one service target"});
  if (!(availability_target > 0.0 && availability_target <= 100.0))  // NaN fails too
    v.push_back({"R-6.1-sla", "availability target must be in (0, 100] percent"});
  for (std::size_t i = 0; i < targets.size(); ++i) {
    const auto& t = targets[i];
    if (t.response_minutes <= 0 || t.resolution_minutes <= 0)
      v.push_back({"R-6.1-sla", "priority " + std::to_string(t.priority) + ": targets must be positive"});
    else if (t.response_minutes > sla_target::max_minutes || t.resolution_minutes > sla_target::max_minutes)
      v.push_back({"R-6.1-sla", "priority " + std::to_string(t.priority) + ": targets must not exceed " +
                                    std::to_string(sla_target::max_minutes) + " minutes (100 years)"});
    else if (t.response_minutes > t.resolution_minutes)
      v.push_back({"R-6.1-sla", "priority " + std::to_string(t.priority) +
                                    ": response target exceeds resolution target"});
    for (std::size_t j = 0; j < i; ++j)
      if (targets[j].priority == t.priority)
        v.push_back({"R-6.1-sla", "priority " + std::to_string(t.priority) + " has two targets"});
  }
  return v;
}

const kind_def<sla_version>& sla_version::def() {
  static const auto k = kind_def<sla_version>("sla_version", 1, &sla_version::key)
                            .field("sla", &sla_version::sla)
                            .field("sla_revision", &sla_version::sla_revision)
                            .field("superseded_at", &sla_version::superseded_at)
                            .field("name", &sla_version::name)
                            .field("service", &sla_version::service)
                            .field("calendar", &sla_version::calendar)
                            .field("availability_target", &sla_version::availability_target)
                            .field("targets", &sla_version::targets)
                            .field("pause_states", &sla_version::pause_states)
                            .field("workload_limits", &sla_version::workload_limits)
                            .field("exceptions", &sla_version::exceptions)
                            .field("customer", &sla_version::customer)
                            .index("by_sla", {"sla", "sla_revision"});
  return k;
}

std::string sla_version::key_of(sla_id id, std::int64_t revision) { return id.key() + "@" + std::to_string(revision); }

sla_version sla_version::of(const model::sla& s, timestamp superseded_at) {
  return {key_of(s.id, s.revision), 0, s.id, s.revision, superseded_at, s.name, s.service, s.calendar,
          s.availability_target, s.targets, s.pause_states, s.workload_limits, s.exceptions, s.customer};
}

model::sla sla_version::terms() const {
  return {sla, sla_revision, name, service, calendar, availability_target, targets, pause_states, workload_limits,
          exceptions, customer};
}

const sla_target* sla::target_for(int priority) const {
  for (const auto& t : targets)
    if (t.priority == priority) return &t;
  return nullptr;
}

}  // namespace itsm::model
