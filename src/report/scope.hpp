// Which records of a snapshot a report's scope covers ("all", "service:SVC-n", "customer:CUS-n").
// Not stable API. Thread-safety: a value over a snapshot the caller keeps alive.
#pragma once

#include <set>
#include <string>

#include "itsm/process/snapshot.hpp"

namespace itsm::report::detail {

class scope_filter {
 public:
  // Errors: invalid_argument for a malformed scope or one naming what the snapshot lacks.
  scope_filter(const store_snapshot& s, const std::string& scope);

  bool covers_service(service_id s) const { return services_.count(s.key()) > 0; }
  bool covers(const model::incident& i) const;
  bool covers(const model::service_request& r) const;
  bool covers(const model::problem& p) const;
  bool covers(const model::rfc& r) const;
  bool covers(const model::release& r, const store_snapshot& s) const;
  // A record of a customer, about a service or none (complaints, disputes, survey answers).
  bool covers(customer_id c, service_id s) const { return all_ || (service_.valid() ? s == service_ : c == customer_); }
  bool all() const { return all_; }

 private:
  bool all_ = true;
  service_id service_{};
  customer_id customer_{};
  std::set<std::string> services_;  // service keys in scope
};

// True when t is in [from, to).
inline bool within(timestamp t, timestamp from, timestamp to) { return !t.is_special() && from <= t && t < to; }

}  // namespace itsm::report::detail
