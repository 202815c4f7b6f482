// Scans and counts compiled to SQL with bound parameters: conditions, disjunctions (query::any),
// the keyset (query::after, as a row-value comparison an index can seek to), order and limit.
// Thread-safety: pure functions.
#pragma once

#include <string>

#include "detail.hpp"

namespace itsm::detail::pg {

struct compiled_scan {
  std::string sql;
  params binds;
};

enum class scan_form { rows, count };

// SELECT of k.columns (rows) or of count(*) (count: no ORDER BY, no LIMIT).
// Errors: invalid_argument (storage::check_query).
compiled_scan compile_scan(const kind_info& k, const storage::query& q, scan_form form);

}  // namespace itsm::detail::pg
