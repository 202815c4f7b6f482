// The scan predicate: a conjunction of comparisons on fields (or on the pseudo-field "id"),
// plus ordering and a limit. Small on purpose: SQL adapters compile it to bound parameters,
// the memory adapter plans it against its indexes. Thread-safety: plain value types.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "itsm/core/value.hpp"

namespace itsm::storage {

enum class cmp { eq, ne, lt, le, gt, ge, in };

struct condition {
  std::string field;             // a schema field or "id"
  cmp op = cmp::eq;
  value operand;                 // unused for cmp::in
  std::vector<value> operands;   // for cmp::in only
};

struct query {
  std::string kind;
  std::vector<condition> where;  // all must hold; empty = every record of the kind
  std::string order_by = "id";   // Default: "id"; or a schema field (ties broken by id)
  bool descending = false;       // Default: ascending
  std::size_t limit = 0;         // Default: 0 = no limit

  // Fluent helpers: q.where_eq("state", "open").where_le("priority", 2)
  query& where_eq(std::string f, value v);
  query& where_ne(std::string f, value v);
  query& where_lt(std::string f, value v);
  query& where_le(std::string f, value v);
  query& where_gt(std::string f, value v);
  query& where_ge(std::string f, value v);
  query& where_in(std::string f, std::vector<value> vs);
};

// Null semantics follow SQL: a comparison with null (on either side) is false, except that
// cmp::eq / cmp::ne against a null operand test for null / not null.
bool matches(const condition& c, const value& field_value);

}  // namespace itsm::storage
