// Conformance groups: schemas, records, value_types.
#include <algorithm>
#include <cmath>
#include <limits>

#include "kit.hpp"

namespace itsm::testing::conformance {

using namespace detail;
using storage::tx_mode;

void schemas(const store_opener& open, const conformance_options&) {
  auto be = open_fresh(open, "schemas");
  CHECK_FALSE(be->find_schema("ticket").has_value());
  be->register_schema(ticket_schema());
  auto found = be->find_schema("ticket");
  REQUIRE(found.has_value());
  CHECK(*found == ticket_schema());

  // Registering the identical schema again is a no-op: data stays.
  put_all(*be, "ticket", {ticket("T-1", "first", 1)});
  be->register_schema(ticket_schema());
  {
    auto tx = be->begin(tx_mode::read_only);
    CHECK(tx->get("ticket", "T-1").has_value());
  }

  // Invalid schemas are refused with invalid_argument and leave nothing behind.
  auto bad_kind = ticket_schema();
  bad_kind.kind = "Bad-Kind";
  KIT_CHECK_ERRC(be->register_schema(bad_kind), errc::invalid_argument);
  auto reserved = asset_schema();
  reserved.fields.push_back({"revision", value_type::integer, true});
  KIT_CHECK_ERRC(be->register_schema(reserved), errc::invalid_argument);
  auto bad_index = asset_schema();
  bad_index.indexes.push_back({"by_nothing", {"nothing"}});
  KIT_CHECK_ERRC(be->register_schema(bad_index), errc::invalid_argument);
  auto null_type = asset_schema();
  null_type.fields.push_back({"nothing", value_type::null, true});
  KIT_CHECK_ERRC(be->register_schema(null_type), errc::invalid_argument);
  CHECK_FALSE(be->find_schema("asset").has_value());

  // Same version, different definition: conflict.
  auto changed = ticket_schema();
  changed.fields.push_back({"extra", value_type::text, true});
  KIT_CHECK_ERRC(be->register_schema(changed), errc::conflict);

  // A higher version appending a nullable field and an index upgrades in place.
  auto v2 = changed;
  v2.version = 2;
  v2.indexes.push_back({"by_extra", {"extra"}});
  be->register_schema(v2);
  found = be->find_schema("ticket");
  REQUIRE(found.has_value());
  CHECK(*found == v2);
  {
    auto tx = be->begin(tx_mode::read_write);
    auto old = tx->get("ticket", "T-1");
    REQUIRE(old.has_value());
    REQUIRE(old->values.size() == v2.fields.size());
    CHECK(old->values.back().is_null());
    CHECK(old->values.front() == value("first"));
    CHECK(old->revision == 1);
    auto r = ticket("T-2", "second", 2);
    r.values.push_back(value("x"));
    CHECK(tx->put("ticket", r) == 1);
    old->values.back() = value("y");
    CHECK(tx->put("ticket", *old) == 2);
    tx->commit();
  }
  {
    auto tx = be->begin(tx_mode::read_only);
    auto hits = tx->scan(on("ticket").where_eq("extra", "x"));
    REQUIRE(hits.size() == 1);
    CHECK(hits[0].id == "T-2");
    CHECK(tx->scan(on("ticket").where_eq("extra", value{})).empty());
  }

  // Older than stored: conflict, and the stored version stays.
  KIT_CHECK_ERRC(be->register_schema(ticket_schema()), errc::conflict);
  // Removing or changing a field is beyond an automatic upgrade: unsupported.
  auto removed = v2;
  removed.version = 3;
  removed.fields.erase(removed.fields.begin() + 5);  // "note"
  KIT_CHECK_ERRC(be->register_schema(removed), errc::unsupported);
  auto retyped = v2;
  retyped.version = 3;
  retyped.fields[1].type = value_type::text;
  KIT_CHECK_ERRC(be->register_schema(retyped), errc::unsupported);
  found = be->find_schema("ticket");
  REQUIRE(found.has_value());
  CHECK(*found == v2);
  {
    auto tx = be->begin(tx_mode::read_only);
    auto r = tx->get("ticket", "T-1");
    REQUIRE(r.has_value());
    CHECK(r->values.back() == value("y"));
  }

  // A second kind lives beside the first.
  be->register_schema(asset_schema());
  found = be->find_schema("asset");
  REQUIRE(found.has_value());
  CHECK(*found == asset_schema());

  // Unknown kinds: not_found everywhere.
  auto tx = be->begin(tx_mode::read_write);
  KIT_CHECK_ERRC(tx->get("nosuch", "X"), errc::not_found);
  KIT_CHECK_ERRC(tx->put("nosuch", make_record("X", {})), errc::not_found);
  KIT_CHECK_ERRC(tx->erase("nosuch", "X", 1), errc::not_found);
  KIT_CHECK_ERRC(tx->scan(on("nosuch")), errc::not_found);
  CHECK_FALSE(be->find_schema("nosuch").has_value());
}

void records(const store_opener& open, const conformance_options&) {
  auto be = open_fresh(open, "records");
  be->register_schema(ticket_schema());
  be->register_schema(asset_schema());
  auto tx = be->begin(tx_mode::read_write);
  CHECK(tx->mode() == tx_mode::read_write);
  CHECK_FALSE(tx->get("ticket", "T-1").has_value());

  auto r = ticket("T-1", "printer on fire", 1, 0.5, true, value(at("2026-03-01T08:00:00Z")), "call facilities");
  CHECK(tx->put("ticket", r) == 1);
  auto got = tx->get("ticket", "T-1");
  REQUIRE(got.has_value());
  CHECK(got->id == "T-1");
  CHECK(got->revision == 1);
  CHECK(got->values == r.values);

  // Creating an existing id: already_exists; the stored record is unchanged.
  auto dup = ticket("T-1", "other");
  KIT_CHECK_ERRC(tx->put("ticket", dup), errc::already_exists);
  // Updating with the stored revision bumps it; a stale revision is a conflict.
  auto upd = *got;
  upd.values[0] = value("printer still on fire");
  CHECK(tx->put("ticket", upd) == 2);
  KIT_CHECK_ERRC(tx->put("ticket", upd), errc::conflict);  // revision 1 is stale now
  upd.revision = 7;
  KIT_CHECK_ERRC(tx->put("ticket", upd), errc::conflict);
  upd.revision = -1;
  KIT_CHECK_ERRC(tx->put("ticket", upd), errc::conflict);
  // Updating a record that does not exist: conflict.
  auto ghost = ticket("T-404", "ghost");
  ghost.revision = 1;
  KIT_CHECK_ERRC(tx->put("ticket", ghost), errc::conflict);
  CHECK_FALSE(tx->get("ticket", "T-404").has_value());
  got = tx->get("ticket", "T-1");
  REQUIRE(got.has_value());
  CHECK(got->revision == 2);
  CHECK(got->values[0] == value("printer still on fire"));
  CHECK(got->values[1] == value(1));
  tx->commit();

  // Revisions survive the commit; the same id in another kind is another record.
  tx = be->begin(tx_mode::read_write);
  CHECK(tx->get("ticket", "T-1")->revision == 2);
  CHECK_FALSE(tx->get("asset", "T-1").has_value());
  CHECK(tx->put("asset", make_record("T-1", {value("a laptop"), value(3)})) == 1);
  CHECK(tx->get("asset", "T-1")->values[0] == value("a laptop"));
  CHECK(tx->get("ticket", "T-1")->values[0] == value("printer still on fire"));

  // erase: wrong revision → conflict; unknown id → not_found; right revision removes.
  KIT_CHECK_ERRC(tx->erase("ticket", "T-1", 1), errc::conflict);
  KIT_CHECK_ERRC(tx->erase("ticket", "T-404", 1), errc::not_found);
  CHECK(tx->get("ticket", "T-1").has_value());
  tx->erase("ticket", "T-1", 2);
  CHECK_FALSE(tx->get("ticket", "T-1").has_value());
  KIT_CHECK_ERRC(tx->erase("ticket", "T-1", 2), errc::not_found);
  CHECK(tx->get("asset", "T-1").has_value());
  // After an erase the id can be created again, from revision 1.
  auto again = ticket("T-1", "reborn");
  CHECK(tx->put("ticket", again) == 1);
  tx->commit();
  tx = be->begin(tx_mode::read_only);
  got = tx->get("ticket", "T-1");
  REQUIRE(got.has_value());
  CHECK(got->revision == 1);
  CHECK(got->values[0] == value("reborn"));

  // put_changed: the same row as put, whichever fields it is told changed, as long as the
  // unflagged ones hold the stored values; the same revision rules and errors.
  tx = be->begin(tx_mode::read_write);
  {
    auto base = ticket("T-20", "disk full", 2, 0.25, false, value(at("2026-03-02T09:00:00Z")), "ops");
    const std::vector<bool> none(base.values.size(), false);
    CHECK(tx->put_changed("ticket", base, none) == 1);  // revision 0: created whole
    REQUIRE(tx->get("ticket", "T-20").has_value());
    CHECK(tx->get("ticket", "T-20")->values == base.values);
    for (std::size_t field = 0; field < base.values.size(); ++field) {
      auto next = *tx->get("ticket", "T-20");
      auto flags = none;
      flags[field] = true;
      if (field == 0) next.values[0] = value("disk full again");
      else if (field == 1) next.values[1] = value(4);
      else if (field == 2) next.values[2] = value(0.75);
      else if (field == 3) next.values[3] = value(true);
      else if (field == 4) next.values[4] = value{};
      else next.values[field] = value{};
      INFO("field " << field);
      CHECK(tx->put_changed("ticket", next, flags) == next.revision + 1);
      const auto back = tx->get("ticket", "T-20");
      REQUIRE(back.has_value());
      CHECK(back->values == next.values);
      CHECK(back->revision == next.revision + 1);
      KIT_CHECK_ERRC(tx->put_changed("ticket", next, flags), errc::conflict);  // stale now
    }
    {  // the index over a changed field follows it
      auto by_priority = on("ticket");
      by_priority.where_eq("priority", value(4));
      const auto hits = tx->scan(by_priority);
      CHECK(std::count_if(hits.begin(), hits.end(), [](const record& h) { return h.id == "T-20"; }) == 1);
      by_priority.where = {};
      by_priority.where_eq("priority", value(2));
      for (const auto& h : tx->scan(by_priority)) CHECK(h.id != "T-20");
    }
    auto all_changed = *tx->get("ticket", "T-20");
    all_changed.values[0] = value("every field");
    all_changed.values[1] = value(9);
    CHECK(tx->put_changed("ticket", all_changed, std::vector<bool>(base.values.size(), true)) ==
          all_changed.revision + 1);
    CHECK(tx->get("ticket", "T-20")->values == all_changed.values);
    auto ghost_changed = ticket("T-405", "ghost");
    ghost_changed.revision = 3;
    KIT_CHECK_ERRC(tx->put_changed("ticket", ghost_changed, none), errc::conflict);
    auto unfit = *tx->get("ticket", "T-20");
    unfit.values[1] = value("not an integer");
    KIT_CHECK_ERRC(tx->put_changed("ticket", unfit, none), errc::invalid_argument);
    CHECK(tx->get("ticket", "T-20")->values == all_changed.values);
    tx->erase("ticket", "T-20", tx->get("ticket", "T-20")->revision);
  }
  tx->commit();

  // Records that do not fit the schema: invalid_argument, nothing stored.
  tx = be->begin(tx_mode::read_write);
  KIT_CHECK_ERRC(tx->put("ticket", make_record("T-9", {value("too few")})), errc::invalid_argument);
  auto too_many = ticket("T-9", "x");
  too_many.values.push_back(value(1));
  KIT_CHECK_ERRC(tx->put("ticket", too_many), errc::invalid_argument);
  KIT_CHECK_ERRC(tx->put("ticket", ticket("T-9", "x", value("one"))), errc::invalid_argument);
  KIT_CHECK_ERRC(tx->put("ticket", ticket("T-9", "x", value(1.0))), errc::invalid_argument);
  KIT_CHECK_ERRC(tx->put("ticket", ticket("T-9", "x", {}, value(1))), errc::invalid_argument);
  KIT_CHECK_ERRC(tx->put("ticket", ticket("T-9", "x", {}, {}, value(1))), errc::invalid_argument);
  KIT_CHECK_ERRC(tx->put("ticket", ticket("T-9", "x", {}, {}, {}, value("2026-03-01T08:00:00Z"))), errc::invalid_argument);
  auto null_title = ticket("T-9", "x");
  null_title.values[0] = value{};
  KIT_CHECK_ERRC(tx->put("ticket", null_title), errc::invalid_argument);
  KIT_CHECK_ERRC(tx->put("ticket", ticket("", "no id")), errc::invalid_argument);
  CHECK_FALSE(tx->get("ticket", "T-9").has_value());
  CHECK(tx->scan(on("ticket")).size() == 1);
}

void value_types(const store_opener& open, const conformance_options&) {
  auto be = open_fresh(open, "value-types");
  be->register_schema(ticket_schema());
  using lim = std::numeric_limits<std::int64_t>;
  const std::vector<record> rs = {
      ticket("V-nulls", "only the title"),
      ticket("V-min", "min", value(lim::min()), value(-std::numeric_limits<double>::max()), value(false),
             value(at("1400-01-01T00:00:00Z")), value("")),
      ticket("V-max", "max", value(lim::max()), value(std::numeric_limits<double>::max()), value(true),
             value(at("9999-12-31T23:59:59.999999Z")), value("z")),
      ticket("V-tiny", "tiny", value(0), value(std::numeric_limits<double>::denorm_min()), value(true),
             value(at("1970-01-01T00:00:00Z")), value{}),
      ticket("V-neg", "neg", value(-1), value(-0.1), value(false), value(at("1969-12-31T23:59:59.999999Z")), value{}),
      ticket("V-pi", "pi", value(314159), value(3.141592653589793), value{}, value(at("2038-01-19T03:14:08.000001Z")),
             value{}),
      ticket("V-inf", "inf", value{}, value(std::numeric_limits<double>::infinity()), value{}, value{}, value{}),
      ticket("V-ninf", "ninf", value{}, value(-std::numeric_limits<double>::infinity()), value{}, value{}, value{}),
      ticket("V-eps", "eps", value{}, value(1.0 + std::numeric_limits<double>::epsilon()), value{}, value{}, value{}),
      ticket("V-int-real", "int-valued real", value{}, value(42.0), value{}, value{}, value{}),
  };
  put_all(*be, "ticket", rs);
  auto tx = be->begin(tx_mode::read_only);
  for (const auto& r : rs) {
    INFO("record " << r.id);
    auto got = tx->get("ticket", r.id);
    REQUIRE(got.has_value());
    CHECK(got->revision == 1);
    REQUIRE(got->values.size() == r.values.size());
    for (std::size_t i = 0; i < r.values.size(); ++i) {
      INFO("field " << ticket_schema().fields[i].name << " = " << r.values[i].to_display());
      CHECK(got->values[i].type() == r.values[i].type());
      CHECK(got->values[i] == r.values[i]);
    }
  }
  // The same values come back through scan.
  auto all = tx->scan(on("ticket"));
  REQUIRE(all.size() == rs.size());
  for (const auto& got : all)
    for (const auto& r : rs)
      if (r.id == got.id) CHECK(got.values == r.values);
}

}  // namespace itsm::testing::conformance
