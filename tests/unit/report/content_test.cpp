// The service report's content beyond performance (R-6.2-content): significant events, volumes
// against the period before, nonconformities, and customer satisfaction, complaints and
// disputes — in the report and in every renderer.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "report_fixture.hpp"

using namespace itsm;
using json = nlohmann::json;

namespace {

struct feedback_world : test::report_world {
  actor alice;
  model::customer acme;
  survey_id survey;

  feedback_world() {
    model::customer c;
    c.name = "Acme";
    c.contact = "alice";
    acme = system.service_level().add_customer(root, c);
    alice = actor{"alice", {std::string(roles::customer)}, acme.id.key()};
    const auto from = clk->now();
    auto i = draft("cannot pay", 3, 3);
    i.customer = acme.id;
    const auto id = system.incidents().record(desk, i).id;
    system.incidents().assign(desk, id, "web", "dora");
    clk->advance(hours(1));
    system.incidents().resolve(desk, id, "cleared the cache");
    const auto to = clk->now() + minutes(1);
    clk->advance(hours(1));
    auto& sat = system.satisfaction();
    sat.set_rule(slm, model::survey_rule{});
    survey = sat.open_survey(slm, webshop.id, from, to).id;
    model::survey_response a;
    a.survey = survey;
    a.ticket = id.key();
    a.score = 4;
    sat.respond(alice, a);

    system.relationships().define_complaints(slm, {"agreed", 0, "dissatisfaction voiced by a customer", 60, "", "head of service"});
    model::complaint cm;
    cm.customer = acme.id;
    cm.service = webshop.id;
    cm.complainant = "alice";
    cm.summary = "checkout slow";
    const auto complaint = system.relationships().record_complaint(slm, cm);
    system.disputes().set_procedure(slm, {"agreed", 0, 60, "", "head of service"});
    model::dispute dp;
    dp.customer = acme.id;
    dp.complaint = complaint.id;
    dp.raised_by = "alice";
    dp.subject = "credit for the slow checkout";
    const auto raised = system.disputes().raise(alice, dp);
    system.disputes().investigate(slm, raised.id, "slow for two days");
    system.disputes().resolve(slm, raised.id, "a credit of 2%");
  }
};

}  // namespace

TEST_CASE_METHOD(feedback_world, "R-6.2-content: significant events, volumes and customer feedback of the period",
                 "[report][content]") {
  const auto r = report::build(snap(), {march});
  std::vector<std::string> kinds;
  for (const auto& e : r.significant) kinds.push_back(e.kind + " " + e.id);
  CHECK(std::find(kinds.begin(), kinds.end(), "major_incident " + major.key()) != kinds.end());
  CHECK(std::find(kinds.begin(), kinds.end(), "failed_change " + failed_change.key()) != kinds.end());
  CHECK(std::find(kinds.begin(), kinds.end(), "deployment " + release.key()) != kinds.end());
  CHECK(std::is_sorted(r.significant.begin(), r.significant.end(), [](const auto& a, const auto& b) { return a.at < b.at; }));

  REQUIRE(r.volumes.size() == 4);
  CHECK(r.volumes[0].kind == "incident");
  CHECK(r.volumes[0].now == 5);
  CHECK(r.volumes[0].before == 0);
  CHECK_FALSE(r.volumes[0].change.has_value());  // nothing in February to compare with

  const auto& c = r.customers;
  REQUIRE(c.surveys.size() == 1);
  CHECK(c.surveys[0].survey == survey.key());
  CHECK(c.surveys[0].sampled == 1);
  CHECK(c.surveys[0].responses == 1);
  CHECK(c.surveys[0].response_rate == Approx(100));
  CHECK(*c.surveys[0].mean_score == Approx(4));
  CHECK(c.complaints_recorded == 1);
  CHECK(c.complaints_open == 1);
  CHECK(c.disputes_raised == 1);
  CHECK(c.disputes_decided == 1);

  // Another customer's scope sees none of acme's feedback; acme's sees it.
  model::customer other;
  other.name = "Other";
  other.contact = "o";
  other = system.service_level().add_customer(root, other);
  const auto theirs = report::build(snap(), {march, "customer:" + other.id.key()});
  CHECK(theirs.customers.complaints_recorded == 0);
  CHECK(theirs.customers.disputes_raised == 0);
  CHECK(theirs.customers.surveys.empty());
  const auto mine = report::build(snap(), {march, "customer:" + acme.id.key()});
  CHECK(mine.customers.complaints_recorded == 1);
  REQUIRE(mine.customers.surveys.size() == 1);
  CHECK(mine.customers.surveys[0].responses == 1);
}

TEST_CASE_METHOD(feedback_world, "R-6.2-content: every renderer carries the new sections", "[report][content]") {
  const auto r = report::build(snap(), {march});
  const auto doc = json::parse(report::to_json(r));
  CHECK(doc.at("customers").at("surveys").at(0).at("survey") == survey.key());
  CHECK(doc.at("customers").at("complaints").at("recorded") == 1);
  CHECK(doc.at("customers").at("disputes").at("decided") == 1);
  CHECK(doc.at("volumes").size() == 4);
  CHECK(doc.at("significant_events").size() == r.significant.size());
  CHECK(doc.at("nonconformities").is_array());
  const auto md = report::to_markdown(r);
  for (const char* h : {"## Significant events", "## Volumes against the period before", "## Nonconformities and their causes",
                        "## Customer satisfaction and complaints"})
    CHECK(md.find(h) != std::string::npos);
  CHECK(md.find(survey.key()) != std::string::npos);
  const auto html = report::to_html(r);
  for (const char* h : {"<h2>Significant events</h2>", "<h2>Customer satisfaction and complaints</h2>",
                        "data-key=\"/customers/surveys/0/response_rate\"", "data-key=\"/volumes/0/now\""})
    CHECK(html.find(h) != std::string::npos);
}
