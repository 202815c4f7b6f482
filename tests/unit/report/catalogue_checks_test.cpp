// R-6.1-change in the reports: the conformance check (every change in the period to an SLA or a
// catalogue entry that change management controlled at the time carried an RFC), and the service
// report's targets measured against the SLA version each ticket was recorded under.
#include <catch2/catch.hpp>

#include <algorithm>

#include "itsm/report/conformance.hpp"
#include "unit/process/change_fixture.hpp"
#include "unit/process/sla_version_scenario.hpp"

using namespace itsm;
using report::verdict;

namespace {

struct checked : test::change_world {
  const period march{parse_iso("2026-03-01T00:00:00Z"), parse_iso("2026-04-01T00:00:00Z")};
  report::check_result result() {
    const auto s = system.reports().snapshot(reader, march.end);
    for (const auto& r : report::check_conformance(s, march, system.verify()).results)
      if (r.requirement == "R-6.1-change") return r;
    FAIL("no result for R-6.1-change");
    return {};
  }
  model::sla gold() {
    model::sla s;
    s.name = "webshop gold";
    s.service = webshop.id;
    s.targets = {{1, 30, 240}};
    return system.service_level().define_sla(root, s);
  }
};

}  // namespace

TEST_CASE_METHOD(checked, "R-6.1-change: conforms when SLA changes were made under an RFC", "[report][service_level]") {
  auto sla = gold();
  CHECK(result().outcome == verdict::no_evidence);  // nothing changed yet
  const auto rfc = service_rfc(webshop.id);
  sla.availability_target = 99.9;
  sla = system.service_level().update_sla(root, sla, {.reason = "higher availability", .reference = rfc.id.key()});
  const auto r = result();
  CHECK(r.outcome == verdict::conforms);
  CHECK(r.records == std::vector<std::string>{sla.id.key()});
  CHECK(r.audit_seqs.size() >= 1);
}

TEST_CASE_METHOD(checked, "R-6.1-change: an SLA version without an RFC is a nonconformity", "[report][service_level]") {
  auto sla = gold();
  const auto rfc = service_rfc(webshop.id);
  sla.exceptions = "none";
  sla = system.service_level().update_sla(root, sla, {.reason = "", .reference = rfc.id.key()});
  // The library refuses such a write, so the audit note of one that got in some other way (an
  // import of another tool's history, say) is planted in the snapshot the pure check reads.
  auto s = system.reports().snapshot(reader, march.end);
  for (auto& e : s.audit)
    if (e.object_id == sla.id.key() && e.action == "update") e.reference.clear();
  const auto st = report::check_conformance(s, march, system.verify());
  const auto it = std::find_if(st.results.begin(), st.results.end(), [](const auto& r) { return r.requirement == "R-6.1-change"; });
  REQUIRE(it != st.results.end());
  CHECK(it->outcome == verdict::nonconformity);
  CHECK(it->records == std::vector<std::string>{sla.id.key()});
}

TEST_CASE_METHOD(checked, "R-6.1-change: catalogue updates outside a controlled catalogue are not judged",
                 "[report][service_level]") {
  auto edited = *system.service_level().find_service(reader, webshop.id);
  edited.description = "outside change control";
  system.service_level().update_service(root, edited);  // the policy does not control the catalogue
  CHECK(result().outcome == verdict::no_evidence);
}

TEST_CASE_METHOD(checked, "R-6.1-change: catalogue updates under a controlled catalogue carry their RFC",
                 "[report][service_level]") {
  auto p = system.policies().changes(root);
  p.catalogue_under_change_control = true;
  system.policies().set_changes(root, p);
  const auto rfc = service_rfc(webshop.id);
  auto edited = *system.service_level().find_service(reader, webshop.id);
  edited.description = "under change control";
  system.service_level().update_service(root, edited, {.reason = "", .reference = rfc.id.key()});
  const auto r = result();
  CHECK(r.outcome == verdict::conforms);
  CHECK(r.records == std::vector<std::string>{webshop.id.key()});
}

TEST_CASE_METHOD(checked, "R-6.1-change: a catalogue update is judged by the change policy in force when it was made",
                 "[report][service_level]") {
  auto& sl = system.service_level();
  auto edited = *sl.find_service(reader, webshop.id);
  edited.description = "changed while the catalogue was not controlled";
  edited = sl.update_service(root, edited);  // no RFC needed then
  auto p = system.policies().changes(root);
  p.catalogue_under_change_control = true;
  system.policies().set_changes(root, p);
  CHECK(result().outcome == verdict::no_evidence);  // today's policy would call it a nonconformity

  const auto rfc = service_rfc(webshop.id);
  edited.description = "changed under control";
  sl.update_service(root, edited, {.reason = "", .reference = rfc.id.key()});
  p.catalogue_under_change_control = false;
  system.policies().set_changes(root, p);
  const auto r = result();  // still judged: it was controlled when it was made
  CHECK(r.outcome == verdict::conforms);
  CHECK(r.records == std::vector<std::string>{webshop.id.key()});
}

TEST_CASE("R-6.1-change: the service report counts each SLA version's goal in its own row", "[report][service_level]") {
  test::sla_version_world w(storage::make_memory_backend());
  const auto snap = w.system.reports().snapshot(w.reader, w.clk->now());
  const auto r = report::build(snap, {{w.start - hours(1), w.clk->now() + hours(1)}});
  auto row_of = [&](std::int64_t goal) -> const report::target_row* {
    for (const auto& x : r.targets)
      if (x.kind == "incident" && x.clock == "resolution" && x.goal_minutes == goal) return &x;
    return nullptr;
  };
  REQUIRE(row_of(240));
  REQUIRE(row_of(120));
  CHECK(row_of(240)->tickets == 1);
  CHECK(row_of(240)->breached == 0);
  CHECK(row_of(120)->tickets == 1);
  CHECK(row_of(120)->breached == 1);
  auto breached = [&](const std::string& key) {
    return std::any_of(r.breaches.begin(), r.breaches.end(), [&](const auto& b) { return b.id == key; });
  };
  CHECK(breached(w.after.id.key()));
  CHECK(breached(w.asked_later.id.key()));
  CHECK_FALSE(breached(w.before.id.key()));
  CHECK_FALSE(breached(w.asked.id.key()));
}
