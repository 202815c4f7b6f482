#include <catch2/catch.hpp>

#include "storage_test_helpers.hpp"

using namespace itsm_test;

namespace {
schema v2_with_new_field() {
  schema s = ticket_schema(2);
  s.fields.push_back({"site", value_type::text, true});
  s.indexes.push_back({"by_site", {"site"}});
  return s;
}
}  // namespace

TEST_CASE("memory schema: registration rules", "[storage][memory][schema]") {
  auto db = fresh_backend();
  SECTION("an identical schema again is a no-op") {
    CHECK_NOTHROW(db->register_schema(ticket_schema()));
    CHECK(db->find_schema("ticket")->fields.size() == 6);
  }
  SECTION("an invalid schema is invalid_argument") {
    schema s = ticket_schema();
    s.kind = "Bad Kind";
    CHECK(error_of([&] { db->register_schema(s); }) == errc::invalid_argument);
    schema t;
    t.kind = "other";
    t.fields = {{"x", value_type::integer}};
    t.indexes = {{"ix", {"y"}}};
    CHECK(error_of([&] { db->register_schema(t); }) == errc::invalid_argument);
    CHECK_FALSE(db->find_schema("other"));
  }
  SECTION("same version, different definition is a conflict") {
    schema s = ticket_schema();
    s.fields.push_back({"extra", value_type::text, true});
    CHECK(error_of([&] { db->register_schema(s); }) == errc::conflict);
    schema t = ticket_schema();
    t.indexes.pop_back();
    CHECK(error_of([&] { db->register_schema(t); }) == errc::conflict);
  }
  SECTION("an older version than the stored one is a conflict") {
    db->register_schema(v2_with_new_field());
    CHECK(error_of([&] { db->register_schema(ticket_schema()); }) == errc::conflict);
    CHECK(db->find_schema("ticket")->version == 2);
  }
  SECTION("upgrades the adapter cannot do are unsupported") {
    schema removed = ticket_schema(2);
    removed.fields.pop_back();
    CHECK(error_of([&] { db->register_schema(removed); }) == errc::unsupported);
    schema retyped = ticket_schema(2);
    retyped.fields[2].type = value_type::real;
    CHECK(error_of([&] { db->register_schema(retyped); }) == errc::unsupported);
    schema not_null = ticket_schema(2);
    not_null.fields.push_back({"site", value_type::text, false});
    CHECK(error_of([&] { db->register_schema(not_null); }) == errc::unsupported);
    CHECK(db->find_schema("ticket")->version == 1);
  }
}

TEST_CASE("memory schema: an upgrade appends nullable fields and builds new indexes", "[storage][memory][schema]") {
  auto db = fresh_backend();
  {
    auto tx = db->begin(tx_mode::read_write);
    tx->put("ticket", ticket("T-1", "open", "net", 1));
    tx->put("ticket", ticket("T-2", "open", "db", 2));
    tx->commit();
  }
  // A writer that started before the upgrade and commits after it.
  auto early = db->begin(tx_mode::read_write);
  early->put("ticket", ticket("T-3", "open", "net", 3));

  db->register_schema(v2_with_new_field());
  CHECK(db->find_schema("ticket")->version == 2);
  CHECK(db->find_schema("ticket")->fields.back().name == "site");

  auto r = early->get("ticket", "T-3");
  REQUIRE(r);
  CHECK(r->values.size() == 7);
  early->commit();

  auto tx = db->begin(tx_mode::read_write);
  auto t1 = *tx->get("ticket", "T-1");
  REQUIRE(t1.values.size() == 7);
  CHECK(t1.values[6].is_null());
  CHECK(tx->scan(query_of("ticket").where_eq("site", nullptr)).size() == 3);
  CHECK(error_of([&] { tx->put("ticket", ticket("T-4", "open")); }) == errc::invalid_argument);  // 6 values
  t1.values[6] = "berlin";
  tx->put("ticket", t1);
  tx->commit();
  auto ro = db->begin(tx_mode::read_only);
  CHECK(ids_of(ro->scan(query_of("ticket").where_eq("site", "berlin"))) == std::vector<std::string>{"T-1"});
  CHECK(ids_of(ro->scan(query_of("ticket").where_eq("state", "open").where_eq("grp", "net"))) ==
        std::vector<std::string>{"T-1", "T-3"});

  // v3 drops an index and adds a composite one: answers stay the same.
  schema v3 = v2_with_new_field();
  v3.version = 3;
  v3.indexes = {{"by_site_state", {"site", "state"}}};
  db->register_schema(v3);
  CHECK(ids_of(ro->scan(query_of("ticket").where_eq("site", "berlin").where_eq("state", "open"))) ==
        std::vector<std::string>{"T-1"});
  CHECK(ids_of(ro->scan(query_of("ticket").where_eq("state", "open").where_eq("grp", "net"))) ==
        std::vector<std::string>{"T-1", "T-3"});
}
