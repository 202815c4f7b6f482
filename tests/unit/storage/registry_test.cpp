#include <catch2/catch.hpp>

#include <algorithm>

#include "itsm/storage/registry.hpp"
#include "storage_test_helpers.hpp"

using namespace itsm_test;

TEST_CASE("registry: memory: opens a working in-memory store", "[storage][registry]") {
  auto db = itsm::storage::open("memory:");
  REQUIRE(db);
  CHECK(db->uri() == "memory:");
  db->register_schema(ticket_schema());
  auto tx = db->begin(tx_mode::read_write);
  tx->put("ticket", ticket("T-1", "new"));
  tx->commit();
  CHECK(db->begin(tx_mode::read_only)->get("ticket", "T-1").has_value());
  // Each open gives a separate store.
  auto other = itsm::storage::open("memory:");
  CHECK_FALSE(other->find_schema("ticket"));
  const auto schemes = itsm::storage::registered_schemes();
  CHECK(std::find(schemes.begin(), schemes.end(), "memory") != schemes.end());
}

TEST_CASE("registry: unknown schemes and URIs without a scheme are refused", "[storage][registry]") {
  CHECK(error_of([] { itsm::storage::open("nosuchdb:whatever"); }) == errc::unsupported);
  CHECK(error_of([] { itsm::storage::open("memory"); }) == errc::invalid_argument);
  CHECK(error_of([] { itsm::storage::open(":memory"); }) == errc::invalid_argument);
  CHECK(error_of([] { itsm::storage::open(""); }) == errc::invalid_argument);
}
