// The customer a stored record belongs to, read from its schema's fields, for reads that hold
// records rather than typed objects (queries, the records due). Not stable API. Thread-safety:
// pure functions.
#pragma once

#include <string>

#include "itsm/storage/schema.hpp"

namespace itsm::detail {

// The field that names a record's customer ("" when the kind has none), as reads.hpp's
// customer_of sees it: a customer is its own, a service belongs to the customer it is dedicated to.
inline std::string customer_field(const storage::schema& s) {
  if (s.kind == "customer") return "id";
  if (s.kind == "service") return "dedicated_to";
  return s.field_index("customer") ? "customer" : "";
}

inline std::string customer_of(const storage::schema& s, const storage::record& r) {
  const auto f = customer_field(s);
  if (f.empty()) return {};
  if (f == "id") return r.id;
  const auto& v = r.values[*s.field_index(f)];
  return v.is_null() || v.type() != value_type::text ? std::string() : v.as_text();
}

}  // namespace itsm::detail
