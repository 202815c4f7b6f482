// Conformance groups: disjunctions (query::any), keyset paging (query::after) — complete,
// ordered and stable while another writer inserts — and count().
#include <algorithm>
#include <limits>
#include <random>
#include <set>

#include "kit.hpp"

namespace itsm::testing::conformance {

using namespace detail;
using storage::any_of;
using storage::cmp;
using storage::condition;
using storage::keyset;
using storage::query;
using storage::tx_mode;

namespace {

// A few operands per field: stored values, null, and one beyond the stored ones.
value pick(std::mt19937& rng, const schema& s, const std::vector<record>& data, const std::string& field) {
  if (rng() % 6 == 0) return value{};
  return field_value(s, data[rng() % data.size()], field);
}

condition random_condition(std::mt19937& rng, const schema& s, const std::vector<record>& data) {
  const auto fields = scan_fields(s);
  const auto& field = fields[rng() % fields.size()];
  const auto op = static_cast<cmp>(rng() % 7);
  condition c{field, op, pick(rng, s, data, field), {}};
  if (op == cmp::in)
    for (int k = 0; k < 1 + static_cast<int>(rng() % 3); ++k) c.operands.push_back(pick(rng, s, data, field));
  return c;
}

any_of random_any(std::mt19937& rng, const schema& s, const std::vector<record>& data) {
  any_of g;
  const int alts = static_cast<int>(rng() % 4);  // 0 alternatives: nothing matches
  for (int a = 0; a < alts; ++a) {
    std::vector<condition> alt;
    const int n = 1 + static_cast<int>(rng() % 2);
    for (int c = 0; c < n; ++c) alt.push_back(random_condition(rng, s, data));
    g.alternatives.push_back(std::move(alt));
  }
  return g;
}

// The scan against the reference, and the count of the same query without its limit.
void check_same(storage::transaction& tx, const schema& s, const std::vector<record>& data, const query& q) {
  check_scan(tx, s, data, q);
  auto all = q;
  all.limit = 0;
  INFO(describe(q));
  CHECK(tx.count(q) == oracle(s, data, all).size());
}

keyset position_of(const schema& s, const query& q, const record& r) {
  return keyset{field_value(s, r, q.order_by), r.id};
}

// Walks q page by page through `after`; returns the ids in the order seen.
std::vector<std::string> walk_pages(storage::transaction& tx, const schema& s, query q, std::size_t page) {
  q.limit = page;
  std::vector<std::string> seen;
  for (int guard = 0; guard < 1000; ++guard) {
    const auto got = tx.scan(q);
    for (const auto& r : got) seen.push_back(r.id);
    if (got.size() < page) break;
    q.after = position_of(s, q, got.back());
  }
  return seen;
}

}  // namespace

void disjunctions(const store_opener& open, const conformance_options&) {
  auto be = open_fresh(open, "disjunctions");
  const auto s = ticket_schema();
  be->register_schema(s);
  const auto data = put_all(*be, "ticket", ticket_data());
  auto tx = be->begin(tx_mode::read_only);
  const auto fields = scan_fields(s);

  std::mt19937 rng(20001);
  for (int n = 0; n < 300; ++n) {
    auto q = on("ticket");
    for (int c = 0; c < static_cast<int>(rng() % 2); ++c) q.where.push_back(random_condition(rng, s, data));
    const int groups = 1 + static_cast<int>(rng() % 2);
    for (int g = 0; g < groups; ++g) q.any.push_back(random_any(rng, s, data));
    q.order_by = fields[rng() % fields.size()];
    q.descending = rng() % 2;
    q.limit = rng() % 3 == 0 ? 1 + rng() % 10 : 0;
    check_same(*tx, s, data, q);
  }
  // The shapes products use: a state set OR'd with a null test, on the compound index.
  auto q = on("ticket").where_ge("priority", 2);
  q.any.push_back(any_of{{{condition{"open", cmp::eq, value(true), {}}}, {condition{"open", cmp::eq, value{}, {}}}}});
  q.order_by = "opened";
  check_same(*tx, s, data, q);
  q.any.push_back(any_of{});  // an empty disjunction holds for nothing
  check_same(*tx, s, data, q);
  CHECK(tx->scan(q).empty());

  auto bad = on("ticket");
  bad.any.push_back(any_of{{{condition{"nosuch", cmp::eq, value(1), {}}}}});
  KIT_CHECK_ERRC(tx->scan(bad), errc::invalid_argument);
  KIT_CHECK_ERRC(tx->count(bad), errc::invalid_argument);
  bad.any.assign(1, any_of{{{condition{"priority", cmp::in, value{}, {}}}}});
  KIT_CHECK_ERRC(tx->scan(bad), errc::invalid_argument);
  KIT_CHECK_ERRC(tx->count(on("nosuch")), errc::not_found);
}

void keysets(const store_opener& open, const conformance_options&) {
  auto be = open_fresh(open, "keysets");
  const auto s = ticket_schema();
  be->register_schema(s);
  const auto data = put_all(*be, "ticket", ticket_data());
  auto tx = be->begin(tx_mode::read_only);

  // From every record's position, on every field, both directions, with and without conditions.
  for (const auto& field : scan_fields(s))
    for (bool desc : {false, true}) {
      auto q = on("ticket");
      q.order_by = field;
      q.descending = desc;
      for (const auto& r : data) {
        q.after = position_of(s, q, r);
        q.limit = 0;
        check_same(*tx, s, data, q);
        q.limit = 3;
        check_same(*tx, s, data, q);
      }
      // Positions between stored ones: a null order value, an id no record has.
      q.after = keyset{value{}, "T-0"};
      check_same(*tx, s, data, q);
      q.after = field == "id" ? keyset{value("T-20x"), "T-20x"} : keyset{field_value(s, data[3], field), "T-20x"};
      check_same(*tx, s, data, q);
      // Walking page by page returns every record once, in order, whatever the page size.
      q.after.reset();
      q.limit = 0;
      const auto whole = ids(oracle(s, data, q));
      for (std::size_t page : {1, 3, 7, 40, 41}) {
        INFO("order_by " << field << (desc ? " desc" : " asc") << ", pages of " << page);
        CHECK(walk_pages(*tx, s, q, page) == whole);
        auto filtered = q;
        filtered.where_ne("open", value{});
        filtered.any.push_back(any_of{{{condition{"priority", cmp::le, value(2), {}}}, {condition{"note", cmp::eq, value{}, {}}}}});
        CHECK(walk_pages(*tx, s, filtered, page) == ids(oracle(s, data, filtered)));
      }
    }

  // A keyset value of another type than the order field is refused.
  auto bad = on("ticket");
  bad.order_by = "priority";
  bad.after = keyset{value("2"), "T-1"};
  KIT_CHECK_ERRC(tx->scan(bad), errc::invalid_argument);
  KIT_CHECK_ERRC(tx->count(bad), errc::invalid_argument);
  bad.order_by = "id";
  bad.after = keyset{value(3), "T-1"};
  KIT_CHECK_ERRC(tx->scan(bad), errc::invalid_argument);
}

void stable_paging(const store_opener& open, const conformance_options&) {
  auto be = open_fresh(open, "stable-paging");
  const auto s = ticket_schema();
  be->register_schema(s);
  const auto data = put_all(*be, "ticket", ticket_data());
  auto q = on("ticket");
  q.order_by = "priority";
  q.where_ne("priority", value{});
  const auto whole = ids(oracle(s, data, q));
  q.limit = 4;
  // Between pages, another writer inserts records sorting before the position, after it and
  // equal to it: no record is skipped or repeated, the order holds, new ones after it appear.
  std::vector<std::string> seen;
  std::vector<record> inserted;
  int batch = 0;
  for (int guard = 0; guard < 100; ++guard) {
    std::vector<record> got;
    {
      auto tx = be->begin(tx_mode::read_only);
      got = tx->scan(q);
    }
    for (const auto& r : got) seen.push_back(r.id);
    if (got.size() < q.limit) break;
    q.after = position_of(s, q, got.back());
    const auto at = field_value(s, got.back(), "priority");
    const auto b = std::to_string(batch);
    std::vector<record> more = {ticket("N-" + b + "-lo", "x", std::numeric_limits<std::int64_t>::min()),
                                ticket("A-" + b + "-eq", "x", at),    // equal value, smaller id: before
                                ticket("Z-" + b + "-eq", "x", at)};  // equal value, larger id: after
    ++batch;
    for (auto& r : put_all(*be, "ticket", more)) inserted.push_back(r);
  }
  std::set<std::string> unique(seen.begin(), seen.end());
  CHECK(unique.size() == seen.size());
  for (const auto& id : whole) CHECK(unique.count(id) == 1);
  REQUIRE(batch > 3);
  for (const auto& r : inserted) {
    INFO(r.id);
    CHECK(unique.count(r.id) == (r.id[0] == 'Z' ? 1u : 0u));
  }
  // What was seen is in query order, and includes exactly the inserted records after the
  // position at the time they were inserted (those sorting after a later page's start).
  auto all = data;
  all.insert(all.end(), inserted.begin(), inserted.end());
  auto full = q;
  full.after.reset();
  full.limit = 0;
  const auto ordered = ids(oracle(s, all, full));
  std::vector<std::string> seen_in_order;
  for (const auto& id : ordered)
    if (unique.count(id)) seen_in_order.push_back(id);
  CHECK(seen == seen_in_order);
}

void counts(const store_opener& open, const conformance_options&) {
  auto be = open_fresh(open, "counts");
  const auto s = ticket_schema();
  be->register_schema(s);
  const auto data = put_all(*be, "ticket", ticket_data());
  {
    auto tx = be->begin(tx_mode::read_only);
    CHECK(tx->count(on("ticket")) == data.size());
    auto limited = on("ticket");
    limited.limit = 3;  // ignored
    CHECK(tx->count(limited) == data.size());
    std::mt19937 rng(20002);
    for (int n = 0; n < 200; ++n) {
      auto q = on("ticket");
      for (int c = 0; c < 1 + static_cast<int>(rng() % 2); ++c) q.where.push_back(random_condition(rng, s, data));
      if (rng() % 2) q.any.push_back(random_any(rng, s, data));
      check_same(*tx, s, data, q);
    }
  }
  // A transaction counts its own writes; others do not see them until commit.
  auto w = be->begin(tx_mode::read_write);
  w->put("ticket", ticket("T-500", "new", 2));
  w->erase("ticket", data[0].id, 1);
  const auto q = on("ticket").where_eq("title", "new");
  CHECK(w->count(q) == 1);
  CHECK(w->count(on("ticket")) == data.size());
  CHECK(be->begin(tx_mode::read_only)->count(q) == 0);
  w->commit();
  CHECK(be->begin(tx_mode::read_only)->count(q) == 1);
}

}  // namespace itsm::testing::conformance
