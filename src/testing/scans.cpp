// Conformance groups: scans (every predicate against storage::matches) and ordering.
#include <algorithm>
#include <random>
#include <set>

#include "kit.hpp"

namespace itsm::testing::conformance {

using namespace detail;
using storage::cmp;
using storage::condition;
using storage::query;
using storage::tx_mode;

namespace {

// Operands worth comparing `field` with: null, every stored value, values between and beyond
// them, and values of other types (which never equal: no implicit conversion).
std::vector<value> operands_for(const schema& s, const std::vector<record>& data, const std::string& field) {
  std::set<value> seen;
  for (const auto& r : data) seen.insert(field_value(s, r, field));
  std::vector<value> out(seen.begin(), seen.end());
  out.push_back(value{});
  const auto type = field == "id" ? value_type::text : s.fields[*s.field_index(field)].type;
  switch (type) {
    case value_type::text:
      for (const char* t : {"", "A", "T-", "T-2", "T-20x", "alph", "alpha ", "zzz", "\x7f"}) out.push_back(value(t));
      out.push_back(value(2));
      out.push_back(value(true));
      break;
    case value_type::integer:
      for (std::int64_t i : {-4, 0, 4, 6, 1000}) out.push_back(value(i));
      out.push_back(value(2.0));
      out.push_back(value("2"));
      out.push_back(value(true));
      break;
    case value_type::real:
      for (double d : {-2.0, 1.0, 2.24, 2.26, 1e11}) out.push_back(value(d));
      out.push_back(value(0));
      out.push_back(value("2.25"));
      break;
    case value_type::boolean:
      out.push_back(value(1));
      out.push_back(value("true"));
      break;
    case value_type::time:
      out.push_back(value(at("2026-03-01T07:59:59Z")));
      out.push_back(value(at("1970-01-01T00:00:00Z")));
      out.push_back(value(at("3000-01-01T00:00:00Z")));
      out.push_back(value("2026-03-01T08:00:00.000000Z"));
      out.push_back(value(std::int64_t{1772352000000000}));
      break;
    case value_type::null: break;
  }
  return out;
}

}  // namespace

void scans(const store_opener& open, const conformance_options&) {
  auto be = open_fresh(open, "scans");
  const auto s = ticket_schema();
  be->register_schema(s);
  const auto data = put_all(*be, "ticket", ticket_data());
  auto tx = be->begin(tx_mode::read_only);

  check_scan(*tx, s, data, on("ticket"));  // no conditions: everything, by id

  // Every single-condition predicate on every field.
  for (const auto& field : scan_fields(s)) {
    const auto ops = operands_for(s, data, field);
    for (const auto& v : ops)
      for (cmp op : {cmp::eq, cmp::ne, cmp::lt, cmp::le, cmp::gt, cmp::ge}) {
        auto q = on("ticket");
        q.where.push_back(condition{field, op, v, {}});
        check_scan(*tx, s, data, q);
      }
    // `in`: single operands, several (with duplicates), nulls and other types among them.
    for (std::size_t i = 0; i < ops.size(); ++i) {
      check_scan(*tx, s, data, on("ticket").where_in(field, {ops[i]}));
      check_scan(*tx, s, data, on("ticket").where_in(field, {ops[i], ops[(i + 3) % ops.size()], ops[i]}));
    }
    check_scan(*tx, s, data, on("ticket").where_in(field, ops));
    check_scan(*tx, s, data, on("ticket").where_in(field, {value{}}));
  }

  // Conjunctions of 1–3 conditions with any order and limit (index prefixes plus ranges,
  // contradictions, equalities on the same field).
  std::mt19937 rng(20000);
  const auto fields = scan_fields(s);
  for (int n = 0; n < 400; ++n) {
    auto q = on("ticket");
    const int conds = 1 + static_cast<int>(rng() % 3);
    for (int c = 0; c < conds; ++c) {
      // Every fourth query combines open and priority (the compound index's prefix and range).
      const auto& field = n % 4 == 0 ? (c % 2 ? fields[4] : fields[2]) : fields[rng() % fields.size()];
      const auto ops = operands_for(s, data, field);
      const auto op = static_cast<cmp>(rng() % 7);
      condition cond{field, op, ops[rng() % ops.size()], {}};
      if (op == cmp::in)
        for (int k = 0; k < 1 + static_cast<int>(rng() % 4); ++k) cond.operands.push_back(ops[rng() % ops.size()]);
      q.where.push_back(cond);
    }
    q.order_by = fields[rng() % fields.size()];
    q.descending = rng() % 2;
    q.limit = rng() % 3 == 0 ? 1 + rng() % 10 : 0;
    check_scan(*tx, s, data, q);
  }

  // Errors.
  KIT_CHECK_ERRC(tx->scan(on("ticket").where_eq("nosuch", 1)), errc::invalid_argument);
  KIT_CHECK_ERRC(tx->scan(on("ticket").where_in("priority", {})), errc::invalid_argument);
  auto bad_order = on("ticket");
  bad_order.order_by = "nosuch";
  KIT_CHECK_ERRC(tx->scan(bad_order), errc::invalid_argument);
  KIT_CHECK_ERRC(tx->scan(on("nosuch")), errc::not_found);
  tx.reset();

  // A transaction's scans see its own puts, updates and erases; nobody else does until commit.
  auto w = be->begin(tx_mode::read_write);
  auto mine = data;
  auto first = *w->get("ticket", data[0].id);
  first.values[1] = value(77);
  first.revision = w->put("ticket", first);
  w->erase("ticket", data[1].id, 1);
  auto added = ticket("T-99", "new", 77);
  added.revision = w->put("ticket", added);
  mine[0] = first;
  mine.erase(mine.begin() + 1);
  mine.push_back(added);
  check_scan(*w, s, mine, on("ticket").where_eq("priority", 77));
  check_scan(*w, s, mine, on("ticket"));
  check_scan(*w, s, mine, on("ticket").where_ge("priority", 3).where_ne("title", "zeta"));
  {
    auto r = be->begin(tx_mode::read_only);
    check_scan(*r, s, data, on("ticket").where_eq("priority", 77));
    check_scan(*r, s, data, on("ticket"));
  }
  w->commit();
  auto r = be->begin(tx_mode::read_only);
  check_scan(*r, s, mine, on("ticket"));
}

void ordering(const store_opener& open, const conformance_options&) {
  auto be = open_fresh(open, "ordering");
  const auto s = ticket_schema();
  be->register_schema(s);
  const auto data = put_all(*be, "ticket", ticket_data());
  auto tx = be->begin(tx_mode::read_only);
  for (const auto& field : scan_fields(s))
    for (bool desc : {false, true})
      for (std::size_t limit : {0, 1, 2, 7, 39, 40, 41, 1000}) {
        auto q = on("ticket");
        q.order_by = field;
        q.descending = desc;
        q.limit = limit;
        check_scan(*tx, s, data, q);
        q.where_ne("open", value{});  // with a condition on an indexed field
        check_scan(*tx, s, data, q);
      }
  // Descending is the exact reverse of ascending, ties (equal values) by id included.
  for (const auto& field : scan_fields(s)) {
    auto up = on("ticket");
    up.order_by = field;
    query down = up;
    down.descending = true;
    auto a = ids(tx->scan(up));
    auto d = ids(tx->scan(down));
    std::reverse(d.begin(), d.end());
    INFO("order_by " << field);
    CHECK(a == d);
  }
}

}  // namespace itsm::testing::conformance
