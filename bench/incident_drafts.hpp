// The incidents the ingest benchmarks record: the same titles, impacts, urgencies, groups and
// callers for a given seed, whatever the store.
#pragma once

#include <random>
#include <string>
#include <vector>

#include "itsm/model/incident.hpp"

namespace itsm::bench {

inline std::vector<model::incident> incident_drafts(std::size_t n, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::vector<model::incident> out(n);
  const char* groups[] = {"network", "desktop", "database", "apps", "security"};
  for (std::size_t i = 0; i < n; ++i) {
    auto& d = out[i];
    d.title = "incident " + std::to_string(i) + ": user reports a problem with their workstation";
    d.impact = 1 + static_cast<int>(rng() % 3);
    d.urgency = 1 + static_cast<int>(rng() % 3);
    d.category = groups[rng() % 5];
    d.assignment_group = groups[rng() % 5];
    d.caller = "user" + std::to_string(rng() % 5000);
  }
  return out;
}

}  // namespace itsm::bench
