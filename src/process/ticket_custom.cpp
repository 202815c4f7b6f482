// Custom field values of a ticket, validated against the fields the stored ticket policy
// declares for its kind (R-8.1-procedure, R-8.1-requests).
#include "itsm/process/tickets.hpp"
#include "detail/write_scope.hpp"
#include "policy_store.hpp"
#include "ticket_access.hpp"
#include "ticket_fields.hpp"

namespace itsm {

namespace {
template <class T, class Id>
T set_custom_of(const detail::context& ctx, const actor& who, Id id, model::attribute_map values,
                const write_options& opts) {
  detail::write_scope w(ctx, who, "custom_fields");
  const ticket_ref t(id);
  const auto before = w.get<T>(t.key);
  auto after = before;
  after.custom = std::move(values);
  const auto policy = ctx.policies->tickets(w.tx());
  detail::authorize_on_ticket(w, t, detail::custom_field_rules(*policy, t.kind, after.custom));
  auto saved = w.save(std::move(after), &before, opts, "updated");
  w.commit();
  return saved;
}
}  // namespace

model::incident ticket_management::set_custom(const actor& who, incident_id id, model::attribute_map values,
                                              const write_options& opts) {
  return set_custom_of<model::incident>(*ctx_, who, id, std::move(values), opts);
}

model::service_request ticket_management::set_custom(const actor& who, service_request_id id,
                                                     model::attribute_map values, const write_options& opts) {
  return set_custom_of<model::service_request>(*ctx_, who, id, std::move(values), opts);
}

}  // namespace itsm
