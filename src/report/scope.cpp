#include "scope.hpp"

#include <algorithm>

#include "itsm/core/error.hpp"

namespace itsm::report::detail {

scope_filter::scope_filter(const store_snapshot& s, const std::string& scope) {
  try {
    if (scope.rfind("service:", 0) == 0) service_ = service_id::parse(scope.substr(8)), all_ = false;
    else if (scope.rfind("customer:", 0) == 0) customer_ = customer_id::parse(scope.substr(9)), all_ = false;
    else if (scope != "all") throw_error(errc::invalid_argument, "");
  } catch (const error&) {
    throw_error(errc::invalid_argument, "report scope '" + scope + "': use all, service:SVC-n or customer:CUS-n");
  }
  if (service_.valid()) {
    if (std::none_of(s.services.begin(), s.services.end(), [&](const auto& x) { return x.id == service_; }))
      throw_error(errc::invalid_argument, "report scope " + scope + ": no such service in the snapshot");
    services_.insert(service_.key());
    return;
  }
  if (customer_.valid() &&
      std::none_of(s.customers.begin(), s.customers.end(), [&](const auto& x) { return x.id == customer_; }))
    throw_error(errc::invalid_argument, "report scope " + scope + ": no such customer in the snapshot");
  for (const auto& x : s.services)
    if (all_ || x.dedicated_to == customer_) services_.insert(x.id.key());
  if (all_) return;
  // A customer's services: dedicated to it, agreed with it in an SLA, or used by its tickets.
  for (const auto& x : s.slas)
    if (x.customer == customer_) services_.insert(x.service.key());
  for (const auto& i : s.incidents)
    if (i.customer == customer_ && i.service.valid()) services_.insert(i.service.key());
  for (const auto& r : s.requests)
    if (r.customer == customer_ && r.service.valid()) services_.insert(r.service.key());
}

bool scope_filter::covers(const model::incident& i) const {
  return all_ || (service_.valid() ? i.service == service_ : i.customer == customer_);
}

bool scope_filter::covers(const model::service_request& r) const {
  return all_ || (service_.valid() ? r.service == service_ : r.customer == customer_);
}

bool scope_filter::covers(const model::problem& p) const { return all_ || covers_service(p.service); }

bool scope_filter::covers(const model::rfc& r) const {
  if (all_) return true;
  auto any = [&](const std::vector<service_id>& v) { return std::any_of(v.begin(), v.end(), [&](auto s) { return covers_service(s); }); };
  return any(r.scope_services) || any(r.impact_services);
}

bool scope_filter::covers(const model::release& r, const store_snapshot& s) const {
  if (all_) return true;
  for (const auto& c : s.rfcs)
    if (std::find(r.rfcs.begin(), r.rfcs.end(), c.id) != r.rfcs.end() && covers(c)) return true;
  return false;
}

}  // namespace itsm::report::detail
