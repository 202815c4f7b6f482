// The conformance check of R-7.1-satisfaction: every customer service surveyed within the agreed
// interval, on samples that represent every customer of their period.
#include <catch2/catch.hpp>

#include "itsm/report/conformance.hpp"
#include "unit/process/satisfaction_fixture.hpp"

using namespace itsm;
using report::verdict;

namespace {

struct checked : test::satisfaction_world {
  const period january{parse_iso("2026-01-01T00:00:00Z"), parse_iso("2026-02-01T00:00:00Z")};
  report::check_result result(const store_snapshot& s) {
    for (const auto& r : report::check_conformance(s, january, system.verify()).results)
      if (r.requirement == "R-7.1-satisfaction") return r;
    FAIL("no result for R-7.1-satisfaction");
    return {};
  }
  report::check_result result() { return result(system.reports().snapshot(audrey, january.end)); }
  // Tickets of both customers on mail, surveyed; returns the survey.
  model::survey surveyed_mail() {
    const auto from = clk->now();
    resolved(mail, acme);
    resolved(mail, globex);
    const auto to = clk->now();
    clk->advance(hours(1));
    return sat.open_survey(sue, mail.id, from, to);
  }
};

bool names(const report::check_result& r, const std::string& id) {
  return std::find(r.records.begin(), r.records.end(), id) != r.records.end();
}

}  // namespace

TEST_CASE_METHOD(checked, "R-7.1-satisfaction: conforms when every customer service was surveyed representatively",
                 "[report][satisfaction]") {
  CHECK(result().outcome == verdict::no_evidence);  // no rule agreed: the process is not used
  agreed(10, 30);
  const auto s = surveyed_mail();
  const auto r = result();
  CHECK(r.outcome == verdict::conforms);
  CHECK(names(r, s.id.key()));
  CHECK(names(r, mail.id.key()));
  CHECK_FALSE(r.audit_seqs.empty());
}

TEST_CASE_METHOD(checked, "R-7.1-satisfaction: a customer service not surveyed in the interval is a nonconformity",
                 "[report][satisfaction]") {
  agreed(10, 30);
  surveyed_mail();
  resolved(web, acme);  // web's customers were never asked
  const auto r = result();
  CHECK(r.outcome == verdict::nonconformity);
  CHECK(r.records == std::vector<std::string>{web.id.key()});
}

TEST_CASE_METHOD(checked, "R-7.1-satisfaction: a sample missing a customer of its period is a nonconformity",
                 "[report][satisfaction]") {
  agreed(10, 30);
  const auto s = surveyed_mail();
  auto snap = system.reports().snapshot(audrey, january.end);
  REQUIRE(snap.surveys.size() == 1);
  REQUIRE(snap.surveys[0].sample.size() == 2);
  snap.surveys[0].sample.pop_back();  // as if globex's ticket had been left out
  snap.surveys[0].customers = {acme.id.key()};
  const auto r = result(snap);
  CHECK(r.outcome == verdict::nonconformity);
  CHECK(r.records == std::vector<std::string>{s.id.key()});
}
