#include "itsm/report/conformance.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "evidence.hpp"

namespace itsm::report {

std::string_view to_string(verdict v) noexcept {
  switch (v) {
    case verdict::conforms: return "conforms";
    case verdict::nonconformity: return "nonconformity";
    case verdict::no_evidence: return "no_evidence";
    case verdict::not_applicable: return "not_applicable";
  }
  return "?";
}

namespace detail {

namespace {
constexpr std::size_t evidence_cap = 100;  // evidence lists are samples; the summary gives the count
}

check_context::check_context(const store_snapshot& snap, const period& covered, const std::optional<sms::verification>& v)
    : s(snap), p(covered), verified(v) {
  for (const auto& e : s.audit)
    if (e.outcome == "applied" && in_period(e.at)) written[e.object_id].push_back(e.seq);
}

check_result check_context::judge(const std::vector<std::string>& evidence, const std::vector<std::string>& offending,
                                  const std::string& conforming, const std::string& failing,
                                  const std::string& unused) const {
  check_result r;
  if (!offending.empty()) {
    r.outcome = verdict::nonconformity;
    r.summary = fmt::format("{} ({})", failing, offending.size());
    r.records = offending;
    for (const auto& id : offending)
      if (auto it = written.find(id); it != written.end()) r.audit_seqs.insert(r.audit_seqs.end(), it->second.begin(), it->second.end());
  } else if (evidence.empty()) {
    r.outcome = verdict::no_evidence;
    r.summary = unused;
  } else {
    r.outcome = verdict::conforms;
    r.summary = fmt::format("{} ({})", conforming, evidence.size());
    r.records.assign(evidence.begin(), evidence.begin() + static_cast<std::ptrdiff_t>(std::min(evidence.size(), evidence_cap)));
    for (const auto& id : r.records)
      if (auto it = written.find(id); it != written.end()) r.audit_seqs.insert(r.audit_seqs.end(), it->second.begin(), it->second.end());
  }
  std::sort(r.audit_seqs.begin(), r.audit_seqs.end());
  if (r.audit_seqs.size() > evidence_cap) r.audit_seqs.resize(evidence_cap);
  return r;
}

namespace {
const std::vector<check_def>& all_checks() {
  static const std::vector<check_def> checks = [] {
    std::vector<check_def> v;
    for (auto part : {service_level_checks(), resolution_checks(), control_checks(), release_checks(), cmdb_checks(), learning_checks(),
                      management_checks(), relationship_checks(), assurance_checks(),
                      satisfaction_checks(), catalogue_checks(), content_checks(),
                      release_info_checks(), design_checks(), security_checks(), capacity_checks(),
                      assessment_checks(), records_checks(), finance_checks()}) v.insert(v.end(), part.begin(), part.end());
    return v;
  }();
  return checks;
}

// "R-9.2-approve" -> "9.2"; "R-5-scope" -> "5".
std::string clause_of(const std::string& id) {
  const auto a = id.find('-'), b = id.find('-', a + 1);
  return id.substr(a + 1, b - a - 1);
}

}  // namespace

}  // namespace detail

const std::vector<std::string>& catalogue() {
  // docs/requirements.md, ordered by clause (a test keeps the two in step).
  static const std::vector<std::string> ids = [] {
    std::vector<std::string> v{
        "R-4.2-governance", "R-4.3-documents", "R-4.3-records", "R-4.4-competence", "R-4.5-scope-plan",
        "R-4.5-audit", "R-4.5-review", "R-4.5-improve", "R-5-scope", "R-5.2-plan", "R-5.3-design",
        "R-5.4-transition", "R-6.1-catalogue", "R-6.1-sla", "R-6.1-monitor", "R-6.1-internal", "R-6.1-change",
        "R-6.2-define", "R-6.2-content", "R-6.3-req", "R-6.3-plans", "R-6.3-rfc", "R-6.3-monitor", "R-6.3-test",
        "R-6.4-costs", "R-6.5-plan", "R-6.5-monitor", "R-6.6-policy", "R-6.6-controls", "R-6.6-rfc",
        "R-6.6-incidents", "R-7.1-parties", "R-7.1-complaints", "R-7.1-satisfaction", "R-7.1-review",
        "R-7.2-contract", "R-7.2-align", "R-7.2-monitor", "R-8.1-procedure", "R-8.1-requests", "R-8.1-priority",
        "R-8.1-info", "R-8.1-inform", "R-8.1-major", "R-8.2-procedure", "R-8.2-trends", "R-8.2-rfc",
        "R-8.2-known-error", "R-8.2-effectiveness", "R-8.2-feed", "R-9.1-types", "R-9.1-attrs", "R-9.1-relationships", "R-9.1-unique",
        "R-9.1-access", "R-9.1-versions", "R-9.1-audit", "R-9.1-to-change", "R-9.1-trace", "R-9.1-baseline",
        "R-9.1-library", "R-9.1-finance", "R-9.2-policy", "R-9.2-record", "R-9.2-emergency", "R-9.2-route",
        "R-9.2-assess", "R-9.2-approve", "R-9.2-build", "R-9.2-schedule", "R-9.2-backout", "R-9.2-cmdb",
        "R-9.2-review", "R-9.2-trends", "R-9.3-policy", "R-9.3-plan", "R-9.3-emergency", "R-9.3-test",
        "R-9.3-accept", "R-9.3-integrity", "R-9.3-rollback", "R-9.3-measure", "R-9.3-inform"};
    return v;
  }();
  return ids;
}

bool has_check(std::string_view requirement) {
  const auto& c = detail::all_checks();
  return std::any_of(c.begin(), c.end(), [&](const auto& d) { return d.requirement == requirement; });
}

bool conformance_statement::conforms() const noexcept {
  return std::none_of(results.begin(), results.end(), [](const auto& r) { return r.outcome == verdict::nonconformity; });
}

conformance_statement check_conformance(const store_snapshot& s, const period& p,
                                        const std::optional<sms::verification>& verified) {
  if (p.start.is_special() || p.end.is_special() || !(p.start < p.end))
    throw_error(errc::invalid_argument, "a conformance period needs start < end");
  const detail::check_context ctx(s, p, verified);
  std::map<std::string, const model::requirement_exclusion*> excluded;
  for (const auto& e : s.exclusions)
    if (!e.withdrawn) excluded[e.requirement] = &e;
  conformance_statement out;
  out.covered = p;
  out.generated_at = s.at;
  out.audit_head = s.audit_head;
  for (const auto& id : catalogue()) {
    const auto clause = detail::clause_of(id);
    if (out.clauses.empty() || out.clauses.back().clause != clause) out.clauses.push_back({clause});
    auto& c = out.clauses.back();
    const auto it = std::find_if(detail::all_checks().begin(), detail::all_checks().end(),
                                 [&](const auto& d) { return d.requirement == id; });
    check_result r;
    if (auto ex = excluded.find(id); ex != excluded.end()) {
      r.outcome = verdict::not_applicable;
      r.summary = "excluded from the SMS scope by " + ex->second->decided_by + ": " + ex->second->justification;
      r.records = {id};
      if (auto w = ctx.written.find(id); w != ctx.written.end()) r.audit_seqs = w->second;
    } else if (it == detail::all_checks().end()) {
      out.unchecked.push_back(id);
      ++c.unchecked;
      continue;
    } else {
      r = it->run(ctx);
    }
    r.requirement = id;
    r.clause = clause;
    switch (r.outcome) {
      case verdict::conforms: ++c.conforms; break;
      case verdict::nonconformity: ++c.nonconformities; break;
      case verdict::no_evidence: ++c.no_evidence; break;
      case verdict::not_applicable: ++c.not_applicable; break;
    }
    out.results.push_back(std::move(r));
  }
  return out;
}

}  // namespace itsm::report
