#include "scan_sql.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>

namespace itsm::detail::pg {

namespace {

using storage::cmp;
using storage::condition;
using storage::query;

class compiler {
 public:
  compiler(const kind_info& k, params& binds) : s_(k.s), binds_(binds) {}

  value_type type_of(const std::string& field) const {
    return field == "id" ? value_type::text : s_.fields[*s_.field_index(field)].type;
  }

  std::string param(const value& v) {
    binds_.add(v);
    return "$" + std::to_string(binds_.size());
  }

  // A text field's comparison with its implied comparison of prefixes (text_prefix), which is
  // what the field's indexes hold: a < b implies prefix(a) <= prefix(b).
  std::string text_term(const std::string& col, const char* op, const char* prefix_op, const value& operand) {
    const auto p = param(operand);
    return col + op + p + " AND " + text_prefix(col) + prefix_op + text_prefix(p);
  }

  // Semantics of storage::matches: null operands test for null; an operand of another type
  // never equals, so `ne` then holds for every non-null value.
  std::string term(const condition& cond) {
    const auto t = type_of(cond.field);
    const auto col = quote(cond.field);
    const bool null_op = cond.operand.is_null();
    const bool same_type = !null_op && cond.operand.type() == t;
    if (same_type && t == value_type::text && cond.field != "id") {
      switch (cond.op) {
        case cmp::eq: return text_term(col, " = ", " = ", cond.operand);
        case cmp::lt: return text_term(col, " < ", " <= ", cond.operand);
        case cmp::le: return text_term(col, " <= ", " <= ", cond.operand);
        case cmp::gt: return text_term(col, " > ", " >= ", cond.operand);
        case cmp::ge: return text_term(col, " >= ", " >= ", cond.operand);
        default: break;
      }
    }
    switch (cond.op) {
      case cmp::in: {
        std::string list;
        for (const auto& v : cond.operands)
          if (!v.is_null() && v.type() == t) list += (list.empty() ? "" : ", ") + param(v);
        return list.empty() ? "false" : col + " IN (" + list + ")";
      }
      case cmp::eq: return null_op ? col + " IS NULL" : same_type ? col + " = " + param(cond.operand) : "false";
      case cmp::ne: return (null_op || !same_type) ? col + " IS NOT NULL" : col + " <> " + param(cond.operand);
      case cmp::lt: return same_type ? col + " < " + param(cond.operand) : "false";
      case cmp::le: return same_type ? col + " <= " + param(cond.operand) : "false";
      case cmp::gt: return same_type ? col + " > " + param(cond.operand) : "false";
      case cmp::ge: return same_type ? col + " >= " + param(cond.operand) : "false";
    }
    return "false";
  }

  std::string conjunction(const std::vector<condition>& cs) {
    if (cs.empty()) return "true";
    std::string out;
    for (const auto& c : cs) out += (out.empty() ? "(" : " AND (") + term(c) + ")";
    return out;
  }

  // Records strictly after (v, id) in the scan order (nulls first ascending, last descending).
  std::string after(const query& q) {
    const auto& k = *q.after;
    const char* beyond = q.descending ? " < " : " > ";
    if (q.order_by == "id") return std::string("\"id\"") + beyond + param(value(k.id));
    const auto col = quote(q.order_by);
    if (k.order_value.is_null()) {
      std::string s = "(" + col + " IS NULL AND \"id\"" + beyond + param(value(k.id)) + ")";
      return q.descending ? s : s + " OR " + col + " IS NOT NULL";
    }
    std::string s = "(" + col + ", \"id\")" + beyond + "(" + param(k.order_value) + ", " + param(value(k.id)) + ")";
    return q.descending ? s + " OR " + col + " IS NULL" : s;
  }

 private:
  const schema& s_;
  params& binds_;
};

}  // namespace

compiled_scan compile_scan(const kind_info& k, const query& q, scan_form form) {
  storage::check_query(q, k.s);
  compiled_scan c;
  compiler cc(k, c.binds);
  c.sql = (form == scan_form::count ? std::string("SELECT count(*)") : "SELECT " + k.columns) + " FROM " + k.table;
  std::string where;
  auto add = [&](const std::string& term) { where += (where.empty() ? " WHERE (" : " AND (") + term + ")"; };
  for (const auto& cond : q.where) add(cc.term(cond));
  for (const auto& group : q.any) {
    std::string alts;
    for (const auto& alt : group.alternatives) alts += (alts.empty() ? "(" : " OR (") + cc.conjunction(alt) + ")";
    add(alts.empty() ? "false" : alts);
  }
  if (q.after) add(cc.after(q));
  c.sql += where;
  if (form == scan_form::count) return c;
  if (q.order_by == "id") {
    c.sql += q.descending ? " ORDER BY \"id\" DESC" : " ORDER BY \"id\"";
  } else {
    // A text field sorts by its indexed prefix first (the same order: prefixes order as the values do).
    const auto col = quote(q.order_by);
    const bool text = cc.type_of(q.order_by) == value_type::text;
    const auto keys = text ? text_prefix(col) + (q.descending ? " DESC NULLS LAST, " : " NULLS FIRST, ") + col : col;
    c.sql += q.descending ? " ORDER BY " + keys + " DESC NULLS LAST, \"id\" DESC" : " ORDER BY " + keys + " NULLS FIRST, \"id\"";
  }
  if (q.limit > 0)
    c.sql += " LIMIT " + std::to_string(std::min<std::size_t>(q.limit, std::numeric_limits<std::int64_t>::max()));
  return c;
}

}  // namespace itsm::detail::pg
