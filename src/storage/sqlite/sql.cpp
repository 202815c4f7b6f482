// SQL text from registered schemas (identifiers only, always quoted), stored schemas in
// _itsm_schema (their JSON form: storage/spi/schema_codec.hpp), and the value <-> column conversions.
#include <fmt/format.h>
#include <sqlite3.h>

#include <boost/date_time/gregorian/gregorian_types.hpp>
#include <climits>
#include <cstdint>
#include <cstdio>

#include "../../core/iso_digits.hpp"
#include "detail.hpp"

namespace itsm::detail::sqlite {

std::string column_type(value_type t) {
  switch (t) {
    case value_type::boolean: return "BOOLEAN";     // 0 / 1
    case value_type::integer: return "INTEGER";
    case value_type::real: return "REAL";
    case value_type::text: return "TEXT";
    case value_type::time: return "TIMESTAMP";      // ISO 8601 UTC text, fixed width
    case value_type::null: break;
  }
  throw_error(errc::invalid_argument, "field of type null");
}

std::string create_table_sql(const schema& s) {
  std::string sql = "CREATE TABLE " + quote(s.kind) +
                    " (\"id\" TEXT NOT NULL PRIMARY KEY, \"revision\" INTEGER NOT NULL";
  for (const auto& f : s.fields) {
    sql += ", " + quote(f.name) + " " + column_type(f.type);
    if (!f.nullable) sql += " NOT NULL";
  }
  sql += ")";
  return sql;
}

std::string index_name(const schema& s, const storage::index_def& ix) { return s.kind + ":" + ix.name; }

std::string create_index_sql(const schema& s, const storage::index_def& ix) {
  // "id" last: equal keys come out in id order, which is how scans break ties.
  std::string sql = "CREATE INDEX " + quote(index_name(s, ix)) + " ON " + quote(s.kind) + " (";
  for (const auto& f : ix.fields) sql += quote(f) + ", ";
  sql += "\"id\")";
  return sql;
}

kind_info make_kind_info(const schema& s) {
  kind_info k;
  k.s = s;
  const auto table = quote(s.kind);
  std::string fields, params, sets;
  for (std::size_t i = 0; i < s.fields.size(); ++i) {
    const auto col = quote(s.fields[i].name);
    fields += ", " + col;
    params += fmt::format(", ?{}", i + 3);
    sets += fmt::format(", {} = ?{}", col, i + 3);
  }
  k.columns = "\"id\", \"revision\"" + fields;
  k.get = "SELECT \"revision\"" + fields + " FROM " + table + " WHERE \"id\" = ?1";
  k.insert = "INSERT INTO " + table + " (" + k.columns + ") VALUES (?1, ?2" + params +
             ") ON CONFLICT (\"id\") DO NOTHING";
  k.update = "UPDATE " + table + " SET \"revision\" = ?2" + sets + " WHERE \"id\" = ?1 AND \"revision\" = ?" +
             std::to_string(s.fields.size() + 3);
  k.erase = "DELETE FROM " + table + " WHERE \"id\" = ?1 AND \"revision\" = ?2";
  k.revision = "SELECT \"revision\" FROM " + table + " WHERE \"id\" = ?1";
  return k;
}

std::optional<schema> load_schema(connection& c, std::string_view kind) {
  return guarded("read schema", [&]() -> std::optional<schema> {
    stmt_use st(c.prepare("SELECT \"definition\" FROM \"_itsm_schema\" WHERE \"kind\" = ?1"));
    st->bind(1, std::string(kind));
    if (!st->executeStep()) return std::nullopt;
    return schema_from_json(st->getColumn(0).getString());
  });
}

std::string format_time(timestamp t) {
  if (t.is_special()) throw_error(errc::invalid_argument, "a time value must be a real instant");
  char buf[32];
  return std::string(buf, itsm::detail::put_iso(buf, t, true));
}

namespace {
// The fixed-width form format_time writes, read without sscanf (every stored time goes through
// here); nullopt for anything else, which parse_iso then judges.
std::optional<timestamp> parse_fixed_time(std::string_view t) noexcept {
  if (t.size() != 27 || t[4] != '-' || t[7] != '-' || t[10] != 'T' || t[13] != ':' || t[16] != ':' ||
      t[19] != '.' || t[26] != 'Z')
    return std::nullopt;
  bool ok = true;
  auto num = [&](std::size_t pos, std::size_t len) {
    int n = 0;
    for (std::size_t i = pos; i < pos + len; ++i) {
      ok = ok && t[i] >= '0' && t[i] <= '9';
      n = n * 10 + (t[i] - '0');
    }
    return n;
  };
  const int y = num(0, 4), mo = num(5, 2), d = num(8, 2), h = num(11, 2), mi = num(14, 2), sec = num(17, 2);
  const int us = num(20, 6);
  if (!ok || y < 1400 || mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || sec > 59 ||
      d > boost::gregorian::gregorian_calendar::end_of_month_day(static_cast<unsigned short>(y),
                                                                 static_cast<unsigned short>(mo)))
    return std::nullopt;
  return timestamp(boost::gregorian::date(static_cast<unsigned short>(y), static_cast<unsigned short>(mo),
                                          static_cast<unsigned short>(d)),
                   boost::posix_time::time_duration(h, mi, sec) + boost::posix_time::microseconds(us));
}
}  // namespace

timestamp parse_time(std::string_view text) {
  if (auto t = parse_fixed_time(text)) return *t;
  try {
    return parse_iso(text);
  } catch (const error&) {
    throw_error(errc::corrupt, fmt::format("stored time '{}' is not ISO 8601 UTC", text));
  }
}

void bind_value(SQLite::Statement& st, int index, const value& v) {
  switch (v.type()) {
    case value_type::null: st.bind(index); break;
    case value_type::boolean: st.bind(index, static_cast<std::int64_t>(v.as_bool() ? 1 : 0)); break;
    case value_type::integer: st.bind(index, v.as_int()); break;
    case value_type::real: st.bind(index, v.as_real()); break;
    case value_type::text: {
      st.bindNoCopy(index, v.as_text());  // TEXT with explicit length: embedded NULs survive
      break;
    }
    case value_type::time: st.bind(index, format_time(v.as_time())); break;
  }
}

namespace {

// The two ways of reading a column of the current row: through SQLiteCpp (statements from the
// connection's cache) and straight through the C API (for_each's hot loop, where a Column
// object per value — a shared_ptr copy — costs as much as the read). read_as holds the rules.
struct cpp_column {
  SQLite::Statement& st;
  int i;
  SQLite::Column c = st.getColumn(i);
  int type() const { return c.getType(); }
  std::int64_t integer() const { return c.getInt64(); }
  double real() const { return c.getDouble(); }
  std::string_view text() const { return {c.getText(), static_cast<std::size_t>(c.getBytes())}; }
  std::string name() const { return st.getColumnName(i); }
};

struct raw_column {
  sqlite3_stmt* st;
  int i;
  int type() const { return sqlite3_column_type(st, i); }
  std::int64_t integer() const { return sqlite3_column_int64(st, i); }
  double real() const { return sqlite3_column_double(st, i); }
  std::string_view text() const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(st, i));
    return {p == nullptr ? "" : p, static_cast<std::size_t>(sqlite3_column_bytes(st, i))};
  }
  std::string name() const { return sqlite3_column_name(st, i); }
};

template <class Column>
value read_as(const Column& col, value_type t) {
  const int stored = col.type();
  if (stored == SQLITE_NULL) return value{};
  auto wrong = [&]() -> value {
    throw_error(errc::corrupt, fmt::format("column '{}' holds a value of SQLite type {} where {} was expected",
                                           col.name(), stored, to_string(t)));
  };
  switch (t) {
    case value_type::boolean:
      if (stored != SQLITE_INTEGER) return wrong();
      return value(col.integer() != 0);
    case value_type::integer:
      if (stored != SQLITE_INTEGER) return wrong();
      return value(col.integer());
    case value_type::real:
      if (stored != SQLITE_FLOAT && stored != SQLITE_INTEGER) return wrong();
      return value(col.real());
    case value_type::text:
      if (stored != SQLITE_TEXT) return wrong();
      return value(col.text());
    case value_type::time:
      if (stored != SQLITE_TEXT) return wrong();
      return value(parse_time(col.text()));
    case value_type::null: break;
  }
  return value{};
}

}  // namespace

value read_value(SQLite::Statement& st, int column, value_type t) { return read_as(cpp_column{st, column}, t); }

value read_value(sqlite3_stmt* st, int column, value_type t) { return read_as(raw_column{st, column}, t); }

}  // namespace itsm::detail::sqlite
