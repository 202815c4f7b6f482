#include "itsm/storage/query.hpp"

#include <algorithm>

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
