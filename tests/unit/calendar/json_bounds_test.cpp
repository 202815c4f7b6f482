// Regression found while fuzzing calendar_from_json: integers beyond int's range used to wrap
// (an offset of 2^32 days read as 0).
#include <catch2/catch.hpp>

#include "itsm/calendar/definition.hpp"
#include "support/errors.hpp"

using namespace itsm;

TEST_CASE("calendar JSON refuses integers that do not fit instead of wrapping them", "[calendar][fuzz]") {
  for (const char* doc : {R"({"holidays":[{"rule":"easter","offset_days":4294967296}]})",
                          R"({"holidays":[{"rule":"annual","month":4294967308,"day":1}]})",
                          R"({"holidays":[{"rule":"easter","offset_days":-9223372036854775808}]})"}) {
    INFO(doc);
    const auto e = test::error_of([&] { calendar::calendar_from_json(doc); });
    CHECK(e.code() == errc::invalid_argument);
    CHECK(std::string(e.what()).find("out of range") != std::string::npos);
  }
}

TEST_CASE("calendar JSON refuses a key given twice and a NUL byte instead of taking one silently",
          "[calendar][fuzz]") {
  const std::string twice = R"({"tz":"UTC","tz":"Europe/Berlin"})";
  const std::string nul = std::string(R"({"tz":"UTC"})") + '\0' + "trailing";
  for (const auto& doc : {twice, nul}) {
    const auto e = test::error_of([&] { calendar::calendar_from_json(doc); });
    CHECK(e.code() == errc::invalid_argument);
    CHECK(std::string(e.what()).find("malformed JSON") != std::string::npos);
  }
  CHECK(calendar::calendar_from_json(R"({"tz":"Europe/Berlin"})").time_zone == "Europe/Berlin");
}
