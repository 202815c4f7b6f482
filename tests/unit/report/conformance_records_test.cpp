// The checks of what the CMDB, change, problem and release records hold (checks_cmdb.cpp,
// checks_learning.cpp): each conforms on the month the fixture runs through the library and
// fails when the records show the requirement broken — by a write through the library where the
// library allows it, else by editing the snapshot as a store written by other means would read.
#include <catch2/catch.hpp>

#include "conformance_fixture.hpp"

using namespace itsm;
using report::verdict;
using test::conformance_world;
using test::names;

namespace {

struct records_world : conformance_world {
  actor pam{"pam", {std::string(roles::problem_manager)}};

  report::check_result now(const std::string& id) {
    verified = system.verify();
    return result(snap(), id);
  }
  incident_id incident_on(ci_id ci, const std::string& title) {
    auto d = draft(title, 3, 3);
    d.ci = ci;
    return system.incidents().record(desk, d).id;
  }
};

}  // namespace

TEST_CASE_METHOD(records_world, "the month conforms to the CMDB, problem and release record checks", "[report][conformance]") {
  const auto s = snap();
  for (const char* id : {"R-9.1-types", "R-9.1-attrs", "R-9.1-versions", "R-9.1-access", "R-9.1-relationships",
                         "R-9.1-to-change", "R-9.2-cmdb", "R-9.2-policy", "R-9.2-trends", "R-9.3-policy", "R-9.3-measure"}) {
    INFO(id << ": " << result(s, id).summary);
    CHECK(result(s, id).outcome == verdict::conforms);
  }
  CHECK(names(result(s, "R-9.2-cmdb"), good_change.key()));
  CHECK(names(result(s, "R-9.3-measure"), release.key()));
  CHECK(names(result(s, "R-9.1-types"), "server"));
  // Nothing in March used these yet: no evidence either way.
  for (const char* id : {"R-9.2-route", "R-8.1-info", "R-8.2-feed", "R-8.2-effectiveness", "R-8.2-trends"}) {
    INFO(id);
    CHECK(result(s, id).outcome == verdict::no_evidence);
  }
}

TEST_CASE_METHOD(records_world, "R-9.1-types R-9.1-versions: undocumented types and untracked versions fail",
                 "[report][conformance]") {
  auto s = snap();
  find(s.ci_types, "server").description.clear();
  CHECK(names(result(s, "R-9.1-types"), "server"));
  s = snap();
  std::erase_if(s.ci_types, [](const model::ci_type& t) { return t.name == "application"; });
  CHECK(names(result(s, "R-9.1-types"), shop.id.key()));
  s = snap();
  find(s.cis, db02.id.key()).revision += 1;  // a version the history does not hold
  written(s, db02.id.key());
  const auto r = result(s, "R-9.1-versions");
  CHECK(r.outcome == verdict::nonconformity);
  CHECK(names(r, db02.id.key()));
  CHECK_FALSE(names(r, db01.id.key()));
}

TEST_CASE_METHOD(records_world, "R-9.1-attrs: a live CI without its location fails", "[report][conformance]") {
  model::configuration_item c;
  c.type = "application";  // not under change control in the fixture's policy
  c.name = "batch";
  c.description = "nightly jobs";
  c.version = "1.0";
  c.status = model::ci_status::live;
  const auto made = system.configuration().create(carla, c);
  const auto r = now("R-9.1-attrs");
  CHECK(r.outcome == verdict::nonconformity);
  CHECK(r.records == std::vector<std::string>{made.id.key()});
}

TEST_CASE_METHOD(records_world, "R-9.1-access: a CMDB row written beneath the write path fails", "[report][conformance]") {
  CHECK(now("R-9.1-access").outcome == verdict::conforms);
  {
    auto tx = system.unaudited_store().begin(storage::tx_mode::read_write);
    auto row = tx->get("configuration_item", db02.id.key()).value();
    row.values[store->find_schema("configuration_item")->field_index("location").value()] = value(std::string("moved"));
    tx->put("configuration_item", row);
    tx->commit();
  }
  const auto r = now("R-9.1-access");
  CHECK(r.outcome == verdict::nonconformity);
  CHECK(names(r, db02.id.key()));
}

TEST_CASE_METHOD(records_world, "R-9.1-to-change: an RFC decided without its impact assessment fails", "[report][conformance]") {
  auto s = snap();
  std::erase_if(s.audit, [&](const audit_note& e) { return e.object_id == good_change.key() && e.action == "assess"; });
  const auto r = result(s, "R-9.1-to-change");
  CHECK(r.outcome == verdict::nonconformity);
  CHECK(r.records == std::vector<std::string>{good_change.key()});
}

TEST_CASE_METHOD(records_world, "R-9.2-cmdb: a successful change that left the CMDB as it was fails", "[report][conformance]") {
  auto r = implementing({db02.id}, window(20));
  changes.complete(ivan, r.id, true);
  const auto res = now("R-9.2-cmdb");
  CHECK(res.outcome == verdict::nonconformity);
  CHECK(res.records == std::vector<std::string>{r.id.key()});
}

TEST_CASE_METHOD(records_world, "R-9.2-policy: a change policy controlling no CI type fails", "[report][conformance]") {
  CHECK(names(now("R-9.2-policy"), "policy:changes"));
  auto p = system.policies().changes(root);
  p.controlled_ci_types.clear();
  system.policies().set_changes(root, p);
  CHECK(now("R-9.2-policy").outcome == verdict::nonconformity);
}

TEST_CASE_METHOD(records_world, "R-9.2-route: a major RFC approved follows design and transition", "[report][conformance]") {
  auto s = snap();
  auto& r = find(s.rfcs, good_change.key());
  r.classification = model::rfc_class::major;
  r.design_transition = true;
  r.design_plan = "DT-1";
  CHECK(result(s, "R-9.2-route").outcome == verdict::conforms);
  r.design_plan.clear();
  CHECK(names(result(s, "R-9.2-route"), good_change.key()));
}

TEST_CASE_METHOD(records_world, "R-9.2-trends: RFCs raised with no report analysing them fail", "[report][conformance]") {
  auto s = snap();
  CHECK(names(result(s, "R-9.2-trends"), definition.key()));
  find(s.report_definitions, definition.key()).frequency = model::report_frequency::on_demand;
  const auto r = result(s, "R-9.2-trends");
  CHECK(r.outcome == verdict::nonconformity);
  CHECK(names(r, good_change.key()));
}

TEST_CASE_METHOD(records_world, "R-8.1-info R-8.2-feed: known errors usable by the desk and used by it", "[report][conformance]") {
  model::problem p;
  p.title = "db01 disk latency";
  p.ci = db01.id;
  const auto prb = system.problems().record(pam, p).id;
  system.problems().investigate(pam, prb);
  model::known_error k;
  k.title = "slow disk on db01";
  k.symptom = "checkout timeouts";
  k.root_cause = "firmware";
  k.workaround = "fail over to db02";
  k.cis = {db01.id};
  const auto ke = system.problems().record_known_error(pam, prb, k).id;
  CHECK(now("R-8.1-info").outcome == verdict::conforms);
  const auto linked = incident_on(db01.id, "checkout timeouts again");
  system.problems().link_incident(pam, prb, linked);
  CHECK(names(now("R-8.2-feed"), linked.key()));
  CHECK(now("R-8.2-feed").outcome == verdict::conforms);
  const auto missed = incident_on(db01.id, "timeouts at checkout");  // the desk ignored the known error
  const auto r = now("R-8.2-feed");
  CHECK(r.outcome == verdict::nonconformity);
  CHECK(r.records == std::vector<std::string>{missed.key()});
  auto s = snap();
  find(s.known_errors, ke.key()).symptom.clear();
  CHECK(names(result(s, "R-8.1-info"), ke.key()));
}

TEST_CASE_METHOD(records_world, "R-8.2-effectiveness: an incident recurring after the problem's resolution fails",
                 "[report][conformance]") {
  model::problem p;
  p.title = "db02 crashes";
  p.ci = db02.id;
  const auto prb = system.problems().record(pam, p).id;
  system.problems().investigate(pam, prb);
  auto edited = *system.problems().find(pam, prb);
  edited.root_cause = "bad driver";
  system.problems().update(pam, edited);
  system.problems().resolve(pam, prb, "driver replaced");
  CHECK(now("R-8.2-effectiveness").outcome == verdict::conforms);
  clk->advance(hours(1));
  incident_on(db02.id, "db02 crashed again");
  const auto r = now("R-8.2-effectiveness");
  CHECK(r.outcome == verdict::nonconformity);
  CHECK(r.records == std::vector<std::string>{prb.key()});
}

TEST_CASE_METHOD(records_world, "R-8.2-trends: a CI with recurring incidents needs a problem", "[report][conformance]") {
  for (int i = 0; i < 3; ++i) incident_on(db02.id, "db02 slow " + std::to_string(i));
  auto r = now("R-8.2-trends");
  CHECK(r.outcome == verdict::nonconformity);
  CHECK(r.records == std::vector<std::string>{db02.id.key()});
  model::problem p;
  p.title = "db02 keeps slowing down";
  p.ci = db02.id;
  system.problems().record(pam, p);
  r = now("R-8.2-trends");
  CHECK(r.outcome == verdict::conforms);
  CHECK(names(r, db02.id.key()));
}

TEST_CASE_METHOD(records_world, "R-9.3-policy R-9.3-measure: release types and measurement after deployment",
                 "[report][conformance]") {
  auto s = snap();
  find(s.releases, release.key()).type = "hotfix";  // not a type of the release policy
  CHECK(names(result(s, "R-9.3-policy"), release.key()));
  // A release closed as soon as it was deployed was never measured.
  const auto hasty = deploy_release({db01.id}, "shop 3.1");
  system.releases().close(rob, hasty);
  const auto r = now("R-9.3-measure");
  CHECK(r.outcome == verdict::nonconformity);
  CHECK(r.records == std::vector<std::string>{hasty.key()});
}

TEST_CASE_METHOD(records_world, "R-9.1-relationships: a relationship to a missing CI, or a cycle of an acyclic kind, fails",
                 "[report][conformance]") {
  auto s = snap();
  REQUIRE_FALSE(s.relationships.empty());
  const auto first = s.relationships.front();
  CHECK(names(result(s, "R-9.1-relationships"), first.id.key()));
  // Its target gone from the CMDB (a store written by other means).
  std::erase_if(s.cis, [&](const model::configuration_item& ci) { return ci.id == first.target; });
  auto r = result(s, "R-9.1-relationships");
  CHECK(r.outcome == verdict::nonconformity);
  CHECK(names(r, first.id.key()));
  // The relationship's kind made acyclic, and the reverse relationship recorded: a cycle.
  s = snap();
  for (auto& k : s.relationship_kinds)
    if (k.name == first.kind) k.acyclic = true;
  auto back = first;
  back.id = relationship_id(9999);
  std::swap(back.source, back.target);
  s.relationships.push_back(back);
  r = result(s, "R-9.1-relationships");
  CHECK(r.outcome == verdict::nonconformity);
  CHECK(names(r, "kind " + first.kind + " has a cycle through " + std::min(first.source.key(), first.target.key())));
}
