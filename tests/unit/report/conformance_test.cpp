#include <catch2/catch.hpp>

#include <fstream>
#include <functional>
#include <regex>
#include <set>
#include <sstream>

#include "conformance_fixture.hpp"

using namespace itsm;
using report::verdict;
using test::conformance_world;
using test::names;

TEST_CASE_METHOD(conformance_world, "a month run through the library conforms, with evidence", "[report][conformance]") {
  const auto s = snap();
  const auto st = report::check_conformance(s, march, verified);
  for (const auto& r : st.results) {
    INFO(r.requirement << ": " << r.summary);
    CHECK(r.outcome != verdict::nonconformity);
  }
  CHECK(st.conforms());
  for (const char* id : {"R-6.1-catalogue", "R-6.1-sla", "R-6.1-monitor", "R-6.2-define", "R-8.1-procedure",
                         "R-8.1-priority", "R-8.1-requests", "R-8.1-major", "R-9.1-unique", "R-9.1-audit", "R-9.1-trace",
                         "R-4.3-records", "R-9.1-baseline", "R-9.2-record", "R-9.2-approve", "R-9.2-backout",
                         "R-9.2-review", "R-9.3-test", "R-9.3-accept", "R-9.3-integrity", "R-8.1-inform",
                         "R-9.2-build", "R-9.2-schedule", "R-9.3-plan"}) {
    INFO(id);
    CHECK(result(s, id).outcome == verdict::conforms);
  }
  const auto m = result(s, "R-8.1-major");
  CHECK(m.records == std::vector<std::string>{major.key()});
  // The evidence names the audit entries that wrote the major incident in March.
  std::vector<std::int64_t> seqs;
  for (const auto& e : s.audit)
    if (e.object_id == major.key() && e.outcome == "applied") seqs.push_back(e.seq);
  CHECK(m.audit_seqs == seqs);
  for (const char* id : {"R-8.2-procedure", "R-9.2-emergency", "R-9.3-rollback", "R-6.6-incidents", "R-7.1-parties",
                         "R-9.3-emergency"})
    CHECK(result(s, id).outcome == verdict::no_evidence);
  // Nothing happened in February: no evidence, and no nonconformity either.
  const auto feb = report::check_conformance(s, {parse_iso("2026-02-01T00:00:00Z"), march.start}, verified);
  CHECK(feb.conforms());
}

TEST_CASE_METHOD(conformance_world, "clause 6 checks find their nonconformities", "[report][conformance]") {
  const auto base = snap();
  auto s = base;
  find(s.services, reports.id.key()).owner = "";
  CHECK(names(result(s, "R-6.1-catalogue"), reports.id.key()));
  s = base;
  std::erase_if(s.slas, [&](const auto& x) { return x.id == reports_sla.id; });
  CHECK(result(s, "R-6.1-sla").outcome == verdict::nonconformity);
  CHECK(names(result(s, "R-6.1-sla"), reports.id.key()));
  s = base;
  s.sla_figures.erase(met.key());
  CHECK(names(result(s, "R-6.1-monitor"), met.key()));
  s = base;
  s.report_definitions.front().retired = true;
  const auto d = result(s, "R-6.2-define");
  CHECK(d.outcome == verdict::nonconformity);
  CHECK(d.summary.find("no service report is defined") != std::string::npos);
}

TEST_CASE_METHOD(conformance_world, "clause 8 checks find their nonconformities", "[report][conformance]") {
  const auto base = snap();
  auto s = base;
  find(s.incidents, met.key()).resolution = "";
  CHECK(names(result(s, "R-8.1-procedure"), met.key()));
  s = base;
  find(s.incidents, met.key()).priority = 1;  // the matrix says 5
  CHECK(names(result(s, "R-8.1-priority"), met.key()));
  s = base;
  find(s.requests, request.key()).fulfilled_at = {};
  find(s.requests, request.key()).state = model::request_state::closed;
  find(s.requests, request.key()).closed_at = parse_iso("2026-03-20T10:00:00Z");
  CHECK(names(result(s, "R-8.1-requests"), request.key()));
  s = base;
  s.reviews.clear();
  CHECK(names(result(s, "R-8.1-major"), major.key()));
  s = base;
  std::erase_if(s.logs.at(major.key()), [](const auto& e) { return e.type == "major"; });
  CHECK(names(result(s, "R-8.1-inform"), major.key()));
}

TEST_CASE_METHOD(conformance_world, "R-6.6-incidents R-7.1-parties: conform and fail", "[report][conformance]") {
  auto s = snap();
  auto sec = find(s.incidents, met.key());
  sec.id = incident_id(77);
  sec.security = true;
  sec.priority = 2;  // the default floor
  s.incidents.push_back(sec);
  s.customers.push_back({customer_id(5), 1, "Acme", "", "ann@acme.example"});
  CHECK(result(s, "R-6.6-incidents").outcome == verdict::conforms);
  CHECK(result(s, "R-7.1-parties").outcome == verdict::conforms);
  s.incidents.back().priority = 3;
  s.customers.back().contact = "";
  CHECK(names(result(s, "R-6.6-incidents"), "INC-77"));
  CHECK(names(result(s, "R-7.1-parties"), "CUS-5"));
}

TEST_CASE_METHOD(conformance_world, "clause 8.2 checks: conform and fail on problems and known errors", "[report][conformance]") {
  auto s = snap();
  model::problem p;
  p.id = problem_id(7);
  p.state = model::problem_state::resolved;
  p.opened_at = parse_iso("2026-03-10T10:00:00Z");
  p.resolved_at = parse_iso("2026-03-12T10:00:00Z");
  p.root_cause = "memory leak";
  s.problems.push_back(p);
  model::problem waiting = p;
  waiting.id = problem_id(8);
  waiting.state = model::problem_state::awaiting_change;
  waiting.rfc = good_change;
  s.problems.push_back(waiting);
  model::known_error k;
  k.id = known_error_id(3);
  k.workaround = "restart nightly";
  s.known_errors.push_back(k);
  written(s, k.id.key());
  CHECK(result(s, "R-8.2-procedure").outcome == verdict::conforms);
  CHECK(result(s, "R-8.2-rfc").outcome == verdict::conforms);
  CHECK(result(s, "R-8.2-known-error").outcome == verdict::conforms);
  s.problems[s.problems.size() - 2].root_cause = "";
  s.problems.back().rfc = rfc_id(999);  // no such RFC
  s.known_errors.back().workaround = "";
  CHECK(names(result(s, "R-8.2-procedure"), "PRB-7"));
  CHECK(names(result(s, "R-8.2-rfc"), "PRB-8"));
  CHECK(names(result(s, "R-8.2-known-error"), "KE-3"));
}

TEST_CASE_METHOD(conformance_world, "clause 9 checks find their nonconformities", "[report][conformance]") {
  const auto base = snap();
  auto s = base;
  auto dup = s.cis.front();
  dup.id = ci_id(500);
  dup.name = " DB01 ";
  s.cis.push_back(dup);
  CHECK(names(result(s, "R-9.1-unique"), "CI-500"));
  s = base;
  s.relationships.front().target = ci_id(404);
  CHECK(names(result(s, "R-9.1-audit"), s.relationships.front().id.key()));
  s = base;
  find(s.releases, release.key()).baseline = {};
  CHECK(names(result(s, "R-9.1-baseline"), release.key()));
  CHECK(names(result(s, "R-9.3-integrity"), release.key()));
  s = base;
  find(s.rfcs, good_change.key()).scope_cis.clear();
  CHECK(names(result(s, "R-9.2-record"), good_change.key()));
  s = base;
  std::erase_if(s.approvals, [&](const auto& a) { return a.subject_id == good_change.key(); });
  CHECK(names(result(s, "R-9.2-approve"), good_change.key()));
  s = base;
  for (auto& a : s.approvals)
    if (a.subject_id == good_change.key()) a.approver = "rita";  // the requester
  CHECK(names(result(s, "R-9.2-approve"), good_change.key()));
  s = base;
  find(s.rfcs, failed_change.key()).backout_result = "";
  CHECK(names(result(s, "R-9.2-backout"), failed_change.key()));
  s = base;
  find(s.rfcs, good_change.key()).review = "";
  CHECK(names(result(s, "R-9.2-review"), good_change.key()));
  s = base;
  std::erase_if(s.audit, [&](const auto& e) { return e.object_id == good_change.key() && e.action == "build"; });
  CHECK(names(result(s, "R-9.2-build"), good_change.key()));
  s = base;
  find(s.rfcs, good_change.key()).window_start += hours(24);  // implementation began before the window
  CHECK(names(result(s, "R-9.2-schedule"), good_change.key()));
  s = base;
  find(s.releases, release.key()).deliverables = "";
  CHECK(names(result(s, "R-9.3-plan"), release.key()));
  s = base;
  for (auto& t : s.acceptance_tests) t.passed = false;
  CHECK(names(result(s, "R-9.3-accept"), release.key()));
  s.acceptance_tests.clear();
  CHECK(names(result(s, "R-9.3-test"), release.key()));
}

TEST_CASE_METHOD(conformance_world, "R-9.2-emergency R-9.3-emergency R-9.3-rollback: conform and fail", "[report][conformance]") {
  auto s = snap();
  auto e = find(s.rfcs, good_change.key());
  e.id = rfc_id(90);
  e.classification = model::rfc_class::emergency;
  e.emergency_justification = "outage";
  e.retrospective_review = "justified";
  s.rfcs.push_back(e);
  auto rb = find(s.releases, release.key());
  rb.id = release_id(91);
  rb.state = model::release_state::rolled_back;
  s.releases.push_back(rb);
  written(s, rb.id.key());
  s.investigations.push_back({investigation_id(92), 1, "release", rb.id.key(), "rob", parse_iso("2026-03-20T10:00:00Z"), "why"});
  auto er = rb;
  er.id = release_id(93);
  er.state = model::release_state::deployed;
  er.emergency = true;
  er.rfcs = {e.id};
  s.releases.push_back(er);
  written(s, er.id.key());
  CHECK(result(s, "R-9.2-emergency").outcome == verdict::conforms);
  CHECK(result(s, "R-9.3-rollback").outcome == verdict::conforms);
  CHECK(result(s, "R-9.3-emergency").outcome == verdict::conforms);
  s.rfcs.back().retrospective_review = "";
  s.investigations.pop_back();
  s.releases.back().rfcs = {good_change};  // a normal change
  CHECK(names(result(s, "R-9.2-emergency"), "RFC-90"));
  CHECK(names(result(s, "R-9.3-rollback"), "RLS-91"));
  CHECK(names(result(s, "R-9.3-emergency"), "RLS-93"));
}

TEST_CASE_METHOD(conformance_world, "R-9.1-trace R-4.3-records: a write that bypassed the library is a nonconformity",
                 "[report][conformance]") {
  {
    auto tx = system.unaudited_store().begin(storage::tx_mode::read_write);
    auto r = tx->get("incident", met.key()).value();
    r.values[store->find_schema("incident")->field_index("priority").value()] = value(std::int64_t{1});
    tx->put("incident", r);
    tx->commit();
  }
  const auto st = report::check_conformance(snap(), march, system.verify());
  CHECK_FALSE(st.conforms());
  for (const char* id : {"R-9.1-trace", "R-4.3-records"}) {
    const auto r = std::find_if(st.results.begin(), st.results.end(), [&](const auto& x) { return x.requirement == id; });
    CHECK(r->outcome == verdict::nonconformity);
    CHECK(names(*r, met.key()));
  }
  // Without the verification the checks say so rather than trusting the store.
  const auto unverified = report::check_conformance(snap(), march);
  const auto r = std::find_if(unverified.results.begin(), unverified.results.end(),
                              [](const auto& x) { return x.requirement == "R-9.1-trace"; });
  CHECK(r->outcome == verdict::no_evidence);
}

TEST_CASE_METHOD(conformance_world, "an excluded requirement is not applicable, with its recorded justification",
                 "[report][conformance]") {
  system.reports().exclude(root, "R-9.3-rollback", "releases are the supplier's; rollback is in their contract");
  system.reports().exclude(root, "R-6.4-costs", "budgeting is done by the parent company");
  const auto s = snap();
  const auto r = result(s, "R-9.3-rollback");
  CHECK(r.outcome == verdict::not_applicable);
  CHECK(r.summary.find("supplier's") != std::string::npos);
  CHECK(r.summary.find("root") != std::string::npos);
  CHECK(r.audit_seqs.size() == 1);
  CHECK(result(s, "R-6.4-costs").outcome == verdict::not_applicable);  // excluded: its check does not run
  system.reports().withdraw_exclusion(root, "R-9.3-rollback");
  CHECK(result(snap(), "R-9.3-rollback").outcome == verdict::no_evidence);
}

TEST_CASE("the conformance catalogue is docs/requirements.md's; the statement lists what has no check",
          "[report][conformance]") {
  std::ifstream in(std::string(ITSM_SOURCE_DIR) + "/docs/requirements.md");
  std::stringstream text;
  text << in.rdbuf();
  const auto doc = text.str();
  std::set<std::string> documented;
  const std::regex id("\\n\\| (R-[0-9.]+-[a-z-]+) \\|");
  for (std::sregex_iterator it(doc.begin(), doc.end(), id), end; it != end; ++it) documented.insert((*it)[1]);
  const auto& cat = report::catalogue();
  CHECK(std::set<std::string>(cat.begin(), cat.end()) == documented);
  // Its "Conformance checks" section names exactly the ids that have a check.
  const auto section = doc.substr(doc.find("## Conformance checks"));
  std::set<std::string> listed, checked;
  for (std::sregex_iterator it(section.begin(), section.end(), id), end; it != end; ++it) listed.insert((*it)[1]);
  for (const auto& r : cat)
    if (report::has_check(r)) checked.insert(r);
  CHECK(listed == checked);
  CHECK(cat.size() == documented.size());
  const auto st = report::check_conformance(store_snapshot{}, {parse_iso("2026-03-01T00:00:00Z"), parse_iso("2026-04-01T00:00:00Z")});
  CHECK(st.results.size() + st.unchecked.size() == cat.size());
  for (const auto& u : st.unchecked) CHECK_FALSE(report::has_check(u));
  for (const auto& r : st.results) CHECK(report::has_check(r.requirement));
  std::vector<std::string> clauses;
  for (const auto& c : st.clauses) clauses.push_back(c.clause);
  CHECK(clauses == std::vector<std::string>{"4.2", "4.3", "4.4", "4.5", "5", "5.2", "5.3", "5.4", "6.1", "6.2", "6.3",
                                            "6.4", "6.5", "6.6", "7.1", "7.2", "8.1", "8.2", "9.1", "9.2", "9.3"});
  int unchecked = 0;
  for (const auto& c : st.clauses) unchecked += c.unchecked;
  CHECK(unchecked == static_cast<int>(st.unchecked.size()));
}
