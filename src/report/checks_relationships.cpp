// Relationship checks: governance of processes operated by others (4.2), OLAs (6.1), customer
// reviews and complaints (7.1), supplier contracts, their change control and alignment (7.2).
#include <algorithm>
#include <map>
#include <set>

#include "evidence.hpp"
#include "itsm/process/relationships.hpp"
#include "itsm/report/service_report.hpp"

namespace itsm::report::detail {

namespace {

using model::agreement;
using model::agreement_status;

// Parties with an active agreement of the given type.
std::set<std::string> under_agreement(const check_context& c, model::agreement_type type) {
  std::set<std::string> out;
  for (const auto& a : c.s.agreements)
    if (a.status == agreement_status::active && a.type == type) out.insert(a.party.key());
  return out;
}

check_result governance(const check_context& c) {
  auto contracted = under_agreement(c, model::agreement_type::contract);
  for (const auto& p : under_agreement(c, model::agreement_type::ola)) contracted.insert(p);
  std::vector<std::string> ok, bad;
  for (const auto& o : c.s.process_operators) {
    const bool governed = !o.operated_by.valid() || (contracted.count(o.operated_by.key()) && !o.controls.empty());
    (governed ? ok : bad).push_back(o.process);
  }
  return c.judge(ok, bad, "processes with an identified operator, those of other parties under an active agreement",
                 "processes operated by another party without an active agreement or recorded controls",
                 "no process operator is recorded");
}

check_result internal(const check_context& c) {
  const auto with_ola = under_agreement(c, model::agreement_type::ola);
  std::vector<std::string> ok, bad;
  for (const auto& p : c.s.parties)
    if (p.type != model::party_type::supplier) (with_ola.count(p.id.key()) ? ok : bad).push_back(p.id.key());
  return c.judge(ok, bad, "internal groups and supplying customers under an active OLA",
                 "internal groups or supplying customers without an active OLA", "no internal group is recorded");
}

check_result reviews(const check_context& c) {
  std::map<std::string, std::vector<const model::service_review*>> of;
  for (const auto& r : c.s.service_reviews) of[r.customer.key()].push_back(&r);
  std::vector<std::string> ok, bad;
  for (const auto& cr : c.s.customer_relationships) {
    const auto& mine = of[cr.customer.key()];
    const bool overdue = std::any_of(mine.begin(), mine.end(), [&](const auto* r) {
      return r->state == model::review_state::scheduled && r->due_at < c.p.end;
    });
    (mine.empty() || overdue ? bad : ok).push_back(cr.customer.key());
  }
  return c.judge(ok, bad, "customers with service reviews on schedule",
                 "customers with no service review or one overdue at the end of the period",
                 "no customer relationship is recorded");
}

check_result complaints(const check_context& c) {
  std::vector<std::string> ok, bad;
  for (const auto& x : c.s.complaints) {
    if (!c.in_period(x.recorded_at)) continue;
    const bool on_time = x.state == model::complaint_state::closed ? x.closed_at <= x.due_at : c.s.at <= x.due_at;
    (on_time || !x.escalated_to.empty() ? ok : bad).push_back(x.id.key());
  }
  return c.judge(ok, bad, "complaints closed in the agreed time or escalated",
                 "complaints past their agreed time and not escalated", "no complaint was recorded in the period");
}

check_result contracts(const check_context& c) {
  std::map<std::string, const agreement*> active;
  for (const auto& a : c.s.agreements)
    if (a.status == agreement_status::active && a.type == model::agreement_type::contract) active[a.party.key()] = &a;
  std::vector<std::string> ok, bad;
  for (const auto& p : c.s.parties) {
    if (p.type != model::party_type::supplier) continue;
    auto it = active.find(p.id.key());
    const bool complete = it != active.end() && it->second->check().empty() && !p.manager.empty();
    (complete ? ok : bad).push_back(p.id.key());
  }
  return c.judge(ok, bad, "suppliers with a contract manager and an active contract stating every clause field",
                 "suppliers without a contract manager or a complete active contract", "no supplier is recorded");
}

check_result monitor(const check_context& c) {
  std::vector<std::string> ok, bad;
  for (const auto& e : c.s.audit) {
    if (e.kind != "agreement" || e.action != "amend" || e.outcome != "applied" || !c.in_period(e.at)) continue;
    (e.reference.rfind("RFC-", 0) == 0 ? ok : bad).push_back(e.object_id);
  }
  return c.judge(ok, bad, "agreement changes made under an RFC", "agreement changes without an RFC",
                 "no agreement was changed in the period");
}

check_result align(const check_context& c) {
  const bool any = std::any_of(c.s.agreements.begin(), c.s.agreements.end(),
                               [](const auto& a) { return a.status == agreement_status::active; });
  if (!any) return c.judge({}, {}, "", "", "no active supplier contract or OLA");
  std::set<std::string> ok, bad;
  try {
    const auto r = check_alignment(cmdb_graph(c.s), c.s.slas, c.s.agreements, c.s.tickets, c.p.start);
    for (const auto& f : r.findings) bad.insert(f.sla.key());
    for (const auto& s : r.slas)
      if (!bad.count(s.key())) ok.insert(s.key());
  } catch (const error&) {
    for (const auto& a : c.s.agreements) bad.insert(a.id.key());  // an agreement whose hours do not resolve
  }
  return c.judge({ok.begin(), ok.end()}, {bad.begin(), bad.end()},
                 "SLAs whose underpinning agreements support every target",
                 "SLAs with a target their underpinning agreements cannot meet (relationships().alignment)",
                 "no SLA is recorded");
}

}  // namespace

std::vector<check_def> relationship_checks() {
  return {{"R-4.2-governance", governance}, {"R-6.1-internal", internal}, {"R-7.1-complaints", complaints},
          {"R-7.1-review", reviews},       {"R-7.2-contract", contracts}, {"R-7.2-align", align},
          {"R-7.2-monitor", monitor}};
}

}  // namespace itsm::report::detail
