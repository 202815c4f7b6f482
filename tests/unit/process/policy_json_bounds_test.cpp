// Regressions found by fuzz/policy_json_fuzz.cpp.
#include <catch2/catch.hpp>

#include "itsm/process/policies.hpp"
#include "support/errors.hpp"

using namespace itsm;

TEST_CASE("policy JSON: a duration in minutes too large for a time span is refused, not overflowed",
          "[process][policy][fuzz]") {
  for (const char* doc : {R"({"min_interval_minutes":9223372036854775807})",
                          R"({"measure_window_minutes":-9223372036854775807})",
                          R"({"min_interval_minutes":5270400001})",
                          // above INT64_MAX: used to wrap to -1 minute
                          R"({"min_interval_minutes":18446744073709551615})"}) {
    INFO(doc);
    CHECK(test::code_of([&] { release_policy_from_json(doc); }) == errc::invalid_argument);
  }
  // 10,000 years of minutes still reads.
  CHECK(release_policy_from_json(R"({"min_interval_minutes":5270400000})").min_interval ==
        minutes(5'270'400'000));
}
