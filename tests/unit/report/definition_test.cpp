#include <catch2/catch.hpp>

#include "report_fixture.hpp"

using namespace itsm;
using test::report_world;

namespace {
bool names_rule(const error& e, const std::string& rule) {
  for (const auto& v : e.violations())
    if (v.rule == rule) return true;
  return false;
}

std::size_t definitions_stored(storage::backend& store) {
  storage::query q;
  q.kind = "report_definition";
  return store.begin(storage::tx_mode::read_only)->scan(q).size();
}
}  // namespace

TEST_CASE_METHOD(report_world, "R-6.2-define: a report definition is a stored, audited record", "[report]") {
  const auto d = system.reports().find(reader, definition).value();
  CHECK(d.name == "webshop monthly");
  CHECK(d.frequency == model::report_frequency::monthly);
  CHECK(d.scope == "all");
  const auto head = last_audit();
  CHECK(head.kind == "report_definition");
  CHECK(head.object_id == definition.key());
  CHECK(head.actor == "sam");
  CHECK(system.verify().ok());
  auto retired = d;
  retired.retired = true;
  CHECK(system.reports().update(slm, retired).retired);
  CHECK(system.reports().definitions(reader).front().retired);
}

TEST_CASE_METHOD(report_world, "R-6.2-define: an undocumented report is refused and nothing is written", "[report]") {
  const auto stored = definitions_stored(*store);
  const auto seq = last_audit().seq;
  model::report_definition d;
  d.name = "webshop monthly";  // taken
  d.audience = "ops";
  d.data_sources = {"incident", "no_such_kind"};
  d.scope = "service:SVC-99";
  const auto e = test::error_of([&] { system.reports().define(slm, d); });
  CHECK(e.code() == errc::rule_violation);
  CHECK(names_rule(e, "R-6.2-define"));
  std::string all;
  for (const auto& v : e.violations()) all += v.message + "\n";
  CHECK(all.find("needs a purpose") != std::string::npos);
  CHECK(all.find("already defined") != std::string::npos);
  CHECK(all.find("no_such_kind") != std::string::npos);
  CHECK(all.find("no such service") != std::string::npos);
  CHECK(definitions_stored(*store) == stored);
  CHECK(last_audit().seq == seq + 1);
  CHECK(last_audit().outcome == "refused");
}

TEST_CASE_METHOD(report_world, "R-6.2-define: only those granted may define reports", "[report]") {
  model::report_definition d;
  d.name = "desk weekly";
  d.purpose = "p";
  d.audience = "a";
  d.data_sources = {"incident"};
  CHECK(test::code_of([&] { system.reports().define(desk, d); }) == errc::permission_denied);
  CHECK(last_audit().outcome == "denied");
  CHECK(test::code_of([&] { system.reports().exclude(slm, "R-6.3-test", "no continuity plans in scope"); }) ==
        errc::permission_denied);
}

TEST_CASE_METHOD(report_world, "R-4.5-scope-plan: an exclusion needs a requirement id and a justification", "[report]") {
  auto& rep = system.reports();
  CHECK(names_rule(test::error_of([&] { rep.exclude(root, "6.3-test", "x"); }), "R-4.5-scope-plan"));
  CHECK(names_rule(test::error_of([&] { rep.exclude(root, "R-6.3-test", ""); }), "R-4.5-scope-plan"));
  const auto e = rep.exclude(root, "R-6.3-test", "continuity is provided by the customer's own site");
  CHECK(e.decided_by == "root");
  CHECK(names_rule(test::error_of([&] { rep.exclude(root, "R-6.3-test", "again"); }), "R-4.5-scope-plan"));
  CHECK(rep.withdraw_exclusion(root, "R-6.3-test").withdrawn);
  CHECK_FALSE(rep.exclude(root, "R-6.3-test", "back out of scope").withdrawn);  // excluded anew
  CHECK(rep.exclusions(reader).size() == 1);
}

TEST_CASE_METHOD(report_world, "the snapshot holds what the actor may read, SLA figures as the processes compute them",
                 "[report]") {
  const auto s = snap();
  CHECK(s.incidents.size() == 4);
  CHECK(s.requests.size() == 1);
  CHECK(s.rfcs.size() == 3);
  CHECK(s.report_definitions.size() == 1);
  CHECK(s.audit_head == last_audit().seq);
  CHECK(s.audit.size() == static_cast<std::size_t>(s.audit_head));
  for (auto id : {met, breached, major, outage}) {
    const auto lib = system.incidents().sla_figures(reader, id, march.end);
    const auto& mine = s.sla_figures.at(id.key());
    CHECK(mine.breached() == lib.breached());
    CHECK(mine.resolution->elapsed == lib.resolution->elapsed);
    CHECK(mine.response->elapsed == lib.response->elapsed);
  }
  const auto lib = system.requests().sla_figures(reader, request, march.end);
  CHECK(s.sla_figures.at(request.key()).resolution->elapsed == lib.resolution->elapsed);
  CHECK(s.sla_figures.at(breached.key()).breached());
  // A customer's user may not read the audit trail: no snapshot.
  actor ann{"ann", {std::string(roles::customer)}, "CUS-1"};
  CHECK(test::code_of([&] { system.reports().snapshot(ann, march.end); }) == errc::permission_denied);
}
