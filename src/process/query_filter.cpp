#include "query_filter.hpp"

#include <fmt/format.h>

#include <cmath>

#include "itsm/core/error.hpp"
#include "itsm/core/text.hpp"

namespace itsm {

using detail::filter_access;
using detail::filter_node;
using storage::cmp;
using storage::condition;

namespace {

constexpr std::size_t max_alternatives = 64;

filter leaf(const std::string& field, std::string wrote, std::vector<condition> conds, bool text_only = false) {
  auto n = std::make_shared<filter_node>();
  n->is = filter_node::shape::leaf;
  n->field = field;
  n->wrote = std::move(wrote);
  n->text_only = text_only;
  n->conds = std::move(conds);
  return filter_access::make(std::move(n));
}

filter combine(const filter& a, const filter& b, filter_node::shape how) {
  const auto* x = filter_access::node(a);
  const auto* y = filter_access::node(b);
  const bool x_every = x == nullptr || x->is == filter_node::shape::every;
  const bool y_every = y == nullptr || y->is == filter_node::shape::every;
  if (how == filter_node::shape::all_of) {  // every && f == f
    if (x_every) return b;
    if (y_every) return a;
  } else if (x_every || y_every) {  // every || f == every
    return filter();
  }
  auto n = std::make_shared<filter_node>();
  n->is = how;
  for (const auto* side : {x, y}) {
    if (side->is == how)  // flatten (a && b) && c
      n->children.insert(n->children.end(), side->children.begin(), side->children.end());
    else
      n->children.push_back(side == x ? filter_access::node_ptr(a) : filter_access::node_ptr(b));
  }
  return filter_access::make(std::move(n));
}

// The smallest text above every text starting with `p` (bytewise), or "" when there is none.
std::string successor(std::string p) {
  while (!p.empty() && static_cast<unsigned char>(p.back()) == 0xff) p.pop_back();
  if (!p.empty()) p.back() = static_cast<char>(static_cast<unsigned char>(p.back()) + 1);
  return p;
}

}  // namespace

filter::filter() = default;

filter operator&&(const filter& a, const filter& b) { return combine(a, b, filter_node::shape::all_of); }
filter operator||(const filter& a, const filter& b) { return combine(a, b, filter_node::shape::one_of); }

filter field::eq(value v) const { return leaf(name_, "eq", {condition{name_, cmp::eq, std::move(v), {}}}); }
filter field::ne(value v) const { return leaf(name_, "ne", {condition{name_, cmp::ne, std::move(v), {}}}); }
filter field::lt(value v) const { return leaf(name_, "lt", {condition{name_, cmp::lt, std::move(v), {}}}); }
filter field::le(value v) const { return leaf(name_, "le", {condition{name_, cmp::le, std::move(v), {}}}); }
filter field::gt(value v) const { return leaf(name_, "gt", {condition{name_, cmp::gt, std::move(v), {}}}); }
filter field::ge(value v) const { return leaf(name_, "ge", {condition{name_, cmp::ge, std::move(v), {}}}); }
filter field::between(value low, value high) const {
  return leaf(name_, "between",
              {condition{name_, cmp::ge, std::move(low), {}}, condition{name_, cmp::le, std::move(high), {}}});
}
filter field::in(std::vector<value> vs) const {
  if (vs.empty()) throw_error(errc::invalid_argument, fmt::format("filter on '{}': in() needs at least one value", name_));
  return leaf(name_, "in", {condition{name_, cmp::in, value{}, std::move(vs)}});
}
filter field::starts_with(std::string prefix) const {
  std::vector<condition> conds{condition{name_, cmp::ge, value(prefix), {}}};
  if (auto above = successor(prefix); !above.empty()) conds.push_back(condition{name_, cmp::lt, value(std::move(above)), {}});
  return leaf(name_, "starts_with", std::move(conds), true);
}
filter field::is_null() const { return leaf(name_, "is_null", {condition{name_, cmp::eq, value{}, {}}}); }
filter field::is_not_null() const { return leaf(name_, "is_not_null", {condition{name_, cmp::ne, value{}, {}}}); }

}  // namespace itsm

namespace itsm::detail {

namespace {

using alternatives = std::vector<std::vector<condition>>;

value_type type_of(const storage::schema& s, const std::string& f) {
  return f == "id" ? value_type::text : s.fields[*s.field_index(f)].type;
}

std::string indexed_list(const storage::schema& s) {
  std::string out = "id";
  for (const auto& fd : s.fields)
    if (is_indexed(s, fd.name)) out += ", " + fd.name;
  return out;
}

// `given`: the caller wrote the value (a prefix's upper bound is made here and need not be UTF-8).
void check_value(const storage::schema& s, const filter_node& n, const value& v, bool null_ok, bool given = true) {
  const auto t = type_of(s, n.field);
  if (v.is_null()) {
    if (null_ok) return;
    throw_error(errc::invalid_argument,
                fmt::format("query of {}: '{}' {} needs a value, not null (use is_null)", s.kind, n.field, n.wrote));
  }
  if (v.type() != t)
    throw_error(errc::invalid_argument, fmt::format("query of {}: field '{}' holds {} values, not {} ({})", s.kind,
                                                    n.field, to_string(t), to_string(v.type()), v.to_display()));
  // No stored text is other than UTF-8 (kind_def::encode), so such a value is a caller's mistake.
  if (given && t == value_type::text) require_utf8(v.as_text(), fmt::format("query of {}: the value for '{}'", s.kind, n.field));
  if ((t == value_type::time && v.as_time().is_special()) || (t == value_type::real && !std::isfinite(v.as_real())))
    throw_error(errc::invalid_argument, fmt::format("query of {}: the value for '{}' is {}, which no record holds",
                                                    s.kind, n.field, v.to_display()));
}

void check_leaf(const storage::schema& s, const filter_node& n) {
  if (n.field != "id" && !s.field_index(n.field))
    throw_error(errc::invalid_argument, fmt::format("query of {}: unknown field '{}'", s.kind, n.field));
  if (!is_indexed(s, n.field))
    throw_error(errc::invalid_argument, fmt::format("query of {}: field '{}' is not indexed, so it cannot be filtered on "
                                                    "(indexed: {})",
                                                    s.kind, n.field, indexed_list(s)));
  if (n.text_only && type_of(s, n.field) != value_type::text)
    throw_error(errc::invalid_argument,
                fmt::format("query of {}: starts_with needs a text field; '{}' holds {} values", s.kind, n.field,
                            to_string(type_of(s, n.field))));
  for (const auto& c : n.conds) {
    if (c.op == cmp::in) {
      for (const auto& v : c.operands) check_value(s, n, v, false);
    } else {
      check_value(s, n, c.operand, c.op == cmp::eq || c.op == cmp::ne, !n.text_only || &c == &n.conds.front());
    }
  }
}

alternatives expand(const storage::schema& s, const filter_node& n) {
  switch (n.is) {
    case filter_node::shape::every: return alternatives(1);
    case filter_node::shape::leaf: check_leaf(s, n); return alternatives{n.conds};
    case filter_node::shape::one_of: {
      alternatives out;
      for (const auto& c : n.children) {
        auto more = expand(s, *c);
        out.insert(out.end(), more.begin(), more.end());
        if (out.size() > max_alternatives) break;
      }
      if (out.size() > max_alternatives)
        throw_error(errc::invalid_argument, fmt::format("query of {}: the filter expands to more than {} alternatives; "
                                                        "use in() for lists of values",
                                                        s.kind, max_alternatives));
      return out;
    }
    case filter_node::shape::all_of: {
      alternatives out(1);
      for (const auto& c : n.children) {
        const auto more = expand(s, *c);
        if (out.size() * more.size() > max_alternatives)
          throw_error(errc::invalid_argument, fmt::format("query of {}: the filter expands to more than {} alternatives",
                                                          s.kind, max_alternatives));
        alternatives next;
        for (const auto& a : out)
          for (const auto& b : more) {
            next.push_back(a);
            next.back().insert(next.back().end(), b.begin(), b.end());
          }
        out.swap(next);
      }
      return out;
    }
  }
  return {};
}

void lower_node(const filter_node& n, const storage::schema& s, storage::query& q) {
  switch (n.is) {
    case filter_node::shape::every: return;
    case filter_node::shape::leaf:
      check_leaf(s, n);
      q.where.insert(q.where.end(), n.conds.begin(), n.conds.end());
      return;
    case filter_node::shape::all_of:
      for (const auto& c : n.children) lower_node(*c, s, q);
      return;
    case filter_node::shape::one_of: {
      auto alts = expand(s, n);
      for (const auto& a : alts)
        if (a.empty()) return;  // one alternative always holds
      q.any.push_back(storage::any_of{std::move(alts)});
      return;
    }
  }
}

void put_text(std::string& out, std::string_view text) {
  out += std::to_string(text.size());
  out += ':';
  out += text;
}

void put_value(std::string& out, const value& v) {
  put_text(out, to_string(v.type()));
  put_text(out, v.to_display());
}

void put_condition(std::string& out, const condition& c) {
  put_text(out, c.field);
  out += static_cast<char>('0' + static_cast<int>(c.op));
  if (c.op == cmp::in) {
    out += std::to_string(c.operands.size()) + "[";
    for (const auto& v : c.operands) put_value(out, v);
  } else {
    put_value(out, c.operand);
  }
}

}  // namespace

bool is_indexed(const storage::schema& s, const std::string& field) {
  if (field == "id") return true;
  for (const auto& ix : s.indexes)
    for (const auto& f : ix.fields)
      if (f == field) return true;
  return false;
}

void lower_filter(const filter& f, const storage::schema& s, storage::query& q) {
  if (const auto* n = filter_access::node(f)) lower_node(*n, s, q);
}

std::string canonical_text(const storage::query& q) {
  std::string out;
  put_text(out, q.kind);
  out += "w" + std::to_string(q.where.size());
  for (const auto& c : q.where) put_condition(out, c);
  out += "a" + std::to_string(q.any.size());
  for (const auto& g : q.any) {
    out += "g" + std::to_string(g.alternatives.size());
    for (const auto& alt : g.alternatives) {
      out += "c" + std::to_string(alt.size());
      for (const auto& c : alt) put_condition(out, c);
    }
  }
  put_text(out, q.order_by);
  out += q.descending ? 'd' : 'a';
  return out;
}

}  // namespace itsm::detail
