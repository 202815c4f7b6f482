// Disputes (R-7.1-complaints, R-7.2-monitor): the agreed dispute procedure and the dispute
// workflow, raised -> investigating -> resolved | rejected with a decision, escalated when not
// decided within the agreed business time; a customer's dispute may grow from its complaint.
// Every write takes the one write path on the one transition engine; every read names its actor
// (a customer's users see their own disputes only).
// Thread-safety: safe to call from several threads (writes serialise in the store).
#pragma once

#include "itsm/core/export.hpp"

#include <memory>
#include <optional>
#include <vector>

#include "itsm/core/actor.hpp"
#include "itsm/model/dispute.hpp"
#include "itsm/process/write_options.hpp"

namespace itsm {

namespace detail {
struct context;  // what the processes share (not installed)
}  // namespace detail

class ITSM_API dispute_management {
 public:
  // Stores the next version of the dispute procedure. Rules: dispute_procedure::check, a
  // calendar the ticket policy knows.
  model::dispute_procedure set_procedure(const actor& who, model::dispute_procedure p, const write_options& opts = {});
  // Raises a dispute; its due time is the procedure's time on the procedure's calendar. Rules: a
  // stored procedure, an existing customer or supplier (a party of type supplier), a linked
  // complaint of the same customer. REQUIRES: draft.id invalid, draft.revision == 0.
  model::dispute raise(const actor& who, model::dispute draft, const write_options& opts = {});
  // raised -> investigating (with findings) -> resolved | rejected (with the decision).
  model::dispute investigate(const actor& who, dispute_id id, const std::string& findings, const write_options& opts = {});
  model::dispute resolve(const actor& who, dispute_id id, const std::string& decision, const write_options& opts = {});
  model::dispute reject(const actor& who, dispute_id id, const std::string& decision, const write_options& opts = {});
  // Escalates every undecided dispute past its due time, not yet escalated, to the procedure's
  // escalate_to (event dispute.escalated), each in its own transaction; returns them.
  std::vector<model::dispute> escalate_overdue(const actor& who, const write_options& opts = {});

  std::optional<model::dispute> find(const actor& who, dispute_id id) const;
  std::vector<model::dispute> disputes(const actor& who) const;

 private:
  friend class sms;  // processes are built by sms, which owns what they share
  explicit dispute_management(std::shared_ptr<const detail::context> ctx);
  std::shared_ptr<const detail::context> ctx_;
};

}  // namespace itsm
