// SLA versions under change control (R-6.1-change): an agreed SLA of a live service changes only
// under an RFC in implementation that names the service, whatever the change policy says, and
// the catalogue entry's history shows every version with its RFC, on the in-memory store.
#include <catch2/catch.hpp>

#include <algorithm>

#include "change_fixture.hpp"
#include "sla_version_scenario.hpp"
#include "support/errors.hpp"

using namespace itsm;

namespace {

struct sla_world : test::change_world {
  model::sla gold;
  sla_world() {
    model::sla s;
    s.name = "webshop gold";
    s.service = webshop.id;
    s.targets = {{1, 30, 240}};
    gold = system.service_level().define_sla(root, s);
  }
};

}  // namespace

TEST_CASE_METHOD(sla_world, "R-6.1-change: an agreed SLA's next version needs an RFC in implementation naming its service",
                 "[process][service_level][versions]") {
  auto edited = gold;
  edited.targets = {{1, 15, 120}};
  auto& sl = system.service_level();
  CHECK(refused([&] { sl.update_sla(root, edited); }).violates("R-6.1-change"));  // no RFC, policy or not
  const auto approved = service_rfc(webshop.id, false);
  CHECK(refused([&] { sl.update_sla(root, edited, {.reason = "faster P1", .reference = approved.id.key()}); })
            .violates("R-6.1-change"));  // approved, not yet in implementation
  CHECK(refused([&] { sl.update_sla(root, edited, {.reason = "faster P1", .reference = "RFC-999"}); })
            .violates("R-6.1-change"));
  const auto rfc = service_rfc(webshop.id);
  const write_options under{.reason = "faster P1", .reference = rfc.id.key()};
  auto moved = edited;
  moved.service = reports.id;
  CHECK(refused([&] { sl.update_sla(root, moved, under); }).violates("R-6.1-sla"));
  CHECK(test::error_of([&] { sl.update_sla(rita, edited, under); }).code() == errc::permission_denied);

  const auto v2 = sl.update_sla(root, edited, under);
  CHECK(v2.revision == gold.revision + 1);
  CHECK(sl.slas_of(reader, webshop.id).at(0).targets.at(0).resolution_minutes == 120);
  CHECK(test::error_of([&] { sl.update_sla(root, edited, under); }).code() == errc::conflict);  // stale revision

  const auto h = sl.history(reader, webshop.id);
  REQUIRE(h.size() == 3);  // the service created, the SLA created, the SLA's second version
  CHECK(h[0].kind == "service");
  CHECK(h[1].object_id == gold.id.key());
  CHECK(h[2].object_id == gold.id.key());
  CHECK(h[2].revision == v2.revision);
  CHECK(h[2].reference == rfc.id.key());
  CHECK(h[2].reason == "faster P1");
  CHECK(std::any_of(h[2].changes.begin(), h[2].changes.end(), [](const auto& c) { return c.field == "targets"; }));
  CHECK(sl.history(reader, service_id(99)).empty());
  CHECK(system.verify().ok());
}

TEST_CASE_METHOD(sla_world, "R-6.1-change: an SLA of a service not yet live is still designed freely",
                 "[process][service_level][versions]") {
  model::service s;
  s.name = "gift cards";
  s.owner = "owen";
  s = system.service_level().add_service(root, s);  // pipeline
  model::sla draft_sla;
  draft_sla.name = "gift cards";
  draft_sla.service = s.id;
  draft_sla.targets = {{3, 60, 480}};
  auto x = system.service_level().define_sla(root, draft_sla);
  x.targets = {{3, 30, 240}};
  CHECK(system.service_level().update_sla(root, x).revision == 2);
}

TEST_CASE("R-6.1-change: tickets are measured against the SLA version in force when they were recorded",
          "[process][service_level][versions]") {
  test::sla_version_world w(storage::make_memory_backend());
  test::check_measured_by_version(w);
}
