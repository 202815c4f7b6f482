// Clause 4.3 records (R-4.3-records): the records verify against the audit trail, and they are
// retained and disposed of per the stored retention rules — none past retention left undisposed
// (unless under a legal hold), none disposed before it was due or while held.
#include <fmt/format.h>

#include <algorithm>

#include "evidence.hpp"

namespace itsm::report::detail {

namespace {

bool held_at(const store_snapshot& s, const std::string& kind, const std::string& id, timestamp at) {
  return std::any_of(s.legal_holds.begin(), s.legal_holds.end(), [&](const model::legal_hold& h) {
    return h.kind == kind && h.object_id == id && h.holds_at(at);
  });
}

check_result records(const check_context& c) {
  auto integrity = records_integrity(c);
  if (integrity.outcome == verdict::nonconformity) return integrity;
  std::vector<std::string> ok, bad;
  for (const auto& d : c.s.disposals) {
    if (!c.in_period(d.disposed_at)) continue;
    const bool early = d.due_at.is_special() || d.disposed_at < d.due_at;
    (early || held_at(c.s, d.kind, d.object_id, d.disposed_at) ? bad : ok).push_back(d.id.key());
  }
  const auto judged = std::min(c.s.at, c.p.end);
  for (const auto& x : c.s.records_due)
    if (!x.on_hold && x.due_at < judged) bad.push_back(x.id);
  auto retention = c.judge(ok, bad, "records disposed of when due under the retention rules, none under a legal hold",
                           "records past retention not disposed of, or disposed of before due or under a legal hold",
                           "no disposal in the period");
  if (retention.outcome == verdict::nonconformity) return retention;
  if (integrity.outcome == verdict::no_evidence) return retention.outcome == verdict::conforms ? retention : integrity;
  if (!ok.empty()) integrity.summary += fmt::format("; {} disposed of when due", ok.size());
  return integrity;
}

}  // namespace

std::vector<check_def> records_checks() { return {{"R-4.3-records", records}}; }

}  // namespace itsm::report::detail
