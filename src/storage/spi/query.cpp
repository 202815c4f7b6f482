#include "itsm/storage/query.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "itsm/core/error.hpp"
#include "itsm/storage/schema.hpp"

namespace itsm::storage {

namespace {
query& add(query& q, std::string f, cmp op, value v) {
  q.where.push_back(condition{std::move(f), op, std::move(v), {}});
  return q;
}
}  // namespace

query& query::where_eq(std::string f, value v) { return add(*this, std::move(f), cmp::eq, std::move(v)); }
query& query::where_ne(std::string f, value v) { return add(*this, std::move(f), cmp::ne, std::move(v)); }
query& query::where_lt(std::string f, value v) { return add(*this, std::move(f), cmp::lt, std::move(v)); }
query& query::where_le(std::string f, value v) { return add(*this, std::move(f), cmp::le, std::move(v)); }
query& query::where_gt(std::string f, value v) { return add(*this, std::move(f), cmp::gt, std::move(v)); }
query& query::where_ge(std::string f, value v) { return add(*this, std::move(f), cmp::ge, std::move(v)); }
query& query::where_in(std::string f, std::vector<value> vs) {
  where.push_back(condition{std::move(f), cmp::in, value{}, std::move(vs)});
  return *this;
}

bool matches(const condition& c, const value& v) {
  switch (c.op) {
    case cmp::eq: return c.operand.is_null() ? v.is_null() : (!v.is_null() && v == c.operand);
    case cmp::ne: return c.operand.is_null() ? !v.is_null() : (!v.is_null() && v != c.operand);
    case cmp::in:
      return !v.is_null() && std::find(c.operands.begin(), c.operands.end(), v) != c.operands.end();
    default: break;
  }
  // Ordering comparisons: false when either side is null or the types differ.
  if (v.is_null() || c.operand.is_null() || v.type() != c.operand.type()) return false;
  const auto o = v <=> c.operand;
  switch (c.op) {
    case cmp::lt: return o < 0;
    case cmp::le: return o <= 0;
    case cmp::gt: return o > 0;
    case cmp::ge: return o >= 0;
    default: return false;
  }
}

}  // namespace itsm::storage

namespace itsm::storage {

namespace {
bool incomparable_value(const value& v) {
  if (v.type() == value_type::real) return v.as_real() != v.as_real();  // NaN
  return v.type() == value_type::time && v.as_time().is_not_a_date_time();
}

const value& null_value() {
  static const value v;
  return v;
}

bool all_hold(const std::vector<condition>& cs, const schema& s, std::string_view id, const std::vector<value>& values) {
  for (const auto& c : cs) {
    if (c.field == "id") {
      if (!matches(c, value(id))) return false;
      continue;
    }
    const auto i = s.field_index(c.field);
    if (!matches(c, i && *i < values.size() ? values[*i] : null_value())) return false;
  }
  return true;
}

value_type type_of(const schema& s, const std::string& field, std::string_view what) {
  if (field == "id") return value_type::text;
  if (auto i = s.field_index(field)) return s.fields[*i].type;
  throw_error(errc::invalid_argument, fmt::format("scan of '{}': unknown field '{}' in {}", s.kind, field, what));
}

void check_conditions(const schema& s, const std::vector<condition>& cs) {
  for (const auto& c : cs) {
    type_of(s, c.field, "a condition");
    if (c.op == cmp::in && c.operands.empty())
      throw_error(errc::invalid_argument, fmt::format("scan of '{}': 'in' on '{}' without operands", s.kind, c.field));
  }
}
}  // namespace

std::strong_ordering scan_order(const value& a, std::string_view a_id, const value& b, std::string_view b_id) {
  if (a.type() == b.type()) {
    const bool ia = incomparable_value(a), ib = incomparable_value(b);
    if (ia || ib) {
      if (const auto o = ia <=> ib; o != 0) return o;
    } else if (const auto o = a <=> b; o != 0) {
      return o;
    }
  } else if (const auto o = a <=> b; o != 0) {
    return o;
  }
  const int c = a_id.compare(b_id);
  return c < 0 ? std::strong_ordering::less : c > 0 ? std::strong_ordering::greater : std::strong_ordering::equal;
}

bool matches(const query& q, const schema& s, std::string_view id, const std::vector<value>& values) {
  if (!all_hold(q.where, s, id, values)) return false;
  for (const auto& group : q.any)
    if (std::none_of(group.alternatives.begin(), group.alternatives.end(),
                     [&](const std::vector<condition>& alt) { return all_hold(alt, s, id, values); }))
      return false;
  if (!q.after) return true;
  value own(id);
  const value* v = &own;
  if (q.order_by != "id") {
    const auto i = s.field_index(q.order_by);
    v = i && *i < values.size() ? &values[*i] : &null_value();
  }
  const auto o = scan_order(*v, id, q.after->order_value, q.after->id);
  return q.descending ? o < 0 : o > 0;
}

void check_query(const query& q, const schema& s) {
  check_conditions(s, q.where);
  for (const auto& group : q.any)
    for (const auto& alt : group.alternatives) check_conditions(s, alt);
  const auto t = type_of(s, q.order_by, "order_by");
  if (q.after && !q.after->order_value.is_null() && q.after->order_value.type() != t)
    throw_error(errc::invalid_argument,
                fmt::format("scan of '{}': the keyset value for '{}' is a {}, not a {}", s.kind, q.order_by,
                            to_string(q.after->order_value.type()), to_string(t)));
}

}  // namespace itsm::storage

namespace itsm::storage {

any_of after_as_any_of(const query& q) {
  const keyset& k = *q.after;
  const cmp beyond = q.descending ? cmp::lt : cmp::gt;
  const value id(k.id);
  any_of out;
  auto alt = [&](std::vector<condition> cs) { out.alternatives.push_back(std::move(cs)); };
  if (q.order_by == "id") {
    alt({condition{"id", beyond, id, {}}});
    return out;
  }
  const std::string& f = q.order_by;
  if (k.order_value.is_null()) {
    alt({condition{f, cmp::eq, value{}, {}}, condition{"id", beyond, id, {}}});  // the other nulls
    if (!q.descending) alt({condition{f, cmp::ne, value{}, {}}});                 // nulls sort first
    return out;
  }
  alt({condition{f, beyond, k.order_value, {}}});
  alt({condition{f, cmp::eq, k.order_value, {}}, condition{"id", beyond, id, {}}});
  if (q.descending) alt({condition{f, cmp::eq, value{}, {}}});
  return out;
}

}  // namespace itsm::storage
