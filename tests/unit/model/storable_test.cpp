// What the kind codec lets into storage and how it reads stored data back: every write is
// encoded here, so non-finite reals and text that is not UTF-8 are refused here, naming the
// field; a stored value that does not decode is corrupt data, not a caller's invalid argument.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <limits>

#include "itsm/model/change.hpp"
#include "itsm/model/configuration_item.hpp"
#include "itsm/model/service.hpp"
#include "support/errors.hpp"

using namespace itsm;
using namespace itsm::model;
using itsm::test::error_of;

namespace {

bool mentions(const itsm::error& e, std::string_view text) {
  return std::string_view(e.what()).find(text) != std::string_view::npos;
}

configuration_item sample_ci() {
  configuration_item ci;
  ci.id = ci_id(7);
  ci.type = "server";
  ci.name = "db01";
  ci.attributes = {{"load", value(0.5)}, {"serial", value("SN-1")}};
  return ci;
}
}  // namespace

TEST_CASE("R-9.1-types: NaN and infinite attributes are refused before anything is encoded",
          "[model][R-9.1-types]") {
  for (double bad : {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity(),
                     -std::numeric_limits<double>::infinity()}) {
    auto ci = sample_ci();
    ci.attributes["load"] = value(bad);
    bool cited = false;
    for (const auto& v : ci.check()) cited = cited || (v.rule == "R-9.1-types" && v.message.find("load") != std::string::npos);
    CHECK(cited);
    const auto e = error_of([&] { (void)configuration_item::def().encode(ci); });
    CHECK(e.code() == errc::invalid_argument);
    CHECK(std::string(e.what()) == "invalid_argument: configuration_item.attributes: attribute 'load': " +
                                       value(bad).to_display() + " is not a finite number");
  }
}

TEST_CASE("R-6.1-sla: every kind with a real field refuses non-finite reals, naming the field",
          "[model][R-6.1-sla]") {
  sla s;
  s.service = service_id(1);
  s.targets = {{1, 30, 240}};
  s.availability_target = std::numeric_limits<double>::quiet_NaN();
  bool cited = false;
  for (const auto& v : s.check()) cited = cited || v.rule == "R-6.1-sla";
  CHECK(cited);
  const auto e = error_of([&] { (void)sla::def().encode(s); });
  CHECK(e.code() == errc::invalid_argument);
  CHECK(mentions(e, "sla.availability_target"));
}

TEST_CASE("text that is not valid UTF-8 is refused in every text field, naming the field", "[model]") {
  SECTION("a plain text field") {
    auto ci = sample_ci();
    ci.description = "broken \xC3";
    const auto e = error_of([&] { (void)configuration_item::def().encode(ci); });
    CHECK(e.code() == errc::invalid_argument);
    CHECK(std::string(e.what()) ==
          "invalid_argument: configuration_item.description: text is not valid UTF-8 (bad byte at offset 7)");
  }
  SECTION("a text attribute and an attribute name") {
    auto ci = sample_ci();
    ci.attributes["serial"] = value("SN-\xFF");
    CHECK(mentions(error_of([&] { (void)configuration_item::def().encode(ci); }), "'serial'"));
    ci = sample_ci();
    ci.attributes["\xFF"] = value(1);
    CHECK(error_of([&] { (void)configuration_item::def().encode(ci); }).code() == errc::invalid_argument);
  }
  SECTION("lists: review participants and acceptance criteria") {
    rfc r;
    r.id = rfc_id(1);
    r.review_participants = {"ivan", "\xE2\x82"};
    auto e = error_of([&] { (void)rfc::def().encode(r); });
    CHECK(e.code() == errc::invalid_argument);
    CHECK(mentions(e, "rfc.review_participants"));
    release rel;
    rel.id = release_id(1);
    rel.acceptance_criteria = {"\x80"};
    e = error_of([&] { (void)release::def().encode(rel); });
    CHECK(e.code() == errc::invalid_argument);
    CHECK(mentions(e, "release.acceptance_criteria"));
  }
}

TEST_CASE("stored values that do not decode are corrupt, naming the field", "[model]") {
  const auto& k = configuration_item::def();
  const auto good = k.encode(sample_ci());
  const auto field = [&](std::string_view name) {
    for (std::size_t i = 0; i < k.fields().size(); ++i)
      if (k.fields()[i].name == name) return i;
    FAIL("no field " << name);
    return std::size_t{0};
  };
  SECTION("an unknown enum name") {
    auto values = good;
    values[field("status")] = value("exploded");
    const auto e = error_of([&] { (void)k.decode("CI-7", 1, values); });
    CHECK(e.code() == errc::corrupt);
    CHECK(mentions(e, "configuration_item.status"));
  }
  SECTION("a malformed id, list or attribute document") {
    auto values = good;
    values[field("services")] = value("[\"SVC-01\"]");
    CHECK(error_of([&] { (void)k.decode("CI-7", 1, values); }).code() == errc::corrupt);
    values = good;
    values[field("attributes")] = value("{\"load\":{\"t\":\"time\",\"v\":\"T99\"}}");
    CHECK(error_of([&] { (void)k.decode("CI-7", 1, values); }).code() == errc::corrupt);
    values = good;
    values[field("attributes")] = value("{\"load\":{\"t\":\"real\",\"v\":null}}");  // a NaN stored by old versions
    CHECK(error_of([&] { (void)k.decode("CI-7", 1, values); }).code() == errc::corrupt);
    CHECK(error_of([&] { (void)k.decode("CI-07", 1, good); }).code() == errc::corrupt);
  }
  SECTION("SLA targets that are not JSON") {
    sla s;
    s.id = sla_id(1);
    s.service = service_id(1);
    s.targets = {{1, 30, 240}};
    auto values = sla::def().encode(s);
    for (auto& v : values)
      if (v.type() == value_type::text && v.as_text().find("priority") != std::string::npos) v = value("[{");
    CHECK(error_of([&] { (void)sla::def().decode("SLA-1", 1, values); }).code() == errc::corrupt);
  }
}

TEST_CASE("R-6.1-sla: SLA targets are bounded to 100 years so deadlines stay computable", "[model][R-6.1-sla]") {
  sla s;
  s.service = service_id(1);
  s.targets = {{1, 30, sla_target::max_minutes}};
  CHECK(s.check().empty());
  for (std::int64_t huge : {sla_target::max_minutes + 1, std::numeric_limits<std::int64_t>::max() / 1000,
                            std::numeric_limits<std::int64_t>::max()}) {
    s.targets = {{1, 30, huge}};
    const auto v = s.check();
    REQUIRE(v.size() == 1);
    CHECK(v[0].rule == "R-6.1-sla");
  }
}
