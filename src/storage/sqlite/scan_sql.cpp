#include "scan_sql.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

#include <limits>

namespace itsm::detail::sqlite {

namespace {

using storage::cmp;
using storage::condition;
using storage::query;

class compiler {
 public:
  compiler(const kind_info& k, compiled_scan& out) : s_(k.s), out_(out) {}

  value_type type_of(const std::string& field) const {
    return field == "id" ? value_type::text : s_.fields[*s_.field_index(field)].type;
  }

  std::string param(const value& v) {
    out_.binds.push_back(&v);
    std::string placeholder = "?";  // appended, not "?" + …: GCC 12 warns falsely (-Wrestrict)
    placeholder += std::to_string(out_.binds.size());
    return placeholder;
  }

  // Semantics of storage::matches: null operands test for null; an operand of another type
  // never equals (no SQL affinity conversions), so `ne` then holds for every non-null value.
  std::string term(const condition& cond) {
    const auto t = type_of(cond.field);
    const auto col = quote(cond.field);
    const bool null_op = cond.operand.is_null();
    const bool same_type = !null_op && cond.operand.type() == t;
    switch (cond.op) {
      case cmp::in: {
        std::string list;
        for (const auto& v : cond.operands)
          if (!v.is_null() && v.type() == t) list += (list.empty() ? "" : ", ") + param(v);
        return list.empty() ? "0" : col + " IN (" + list + ")";
      }
      case cmp::eq: return null_op ? col + " IS NULL" : same_type ? col + " = " + param(cond.operand) : "0";
      case cmp::ne: return (null_op || !same_type) ? col + " IS NOT NULL" : col + " <> " + param(cond.operand);
      case cmp::lt: return same_type ? col + " < " + param(cond.operand) : "0";
      case cmp::le: return same_type ? col + " <= " + param(cond.operand) : "0";
      case cmp::gt: return same_type ? col + " > " + param(cond.operand) : "0";
      case cmp::ge: return same_type ? col + " >= " + param(cond.operand) : "0";
    }
    return "0";
  }

  std::string conjunction(const std::vector<condition>& cs) {
    if (cs.empty()) return "1";
    std::string out;
    for (const auto& c : cs) out += (out.empty() ? "(" : " AND (") + term(c) + ")";
    return out;
  }

  // Records strictly after (v, id) in the scan order (nulls first ascending, last descending).
  std::string after(const query& q) {
    const auto& k = *q.after;
    const char* beyond = q.descending ? " < " : " > ";
    if (q.order_by == "id") return std::string("\"id\"") + beyond + param(id_value(k));
    const auto col = quote(q.order_by);
    if (k.order_value.is_null()) {
      std::string s = "(" + col + " IS NULL AND \"id\"" + beyond + param(id_value(k)) + ")";
      return q.descending ? s : s + " OR " + col + " IS NOT NULL";
    }
    std::string s = "(" + col + ", \"id\")" + beyond + "(" + param(k.order_value) + ", " + param(id_value(k)) + ")";
    return q.descending ? s + " OR " + col + " IS NULL" : s;
  }

 private:
  const value& id_value(const storage::keyset& k) {
    if (!out_.id_holder) out_.id_holder = std::make_unique<value>(k.id);
    return *out_.id_holder;
  }

  const schema& s_;
  compiled_scan& out_;
};

}  // namespace

compiled_scan compile_scan(const kind_info& k, const query& q, scan_form form) {
  storage::check_query(q, k.s);
  compiled_scan c;
  compiler cc(k, c);
  c.sql = (form == scan_form::count ? std::string("SELECT count(*)") : "SELECT " + k.columns) + " FROM " + quote(k.s.kind);
  std::string where;
  auto add = [&](const std::string& term) { where += (where.empty() ? " WHERE (" : " AND (") + term + ")"; };
  for (const auto& cond : q.where) add(cc.term(cond));
  for (const auto& group : q.any) {
    std::string alts;
    for (const auto& alt : group.alternatives) alts += (alts.empty() ? "(" : " OR (") + cc.conjunction(alt) + ")";
    add(alts.empty() ? "0" : alts);
  }
  if (q.after) add(cc.after(q));
  c.sql += where;
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
    const value& v = *c.binds[i];
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
