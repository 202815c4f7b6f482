// Hostile input to time parsing and conversion: parse_iso takes only the exact UTC form with
// every field in range, and no Boost exception leaves a conversion of an out-of-range instant.
#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>

#include "itsm/core/time.hpp"
#include "support/errors.hpp"

using itsm::test::code_of;

TEST_CASE("parse_iso accepts exactly YYYY-MM-DDTHH:MM:SS[.ffffff]Z with fields in range", "[core][time]") {
  CHECK(itsm::to_iso(itsm::parse_iso("2026-03-01T08:00:00.5Z")) == "2026-03-01T08:00:00.500000Z");
  CHECK(itsm::to_iso(itsm::parse_iso("1400-01-01T00:00:00Z")) == "1400-01-01T00:00:00Z");
  CHECK(itsm::to_iso(itsm::parse_iso("9999-12-31T23:59:59.999999Z")) == "9999-12-31T23:59:59.999999Z");
  for (const char* text :
       {"2026-03-01T99:00:00Z", "2026-03-01T08:-5:00Z", "2026-03-01T08:60:00Z", "2026-03-01T08:00:60Z",
        "2026-03-01T24:00:00Z", " 2026-03-01T08:00:00Z", "2026-03-01T08:00:00Z ", "2026-3-01T08:00:00Z",
        "2026-03-01T8:00:00Z", "+2026-03-01T08:00:00Z", "2026-13-01T08:00:00Z", "2026-00-01T08:00:00Z",
        "2026-04-31T08:00:00Z", "2025-02-29T08:00:00Z", "9999-12-31T53:59:59Z", "1399-12-31T23:59:59Z",
        "2026-03-01T08:00:00.Z", "2026-03-01T08:00:00.1234567Z", "2026-03-01T08:00:00", "2026-03-01",
        "2026-03-01T08:00:00+00:00", "2026-03-01t08:00:00z", ""}) {
    INFO(text);
    CHECK(code_of([&] { (void)itsm::parse_iso(text); }) == itsm::errc::invalid_argument);
  }
}

TEST_CASE("time conversions outside the supported range throw itsm::error, never a Boost exception",
          "[core][time]") {
  // ptime arithmetic itself does not check the range; the conversions do.
  const auto past_9999 = itsm::parse_iso("9999-12-31T23:00:00Z") + itsm::hours(5);
  CHECK(code_of([&] { (void)itsm::to_iso(past_9999); }) == itsm::errc::invalid_argument);
  CHECK(code_of([&] { (void)itsm::to_unix_micros(past_9999); }) == itsm::errc::invalid_argument);
  CHECK(code_of([&] { (void)itsm::from_unix_micros(std::numeric_limits<std::int64_t>::max()); }) ==
        itsm::errc::invalid_argument);
  CHECK(code_of([&] { (void)itsm::from_unix_micros(std::numeric_limits<std::int64_t>::min()); }) ==
        itsm::errc::invalid_argument);
  const auto last = itsm::parse_iso("9999-12-31T23:59:59.999999Z");
  CHECK(itsm::from_unix_micros(itsm::to_unix_micros(last)) == last);
}
