// Scans and counts compiled to SQL with bound parameters: conditions, disjunctions (query::any),
// the keyset (query::after, as a row-value comparison the index can seek to), order and limit.
// Thread-safety: pure functions.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "detail.hpp"

namespace itsm::detail::sqlite {

// A scan's SQL and the values to bind, in order.
struct compiled_scan {
  std::string sql;
  std::vector<value> binds;
};

enum class scan_form { rows, count };

// SELECT of k.columns (rows) or of count(*) (count: no ORDER BY, no LIMIT).
// Errors: invalid_argument (storage::check_query).
compiled_scan compile_scan(const kind_info& k, const storage::query& q, scan_form form);

// Binds the compiled values to a statement from connection::prepare_raw (texts without a copy:
// `c` must outlive the statement's use). Errors: raw_failure.
void bind_all(sqlite3_stmt* st, const compiled_scan& c);

}  // namespace itsm::detail::sqlite
