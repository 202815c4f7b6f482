// The write path's changes encoding (R-9.1-trace: what changed, before and after) must give the
// very bytes of audit::encode_changes(audit::diff(…)): audit entries hash them.
#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "itsm/audit/changes.hpp"
#include "itsm/core/time.hpp"
#include "process/diff_json.hpp"

using namespace itsm;

TEST_CASE("R-9.1-trace: the write path's diff encoding gives the bytes of encode_changes(diff())", "[audit]") {
  // Names out of order, one upper-case: the encoder's byte order of names is exercised.
  storage::schema s;
  s.kind = "mixed";
  s.fields = {{"zeta", value_type::text, true},     {"alpha", value_type::integer, true},
              {"Mid", value_type::real, true},      {"when", value_type::time, true},
              {"flag", value_type::boolean, true},  {"a_b", value_type::text, true}};
  const std::vector<value> pool = {value{},
                                   value{"plain"},
                                   value{std::string("quote \" back\\slash \n tab\t \x01 \xff end")},
                                   value{std::int64_t{-42}},
                                   value{std::numeric_limits<double>::quiet_NaN()},
                                   value{1.5e300},
                                   value{parse_iso("2026-03-02T08:00:00Z")},
                                   value{true}};
  std::mt19937_64 rng(7);
  auto random_record = [&] {
    storage::record r{"X-1", 1, {}};
    for (std::size_t i = 0; i < s.fields.size(); ++i) r.values.push_back(pool[rng() % pool.size()]);
    return r;
  };
  for (int round = 0; round < 500; ++round) {
    const auto before = random_record(), after = random_record();
    REQUIRE(detail::encode_diff(s, before, after) == audit::encode_changes(audit::diff(s, before, after)));
    REQUIRE(detail::encode_diff(s, {}, after) == audit::encode_changes(audit::diff(s, {}, after)));    // created
    REQUIRE(detail::encode_diff(s, before, {}) == audit::encode_changes(audit::diff(s, before, {})));  // erased
  }
  REQUIRE(detail::encode_diff(s, random_record(), {}) != "{}");

  const storage::record short_one{"X-1", 1, {value{"only one"}}};
  REQUIRE_THROWS_AS(detail::encode_diff(s, short_one, short_one), itsm::error);
  auto twice = s;
  twice.fields[1].name = "zeta";
  const storage::record a{"X-1", 1, std::vector<value>(6, value{"a"})};
  const storage::record b{"X-1", 2, std::vector<value>(6, value{"b"})};
  REQUIRE_THROWS_AS(detail::encode_diff(twice, a, b), itsm::error);
}
