// Regressions found by fuzz/stored_json_fuzz.cpp: numbers in stored JSON that do not fit the
// member they decode into are corrupt data, not a silent (or undefined) conversion.
#include <catch2/catch.hpp>

#include "itsm/model/codec.hpp"
#include "itsm/model/service.hpp"
#include "support/errors.hpp"

using namespace itsm;
using namespace itsm::model;

TEST_CASE("a stored integer attribute holding a real or a huge number is corrupt", "[model][fuzz]") {
  for (const char* doc : {R"({"a":{"t":"integer","v":1e300}})", R"({"a":{"t":"integer","v":1.5}})",
                          R"({"a":{"t":"integer","v":18446744073709551615}})"}) {
    INFO(doc);
    CHECK(test::code_of([&] { model::detail::decode_attributes(doc); }) == errc::corrupt);
  }
  CHECK(model::detail::decode_attributes(R"({"a":{"t":"integer","v":-9223372036854775808}})").at("a") ==
        value(std::numeric_limits<std::int64_t>::min()));
}

TEST_CASE("stored SLA targets whose numbers do not fit are corrupt", "[model][fuzz]") {
  const auto& k = sla::def();
  auto values = k.encode(sla{});
  std::size_t targets = 0;
  while (k.fields()[targets].name != "targets") ++targets;
  for (const char* doc : {R"([{"priority":1e300,"response":1,"resolution":2}])",
                          R"([{"priority":4294967297,"response":1,"resolution":2}])",
                          R"([{"priority":1,"response":-1e300,"resolution":2}])"}) {
    INFO(doc);
    values[targets] = value(doc);
    CHECK(test::code_of([&] { k.decode("SLA-1", 1, values); }) == errc::corrupt);
  }
  values[targets] = value(R"([{"priority":1,"response":30,"resolution":240}])");
  CHECK(k.decode("SLA-1", 1, values).targets.at(0).resolution_minutes == 240);
}
