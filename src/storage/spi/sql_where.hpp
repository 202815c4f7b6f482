// Internals shared by the SQL adapters (not installed): a scan's WHERE clause with the semantics
// of storage::matches — SQL null rules, no conversions between types, disjunctions, the keyset —
// written for each adapter's placeholders, and identifier quoting. Thread-safety: pure functions.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "itsm/storage/query.hpp"
#include "itsm/storage/schema.hpp"

namespace itsm::detail {

// "name", with any '"' doubled (never present in validated names).
std::string quote(std::string_view identifier);

struct sql_where_style {
  // Binds `v` (kept by the adapter in order) and returns its placeholder, e.g. "?3" or "$3".
  std::function<std::string(const value& v)> bind;
  std::string never = "0";   // Default: "0". A condition no row satisfies.
  std::string always = "1";  // Default: "1". A condition every row satisfies.
  // A condition implied by `col op placeholder` on a text field, ANDed to it so that an index
  // on an expression of the column can serve it (PostgreSQL's indexed prefixes). Default: none.
  std::function<std::string(const std::string& col, storage::cmp op, const std::string& placeholder)> text_hint;
};

// " WHERE (…) AND (…)" for q.where, q.any and q.after, or "" when q has none of them.
// REQUIRES: storage::check_query(q, s) passed.
std::string sql_where(const storage::query& q, const storage::schema& s, const sql_where_style& style);

}  // namespace itsm::detail
