// Configuration baselines (R-9.1-baseline): a named, stored snapshot of a set of CIs and their
// relationships, and the comparison of two baselines or of a baseline with the CMDB now.
// Thread-safety: value types; the functions that use the store are on configuration_management.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "itsm/core/export.hpp"
#include "itsm/core/value.hpp"
#include "itsm/model/ids.hpp"

namespace itsm {

// Which CIs a baseline covers.
struct ITSM_API baseline_scope {
  enum class by { all, service, list };
  by selection = by::all;          // Default: every CI that is not retired
  service_id service;              // with by::service: CIs supporting this service
  std::vector<ci_id> cis;          // with by::list

  static baseline_scope all() { return {}; }
  static baseline_scope of_service(service_id s) { return {by::service, s, {}}; }
  static baseline_scope of(std::vector<ci_id> list) { return {by::list, {}, std::move(list)}; }
};

// A snapshot: per object key, its fields (CI attributes flattened as "attributes.<name>").
struct ITSM_API configuration_snapshot {
  std::map<std::string, std::map<std::string, value>> cis;
  std::map<std::string, std::map<std::string, value>> relationships;
};

struct ITSM_API attribute_change {
  std::string field;
  value before;
  value after;
};

struct ITSM_API object_change {
  std::string id;                          // "CI-7" or "REL-3"
  std::vector<attribute_change> changes;   // empty for added / removed objects
};

struct ITSM_API baseline_diff {
  std::vector<std::string> cis_added, cis_removed;
  std::vector<object_change> cis_changed;
  std::vector<std::string> relationships_added, relationships_removed;
  std::vector<object_change> relationships_changed;

  bool empty() const {
    return cis_added.empty() && cis_removed.empty() && cis_changed.empty() &&
           relationships_added.empty() && relationships_removed.empty() && relationships_changed.empty();
  }
};

// Pure comparison of two snapshots ("before" → "after").
ITSM_API baseline_diff compare(const configuration_snapshot& before, const configuration_snapshot& after);

// The JSON text stored in model::baseline::content, and back. Errors: corrupt (bad content).
ITSM_API std::string encode_snapshot(const configuration_snapshot& s);
ITSM_API configuration_snapshot decode_snapshot(const std::string& content);

}  // namespace itsm
