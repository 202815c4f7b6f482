// Customer satisfaction (R-7.1-satisfaction): the stored survey rule, a sample drawn reproducibly
// and representatively from the period's finished tickets, responses scoped to their customer
// and results per service and period, on the in-memory store.
#include <catch2/catch.hpp>

#include <algorithm>

#include "satisfaction_fixture.hpp"
#include "support/errors.hpp"

using namespace itsm;
using itsm::test::satisfaction_world;

namespace {

bool cites(const itsm::error& e, std::string_view rule) {
  return std::any_of(e.violations().begin(), e.violations().end(), [&](const auto& v) { return v.rule == rule; });
}

frame_ticket t(std::string key, std::string customer, int hour) {
  return {std::move(key), customer.empty() ? customer_id{} : customer_id::parse(customer),
          parse_iso("2026-01-05T00:00:00Z") + hours(hour)};
}

}  // namespace

TEST_CASE("R-7.1-satisfaction: the sample represents every customer and spreads over the period",
          "[process][satisfaction]") {
  // CUS-1 has six tickets, CUS-2 one, and one ticket has no customer.
  std::vector<frame_ticket> frame{t("INC-6", "CUS-1", 6), t("INC-1", "CUS-1", 1), t("INC-2", "CUS-1", 2),
                                  t("INC-3", "CUS-1", 3), t("INC-4", "CUS-1", 4), t("INC-5", "CUS-1", 5),
                                  t("REQ-1", "CUS-2", 1), t("INC-9", "", 1)};
  CHECK(draw_sample(frame, 2) == std::vector<std::string>{"INC-4", "REQ-1"});  // one each before a second
  CHECK(draw_sample(frame, 4) == std::vector<std::string>{"INC-2", "INC-4", "INC-6", "REQ-1"});  // the middles of thirds
  CHECK(draw_sample(frame, 100).size() == 7);  // everything but the internal ticket
  auto shuffled = frame;
  std::reverse(shuffled.begin(), shuffled.end());
  CHECK(draw_sample(shuffled, 4) == draw_sample(frame, 4));  // reproducible whatever the frame's order
  CHECK(draw_sample({}, 5).empty());
}

TEST_CASE_METHOD(satisfaction_world, "R-7.1-satisfaction: a survey needs the agreed rule and an ended period",
                 "[process][satisfaction]") {
  const auto from = clk->now();
  resolved(mail, acme);
  const auto to = clk->now() + hours(1);
  auto e = test::error_of([&] { sat.open_survey(sue, mail.id, from, to); });
  CHECK(cites(e, "R-7.1-satisfaction"));  // no rule yet
  CHECK(sat.surveys(audrey).empty());

  model::survey_rule bad;
  bad.satisfied_from = 9;  // beyond the 1..5 scale
  CHECK(cites(test::error_of([&] { sat.set_rule(sue, bad); }), "R-7.1-satisfaction"));
  CHECK(test::error_of([&] { sat.set_rule(dave, model::survey_rule{}); }).code() == errc::permission_denied);
  agreed(10);
  CHECK(sat.rule(audrey)->sample_size == 10);

  CHECK(cites(test::error_of([&] { sat.open_survey(sue, mail.id, from, to); }), "R-7.1-satisfaction"));  // not ended
  clk->advance(hours(2));
  CHECK(cites(test::error_of([&] { sat.open_survey(sue, service_id(99), from, to); }), "R-7.1-satisfaction"));
  CHECK(cites(test::error_of([&] { sat.open_survey(sue, web.id, from, to); }), "R-7.1-satisfaction"));  // nothing to sample
  CHECK(test::error_of([&] { sat.open_survey(sue, mail.id, to, from); }).code() == errc::rule_violation);
  CHECK(test::error_of([&] { sat.open_survey(dave, mail.id, from, to); }).code() == errc::permission_denied);
  CHECK(sat.surveys(audrey).empty());
  CHECK(sat.open_survey(sue, mail.id, from, to).sample.size() == 1);
}

TEST_CASE_METHOD(satisfaction_world, "R-7.1-satisfaction: the sample is drawn from the service's tickets of the period",
                 "[process][satisfaction]") {
  resolved(mail, acme);  // before the period
  const auto from = clk->now();
  const auto a1 = resolved(mail, acme), a2 = resolved(mail, acme), a3 = resolved(mail, acme);
  const auto g1 = resolved(mail, globex);
  resolved(web, globex);  // another service
  const auto to = clk->now();
  resolved(mail, globex);  // after the period
  agreed(3);
  const auto s = sat.open_survey(sue, mail.id, from, to);
  CHECK(s.population == 4);
  CHECK(s.sample == std::vector<std::string>{a1.id.key(), a3.id.key(), g1.id.key()});
  CHECK(s.customers == std::vector<std::string>{acme.id.key(), globex.id.key()});
  CHECK(s.state == model::survey_state::open);
  (void)a2;
}

TEST_CASE_METHOD(satisfaction_world, "R-7.1-satisfaction: responses, their customer scope and the results",
                 "[process][satisfaction]") {
  const auto from = clk->now();
  const auto a1 = resolved(mail, acme), a2 = resolved(mail, acme), g1 = resolved(mail, globex);
  const auto to = clk->now();
  const auto outside = resolved(mail, acme);
  agreed(10);
  const auto s = sat.open_survey(sue, mail.id, from, to);
  REQUIRE(s.sample.size() == 3);

  const auto r1 = sat.respond(alice, answer(s.id, a1.id.key(), 5));
  CHECK(r1.customer == acme.id);
  // Another customer's ticket is not alice's to answer; the refusal names nothing of it.
  CHECK(test::error_of([&] { sat.respond(alice, answer(s.id, g1.id.key(), 1)); }).code() == errc::permission_denied);
  CHECK(cites(test::error_of([&] { sat.respond(alice, answer(s.id, a1.id.key(), 4)); }), "R-7.1-satisfaction"));  // twice
  CHECK(cites(test::error_of([&] { sat.respond(alice, answer(s.id, outside.id.key(), 4)); }), "R-7.1-satisfaction"));
  CHECK(cites(test::error_of([&] { sat.respond(alice, answer(s.id, a2.id.key(), 6)); }), "R-7.1-satisfaction"));  // scale
  CHECK(cites(test::error_of([&] { sat.respond(alice, answer(s.id, a2.id.key(), 0)); }), "R-7.1-satisfaction"));
  sat.respond(dave, answer(s.id, g1.id.key(), 2));  // taken by phone at the desk

  CHECK(sat.responses(alice, s.id).size() == 1);  // her own only
  CHECK(sat.responses(audrey, s.id).size() == 2);
  CHECK_FALSE(s.customer.valid());
  CHECK(sat.surveys(alice).empty());  // a survey of two customers' tickets is the provider's

  const auto results = sat.results(audrey, from, to);
  REQUIRE(results.size() == 1);
  CHECK(results[0].sampled == 3);
  CHECK(results[0].responses == 2);
  CHECK(results[0].response_rate == Approx(200.0 / 3));
  CHECK(*results[0].mean_score == Approx(3.5));
  CHECK(*results[0].satisfied == Approx(50.0));
  CHECK(sat.results(audrey, to + hours(1), to + hours(2)).empty());
  CHECK(test::error_of([&] { sat.results(audrey, to, from); }).code() == errc::invalid_argument);

  CHECK(sat.close_survey(sue, s.id).state == model::survey_state::closed);
  CHECK(cites(test::error_of([&] { sat.respond(alice, answer(s.id, a2.id.key(), 4)); }), "R-7.1-satisfaction"));
  CHECK(cites(test::error_of([&] { sat.close_survey(sue, s.id); }), "R-7.1-satisfaction"));
  CHECK(system.verify().ok());
}

TEST_CASE_METHOD(satisfaction_world, "R-7.1-satisfaction: a survey of one customer's tickets is that customer's to read",
                 "[process][satisfaction]") {
  const auto from = clk->now();
  const auto a1 = resolved(web, acme);
  resolved(web, acme);
  resolved(mail, globex);
  const auto to = clk->now();
  agreed(10);
  const auto web_survey = sat.open_survey(sue, web.id, from, to);
  const auto mail_survey = sat.open_survey(sue, mail.id, from, to);
  CHECK(web_survey.customer == acme.id);
  CHECK(mail_survey.customer == globex.id);
  sat.respond(alice, answer(web_survey.id, a1.id.key(), 4));

  const auto mine = sat.surveys(alice);
  REQUIRE(mine.size() == 1);
  CHECK(mine[0].id == web_survey.id);
  const auto results = sat.results(alice, from, to);  // the agreed rule is shared with customers
  REQUIRE(results.size() == 1);
  CHECK(results[0].responses == 1);
  const auto theirs = sat.surveys(gus);
  REQUIRE(theirs.size() == 1);
  CHECK(theirs[0].id == mail_survey.id);
  CHECK(sat.responses(gus, web_survey.id).empty());
}
