#include "scan_sql.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <limits>

#include "../spi/sql_where.hpp"

namespace itsm::detail::pg {

namespace {

// The prefix comparison a text comparison implies (a < b implies prefix(a) <= prefix(b)): what
// the kind's indexes hold of text fields.
std::string prefix_hint(const std::string& col, storage::cmp op, const std::string& placeholder) {
  const char* prefix_op = op == storage::cmp::eq ? " = " : (op == storage::cmp::lt || op == storage::cmp::le) ? " <= " : " >= ";
  return text_prefix(col) + prefix_op + text_prefix(placeholder);
}

}  // namespace

compiled_scan compile_scan(const kind_info& k, const storage::query& q, scan_form form) {
  storage::check_query(q, k.s);
  compiled_scan c;
  sql_where_style style;
  style.bind = [&c](const value& v) {
    c.binds.add(v);
    return fmt::format("${}", c.binds.size());
  };
  style.never = "false";
  style.always = "true";
  style.text_hint = prefix_hint;
  c.sql = (form == scan_form::count ? std::string("SELECT count(*)") : "SELECT " + k.columns) + " FROM " + k.table +
          sql_where(q, k.s, style);
  if (form == scan_form::count) return c;
  if (q.order_by == "id") {
    c.sql += q.descending ? " ORDER BY \"id\" DESC" : " ORDER BY \"id\"";
  } else {
    // A text field sorts by its indexed prefix first (the same order: prefixes order as the values do).
    const auto col = quote(q.order_by);
    const bool text = k.s.fields[*k.s.field_index(q.order_by)].type == value_type::text;
    const auto keys = text ? text_prefix(col) + (q.descending ? " DESC NULLS LAST, " : " NULLS FIRST, ") + col : col;
    c.sql += q.descending ? " ORDER BY " + keys + " DESC NULLS LAST, \"id\" DESC" : " ORDER BY " + keys + " NULLS FIRST, \"id\"";
  }
  if (q.limit > 0)
    c.sql += fmt::format(" LIMIT {}", std::min<std::size_t>(q.limit, std::numeric_limits<std::int64_t>::max()));
  return c;
}

}  // namespace itsm::detail::pg
