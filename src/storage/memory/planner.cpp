#include "planner.hpp"

#include <algorithm>
#include <boost/container/small_vector.hpp>
#include <fmt/format.h>

#include "itsm/core/error.hpp"

namespace itsm::storage::detail {

namespace {

namespace bc = boost::container;

constexpr std::size_t id_col = static_cast<std::size_t>(-1);
constexpr std::size_t max_prefixes = 256;  // cap on eq × in combinations looked up separately
constexpr std::size_t hashed_probe = 32;   // larger equal groups are walked in id order instead
constexpr int none = -1;

const value& value_at(const std::vector<value>& v, std::size_t col) {
  return col < v.size() ? v[col] : null_value();
}

struct rcond {
  const condition* c;
  std::size_t col;
};

struct hit {
  const std::string* id;
  const std::vector<value>* vals;
  std::int64_t rev;
};

bool is_range(cmp op) { return op == cmp::lt || op == cmp::le || op == cmp::gt || op == cmp::ge; }
bool is_lower(cmp op) { return op == cmp::gt || op == cmp::ge; }

// True when no value of type `t` (or the id) can satisfy the condition.
bool impossible(const rcond& rc, value_type t) {
  const condition& c = *rc.c;
  switch (c.op) {
    case cmp::eq: return c.operand.is_null() ? rc.col == id_col : c.operand.type() != t;
    case cmp::ne: return false;
    case cmp::in:
      return std::none_of(c.operands.begin(), c.operands.end(),
                          [&](const value& v) { return !v.is_null() && v.type() == t; });
    default: return c.operand.is_null() || c.operand.type() != t;
  }
}

// The access path for the committed rows, chosen from the conditions' shapes before any key is
// encoded: id point lookups, a secondary index (equality prefix, then an optional range on the
// next field), an id range, or a full scan.
struct access {
  enum { full, id_points, id_range, index } how = full;
  const sec_index* ix = nullptr;
  bc::small_vector<int, 8> eq;  // per index field of the prefix: the eq/in condition answering it
  int lo = none;                // gt/ge on the field after the prefix (or on the id)
  int hi = none;                // lt/le
  int point = none;             // id eq/in
  int score = 0;
};

class planner {
 public:
  planner(const kind_store& ks, const query& q, const overlay* pending)
      : ks_(ks), s_(ks.sch()), q_(q), pending_(pending && !pending->empty() ? pending : nullptr) {}

  std::vector<record> run() {
    if (!collect()) return {};
    order();
    std::vector<record> out;
    out.reserve(hits_.size());
    const std::size_t nf = s_.fields.size();
    for (const hit& h : hits_)
      out.push_back(record{*h.id, h.rev, h.vals->size() < nf ? padded(s_, *h.vals) : *h.vals});
    return out;
  }

  // How many records match (q.limit is ignored: the caller passes a query without one).
  std::size_t count() { return collect() ? hits_.size() : 0; }

 private:
  value_type type_of(std::size_t col) const { return col == id_col ? value_type::text : s_.fields[col].type; }

  std::size_t column(const std::string& name) const {
    if (name == "id") return id_col;
    if (auto i = s_.field_index(name)) return *i;
    throw_error(errc::invalid_argument, fmt::format("scan of '{}': unknown field '{}'", s_.kind, name));
  }

  void resolve() {
    for (const auto& c : q_.where) {
      conds_.push_back({&c, column(c.field)});
      if (c.op == cmp::in && c.operands.empty())
        throw_error(errc::invalid_argument,
                    fmt::format("scan of '{}': 'in' on '{}' without operands", s_.kind, c.field));
    }
    order_col_ = column(q_.order_by);
    if (!q_.after) return;
    // Records after the keyset are at or beyond its value in ascending order (nulls sort first,
    // so only a non-null value bounds them; descending, nulls follow, so only the id does).
    const keyset& k = *q_.after;
    if (order_col_ == id_col) {
      implied_ = condition{"id", q_.descending ? cmp::le : cmp::ge, value(k.id), {}};
    } else if (!q_.descending && !k.order_value.is_null() && !incomparable(k.order_value) &&
               !ks_.has_incomparable(order_col_)) {  // NaN sorts last but compares with nothing
      implied_ = condition{q_.order_by, cmp::ge, k.order_value, {}};
    }
    if (implied_) conds_.push_back({&*implied_, order_col_});
  }

  // The query's disjunctions and keyset, which no access path answers.
  bool tail_ok(const std::string& id, const std::vector<value>& vals) const {
    if (!q_.any.empty()) {
      for (const auto& group : q_.any) {
        bool one = false;
        for (const auto& alt : group.alternatives) {
          one = std::all_of(alt.begin(), alt.end(), [&](const condition& c) {
            return c.field == "id" ? matches(c, value(id)) : matches(c, value_at(vals, *s_.field_index(c.field)));
          });
          if (one) break;
        }
        if (!one) return false;
      }
    }
    if (!q_.after) return true;
    const auto& k = *q_.after;
    const auto o = order_col_ == id_col ? scan_order(value(), id, value(), k.id)
                                        : scan_order(value_at(vals, order_col_), id, k.order_value, k.id);
    return q_.descending ? o < 0 : o > 0;
  }

  // Every matching record into hits_ (unordered, unless the walk was in order); false when the
  // conditions cannot hold.
  bool collect() {
    check_query(q_, s_);
    resolve();
    for (const auto& rc : conds_)
      if (impossible(rc, type_of(rc.col))) return false;
    choose();
    collect_committed();
    if (pending_) collect_pending();
    return true;
  }

  // ---- choosing ------------------------------------------------------------------------------

  // How many index keys condition i contributes as an equality (0 = it cannot).
  std::size_t eq_width(std::size_t i) const {
    const condition& c = *conds_[i].c;
    if (c.op == cmp::eq) return incomparable(c.operand) ? 0 : 1;
    if (c.op != cmp::in) return 0;
    for (const auto& v : c.operands)
      if (incomparable(v)) return 0;
    return c.operands.size();  // an upper bound: nulls and other types are dropped later
  }

  bool range_ok(std::size_t i, std::size_t col) const {
    const condition& c = *conds_[i].c;
    return conds_[i].col == col && is_range(c.op) && !incomparable(c.operand) &&
           (col == id_col || !ks_.has_incomparable(col));
  }

  void find_range(std::size_t col, access& a) const {
    for (std::size_t i = 0; i < conds_.size(); ++i) {
      if (!range_ok(i, col)) continue;
      int& slot = is_lower(conds_[i].c->op) ? a.lo : a.hi;
      if (slot == none) slot = static_cast<int>(i);
    }
  }

  access shape_of(const sec_index& ix) const {
    access a;
    a.how = access::index;
    a.ix = &ix;
    std::size_t combos = 1;
    for (std::size_t col : ix.cols) {
      int which = none;
      std::size_t width = 0;
      for (int pass = 0; pass < 2 && which == none; ++pass)  // prefer eq over in
        for (std::size_t i = 0; i < conds_.size() && which == none; ++i)
          if (conds_[i].col == col && conds_[i].c->op == (pass == 0 ? cmp::eq : cmp::in) && (width = eq_width(i)))
            which = static_cast<int>(i);
      if (which == none || combos * width > max_prefixes) break;
      combos *= width;
      a.eq.push_back(which);
    }
    if (a.eq.size() < ix.cols.size()) find_range(ix.cols[a.eq.size()], a);
    a.score = static_cast<int>(a.eq.size()) * 4 + ((a.lo != none || a.hi != none) ? 2 : 0) +
              (a.eq.size() == ix.cols.size() ? 1 : 0);
    return a;
  }

  void choose() {
    for (std::size_t i = 0; i < conds_.size(); ++i) {
      const cmp op = conds_[i].c->op;
      if (conds_[i].col == id_col && (op == cmp::eq || op == cmp::in)) {
        acc_.how = access::id_points;
        acc_.point = static_cast<int>(i);
        break;
      }
    }
    if (acc_.how != access::id_points) {
      access best;
      for (const auto& ix : ks_.indexes()) {
        access a = shape_of(*ix);
        if (a.score > best.score) best = a;
      }
      access idr;
      find_range(id_col, idr);
      const bool id_range = idr.lo != none || idr.hi != none;
      if (best.score > 2 || (best.score > 0 && !id_range)) {
        acc_ = best;
      } else if (id_range) {
        acc_ = idr;
        acc_.how = access::id_range;
      }
    }
    bc::small_vector<char, 16> used(conds_.size(), 0);
    for (int i : acc_.eq) used[static_cast<std::size_t>(i)] = 1;
    for (int i : {acc_.lo, acc_.hi, acc_.point})
      if (i != none) used[static_cast<std::size_t>(i)] = 1;
    for (std::size_t i = 0; i < conds_.size(); ++i)
      if (!used[i]) residual_.push_back(conds_[i]);
  }

  const condition* cond(int i) const { return i == none ? nullptr : conds_[static_cast<std::size_t>(i)].c; }

  // The encoded equality prefixes of the chosen index (several when `in` lists are involved).
  bc::small_vector<std::string, 1> prefixes() const {
    bc::small_vector<std::string, 1> out(1);  // short keys stay in the string's own buffer
    for (int i : acc_.eq) {
      const condition& c = *cond(i);
      if (c.op == cmp::eq) {
        for (auto& p : out) append_key(p, c.operand);
        continue;
      }
      const value_type t = type_of(conds_[static_cast<std::size_t>(i)].col);
      std::vector<std::string> keys;
      for (const auto& v : c.operands) {
        if (v.is_null() || v.type() != t) continue;
        keys.emplace_back();
        append_key(keys.back(), v);
      }
      std::sort(keys.begin(), keys.end());
      keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
      bc::small_vector<std::string, 1> next;
      for (const auto& p : out)
        for (const auto& k : keys) next.push_back(p + k);
      out.swap(next);
    }
    return out;
  }

  // ---- collecting ----------------------------------------------------------------------------

  bool residual_ok(const std::string& id, const std::vector<value>& vals) const {
    for (const auto& rc : residual_)
      if (rc.col == id_col ? !matches(*rc.c, value(id)) : !matches(*rc.c, value_at(vals, rc.col))) return false;
    return tail_ok(id, vals);
  }

  // Returns false once the limit is reached on an early-stopping walk.
  bool visit(const row& r) {
    if (pending_ && pending_->find(r.id) != pending_->end()) return true;
    if (!residual_ok(r.id, r.values)) return true;
    hits_.push_back({&r.id, &r.values, r.revision});
    return !(stop_at_ && hits_.size() >= stop_at_);
  }

  template <class It, class Fn>
  static void walk(It first, It last, bool backward, Fn&& fn) {
    if (!backward) {
      for (; first != last; ++first)
        if (!fn(*first)) return;
    } else {
      while (last != first)
        if (!fn(*--last)) return;
    }
  }

  // prefix + operand, or the smallest key above every key starting with it.
  static std::optional<std::string> bound_key(const std::string& prefix, const condition& c, bool successor) {
    std::string k = prefix;
    append_key(k, c.operand);
    return successor ? prefix_successor(k) : std::optional<std::string>(std::move(k));
  }

  void walk_index_range(const std::string& p, bool in_order) {
    const auto& set = acc_.ix->set.get<0>();
    const condition* lo = cond(acc_.lo);
    const condition* hi = cond(acc_.hi);
    std::string lower = p;
    if (lo) {
      auto b = bound_key(p, *lo, lo->op == cmp::gt);
      if (!b) return;  // nothing sorts above the bound
      lower = std::move(*b);
    } else if (hi) {
      lower.push_back(key_tag_present);  // ordering comparisons never match nulls
    }
    std::optional<std::string> upper = hi ? bound_key(p, *hi, hi->op == cmp::le) : std::nullopt;
    if (!upper) upper = prefix_successor(p);
    if (upper && lower >= *upper) return;
    auto first = set.lower_bound(std::string_view(lower));
    auto last = upper ? set.lower_bound(std::string_view(*upper)) : set.end();
    walk(first, last, in_order && q_.descending, [&](const entry& e) { return visit(*e.r); });
  }

  void collect_index(bool in_order) {
    const sec_index& ix = *acc_.ix;
    const bool full_eq = acc_.eq.size() == ix.cols.size();
    for (const auto& p : prefixes()) {
      if (full_eq && !in_order) {
        // Small groups: hashed lookup. Large ones: the ordered walk yields them in id order.
        const std::size_t mark = hits_.size();
        const auto& hs = ix.set.get<1>();
        auto [it, end] = hs.equal_range(std::string_view(p));
        std::size_t n = 0;
        for (; it != end && n <= hashed_probe; ++it, ++n) visit(*it->r);
        if (n <= hashed_probe) continue;
        hits_.resize(mark);
      }
      walk_index_range(p, in_order);
    }
  }

  void collect_id_range(bool in_order) {
    const auto& set = ks_.rows().get<1>();
    auto first = set.begin();
    auto last = set.end();
    if (const condition* lo = cond(acc_.lo)) {
      const auto& o = lo->operand.as_text();
      first = lo->op == cmp::ge ? set.lower_bound(o) : set.upper_bound(o);
    }
    if (const condition* hi = cond(acc_.hi)) {
      const auto& o = hi->operand.as_text();
      last = hi->op == cmp::lt ? set.lower_bound(o) : set.upper_bound(o);
    }
    if (first == set.end() || (last != set.end() && first->id > last->id)) return;
    walk(first, last, in_order && q_.descending, [&](const row& r) { return visit(r); });
  }

  void collect_id_points() {
    const condition& c = *cond(acc_.point);
    if (c.op == cmp::eq) {
      if (const row* r = ks_.find(c.operand.as_text())) visit(*r);
      return;
    }
    std::vector<std::string_view> ids;
    for (const auto& v : c.operands)
      if (v.type() == value_type::text) ids.push_back(v.as_text());
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    for (auto id : ids)
      if (const row* r = ks_.find(id)) visit(*r);
  }

  void collect_committed() {
    switch (acc_.how) {
      case access::id_points: collect_id_points(); return;
      case access::index: {
        const std::size_t n = acc_.ix->cols.size();
        const std::size_t eq = acc_.eq.size();
        bool single = true;
        for (int i : acc_.eq)
          if (cond(i)->op == cmp::in && cond(i)->operands.size() > 1) single = false;
        // One contiguous key range whose order is the requested one: stop at the limit.
        const bool in_order = single && ((order_col_ == id_col && eq == n) ||
                                         (eq + 1 == n && order_col_ == acc_.ix->cols[n - 1]));
        if (in_order && !pending_) stop_at_ = q_.limit;
        collect_index(in_order && q_.limit != 0);
        return;
      }
      case access::id_range: {
        const bool in_order = order_col_ == id_col;
        if (in_order && !pending_) stop_at_ = q_.limit;
        collect_id_range(in_order);
        return;
      }
      case access::full: break;
    }
    // Full scan. With a limit, walk an order that already matches the requested one.
    if (q_.limit != 0 && !pending_) {
      if (order_col_ == id_col) {
        stop_at_ = q_.limit;
        collect_id_range(true);
        return;
      }
      for (const auto& ix : ks_.indexes()) {
        if (ix->cols.size() != 1 || ix->cols[0] != order_col_) continue;
        stop_at_ = q_.limit;
        const auto& set = ix->set.get<0>();
        walk(set.begin(), set.end(), q_.descending, [&](const entry& e) { return visit(*e.r); });
        return;
      }
    }
    hits_.reserve(ks_.rows().size());
    for (const row& r : ks_.rows()) visit(r);
  }

  void collect_pending() {
    for (const auto& [id, rec] : *pending_) {
      if (!rec) continue;
      bool ok = true;
      for (const auto& rc : conds_) {
        if (implied_ && rc.c == &*implied_) continue;  // tail_ok checks the keyset itself
        if (!matches(*rc.c, rc.col == id_col ? value(id) : value_at(rec->values, rc.col))) {
          ok = false;
          break;
        }
      }
      if (ok && tail_ok(id, rec->values)) hits_.push_back({&rec->id, &rec->values, rec->revision});
    }
  }

  // ---- ordering ------------------------------------------------------------------------------

  void order() {
    const std::size_t col = order_col_;
    auto asc = [col](const hit& x, const hit& y) {
      if (col != id_col) {
        const auto o = sort_compare(value_at(*x.vals, col), value_at(*y.vals, col));
        if (o != 0) return o < 0;
      }
      return *x.id < *y.id;
    };
    auto less = [&](const hit& x, const hit& y) { return q_.descending ? asc(y, x) : asc(x, y); };
    const std::size_t limit = q_.limit;
    if (limit != 0 && hits_.size() > limit) {
      if (!std::is_sorted(hits_.begin(), hits_.end(), less))
        std::partial_sort(hits_.begin(), hits_.begin() + static_cast<std::ptrdiff_t>(limit), hits_.end(), less);
      hits_.resize(limit);
      return;
    }
    // Index walks yield a few sorted runs (one per prefix or range value): merge those.
    bc::small_vector<std::size_t, 17> starts;
    for (std::size_t i = 1; i < hits_.size() && starts.size() <= 16; ++i)
      if (less(hits_[i], hits_[i - 1])) starts.push_back(i);
    if (starts.empty()) return;
    if (starts.size() > 16) {
      std::sort(hits_.begin(), hits_.end(), less);
      return;
    }
    starts.push_back(hits_.size());
    for (std::size_t k = 1; k < starts.size(); ++k)
      std::inplace_merge(hits_.begin(), hits_.begin() + static_cast<std::ptrdiff_t>(starts[k - 1]),
                         hits_.begin() + static_cast<std::ptrdiff_t>(starts[k]), less);
  }

  const kind_store& ks_;
  const schema& s_;
  const query& q_;
  const overlay* pending_;
  std::optional<condition> implied_;  // a bound the keyset implies, answered like a condition
  bc::small_vector<rcond, 8> conds_;
  bc::small_vector<rcond, 8> residual_;
  std::size_t order_col_ = id_col;
  access acc_;
  bc::small_vector<hit, 16> hits_;
  std::size_t stop_at_ = 0;
};

}  // namespace

std::vector<value> padded(const schema& s, const std::vector<value>& vals) {
  std::vector<value> out;
  out.reserve(std::max(s.fields.size(), vals.size()));
  out = vals;
  if (out.size() < s.fields.size()) out.resize(s.fields.size());
  return out;
}

std::vector<record> run_scan(const kind_store& ks, const query& q, const overlay* pending) {
  return planner(ks, q, pending).run();
}

std::uint64_t run_count(const kind_store& ks, const query& q, const overlay* pending) {
  if (q.limit == 0) return planner(ks, q, pending).count();
  query all = q;
  all.limit = 0;
  return planner(ks, all, pending).count();
}

}  // namespace itsm::storage::detail
