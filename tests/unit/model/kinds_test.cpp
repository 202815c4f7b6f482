#include <catch2/catch.hpp>

#include "itsm/model/change.hpp"
#include "itsm/model/ci_type.hpp"
#include "itsm/model/configuration_item.hpp"
#include "itsm/model/incident.hpp"
#include "itsm/model/problem.hpp"
#include "itsm/model/relationship.hpp"
#include "itsm/model/service.hpp"

using namespace itsm;
using namespace itsm::model;

namespace {
template <class T>
T round_trip(const T& t) {
  const auto& k = T::def();
  return k.decode(k.key(t), t.revision, k.encode(t));
}
}  // namespace

TEST_CASE("a CI encodes to one value per field and decodes back unchanged", "[model][R-9.1-attrs]") {
  configuration_item ci;
  ci.id = ci_id(7);
  ci.revision = 3;
  ci.type = "server";
  ci.name = "db01";
  ci.status = ci_status::live;
  ci.services = {service_id(1), service_id(2)};
  ci.attributes = {{"cpus", value(8)}, {"ram_gb", value(64.5)}, {"bought", value(parse_iso("2024-01-02T00:00:00Z"))}};
  const auto& k = configuration_item::def();
  const auto values = k.encode(ci);
  REQUIRE(values.size() == k.fields().size());
  const auto back = round_trip(ci);
  CHECK(back.id == ci.id);
  CHECK(back.revision == 3);
  CHECK(back.name == "db01");
  CHECK(back.status == ci_status::live);
  CHECK(back.services == ci.services);
  CHECK(back.attributes == ci.attributes);
}

TEST_CASE("every kind round-trips and declares indexes on its own fields", "[model]") {
  incident inc;
  inc.id = incident_id(42);
  inc.title = "mail down";
  inc.opened_at = parse_iso("2026-01-05T09:00:00Z");
  CHECK(round_trip(inc).opened_at == inc.opened_at);
  CHECK(round_trip(inc).resolved_at.is_special());
  CHECK(incident::def().key(inc) == "INC-42");

  rfc r;
  r.id = rfc_id(3);
  r.title = "patch";
  r.scope_cis = {ci_id(1)};
  r.classification = rfc_class::emergency;
  CHECK(round_trip(r).classification == rfc_class::emergency);
  CHECK(round_trip(r).scope_cis == r.scope_cis);

  sla s;
  s.id = sla_id(1);
  s.service = service_id(1);
  s.targets = {{1, 30, 240}, {2, 60, 480}};
  const auto back = round_trip(s);
  REQUIRE(back.targets.size() == 2);
  CHECK(back.target_for(2)->resolution_minutes == 480);

  ci_type t;
  t.name = "server";
  t.attributes = {{"cpus", value_type::integer, true}};
  CHECK(round_trip(t).attributes.at(0).type == value_type::integer);
  CHECK(round_trip(t).attributes.at(0).required);

  auto check_indexes = [](const auto& k) {
    for (const auto& ix : k.indexes())
      for (const auto& f : ix.fields) {
        bool found = false;
        for (const auto& fi : k.fields()) found = found || fi.name == f;
        CHECK(found);
      }
  };
  check_indexes(incident::def());
  check_indexes(configuration_item::def());
  check_indexes(relationship::def());
  check_indexes(problem::def());
  check_indexes(rfc::def());
  check_indexes(release::def());
}

TEST_CASE("an unknown stored enum name is an error, not a silent default", "[model]") {
  configuration_item ci;
  ci.id = ci_id(1);
  auto values = configuration_item::def().encode(ci);
  values[3] = value("exploded");  // status
  CHECK_THROWS_AS(configuration_item::def().decode("CI-1", 1, values), itsm::error);
}

TEST_CASE("invariants cite their requirement ids", "[model]") {
  CHECK(ci_type{}.check().at(0).rule == "R-9.1-types");
  relationship self;
  self.kind = "runs_on";
  self.source = ci_id(1);
  self.target = ci_id(1);
  CHECK(self.check().at(0).rule == "R-9.1-attrs");
  sla bad;
  bad.service = service_id(1);
  bad.targets = {{1, 300, 60}};
  CHECK(bad.check().at(0).rule == "R-6.1-sla");
  incident major;
  major.title = "x";
  major.major = true;
  CHECK(major.check().at(0).rule == "R-8.1-major");
  rfc noscope;
  noscope.title = "x";
  CHECK(noscope.check().at(0).rule == "R-9.2-record");
}
