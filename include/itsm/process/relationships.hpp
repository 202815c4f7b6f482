// Relationship processes (clause 7, the internal agreements of 6.1, governance of 4.2): the
// provider's side of each customer relationship, suppliers and internal groups, who operates
// which process, supplier contracts and OLAs with their performance, and the alignment check
// that walks the CMDB graph below every SLA to the agreements that underpin it (R-7.2-align).
// Every write takes the one write path; every read names its actor.
// Thread-safety: safe to call from several threads (writes serialise in the store).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "itsm/core/actor.hpp"
#include "itsm/core/export.hpp"
#include "itsm/graph/graph.hpp"
#include "itsm/model/customer_care.hpp"
#include "itsm/model/relations.hpp"
#include "itsm/process/ticket_policy.hpp"
#include "itsm/process/write_options.hpp"

namespace itsm {

namespace detail {
struct context;  // what the processes share (not installed)
}  // namespace detail
class configuration_management;

// How one agreement performed over [from, to) (R-7.2-monitor, R-6.1-internal): the incidents
// opened on the CIs it covers, measured by the SLA engine against the agreement's own targets
// and hours. A wait for the supplier ("pending", reason "supplier") does not pause its clock.
struct ITSM_API agreement_performance {
  agreement_id agreement{};
  timestamp from{}, to{};
  std::vector<incident_id> measured{};        // incidents with a target of the agreement
  std::vector<incident_id> breached{};        // response or resolution target missed (so far)
  std::vector<incident_id> supplier_waits{};  // incidents that waited for the supplier
  double percent_met() const;                 // 100 when nothing was measured
};

enum class misalignment {
  resolution,     // the agreement resolves slower than the SLA promises for that priority
  no_target,      // the agreement has no resolution target for a priority the SLA promises
  availability,   // the composed availability of the agreements below the SLA's target
  service_hours,  // the SLA's service hours include hours the agreement does not cover
};
template <> struct model::enum_names<misalignment> {
  static constexpr std::array values{std::string_view("resolution"), std::string_view("no_target"),
                                     std::string_view("availability"), std::string_view("service_hours")};
};

struct ITSM_API alignment_finding {
  misalignment what = misalignment::resolution;
  sla_id sla{};
  int priority = 0;                 // the SLA target's priority (0: availability, service hours)
  agreement_id agreement{};         // the agreement that cannot support it
  std::vector<std::string> path{};  // "SVC-1", "CI-4", "CI-9": from the service to the covered CI
  std::string detail{};             // the figures, in words
};

struct ITSM_API alignment_report {
  timestamp at{};
  std::vector<sla_id> slas{};        // the SLAs checked
  std::vector<alignment_finding> findings{};
  bool aligned() const noexcept { return findings.empty(); }
};

// The alignment check as a pure function (what relationship_management::alignment runs, and the
// conformance check): `slas` against the active `agreements` on the CMDB graph `g` (services as
// nodes -n), agreement and SLA calendars resolved with `policy`. Errors: corrupt when a stored
// agreement calendar does not resolve.
ITSM_API alignment_report check_alignment(const graph::graph& g, const std::vector<model::sla>& slas,
                                          const std::vector<model::agreement>& agreements,
                                          const ticket_policy& policy, timestamp at);

// Complaints per customer and service over a period (R-7.1-complaints).
struct ITSM_API complaint_summary_row {
  customer_id customer{};
  service_id service{};
  int recorded = 0;   // recorded in the period
  int closed = 0;     // of those, closed by the end of the period
  int escalated = 0;  // of those, escalated
};

class ITSM_API relationship_management {
 public:
  // The provider's side of a customer relationship (R-7.1-parties): creates it (r.revision 0)
  // or stores the next version. Rules: an existing customer, a relationship manager, a contact,
  // a review interval of 1..366 days. Authorized with the customer's scope.
  model::customer_relationship set_customer_relationship(const actor& who, model::customer_relationship r,
                                                         const write_options& opts = {});
  // Suppliers, internal groups, supplying customers (R-7.1-parties). Rules: a unique name, a
  // contract manager per supplier (R-7.2-contract), a lead supplier that is an existing supplier,
  // an existing customer for a supplying customer (R-6.1-internal).
  // REQUIRES for add: draft.id invalid, draft.revision == 0.
  model::party add_party(const actor& who, model::party draft, const write_options& opts = {});
  model::party update_party(const actor& who, const model::party& edited, const write_options& opts = {});
  // Who operates a process and how the provider governs it (R-4.2-governance): creates or
  // stores the next version. Rules: an accountable owner; an operating party that exists, and
  // then the controls.
  model::process_operator set_operator(const actor& who, model::process_operator p, const write_options& opts = {});

  // A supplier contract (with a supplier) or an OLA (with an internal group or a supplying
  // customer), recorded as a draft. Rules: the record's invariants (R-7.2-contract: every clause
  // field of a contract), a party of the right type, covered CIs that exist, a calendar the
  // ticket policy knows. REQUIRES: draft.id invalid, draft.revision == 0.
  model::agreement add_agreement(const actor& who, model::agreement draft, const write_options& opts = {});
  // draft -> active; active or draft -> terminated.
  model::agreement activate(const actor& who, agreement_id id, const write_options& opts = {});
  model::agreement terminate(const actor& who, agreement_id id, const write_options& opts = {});
  // Stores the next version. An active agreement changes only under change management
  // (R-7.2-monitor): opts.reference names an RFC that is approved and not yet closed, failed or
  // backed out. edited.revision must be the stored one (else conflict); the state is kept.
  model::agreement amend(const actor& who, const model::agreement& edited, const write_options& opts = {});

  // Service reviews with a customer (R-7.1-review). Scheduling needs the customer's relationship
  // (its agreed interval); holding one records the report of the period, the findings and
  // actions and schedules the next review at held time + interval, in the same transaction;
  // closing needs the follow-up of its actions. Authorized with the customer's scope.
  model::service_review schedule_review(const actor& who, customer_id c, timestamp due_at,
                                        const write_options& opts = {});
  model::service_review hold_review(const actor& who, review_id id, const std::string& report,
                                    std::vector<std::string> findings, std::vector<std::string> actions,
                                    const write_options& opts = {});
  model::service_review close_review(const actor& who, review_id id, const std::string& follow_up,
                                     const write_options& opts = {});
  // Reviews still scheduled whose due time is before `at`: the overdue state, queried.
  std::vector<model::service_review> overdue_reviews(const actor& who, timestamp at) const;
  std::vector<model::service_review> reviews(const actor& who, customer_id c) const;

  // The agreed complaint definition (R-7.1-complaints), stored as the next version.
  model::complaint_definition define_complaints(const actor& who, model::complaint_definition d,
                                                const write_options& opts = {});
  // Records a complaint; its due time is the definition's time on the definition's calendar.
  // Rules: a stored definition, an existing customer (and service, if named).
  // REQUIRES: draft.id invalid, draft.revision == 0.
  model::complaint record_complaint(const actor& who, model::complaint draft, const write_options& opts = {});
  // recorded -> investigating -> acting -> reported -> closed, each with its text.
  model::complaint investigate(const actor& who, complaint_id id, const std::string& findings, const write_options& opts = {});
  model::complaint act(const actor& who, complaint_id id, const std::string& action, const write_options& opts = {});
  model::complaint report_back(const actor& who, complaint_id id, const std::string& told, const write_options& opts = {});
  model::complaint close_complaint(const actor& who, complaint_id id, const write_options& opts = {});
  // Escalates every open complaint past its due time, not yet escalated, to the definition's
  // escalate_to (event complaint.escalated), each in its own transaction; returns them.
  std::vector<model::complaint> escalate_overdue(const actor& who, const write_options& opts = {});
  std::vector<model::complaint> complaints(const actor& who) const;
  std::vector<complaint_summary_row> complaint_report(const actor& who, timestamp from, timestamp to) const;

  // Reads: absent (nullopt / left out) when missing or hidden from `who`.
  std::optional<model::customer_relationship> customer_relationship(const actor& who, customer_id c) const;
  std::optional<model::party> find_party(const actor& who, party_id id) const;
  std::vector<model::party> parties(const actor& who) const;
  std::vector<model::process_operator> operators(const actor& who) const;
  std::optional<model::agreement> find_agreement(const actor& who, agreement_id id) const;
  std::vector<model::agreement> agreements(const actor& who) const;

  // The agreement's performance over [from, to), measured at `to` (R-7.2-monitor, R-6.1-internal).
  // Needs read access to agreements and incidents; not_found when the agreement is absent.
  agreement_performance performance(const actor& who, agreement_id id, timestamp from, timestamp to) const;

  // The alignment check (R-7.2-align) over every SLA `who` may see, against the active
  // agreements, on the live CMDB graph (configuration_management::graph: `who` needs to read
  // every CI). Service hours are compared over the week starting at `at`.
  alignment_report alignment(const actor& who, timestamp at) const;

 private:
  friend class sms;  // processes are built by sms, which owns what they share
  relationship_management(std::shared_ptr<const detail::context> ctx, const configuration_management& cmdb);
  std::shared_ptr<const detail::context> ctx_;
  const configuration_management& cmdb_;
};

}  // namespace itsm
