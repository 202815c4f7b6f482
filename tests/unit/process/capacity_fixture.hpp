// Shared set-up for capacity tests: the change world's CMDB (db01 <- shop -> webshop), a
// capacity manager, a disk metric on db01 that raises incidents and a series helper.
#pragma once

#include "change_fixture.hpp"

namespace itsm::test {

struct capacity_world : change_world {
  capacity_management& cap = system.capacity();
  actor cam{"cam", {std::string(capacity_manager_role)}};
  model::capacity_metric disk;

  capacity_world() { disk = cap.add_metric(cam, metric("db01 disk used", db01.id, 90.0, true)); }

  static model::capacity_metric metric(std::string name, ci_id ci, double threshold, bool raise) {
    model::capacity_metric m;
    m.name = std::move(name);
    m.ci = ci;
    m.unit = "%";
    m.threshold = threshold;
    m.raise_incident = raise;
    m.expected_interval_hours = 24;
    return m;
  }
  // One measurement a day from `first` (ISO), the clock following the monitoring.
  void daily(capacity_metric_id m, const char* first, const std::vector<double>& values) {
    auto at = parse_iso(first);
    for (double v : values) {
      clk->set(at);
      cap.record_measurement(cam, m, at, v);
      at += hours(24);
    }
  }
};

}  // namespace itsm::test
