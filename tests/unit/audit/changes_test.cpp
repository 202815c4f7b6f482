// The canonical `changes` document of audit entries (R-9.1-trace: what changed, before/after).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <nlohmann/json.hpp>
#include <random>

#include "itsm/audit/changes.hpp"

using namespace itsm;
using namespace itsm::audit;

namespace {
storage::schema ci_schema() {
  storage::schema s;
  s.kind = "ci";
  s.fields = {{"name", value_type::text, false},
              {"status", value_type::text, true},
              {"cost", value_type::real, true},
              {"installed", value_type::time, true},
              {"version", value_type::integer, true}};
  return s;
}
}  // namespace

TEST_CASE("R-9.1-trace: changes are encoded with sorted keys, independent of input order",
          "[audit]") {
  const std::vector<field_change> in = {{"status", value{"planned"}, value{"live"}},
                                        {"owner", value{}, value{"bob"}},
                                        {"version", value{std::int64_t{1}}, value{std::int64_t{2}}}};
  const auto text = encode_changes(in);
  REQUIRE(text == R"({"owner":[null,"bob"],"status":["planned","live"],"version":[1,2]})");
  auto reversed = in;
  std::reverse(reversed.begin(), reversed.end());
  REQUIRE(encode_changes(reversed) == text);
  REQUIRE(encode_changes({}) == "{}");
  REQUIRE_THROWS_AS(encode_changes({{"a", 1, 2}, {"a", 2, 3}}), itsm::error);
  REQUIRE_THROWS_AS(encode_changes({{"", 1, 2}}), itsm::error);
}

TEST_CASE("R-9.1-trace: each value type has one canonical JSON form", "[audit]") {
  REQUIRE(encode_value(value{}) == "null");
  REQUIRE(encode_value(value{true}) == "true");
  REQUIRE(encode_value(value{false}) == "false");
  REQUIRE(encode_value(value{std::int64_t{-42}}) == "-42");
  REQUIRE(encode_value(value{std::numeric_limits<std::int64_t>::min()}) ==
          "-9223372036854775808");
  REQUIRE(encode_value(value{2.0}) == "2.0");
  REQUIRE(encode_value(value{1.5}) == "1.5");
  REQUIRE(encode_value(value{0.1}) == "0.1");
  REQUIRE(encode_value(value{-0.0}) == "-0.0");
  REQUIRE(encode_value(value{1e300}) == "1e+300");
  REQUIRE(encode_value(value{std::nan("")}) == "\"NaN\"");
  REQUIRE(encode_value(value{-std::numeric_limits<double>::infinity()}) == "\"-Infinity\"");
  REQUIRE(encode_value(value{"a\"b\\c\nd\te\x01"}) == R"("a\"b\\c\nd\te\u0001")");
  REQUIRE(encode_value(value{"Z\xC3\xBCrich \xE2\x82\xAC"}) == "\"Z\xC3\xBCrich \xE2\x82\xAC\"");
  REQUIRE(encode_value(value{"bad\xFF" "byte"}) == "\"bad\xEF\xBF\xBD" "byte\"");
  REQUIRE(encode_value(value{"cut\xE2\x82"}) == "\"cut\xEF\xBF\xBD\xEF\xBF\xBD\"");
  REQUIRE(encode_value(value{parse_iso("2026-03-01T08:00:00.5Z")}) ==
          "\"2026-03-01T08:00:00.500000Z\"");
}

TEST_CASE("R-9.1-trace: reals round-trip exactly through the changes document", "[audit]") {
  std::mt19937_64 rng(20260301);
  std::uniform_int_distribution<std::uint64_t> bits;
  int checked = 0;
  for (int i = 0; i < 2000; ++i) {
    const std::uint64_t b = bits(rng);
    double d;
    std::memcpy(&d, &b, sizeof d);
    if (!std::isfinite(d)) continue;
    const auto back = decode_changes(encode_changes({{"x", value{d}, value{-d}}}));
    REQUIRE(back.size() == 1);
    REQUIRE(back[0].before.type() == value_type::real);
    REQUIRE(back[0].before.as_real() == d);
    REQUIRE(back[0].after.as_real() == -d);
    ++checked;
  }
  REQUIRE(checked > 1900);
}

TEST_CASE("R-9.1-trace: arbitrary text survives the changes document", "[audit]") {
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> len(0, 40), cp(0, 0x10FFFF);
  for (int i = 0; i < 500; ++i) {
    std::string s;  // random valid UTF-8, control characters included
    for (int k = len(rng); k > 0; --k) {
      unsigned c = static_cast<unsigned>(cp(rng)) % (k % 3 == 0 ? 0x80u : 0x110000u);
      if (c >= 0xD800 && c <= 0xDFFF) c = 0x41;
      if (c < 0x80) {
        s += static_cast<char>(c);
      } else if (c < 0x800) {
        s += static_cast<char>(0xC0 | (c >> 6));
        s += static_cast<char>(0x80 | (c & 0x3F));
      } else if (c < 0x10000) {
        s += static_cast<char>(0xE0 | (c >> 12));
        s += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        s += static_cast<char>(0x80 | (c & 0x3F));
      } else {
        s += static_cast<char>(0xF0 | (c >> 18));
        s += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
        s += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        s += static_cast<char>(0x80 | (c & 0x3F));
      }
    }
    const auto text = encode_changes({{s.empty() ? "f" : s, value{s}, value{}}});
    const auto back = decode_changes(text);
    REQUIRE(back.size() == 1);
    REQUIRE(back[0].field == (s.empty() ? "f" : s));
    REQUIRE(back[0].before.as_text() == s);
    REQUIRE(back[0].after.is_null());
    // nlohmann's reader agrees, and re-encoding the parse is byte-identical.
    REQUIRE(encode_changes(back) == text);
  }
}

TEST_CASE("R-9.1-trace: decoded changes restore schema types", "[audit]") {
  const auto t = parse_iso("2025-12-24T18:30:00Z");
  const auto text = encode_changes({{"installed", value{}, value{t}},
                                    {"cost", value{std::int64_t{0}}, value{12.5}},
                                    {"status", value{"planned"}, value{"live"}},
                                    {"flag", value{true}, value{false}}});
  const auto raw = decode_changes(text);
  REQUIRE(raw.size() == 4);
  REQUIRE(raw[0].field == "cost");
  REQUIRE(raw[2].field == "installed");
  REQUIRE(raw[2].after == value{"2025-12-24T18:30:00Z"});  // JSON has no time type

  const auto typed = decode_changes(text, ci_schema());
  REQUIRE(typed[0].before == value{0.0});
  REQUIRE(typed[0].after == value{12.5});
  REQUIRE(typed[1] == field_change{"flag", value{true}, value{false}});  // not in the schema
  REQUIRE(typed[2].before.is_null());
  REQUIRE(typed[2].after == value{t});
  REQUIRE(typed[3] == field_change{"status", value{"planned"}, value{"live"}});
  REQUIRE_THROWS_AS(decode_changes(R"({"installed":[null,"yesterday"]})", ci_schema()),
                    itsm::error);
}

TEST_CASE("R-9.1-trace: malformed changes documents are reported as corrupt", "[audit]") {
  for (const char* bad : {"", "not json", "[1,2]", R"({"a":1})", R"({"a":[1]})",
                          R"({"a":[1,2,3]})", R"({"a":[{"x":1},2]})", R"({"a":[[1],2]})",
                          R"({"a":[18446744073709551615,1]})"}) {
    INFO(bad);
    try {
      decode_changes(bad);
      FAIL("accepted");
    } catch (const itsm::error& e) {
      REQUIRE(e.code() == errc::corrupt);
    }
  }
}

TEST_CASE("R-9.1-trace: diff lists exactly the fields that changed", "[audit]") {
  const auto s = ci_schema();
  const auto t = parse_iso("2025-01-01T00:00:00Z");
  storage::record before{"CI-1", 1, {value{"web01"}, value{"planned"}, value{}, value{t}, value{1}}};
  storage::record after{"CI-1", 2, {value{"web01"}, value{"live"}, value{3.5}, value{t}, value{2}}};
  const auto d = diff(s, before, after);
  REQUIRE(encode_changes(d) == R"({"cost":[null,3.5],"status":["planned","live"],"version":[1,2]})");
  REQUIRE(diff(s, before, before).empty());
  const auto created = diff(s, storage::record{}, before);
  REQUIRE(created.size() == 4);  // every non-null field of `before`
  const auto erased = diff(s, after, storage::record{});
  REQUIRE(erased.size() == 5);
  REQUIRE(erased[0].after.is_null());
  REQUIRE_THROWS_AS(diff(s, storage::record{"CI-1", 1, {value{"x"}}}, after), itsm::error);
}

TEST_CASE("R-9.1-trace: refusals are encoded with their rule ids", "[audit]") {
  const std::vector<violation> v = {{"R-9.1-unique", "serial \"X1\" taken"},
                                    {"R-9.1-types", "unknown attribute"}};
  const auto text = encode_violations(v);
  REQUIRE(text == R"({"violations":[{"message":"serial \"X1\" taken","rule":"R-9.1-unique"},)"
                  R"({"message":"unknown attribute","rule":"R-9.1-types"}]})");
  const auto j = nlohmann::json::parse(text);
  REQUIRE(j["violations"].size() == 2);
  REQUIRE(j["violations"][1]["rule"] == "R-9.1-types");
  REQUIRE(encode_violations({}) == R"({"violations":[]})");
}
