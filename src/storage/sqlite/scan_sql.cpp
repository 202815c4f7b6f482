#include "scan_sql.hpp"

#include "../spi/sql_where.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

#include <limits>

namespace itsm::detail::sqlite {

using storage::query;

compiled_scan compile_scan(const kind_info& k, const query& q, scan_form form) {
  storage::check_query(q, k.s);
  compiled_scan c;
  itsm::detail::sql_where_style style;
  style.bind = [&c](const value& v) {
    c.binds.push_back(v);
    std::string placeholder = "?";  // appended, not "?" + …: GCC 12 warns falsely (-Wrestrict)
    placeholder += std::to_string(c.binds.size());
    return placeholder;
  };
  c.sql = (form == scan_form::count ? std::string("SELECT count(*)") : "SELECT " + k.columns) + " FROM " +
          quote(k.s.kind) + itsm::detail::sql_where(q, k.s, style);
  if (form == scan_form::count) return c;
  const char* dir = q.descending ? " DESC" : "";
  if (q.order_by == "id") {
    c.sql += std::string(" ORDER BY \"id\"") + dir;
  } else {
    c.sql += " ORDER BY " + quote(q.order_by) + dir + ", \"id\"" + dir;
  }
  if (q.limit > 0)
    c.sql += " LIMIT " + std::to_string(std::min<std::size_t>(q.limit, std::numeric_limits<std::int64_t>::max()));
  return c;
}

void bind_all(sqlite3_stmt* st, const compiled_scan& c) {
  for (std::size_t i = 0; i < c.binds.size(); ++i) {
    const value& v = c.binds[i];
    const int at = static_cast<int>(i) + 1;
    int rc = SQLITE_OK;
    switch (v.type()) {
      case value_type::null: rc = sqlite3_bind_null(st, at); break;
      case value_type::boolean: rc = sqlite3_bind_int64(st, at, v.as_bool() ? 1 : 0); break;
      case value_type::integer: rc = sqlite3_bind_int64(st, at, v.as_int()); break;
      case value_type::real: rc = sqlite3_bind_double(st, at, v.as_real()); break;
      case value_type::text: {
        const auto& t = v.as_text();  // explicit length: embedded NULs survive
        rc = sqlite3_bind_text64(st, at, t.data(), t.size(), SQLITE_STATIC, SQLITE_UTF8);
        break;
      }
      case value_type::time: {
        const auto t = format_time(v.as_time());
        rc = sqlite3_bind_text64(st, at, t.data(), t.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
        break;
      }
    }
    if (rc != SQLITE_OK) raw_failure(sqlite3_db_handle(st), "bind");
  }
}

}  // namespace itsm::detail::sqlite
