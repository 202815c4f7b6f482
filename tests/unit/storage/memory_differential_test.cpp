// Index-planned scans must answer exactly what a brute-force filter over every record answers.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <random>

#include "itsm/core/time.hpp"
#include "storage_test_helpers.hpp"

using namespace itsm_test;

namespace {

// a int, b text (small domain), c int, d real (with NaN and -0.0), t time (with
// not-a-date-time), f bool. Nulls everywhere.
schema diff_schema(bool with_indexes) {
  schema s;
  s.kind = "thing";
  s.fields = {{"a", value_type::integer}, {"b", value_type::text}, {"c", value_type::integer},
              {"d", value_type::real},    {"t", value_type::time}, {"f", value_type::boolean}};
  if (with_indexes)
    s.indexes = {{"ia", {"a"}}, {"ibc", {"b", "c"}}, {"ibad", {"b", "a", "d"}}, {"it", {"t"}}, {"ifc", {"f", "c"}},
                 {"id_", {"d"}}};
  return s;
}

struct gen {
  std::mt19937_64 rng;
  explicit gen(std::uint64_t seed) : rng(seed) {}
  int uni(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); }
  bool chance(int pct) { return uni(1, 100) <= pct; }

  value field(std::size_t col) {
    if (chance(12)) return {};
    switch (col) {
      case 0: return uni(-5, 5);
      case 1: {
        static const char* words[] = {"", "a", "ab", "b", "net", "db", "a\x01"};
        const int w = uni(0, 7);
        if (w == 7) return std::string("a\0b", 3);
        return words[w];
      }
      case 2: return uni(0, 9);
      case 3: {
        if (chance(2)) return std::numeric_limits<double>::quiet_NaN();
        if (chance(3)) return -0.0;
        return uni(-4, 4) * 0.5;
      }
      case 4: {
        if (chance(2)) return timestamp();  // not-a-date-time
        return from_unix_micros(std::int64_t{1'700'000'000'000'000} + uni(0, 20) * std::int64_t{3'600'000'000});
      }
      default: return chance(50);
    }
  }
  value operand(std::size_t col) {
    if (chance(5)) return {};
    if (chance(4)) return col == 1 ? value(3) : value("zz");  // wrong type
    if (col == 3 && chance(3)) return 0.0;
    return field(col);
  }
  std::string id() { return "r" + std::to_string(uni(0, 4999)); }
};

const char* names[] = {"a", "b", "c", "d", "t", "f"};

query random_query(gen& g) {
  query q = query_of("thing");
  const int n = g.chance(5) ? 0 : g.uni(1, 3);
  for (int i = 0; i < n; ++i) {
    condition c;
    const bool on_id = g.chance(8);
    const std::size_t col = static_cast<std::size_t>(g.uni(0, 5));
    c.field = on_id ? "id" : names[col];
    c.op = static_cast<cmp>(g.uni(0, 6));
    auto opnd = [&] { return on_id ? (g.chance(90) ? value(g.id()) : value(7)) : g.operand(col); };
    if (c.op == cmp::in) {
      const int k = g.uni(1, 4);
      for (int j = 0; j < k; ++j) c.operands.push_back(opnd());
    } else {
      c.operand = opnd();
    }
    q.where.push_back(c);
  }
  // Prefer indexed prefixes: add an equality on b or f sometimes.
  if (g.chance(40)) q.where.push_back(condition{"b", cmp::eq, g.field(1), {}});
  if (g.chance(20)) q.where.push_back(condition{"f", cmp::eq, g.field(5), {}});
  static const char* orders[] = {"id", "a", "b", "c", "d", "t", "f"};
  q.order_by = orders[g.uni(0, 6)];
  q.descending = g.chance(30);
  q.limit = g.chance(50) ? static_cast<std::size_t>(g.uni(1, 40)) : 0;
  return q;
}

std::vector<record> brute_force(const std::map<std::string, record>& all, const schema& s, const query& q) {
  std::vector<const record*> hits;
  for (const auto& [id, r] : all) {
    bool ok = true;
    for (const auto& c : q.where) {
      const bool hit = c.field == "id" ? matches(c, value(r.id)) : matches(c, r.values[*s.field_index(c.field)]);
      if (!hit) {
        ok = false;
        break;
      }
    }
    if (ok) hits.push_back(&r);
  }
  const auto col = q.order_by == "id" ? std::optional<std::size_t>() : s.field_index(q.order_by);
  // Documented scan order: NaN / not-a-date-time sort after every other value of their type.
  auto odd = [](const value& v) {
    return (v.type() == value_type::real && std::isnan(v.as_real())) ||
           (v.type() == value_type::time && v.as_time().is_not_a_date_time());
  };
  std::sort(hits.begin(), hits.end(), [&](const record* x, const record* y) {
    if (col) {
      const value& a = x->values[*col];
      const value& b = y->values[*col];
      const auto o = (a.type() == b.type() && (odd(a) || odd(b))) ? odd(a) <=> odd(b) : a <=> b;
      if (o != 0) return q.descending ? o > 0 : o < 0;
    }
    return q.descending ? x->id > y->id : x->id < y->id;
  });
  if (q.limit && hits.size() > q.limit) hits.resize(q.limit);
  std::vector<record> out;
  for (const record* r : hits) out.push_back(*r);
  return out;
}

std::string describe(const query& q) {
  std::string s = "order_by=" + q.order_by + (q.descending ? " desc" : "") + " limit=" + std::to_string(q.limit);
  for (const auto& c : q.where) {
    s += " | " + c.field + " op" + std::to_string(static_cast<int>(c.op)) + " ";
    if (c.op == cmp::in)
      for (const auto& v : c.operands) s += "[" + v.to_display() + "]";
    else
      s += c.operand.to_display();
  }
  return s;
}

// Same record sets and order; NaN never equals itself, so two NaNs count as the same value.
bool same(const std::vector<record>& x, const std::vector<record>& y) {
  if (x.size() != y.size()) return false;
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (x[i].id != y[i].id || x[i].revision != y[i].revision || x[i].values.size() != y[i].values.size())
      return false;
    for (std::size_t j = 0; j < x[i].values.size(); ++j) {
      const value& a = x[i].values[j];
      const value& b = y[i].values[j];
      const bool both_nan = a.type() == value_type::real && b.type() == value_type::real &&
                            std::isnan(a.as_real()) && std::isnan(b.as_real());
      if (!(a == b) && !both_nan) return false;
    }
  }
  return true;
}

}  // namespace

TEST_CASE("memory scan: index plans agree with a brute-force filter", "[storage][memory][scan][differential]") {
  gen g(20260301);
  auto indexed = make_memory_backend();
  auto plain = make_memory_backend();
  indexed->register_schema(diff_schema(true));
  plain->register_schema(diff_schema(false));
  const schema s = diff_schema(true);

  std::map<std::string, record> truth;
  auto random_record = [&](std::string id, std::int64_t rev) {
    record r{std::move(id), rev, {}};
    for (std::size_t c = 0; c < 6; ++c) r.values.push_back(g.field(c));
    return r;
  };
  {
    auto ti = indexed->begin(tx_mode::read_write);
    auto tp = plain->begin(tx_mode::read_write);
    for (int i = 0; i < 2200; ++i) {
      record r = random_record(g.id(), 0);
      if (truth.count(r.id)) continue;
      ti->put("thing", r);
      tp->put("thing", r);
      r.revision = 1;
      truth.emplace(r.id, r);
    }
    ti->commit();
    tp->commit();
  }
  // Committed updates and erases, so index entries move; and new records added to the filled
  // indexes in the same commit (a large commit adds them in bulk, kind_store::insert_new).
  {
    auto ti = indexed->begin(tx_mode::read_write);
    std::map<std::string, record> added;
    for (int i = 0; i < 500; ++i) {
      record r = random_record(g.id(), 0);
      if (truth.count(r.id) || added.count(r.id)) continue;
      ti->put("thing", r);
      r.revision = 1;
      added.emplace(r.id, r);
    }
    int n = 0;
    for (auto it = truth.begin(); it != truth.end(); ++n) {
      if (n % 7 == 0) {
        ti->erase("thing", it->first, it->second.revision);
        it = truth.erase(it);
        continue;
      }
      if (n % 3 == 0) {
        record r = random_record(it->first, it->second.revision);
        ti->put("thing", r);
        r.revision += 1;
        it->second = r;
      }
      ++it;
    }
    ti->commit();
    REQUIRE(added.size() > 150);
    truth.merge(added);
  }

  auto check = [&](transaction& tx, const std::map<std::string, record>& expected, int queries) {
    for (int i = 0; i < queries; ++i) {
      const query q = random_query(g);
      if (!same(tx.scan(q), brute_force(expected, s, q))) FAIL("scan differs from brute force: " << describe(q));
    }
  };
  auto ro = indexed->begin(tx_mode::read_only);
  check(*ro, truth, 800);
  // The unindexed store only ever full-scans: it must agree too (on its own, older data).
  std::map<std::string, record> plain_truth;
  for (auto& r : plain->begin(tx_mode::read_only)->scan(query_of("thing"))) plain_truth.emplace(r.id, r);
  REQUIRE(plain_truth.size() > 1500);
  check(*plain->begin(tx_mode::read_only), plain_truth, 150);

  // Inside a write transaction with pending puts and erases.
  auto tx = indexed->begin(tx_mode::read_write);
  std::map<std::string, record> pending = truth;
  for (int i = 0; i < 400; ++i) {
    const std::string id = g.id();
    auto it = pending.find(id);
    if (it == pending.end()) {
      record r = random_record(id, 0);
      tx->put("thing", r);
      r.revision = 1;
      pending.emplace(id, r);
    } else if (g.chance(40)) {
      tx->erase("thing", id, it->second.revision);
      pending.erase(it);
    } else {
      record r = random_record(id, it->second.revision);
      tx->put("thing", r);
      r.revision += 1;
      it->second = r;
    }
  }
  check(*tx, pending, 250);
}
