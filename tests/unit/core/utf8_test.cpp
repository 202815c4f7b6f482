// UTF-8 validation of text entering the library.
#include <catch2/catch.hpp>

#include "itsm/core/text.hpp"
#include "support/errors.hpp"

using itsm::test::code_of;

TEST_CASE("UTF-8 validation finds malformed sequences", "[core][text]") {
  CHECK(itsm::is_valid_utf8(""));
  CHECK(itsm::is_valid_utf8("M\xC3\xBCnchen \xE2\x82\xAC \xF0\x9F\x98\x80"));
  CHECK(itsm::is_valid_utf8(std::string_view("a\0b", 3)));
  for (const char* bad : {"\xFF", "\x80", "\xC3", "\xC0\xAF", "\xE0\x80\x80", "\xED\xA0\x80", "\xF4\x90\x80\x80",
                          "ok\xE2\x82"}) {
    INFO(bad);
    CHECK_FALSE(itsm::is_valid_utf8(bad));
  }
  CHECK(code_of([] { itsm::require_utf8("ab\xFF", "a name"); }) == itsm::errc::invalid_argument);
  try {
    itsm::require_utf8("ab\xFF", "a name");
  } catch (const itsm::error& e) {
    CHECK(std::string(e.what()).find("a name is not valid UTF-8 (bad byte at offset 2)") != std::string::npos);
  }
}

TEST_CASE("UTF-8 validation reports the exact offset wherever a bad byte sits in long ASCII runs", "[core][text]") {
  // The validator skips ASCII eight bytes at a time: every offset, and multi-byte sequences that
  // straddle an eight-byte boundary, must be judged as byte by byte.
  for (std::size_t at = 0; at < 24; ++at) {
    std::string s(24, 'a');
    s[at] = '\xFF';
    INFO(at);
    try {
      itsm::require_utf8(s, "text");
      FAIL("accepted");
    } catch (const itsm::error& e) {
      CHECK(std::string(e.what()).find("offset " + std::to_string(at) + ")") != std::string::npos);
    }
    std::string ok(24, 'a');
    if (at + 3 <= ok.size()) {
      ok.replace(at, 3, "\xE2\x82\xAC");  // a three-byte sequence starting at `at`
      CHECK(itsm::is_valid_utf8(ok));
      ok[at + 2] = 'x';  // truncated sequence
      CHECK_FALSE(itsm::is_valid_utf8(ok));
    }
  }
}
