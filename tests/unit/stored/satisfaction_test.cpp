// Customer satisfaction, disputes and SLA versions on a durable store (a SQLite file; a
// PostgreSQL schema): surveys, answers and disputes survive a reopen and read back the same;
// an SLA change without its RFC is refused and leaves the history as it was, and tickets keep the
// SLA version they were recorded under (R-7.1-satisfaction,
// R-7.1-complaints, R-6.1-change).
#include <catch2/catch.hpp>

#include "itsm/process/sms.hpp"
#include "support/errors.hpp"
#include "unit/process/satisfaction_fixture.hpp"
#include "unit/process/sla_version_scenario.hpp"
#include "unit/stored/store.hpp"

using namespace itsm;

TEST_CASE("R-7.1-satisfaction, R-7.1-complaints: surveys and disputes on a durable store, read after a reopen",
          "[stored][satisfaction]") {
  const auto path = stored_test::fresh("satisfaction");
  survey_id survey;
  dispute_id dispute;
  std::string answered, globex;
  timestamp later;
  {
    test::satisfaction_world w(stored_test::open(path));
    const auto from = w.clk->now();
    answered = w.resolved(w.mail, w.acme).id.key();
    w.resolved(w.mail, w.globex);
    const auto to = w.clk->now();
    w.clk->advance(hours(1));
    w.agreed(5);
    survey = w.sat.open_survey(w.sue, w.mail.id, from, to).id;
    w.sat.respond(w.alice, w.answer(survey, answered, 5));
    CHECK(test::error_of([&] { w.sat.respond(w.alice, w.answer(survey, answered, 1)); }).code() == errc::rule_violation);
    model::dispute_procedure p;
    p.decide_minutes = 60;
    p.escalate_to = "head of service";
    w.system.disputes().set_procedure(w.sue, p);
    model::dispute d;
    d.customer = w.acme.id;
    d.raised_by = "alice";
    d.subject = "credits";
    dispute = w.system.disputes().raise(w.alice, d).id;
    globex = w.globex.id.key();
    later = w.clk->now();
  }
  auto clk = std::make_shared<manual_clock>(later);
  sms system(stored_test::open(path), sms_options{clk, nullptr, nullptr, {}});
  const actor audrey{"audrey", {std::string(roles::auditor)}};
  const actor sue{"sue", {std::string(roles::service_level_manager)}};
  const actor gus{"gus", {std::string(roles::customer)}, globex};
  const auto surveys = system.satisfaction().surveys(audrey);
  REQUIRE(surveys.size() == 1);
  CHECK(surveys[0].sample.size() == 2);
  CHECK(surveys[0].customers.size() == 2);
  const auto results = system.satisfaction().results(audrey, surveys[0].from, surveys[0].to);
  REQUIRE(results.size() == 1);
  CHECK(results[0].response_rate == Approx(50));
  CHECK(system.satisfaction().responses(gus, survey).empty());  // acme's answer is not globex's to see
  clk->advance(hours(2));
  const auto up = system.disputes().escalate_overdue(sue);
  REQUIRE(up.size() == 1);
  CHECK(up[0].id == dispute);
  CHECK(system.verify().ok());
}

TEST_CASE("R-6.1-change: an SLA change without an RFC is refused on a durable store", "[stored][satisfaction]") {
  const auto path = stored_test::fresh("sla_versions");
  test::satisfaction_world w(stored_test::open(path));
  model::sla s;
  s.name = "mail gold";
  s.service = w.mail.id;
  s.targets = {{1, 30, 240}};
  s = w.system.service_level().define_sla(w.root, s);
  s.targets = {{1, 15, 120}};
  CHECK(test::error_of([&] { w.system.service_level().update_sla(w.root, s); }).violates("R-6.1-change"));
  CHECK(w.system.service_level().history(w.audrey, w.mail.id).size() == 2);  // the refusal wrote no version
}

TEST_CASE("R-6.1-change: tickets keep the SLA version they were recorded under on a durable store, after a reopen",
          "[stored][satisfaction]") {
  const auto path = stored_test::fresh("sla_measured");
  service_request_id old_terms, new_terms;
  timestamp now;
  {
    test::sla_version_world w(stored_test::open(path));
    test::check_measured_by_version(w);
    old_terms = w.asked.id;
    new_terms = w.asked_later.id;
    now = w.clk->now();
  }
  // The archived version is read back from the store, not from anything the first sms kept.
  sms system(stored_test::open(path), sms_options{std::make_shared<manual_clock>(now), nullptr, nullptr, {}});
  const actor audrey{"audrey", {std::string(roles::auditor)}};
  const auto kept = system.requests().sla_figures(audrey, old_terms);
  CHECK(kept.sla_revision == 1);
  CHECK_FALSE(kept.breached());
  CHECK(system.requests().sla_figures(audrey, new_terms).breached());
  CHECK(system.verify().ok());
}
