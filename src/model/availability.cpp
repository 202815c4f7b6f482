#include "itsm/model/availability.hpp"

#include <fmt/format.h>

namespace itsm::model {

const kind_def<availability_requirement>& availability_requirement::def() {
  static const auto k =
      kind_def<availability_requirement>("availability_requirement", 1, &availability_requirement::id)
          .field("service", &availability_requirement::service)
          .field("target_percent", &availability_requirement::target_percent)
          .field("calendar", &availability_requirement::calendar)
          .field("agreed_with", &availability_requirement::agreed_with)
          .field("retired", &availability_requirement::retired)
          .index("by_service", {"service"});
  return k;
}

std::vector<violation> availability_requirement::check() const {
  std::vector<violation> v;
  const char* rule = "R-6.3-req";
  if (!service.valid()) v.push_back({rule, "an availability requirement names the service it is for"});
  if (!(target_percent > 0.0 && target_percent <= 100.0))
    v.push_back({rule, fmt::format("availability target {} is not in (0, 100] percent", target_percent)});
  if (agreed_with.empty()) v.push_back({rule, "an availability requirement records whom it was agreed with"});
  return v;
}

const kind_def<outage>& outage::def() {
  static const auto k = kind_def<outage>("outage", 1, &outage::id)
                            .field("ci", &outage::ci)
                            .field("service", &outage::service)
                            .field("start", &outage::start)
                            .field("end", &outage::end)
                            .field("planned", &outage::planned)
                            .field("incident", &outage::incident)
                            .field("description", &outage::description)
                            .field("state", &outage::state)
                            .field("finding", &outage::finding)
                            .field("investigated_by", &outage::investigated_by)
                            .field("investigated_at", &outage::investigated_at)
                            .index("by_state", {"state"})
                            .index("by_incident", {"incident"});
  return k;
}

std::vector<violation> outage::check() const {
  std::vector<violation> v;
  const char* rule = "R-6.3-monitor";
  if (ci.valid() == service.valid()) v.push_back({rule, "an outage is of one CI or of one service (exactly one)"});
  if (start.is_special()) v.push_back({rule, "an outage needs its start"});
  if (!end.is_special() && !start.is_special() && end < start) v.push_back({rule, "an outage cannot end before it starts"});
  if (end.is_special() != (state == outage_state::ongoing))
    v.push_back({rule, "an outage is ongoing exactly while it has no end"});
  if (state == outage_state::investigated) {
    if (planned) v.push_back({rule, "a planned outage is not investigated"});
    if (finding.empty()) v.push_back({rule, "an investigation records its finding"});
  }
  return v;
}

}  // namespace itsm::model
