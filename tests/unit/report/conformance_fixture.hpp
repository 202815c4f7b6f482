// The report world with the helpers conformance tests share: one check's result on a snapshot,
// a record found by key, and a synthetic "written in March" audit entry for edited snapshots.
#pragma once

#include <catch2/catch.hpp>

#include <algorithm>
#include <optional>

#include "report_fixture.hpp"

namespace itsm::test {

struct conformance_world : report_world {
  std::optional<sms::verification> verified = system.verify();

  report::check_result result(const store_snapshot& s, const std::string& id) {
    const auto st = report::check_conformance(s, march, verified);
    for (const auto& r : st.results)
      if (r.requirement == id) return r;
    FAIL("no result for " + id);
    return {};
  }
  template <class T>
  static T& find(std::vector<T>& v, const std::string& key) {
    for (auto& x : v)
      if (T::def().key(x) == key) return x;
    FAIL("no " + key);
    return v.front();
  }
  // A record written in March (as the trail would show it) for the synthetic cases.
  void written(store_snapshot& s, const std::string& id) {
    s.audit.push_back({s.audit_head + 1, parse_iso("2026-03-20T10:00:00Z"), "root", "create", "", id, "applied", ""});
  }
};

// One check's result over what `reader` sees of `system`'s store, for `p`.
inline report::check_result check_of(sms& system, const actor& reader, const period& p, const std::string& id) {
  const auto s = system.reports().snapshot(reader, p.end);
  for (const auto& r : report::check_conformance(s, p, system.verify()).results)
    if (r.requirement == id) return r;
  FAIL("no result for " + id);
  return {};
}

inline bool names(const report::check_result& r, const std::string& id) {
  return std::find(r.records.begin(), r.records.end(), id) != r.records.end();
}

}  // namespace itsm::test
