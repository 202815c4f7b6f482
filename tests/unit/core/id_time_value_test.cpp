#include <catch2/catch.hpp>

#include <type_traits>

#include "itsm/core/clock.hpp"
#include "itsm/core/error.hpp"
#include "itsm/core/id.hpp"
#include "itsm/core/value.hpp"

namespace {
struct inc_tag { static constexpr std::string_view prefix = "INC"; };
struct ci_tag { static constexpr std::string_view prefix = "CI"; };
using inc_id = itsm::id<inc_tag>;
using ci_id = itsm::id<ci_tag>;
}  // namespace

TEST_CASE("strong ids have readable keys and do not mix", "[core][id]") {
  STATIC_REQUIRE_FALSE(std::is_convertible_v<inc_id, ci_id>);
  STATIC_REQUIRE_FALSE(std::is_constructible_v<ci_id, inc_id>);
  CHECK(inc_id(42).key() == "INC-42");
  CHECK(inc_id::parse("INC-42") == inc_id(42));
  CHECK(inc_id().key().empty());
  CHECK_THROWS_AS(inc_id::parse("CI-42"), itsm::error);
  CHECK_THROWS_AS(inc_id::parse("INC-"), itsm::error);
  CHECK_THROWS_AS(inc_id::parse("INC-4x"), itsm::error);
  CHECK_THROWS_AS(inc_id::parse("INC-0"), itsm::error);
  try {
    (void)ci_id::parse("INC-1");
  } catch (const itsm::error& e) {
    CHECK(e.code() == itsm::errc::invalid_argument);
  }
}

TEST_CASE("timestamps round-trip through ISO 8601 and unix micros", "[core][time]") {
  const auto t = itsm::parse_iso("2026-03-29T01:59:59.250000Z");
  CHECK(itsm::to_iso(t) == "2026-03-29T01:59:59.250000Z");
  CHECK(itsm::from_unix_micros(itsm::to_unix_micros(t)) == t);
  CHECK(itsm::to_iso(itsm::parse_iso("2024-02-29T00:00:00Z")) == "2024-02-29T00:00:00Z");
  CHECK_THROWS_AS(itsm::parse_iso("2026-03-29 01:59:59"), itsm::error);
  CHECK_THROWS_AS(itsm::parse_iso("2026-02-30T00:00:00Z"), itsm::error);
  CHECK_THROWS_AS(itsm::parse_iso("2026-03-29T01:59:59+01:00"), itsm::error);
}

TEST_CASE("manual clock moves only forward", "[core][clock]") {
  itsm::manual_clock c(itsm::parse_iso("2026-01-05T08:00:00Z"));
  c.advance(itsm::hours(2));
  CHECK(itsm::to_iso(c.now()) == "2026-01-05T10:00:00Z");
  CHECK_THROWS_AS(c.set(itsm::parse_iso("2026-01-05T09:00:00Z")), itsm::error);
  CHECK_THROWS_AS(c.advance(itsm::seconds(-1)), itsm::error);
  CHECK(itsm::to_iso(c.now()) == "2026-01-05T10:00:00Z");
}

TEST_CASE("values compare within a type and order across types", "[core][value]") {
  using itsm::value;
  CHECK(value(1) < value(2));
  CHECK(value("a") < value("b"));
  CHECK(value() < value(false));
  CHECK(value(std::int64_t{3}) == value(3));
  CHECK(value("x") != value(1));
  CHECK_THROWS_AS(value("x").as_int(), itsm::error);
  CHECK(value(itsm::parse_iso("2026-01-01T00:00:00Z")).to_display() == "2026-01-01T00:00:00Z");
}

TEST_CASE("rule violations carry every rule id", "[core][error]") {
  itsm::error e({{"R-9.1-unique", "duplicate name"}, {"R-9.1-types", "unknown attribute"}});
  CHECK(e.code() == itsm::errc::rule_violation);
  CHECK(e.violates("R-9.1-unique"));
  CHECK(e.violates("R-9.1-types"));
  CHECK_FALSE(e.violates("R-9.2-approve"));
  CHECK(std::string(e.what()).find("R-9.1-types") != std::string::npos);
}
