// Regression found by fuzz/sqlite_stored_fuzz.cpp: a stored schema whose version is a real
// beyond int's range was undefined behaviour; now the file is reported corrupt.
#include <catch2/catch.hpp>

#include "storage/sqlite/detail.hpp"
#include "support/errors.hpp"

using namespace itsm;

TEST_CASE("a stored schema whose version is not an int is corrupt", "[sqlite][fuzz]") {
  for (const char* doc : {R"({"kind":"k","version":1e300,"fields":[],"indexes":[]})",
                          R"({"kind":"k","version":4294967297,"fields":[],"indexes":[]})",
                          R"({"kind":"k","version":2.5,"fields":[],"indexes":[]})"}) {
    INFO(doc);
    CHECK(test::code_of([&] { detail::sqlite::schema_from_json(doc); }) == errc::corrupt);
  }
  CHECK(detail::sqlite::schema_from_json(R"({"kind":"k","version":3,"fields":[],"indexes":[]})").version == 3);
}
