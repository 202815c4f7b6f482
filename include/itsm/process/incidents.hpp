// Incident management (clause 8.1): record, prioritise, classify, update, escalate, resolve and
// close as a state machine whose every transition goes through the one write path, is audited,
// logged (ticket_log.hpp) and published. SLA clocks, escalation, major and information security
// incidents, and the handler's information view.
// Rules: R-8.1-procedure, R-8.1-priority, R-8.1-inform, R-8.1-major, R-8.1-info, R-6.1-sla,
// R-6.1-monitor, R-6.6-incidents.
// Thread-safety: safe to call from several threads (writes serialise in the store).
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "itsm/core/actor.hpp"
#include "itsm/core/event.hpp"
#include "itsm/core/export.hpp"
#include "itsm/model/change.hpp"
#include "itsm/model/configuration_item.hpp"
#include "itsm/model/incident.hpp"
#include "itsm/model/relationship.hpp"
#include "itsm/storage/backend.hpp"
#include "itsm/process/problems.hpp"
#include "itsm/process/ticket_log.hpp"
#include "itsm/process/ticket_policy.hpp"
#include "itsm/process/write_options.hpp"

namespace itsm {

namespace detail {
struct context;  // what the processes share (not installed)
}  // namespace detail

namespace detail {
class write_scope;
class escalation_index;  // src/process/escalation_index.hpp
}

// The review held after a major incident is restored (R-8.1-major). Key: the incident's key.
struct ITSM_API post_incident_review {
  std::string incident{};      // "INC-7"
  std::int64_t revision = 0;
  timestamp held_at{};
  std::string held_by{};
  std::string findings{};
  std::string actions{};

  static const model::kind_def<post_incident_review>& def();
};

// What the handler sees for an incident (R-8.1-info, R-8.2-feed).
struct ITSM_API incident_info {
  model::incident incident{};
  std::vector<known_error_match> known_errors{};      // best match first
  std::optional<model::configuration_item> ci{};       // the affected CI from the CMDB
  std::vector<model::relationship> ci_relationships{}; // its active relationships
  std::vector<model::release> releases{};              // recent and upcoming releases touching it
};

// Types, volumes and impacts of information security incidents (R-6.6-incidents).
struct ITSM_API security_statistics {
  int total = 0;
  int open = 0;                          // not resolved or closed
  std::map<std::string, int> by_type{};    // by category ("" = unclassified)
  std::map<int, int> by_priority{};
  std::map<int, int> by_impact{};
};

// The incident transitions: name, states it may start from, the state it leads to.
enum class incident_transition { assign, start, pend, resume, resolve, reopen, close };

class ITSM_API incident_management {
 public:

  // Records an incident: opened_at = now, state recorded, priority from the matrix (and the
  // security floor), the service's SLA applied (draft.sla when set, else the service's SLA with
  // the lowest id) with its version in force now (sla_revision, R-6.1-change). Rules: invariants, service/CI/SLA exist (R-8.1-procedure, R-6.1-sla).
  // Publishes incident.recorded, and incident.major_candidate when the major definition applies.
  // REQUIRES: draft.id invalid and draft.revision == 0.
  model::incident record(const actor& who, model::incident draft, const write_options& opts = {});
  // Records many incidents in one operation (imports, bulk loads): the same rules, authorization
  // and audit per incident as record(), one transaction for all; any violation refuses them all.
  std::vector<model::incident> record_batch(const actor& who, std::vector<model::incident> drafts,
                                            const write_options& opts = {});

  // Workflow (R-8.1-procedure). An illegal transition throws error(rule_violation) citing
  // R-8.1-procedure and changes nothing but the audit trail.
  model::incident assign(const actor& who, incident_id id, const std::string& group,
                         const std::string& assignee, const write_options& opts = {});
  model::incident start_work(const actor& who, incident_id id, const write_options& opts = {});
  // REQUIRES: a non-empty reason ("customer", "supplier", …): the SLA decides if it pauses.
  model::incident pend(const actor& who, incident_id id, const std::string& reason,
                       const write_options& opts = {});
  model::incident resume(const actor& who, incident_id id, const write_options& opts = {});
  model::incident resolve(const actor& who, incident_id id, const std::string& resolution,
                          const write_options& opts = {});
  model::incident reopen(const actor& who, incident_id id, const std::string& reason,
                         const write_options& opts = {});
  // A major incident closes only with a post-incident review recorded (R-8.1-major).
  model::incident close(const actor& who, incident_id id, const write_options& opts = {});

  // Updates that keep the state (refused on a closed incident).
  model::incident reprioritise(const actor& who, incident_id id, int impact, int urgency,
                               const write_options& opts = {});
  model::incident classify(const actor& who, incident_id id, const std::string& category,
                           bool security, const write_options& opts = {});
  // Gives the incident SLA `sla` in its version in force now (sla_revision, R-6.1-change).
  model::incident apply_sla(const actor& who, incident_id id, sla_id sla, const write_options& opts = {});
  model::incident add_note(const actor& who, incident_id id, const std::string& text,
                           const write_options& opts = {});

  // Declares a major incident (R-8.1-major): the incident must meet the policy's definition and
  // be open; only an incident manager (or admin) may declare, whatever the authorizer says;
  // `manager` is the designated manager. Publishes incident.top_management_informed.
  model::incident declare_major(const actor& who, incident_id id, const std::string& manager,
                                const write_options& opts = {});
  // Records the post-incident review of a resolved major incident (R-8.1-major).
  post_incident_review record_review(const actor& who, incident_id id, const std::string& findings,
                                     const std::string& actions, const write_options& opts = {});

  // Publishes incident.sla_at_risk / incident.sla_breached for every threshold of an
  // unresolved incident's clocks reached by now and not published before (R-8.1-inform). Each
  // threshold fires once; the firing is logged in the ticket log. Returns the published events.
  // Finding what is due reads no table and takes no write lock: an index of next threshold
  // instants follows the audit trail (O(changes since the last sweep + due)). Each firing is
  // one short transaction that re-reads the incident: one resolved meanwhile gets no notice.
  std::vector<event> escalate(const actor& who, const write_options& opts = {});
  // The earliest instant of a threshold not fired yet among unresolved incidents (for a
  // scheduler to sleep until; in the past when a sweep is due), or empty when none is projected.
  std::optional<timestamp> next_escalation(const actor& who) const;
  // The open incidents `who` may see that breach an SLA target within `window` unless something
  // changes: the earliest projected deadline of a running response or resolution clock not
  // breached yet lies in (now, now + window]. Earliest deadline first; the "breaching within N
  // minutes" queue of docs/queries.md. A paused clock projects no deadline. Served from the
  // escalation index (O(changes since the last read + hits)), not a table scan.
  // Errors: invalid_argument (negative or special window); permission_denied (audited).
  std::vector<model::incident> breaching_within(const actor& who, duration window) const;

  // Non-throwing: the violations the transition would meet now (empty = allowed by the rules).
  std::vector<violation> check(const actor& who, incident_id id, incident_transition t) const;

  // Reads name their actor and show only what it may see: an incident it may not see reads as
  // absent (find: nullopt, log: empty; sla_figures and info: not_found).
  std::optional<model::incident> find(const actor& who, incident_id id) const;
  std::vector<model::incident> list(const actor& who) const;
  // Every open incident — neither resolved nor closed, sets::open<incident>() — in one list.
  // For large stores prefer queries() (process/query.hpp): filtered, paged and counted.
  std::vector<model::incident> open_incidents(const actor& who) const;
  std::vector<ticket_event> log(const actor& who, incident_id id) const;
  std::optional<post_incident_review> review(const actor& who, incident_id id) const;
  // SLA figures at `at` (Default: the clock's now), recomputed from the log (R-6.1-monitor)
  // against the SLA version the incident was given (R-6.1-change).
  ticket_sla sla_figures(const actor& who, incident_id id, std::optional<timestamp> at = {}) const;
  // Known errors, CMDB context and releases for the handler (R-8.1-info); releases planned or
  // deployed within `window` before or after now.
  incident_info info(const actor& who, incident_id id, duration window = hours(24 * 30)) const;
  // Security incidents opened in [from, to) (R-6.6-incidents).
  security_statistics security_stats(const actor& who, timestamp from, timestamp to) const;


 private:
  friend class sms;  // processes are built by sms, which owns what they share
  friend class capacity_management;  // a capacity breach records its incident in its own transaction
  // The ticket policy in force is the store's (sms::policies()), read by each operation.
  explicit incident_management(std::shared_ptr<const detail::context> ctx);
  model::incident record_in(detail::write_scope& w, model::incident draft, const write_options& opts);
  model::incident transition(const actor& who, incident_id id, incident_transition t,
                             const std::string& detail, const write_options& opts,
                             const std::function<void(model::incident&, timestamp now)>& apply);
  model::incident update(const actor& who, incident_id id, const std::string& action,
                         const write_options& opts,
                         const std::function<void(detail::write_scope&, model::incident&,
                                                  std::vector<violation>&)>& apply,
                         const std::function<void(detail::write_scope&, const model::incident&,
                                                  const model::incident&)>& after = {});

  std::shared_ptr<const detail::context> ctx_{};
  std::shared_ptr<detail::escalation_index> escalation_{};  // next thresholds of open incidents
};

ITSM_API std::string_view to_string(incident_transition t) noexcept;

}  // namespace itsm
