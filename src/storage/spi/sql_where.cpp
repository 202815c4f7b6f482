#include "sql_where.hpp"

namespace itsm::detail {

namespace {

using storage::cmp;
using storage::condition;
using storage::query;

class where_writer {
 public:
  where_writer(const storage::schema& s, const sql_where_style& style) : s_(s), style_(style) {}

  value_type type_of(const std::string& field) const {
    return field == "id" ? value_type::text : s_.fields[*s_.field_index(field)].type;
  }

  // Semantics of storage::matches: null operands test for null; an operand of another type
  // never equals (no SQL conversions), so `ne` then holds for every non-null value.
  std::string term(const condition& cond) {
    const auto t = type_of(cond.field);
    const auto col = quote(cond.field);
    const bool null_op = cond.operand.is_null();
    const bool same_type = !null_op && cond.operand.type() == t;
    switch (cond.op) {
      case cmp::in: {
        std::string list;
        for (const auto& v : cond.operands)
          if (!v.is_null() && v.type() == t) list += (list.empty() ? "" : ", ") + style_.bind(v);
        return list.empty() ? style_.never : col + " IN (" + list + ")";
      }
      case cmp::eq: return null_op ? col + " IS NULL" : same_type ? compare(cond, col, " = ") : style_.never;
      case cmp::ne: return (null_op || !same_type) ? col + " IS NOT NULL" : col + " <> " + style_.bind(cond.operand);
      case cmp::lt: return same_type ? compare(cond, col, " < ") : style_.never;
      case cmp::le: return same_type ? compare(cond, col, " <= ") : style_.never;
      case cmp::gt: return same_type ? compare(cond, col, " > ") : style_.never;
      case cmp::ge: return same_type ? compare(cond, col, " >= ") : style_.never;
    }
    return style_.never;
  }

  std::string conjunction(const std::vector<condition>& cs) {
    if (cs.empty()) return style_.always;
    std::string out;
    for (const auto& c : cs) out += (out.empty() ? "(" : " AND (") + term(c) + ")";
    return out;
  }

  // Records strictly after (v, id) in the scan order (nulls first ascending, last descending).
  std::string after(const query& q) {
    const auto& k = *q.after;
    const char* beyond = q.descending ? " < " : " > ";
    const value id(k.id);
    if (q.order_by == "id") return std::string("\"id\"") + beyond + style_.bind(id);
    const auto col = quote(q.order_by);
    if (k.order_value.is_null()) {
      std::string s = "(" + col + " IS NULL AND \"id\"" + beyond + style_.bind(id) + ")";
      return q.descending ? s : s + " OR " + col + " IS NOT NULL";
    }
    const auto v = style_.bind(k.order_value);
    std::string s = "(" + col + ", \"id\")" + beyond + "(" + v + ", " + style_.bind(id) + ")";
    if (style_.text_hint && type_of(q.order_by) == value_type::text && q.order_by != "id")
      s = "(" + s + " AND " + style_.text_hint(col, q.descending ? cmp::le : cmp::ge, v) + ")";
    return q.descending ? s + " OR " + col + " IS NULL" : s;
  }

 private:
  std::string compare(const condition& cond, const std::string& col, const char* op) {
    const auto p = style_.bind(cond.operand);
    std::string s = col + op + p;
    if (style_.text_hint && cond.operand.type() == value_type::text && cond.field != "id")
      s += " AND " + style_.text_hint(col, cond.op, p);
    return s;
  }

  const storage::schema& s_;
  const sql_where_style& style_;
};

}  // namespace

std::string quote(std::string_view identifier) {
  std::string out = "\"";
  for (char c : identifier) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + '"';
}

std::string sql_where(const query& q, const storage::schema& s, const sql_where_style& style) {
  where_writer w(s, style);
  std::string where;
  auto add = [&](const std::string& term) { where += (where.empty() ? " WHERE (" : " AND (") + term + ")"; };
  for (const auto& cond : q.where) add(w.term(cond));
  for (const auto& group : q.any) {
    std::string alts;
    for (const auto& alt : group.alternatives) alts += (alts.empty() ? "(" : " OR (") + w.conjunction(alt) + ")";
    add(alts.empty() ? style.never : alts);
  }
  if (q.after) add(w.after(q));
  return where;
}

}  // namespace itsm::detail
