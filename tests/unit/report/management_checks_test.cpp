// The conformance checks of clause 4 (src/report/checks_management.cpp) over the report world's
// March: each check once conforming and once a nonconformity; the conformance check's output
// seeds an internal audit's findings.
#include <catch2/catch.hpp>

#include "itsm/report/management.hpp"
#include "report_fixture.hpp"

using namespace itsm;
using report::verdict;

namespace {

struct management_checks : test::report_world {
  actor quinn{"quinn", {std::string(sms_manager_role)}};
  actor dana{"dana", {std::string(sms_manager_role)}};
  actor tess{"tess", {std::string(top_management_role)}};
  management_system& m = system.management();

  timestamp soon() const { return clk->now() + hours(24); }  // before March ends: overdue then
  timestamp next_year() const { return clk->now() + hours(24 * 365); }

  report::conformance_statement statement() { return report::check_conformance(snap(), march, system.verify()); }
  report::check_result result(const std::string& id) {
    for (const auto& r : statement().results)
      if (r.requirement == id) return r;
    FAIL("no result for " + id);
    return {};
  }
  model::controlled_document document(std::string name, timestamp review_due) {
    model::controlled_document d;
    d.name = std::move(name);
    d.location = "dms://sms/" + d.name;
    d.distribution = {"all staff"};
    d.review_due = review_due;
    return d;
  }
  model::improvement improvement(std::string title, timestamp due) {
    model::improvement i;
    i.title = std::move(title);
    i.evaluation_criteria = {"effort"};
    i.target = "measurable";
    i.owner = "dana";
    i.due = due;
    return i;
  }
};

bool names(const report::check_result& r, const std::string& id) {
  return std::find(r.records.begin(), r.records.end(), id) != r.records.end();
}

}  // namespace

TEST_CASE_METHOD(management_checks, "R-4.5-scope-plan check: a plan in force conforms; an overdue review does not",
                 "[report][management]") {
  CHECK(result("R-4.5-scope-plan").outcome == verdict::no_evidence);
  model::sms_plan p;
  p.scope = "webshop and reports";
  p.services = {webshop.id};
  p.objectives = {"availability"};
  p.responsibilities = {"SMS manager: quinn"};
  p.review_due = soon();
  const auto v1 = m.record_plan(quinn, p);
  CHECK(result("R-4.5-scope-plan").outcome == verdict::nonconformity);  // drafted, never approved
  m.approve_plan(dana, v1.id);
  const auto late = result("R-4.5-scope-plan");
  CHECK(late.outcome == verdict::nonconformity);
  CHECK(names(late, v1.id.key()));
  p.review_due = next_year();
  m.approve_plan(dana, m.record_plan(quinn, p).id);
  CHECK(result("R-4.5-scope-plan").outcome == verdict::conforms);
}

TEST_CASE_METHOD(management_checks, "R-4.3-documents check: reviewed documents conform, overdue ones do not",
                 "[report][management]") {
  const auto d = m.record_document(quinn, document("change procedure", soon()));
  m.approve_document(dana, d.id);
  const auto late = result("R-4.3-documents");
  CHECK(late.outcome == verdict::nonconformity);
  CHECK(names(late, d.id.key()));
  m.confirm_review(quinn, d.id, next_year());
  CHECK(result("R-4.3-documents").outcome == verdict::conforms);
}

TEST_CASE_METHOD(management_checks, "R-9.1-library check: a release deployed from uncontrolled media is a nonconformity; "
                 "the conformance check seeds the audit's findings", "[report][management]") {
  auto media = document("db 2.0 package", next_year());
  media.type = model::document_type::media;
  media.checksum = std::string(64, '0');
  media.releases = {release};
  const auto draft = m.record_document(quinn, media);
  const auto st = statement();
  const auto findings = report::findings_of(st);
  REQUIRE(findings.size() == 1);
  CHECK(findings.front().requirement == "R-9.1-library");
  CHECK(findings.front().evidence == std::vector<std::string>{release.key()});
  CHECK(report::review_input(st).find("conformance: ") == 0);
  CHECK(report::review_input(st).find("(R-9.1-library)") != std::string::npos);

  model::internal_audit a;
  a.title = "release audit";
  a.scope_kinds = {"release"};
  a.scope_from = march.start;
  a.scope_to = march.end;
  a.criteria = {"R-9.1-library", "R-9.3-accept"};
  a.auditor = reader.name;
  a.planned_for = clk->now();
  const auto audit = m.plan_audit(quinn, a);
  const auto seeded = m.seed_findings(reader, audit.id, findings);
  REQUIRE(seeded.size() == 1);
  CHECK(seeded.front().evidence == std::vector<std::string>{release.key()});

  m.approve_document(dana, draft.id);
  const auto ok = result("R-9.1-library");
  CHECK(ok.outcome == verdict::conforms);
  CHECK(names(ok, draft.id.key()));
}

TEST_CASE_METHOD(management_checks, "R-4.5-audit check: an overdue audit is a nonconformity, a completed one conforms",
                 "[report][management]") {
  model::internal_audit a;
  a.title = "incident audit";
  a.scope_kinds = {"incident"};
  a.scope_from = march.start;
  a.scope_to = march.end;
  a.criteria = {"R-8.1-procedure"};
  a.auditor = "dora";  // she recorded March's incidents
  a.planned_for = clk->now();
  CHECK(test::error_of([&] { m.plan_audit(quinn, a); }).code() == errc::rule_violation);
  a.auditor = reader.name;
  const auto planned = m.plan_audit(quinn, a);
  const auto overdue = result("R-4.5-audit");
  CHECK(overdue.outcome == verdict::nonconformity);
  CHECK(names(overdue, planned.id.key()));
  m.complete_audit(reader, planned.id, "procedure followed");
  const auto ok = result("R-4.5-audit");
  CHECK(ok.outcome == verdict::conforms);
  CHECK(names(ok, planned.id.key()));
}

TEST_CASE_METHOD(management_checks, "R-4.5-improve check: an overdue improvement is a nonconformity, a closed one conforms",
                 "[report][management]") {
  const auto i = m.propose(quinn, improvement("faster restores", soon()));
  m.approve_improvement(tess, i.id);
  const auto late = result("R-4.5-improve");
  CHECK(late.outcome == verdict::nonconformity);
  CHECK(names(late, i.id.key()));
  m.implement(dana, i.id);
  m.close_improvement(dana, i.id, "restores take 20 min", true);
  CHECK(result("R-4.5-improve").outcome == verdict::conforms);
}

TEST_CASE_METHOD(management_checks, "R-4.5-review check: a review with an overdue action is a nonconformity",
                 "[report][management]") {
  CHECK(result("R-4.5-review").outcome == verdict::no_evidence);
  model::management_review r;
  r.held_at = clk->now();
  r.chair = "tess";
  r.attendees = {"quinn"};
  r.inputs = m.prepare_review(tess, clk->now());
  r.inputs.push_back(report::review_input(statement()));
  r.decisions = {"survey the webshop's customers"};
  const auto held = m.hold_review(tess, r, {improvement("customer survey", soon())});
  const auto late = result("R-4.5-review");
  CHECK(late.outcome == verdict::nonconformity);
  CHECK(names(late, held.id.key()));
  const auto action = held.actions.front();
  m.approve_improvement(dana, action);
  m.implement(dana, action);
  m.close_improvement(dana, action, "survey sent to 40 customers", true);
  CHECK(result("R-4.5-review").outcome == verdict::conforms);
}
