// Clause 6.2 content check (R-6.2-content): the report each definition describes, built for the
// period, holds the content the clause lists where the store has the data for it — performance
// against targets for the tickets it covers, and customer satisfaction once a survey rule is
// agreed and its customers had tickets. (Significant events, workload and its periodic changes,
// trends, nonconformities and complaints are sections of every report: report::build.)
#include "evidence.hpp"
#include "scope.hpp"

namespace itsm::report::detail {

namespace {

// What the definition's report lacks ("" when nothing).
std::string lacking(const check_context& c, const model::report_definition& d) {
  service_report r;
  try {
    r = build(c.s, {c.p, d.scope, d.name});
  } catch (const error&) {
    return "its scope does not resolve";
  }
  int tickets = 0;
  for (const auto& [kind, n] : r.work.finished)
    if (kind == "incident" || kind == "service_request") tickets += n;
  if (tickets > 0 && r.targets.empty()) return "no performance against service level targets";
  if (c.s.survey_rules.empty() || !r.customers.surveys.empty()) return "";
  const scope_filter f(c.s, d.scope);
  for (const auto& i : c.s.incidents)
    if (f.covers(i) && i.customer.valid() && c.in_period(i.resolved_at)) return "no customer satisfaction result";
  for (const auto& q : c.s.requests)
    if (f.covers(q) && q.customer.valid() && c.in_period(q.fulfilled_at)) return "no customer satisfaction result";
  return "";
}

check_result content(const check_context& c) {
  std::vector<std::string> ok, bad;
  for (const auto& d : c.s.report_definitions) (lacking(c, d).empty() ? ok : bad).push_back(d.id.key());
  return c.judge(ok, bad, "defined reports holding performance, events, workload, trends, nonconformities, satisfaction and complaints",
                 "defined reports lacking performance against targets or customer satisfaction for data the store holds",
                 "no service report is defined");
}

}  // namespace

std::vector<check_def> content_checks() { return {{"R-6.2-content", content}}; }

}  // namespace itsm::report::detail
