// Hostile input to id parsing: only the canonical key ("RFC-7") parses, anything else is
// invalid_argument, so an id audited is always the id checked.
#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>

#include "itsm/core/id.hpp"
#include "support/errors.hpp"

using itsm::test::code_of;

namespace {
struct rfc_tag { static constexpr std::string_view prefix = "RFC"; };
struct ci_tag { static constexpr std::string_view prefix = "CI"; };
using rfc_id = itsm::id<rfc_tag>;
using ci_id = itsm::id<ci_tag>;
}  // namespace

TEST_CASE("ids parse only in their canonical form", "[core][id]") {
  CHECK(rfc_id::parse("RFC-7") == rfc_id(7));
  CHECK(ci_id::parse("CI-9223372036854775807").number() == std::numeric_limits<std::int64_t>::max());
  for (const char* key : {"RFC-07", "RFC-007", "RFC-+7", "RFC--7", " RFC-7", "RFC-7 ", "RFC- 7", "rfc-7",
                          "RFC-7\n", "RFC-0", "RFC-", "RFC-9223372036854775808", "RFC-7x"}) {
    INFO(key);
    CHECK(code_of([&] { (void)rfc_id::parse(key); }) == itsm::errc::invalid_argument);
  }
  for (const char* key : {"CI-+7", " CI-7", "CI-0042"}) {
    INFO(key);
    CHECK(code_of([&] { (void)ci_id::parse(key); }) == itsm::errc::invalid_argument);
  }
}
