// Kind definitions and invariants of the dispute procedure and disputes.
#include "itsm/model/dispute.hpp"

namespace itsm::model {

const kind_def<dispute_procedure>& dispute_procedure::def() {
  static const auto k = kind_def<dispute_procedure>("dispute_procedure", 1, &dispute_procedure::key)
                            .field("decide_minutes", &dispute_procedure::decide_minutes)
                            .field("calendar", &dispute_procedure::calendar)
                            .field("escalate_to", &dispute_procedure::escalate_to);
  return k;
}

std::vector<violation> dispute_procedure::check() const {
  std::vector<violation> v;
  if (decide_minutes <= 0 || decide_minutes > 366 * 24 * 60)
    v.push_back({"R-7.2-monitor", "the agreed time to decide a dispute must be 1 minute .. 1 year"});
  if (escalate_to.empty()) v.push_back({"R-7.2-monitor", "name who undecided disputes escalate to"});
  return v;
}

const kind_def<dispute>& dispute::def() {
  static const auto k = kind_def<dispute>("dispute", 1, &dispute::id)
                            .field("customer", &dispute::customer)
                            .field("supplier", &dispute::supplier)
                            .field("complaint", &dispute::complaint)
                            .field("raised_by", &dispute::raised_by)
                            .field("subject", &dispute::subject)
                            .field("state", &dispute::state)
                            .field("raised_at", &dispute::raised_at)
                            .field("due_at", &dispute::due_at)
                            .field("investigation", &dispute::investigation)
                            .field("decision", &dispute::decision)
                            .field("decided_at", &dispute::decided_at)
                            .field("escalated_to", &dispute::escalated_to)
                            .field("escalated_at", &dispute::escalated_at)
                            .index("by_customer", {"customer"})
                            .index("by_state_due", {"state", "due_at"});
  return k;
}

std::vector<violation> dispute::check() const {
  std::vector<violation> v;
  if (customer.valid() == supplier.valid())
    v.push_back({rule(), "a dispute is with one customer or one supplier (exactly one of the two)"});
  if (subject.empty() || raised_by.empty()) v.push_back({rule(), "a dispute records who raised it and about what"});
  if (supplier.valid() && complaint.valid()) v.push_back({rule(), "complaints are a customer's: a supplier dispute links none"});
  if (state != dispute_state::raised && investigation.empty()) v.push_back({rule(), "a dispute is investigated with findings"});
  if (decided() && decision.empty()) v.push_back({rule(), "a dispute is resolved or rejected with its decision"});
  return v;
}

}  // namespace itsm::model
