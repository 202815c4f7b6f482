// Service request management (R-8.1-requests): recording to closure with approval, fulfilment
// steps, waiting, fulfilment and closure, each transition through the one write path, logged
// (ticket_log.hpp) and published; SLA clocks per request type; "pre-approved change" requests
// that reference a standard change model are approved on recording.
// Thread-safety: safe to call from several threads (writes serialise in the store).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "itsm/core/actor.hpp"
#include "itsm/core/export.hpp"
#include "itsm/model/incident.hpp"
#include "itsm/core/event.hpp"
#include "itsm/storage/backend.hpp"
#include "itsm/process/ticket_log.hpp"
#include "itsm/process/ticket_policy.hpp"
#include "itsm/process/write_options.hpp"

namespace itsm {

namespace detail {
struct context;           // what the processes share (not installed)
class escalation_index;   // src/process/escalation_index.hpp
}  // namespace detail

enum class request_transition { approve, start, pend, resume, fulfil, close, cancel };

class ITSM_API request_management {
 public:

  // Records a request (opened_at = now). A standard_change request (pre-approved change) is
  // approved on recording; its approval is logged. Rules: invariants, the service exists.
  // REQUIRES: draft.id invalid and draft.revision == 0.
  model::service_request record(const actor& who, model::service_request draft,
                                const write_options& opts = {});
  // recorded -> approved. The requester may not approve their own request (separation of duties).
  model::service_request approve(const actor& who, service_request_id id, const write_options& opts = {});
  // approved -> in_fulfilment.
  model::service_request start(const actor& who, service_request_id id, const write_options& opts = {});
  // Records one fulfilment step (approved, in_fulfilment or pending).
  void add_step(const actor& who, service_request_id id, const std::string& step, const write_options& opts = {});
  model::service_request pend(const actor& who, service_request_id id, const std::string& reason,
                              const write_options& opts = {});
  model::service_request resume(const actor& who, service_request_id id, const write_options& opts = {});
  // in_fulfilment -> fulfilled; REQUIRES a non-empty fulfilment note (else rule_violation).
  model::service_request fulfil(const actor& who, service_request_id id, const std::string& fulfilment,
                                const write_options& opts = {});
  model::service_request close(const actor& who, service_request_id id, const write_options& opts = {});
  model::service_request cancel(const actor& who, service_request_id id, const std::string& reason,
                                const write_options& opts = {});

  // Non-throwing: the rules transition `t` would meet now (empty = allowed by the rules; the
  // authorizer is still asked when it runs). A request `who` may not see reads as absent.
  std::vector<violation> check(const actor& who, service_request_id id, request_transition t) const;

  std::optional<model::service_request> find(const actor& who, service_request_id id) const;
  // Every service request, in id order.
  std::vector<model::service_request> list(const actor& who) const;
  std::vector<ticket_event> log(const actor& who, service_request_id id) const;
  std::vector<std::string> steps(const actor& who, service_request_id id) const;
  // SLA figures at `at` (Default: now): the request type's targets from the policy, else the
  // service SLA's target for the request's priority; the service SLA's calendar and pauses, in
  // the version in force when the request was recorded (request.sla, sla_revision: R-6.1-change).
  ticket_sla sla_figures(const actor& who, service_request_id id, std::optional<timestamp> at = {}) const;
  // Publishes service_request.sla_at_risk / .sla_breached once per threshold (R-8.1-inform),
  // for requests not fulfilled, closed or cancelled; like incident_management::escalate, without
  // a long write lock and with no notice for a request finished meanwhile.
  std::vector<event> escalate(const actor& who);
  // The open requests `who` may see that breach an SLA target within `window` unless something
  // changes: the earliest projected deadline of a running response or resolution clock not
  // breached yet lies in (now, now + window]. Earliest deadline first; the "breaching within N
  // minutes" queue of docs/queries.md. A paused clock projects no deadline. Served from the
  // escalation index (O(changes since the last read + hits)), not a table scan.
  // Errors: invalid_argument (negative or special window); permission_denied (audited).
  std::vector<model::service_request> breaching_within(const actor& who, duration window) const;

 private:
  friend class sms;  // processes are built by sms, which owns what they share
  // The ticket policy in force is the store's (sms::policies()), read by each operation.
  explicit request_management(std::shared_ptr<const detail::context> ctx);
  model::service_request move(const actor& who, service_request_id id, request_transition t,
                              const std::string& detail, const write_options& opts,
                              const std::function<void(model::service_request&, timestamp)>& apply);
  std::shared_ptr<const detail::context> ctx_;
  std::shared_ptr<detail::escalation_index> escalation_;  // next thresholds of open requests
};

ITSM_API std::string_view to_string(request_transition t) noexcept;

}  // namespace itsm
