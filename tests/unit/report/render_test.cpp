#include <catch2/catch.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <regex>

#include "report_fixture.hpp"

using namespace itsm;
using test::report_world;
using json = nlohmann::json;

namespace {
// How the page shows a JSON figure: one decimal for reals (three for availability), "n/a" for null.
std::string shown(const json& v, const std::string& pointer) {
  if (v.is_null()) return pointer.ends_with("/goal_minutes") ? "varies" : "n/a";
  if (v.is_number_integer()) return std::to_string(v.get<std::int64_t>());
  const bool fine = pointer.size() > 13 && pointer.substr(pointer.size() - 13) == "/availability";
  return fine ? fmt::format("{:.3f}", v.get<double>()) : fmt::format("{:.1f}", v.get<double>());
}

// Every <td data-key="pointer">text</td> of the page checked against the JSON document.
int check_cells(const std::string& html, const json& doc) {
  const std::regex cell("<td data-key=\"([^\"]+)\">([^<]*)</td>");
  int n = 0;
  for (std::sregex_iterator it(html.begin(), html.end(), cell), end; it != end; ++it, ++n) {
    const std::string pointer = (*it)[1];
    INFO(pointer);
    const auto p = json::json_pointer(pointer);
    REQUIRE(doc.contains(p));
    CHECK((*it)[2] == shown(doc.at(p), pointer));
  }
  return n;
}
}  // namespace

TEST_CASE_METHOD(report_world, "R-6.2-content: the HTML page shows the JSON's figures", "[report]") {
  const auto r = report::build(snap(), {march});
  const auto doc = json::parse(report::to_json(r));
  CHECK(doc.at("schema") == "itsm.report/1");
  CHECK(doc.at("period").at("start") == "2026-03-01T00:00:00Z");
  const auto html = report::to_html(r);
  CHECK(check_cells(html, doc) > 60);
  // The charts: one compliance bar and one availability bar per service, sized by the figure.
  const std::regex bar("<rect data-key=\"([^\"]+)\" data-value=\"([^\"]+)\" x=\"\\d+\" y=\"\\d+\" width=\"(\\d+)\"");
  int bars = 0;
  for (std::sregex_iterator it(html.begin(), html.end(), bar), end; it != end; ++it, ++bars) {
    const auto value = doc.at(json::json_pointer((*it)[1])).get<double>();
    CHECK(std::stod((*it)[2]) == Approx(value).margin(0.001));
    if (std::string((*it)[1]).find("compliance") != std::string::npos) CHECK(std::stoi((*it)[3]) == std::lround(value / 100 * 420));
  }
  CHECK(bars == 3);  // one compliance bar (reports had no ticket), two availability bars
  CHECK(html.find("<polyline data-series=\"incidents\"") != std::string::npos);
  // Self-contained: no script, no external resource.
  CHECK(html.find("<script") == std::string::npos);
  CHECK(std::regex_search(html, std::regex("(src|href)=")) == false);
}

TEST_CASE_METHOD(report_world, "the conformance statement renders the same figures in JSON, HTML and Markdown", "[report]") {
  const auto st = report::check_conformance(snap(), march, system.verify());
  const auto doc = json::parse(report::to_json(st));
  CHECK(doc.at("schema") == "itsm.conformance/1");
  CHECK(doc.at("results").size() == st.results.size());
  CHECK(check_cells(report::to_html(st), doc) == static_cast<int>(st.clauses.size()) * 5);
  const auto md = report::to_markdown(st);
  CHECK(md.find("| R-8.1-major | conforms |") != std::string::npos);
  CHECK(md.find("No check yet") != std::string::npos);
}

TEST_CASE_METHOD(report_world, "Markdown report: sections and escaped cells", "[report]") {
  auto s = snap();
  s.services.front().name = "web|shop";
  const auto md = report::to_markdown(report::build(s, {march}));
  for (const char* h : {"## Performance against service level targets", "## Workload", "## Trends by week",
                        "## Major incidents", "## Changes", "## Releases"})
    CHECK(md.find(h) != std::string::npos);
  CHECK(md.find("web shop") != std::string::npos);
  CHECK(md.find("web|shop") == std::string::npos);
}

TEST_CASE_METHOD(report_world, "R-6.2-content R-6.5-monitor R-6.4-costs: capacity and cost sections in JSON, HTML and Markdown",
                 "[report][finance]") {
  const actor cam{"cam", {std::string(capacity_manager_role)}};
  const actor fiona{"fiona", {std::string(finance_manager_role)}}, felix{"felix", {std::string(finance_manager_role)}};
  model::capacity_metric disk;
  disk.name = "db01 disk";
  disk.ci = db01.id;
  disk.unit = "%";
  disk.threshold = 90;
  disk = system.capacity().add_metric(cam, disk);
  for (int d = 0; d < 4; ++d)  // +4 points a day from 60: 90 is reached on 03-27, within the 90-day horizon
    system.capacity().record_measurement(cam, disk.id, parse_iso("2026-03-20T00:00:00Z") + hours(24 * d), 60.0 + 4 * d);
  auto& fin = system.finance();
  model::cost_item c;
  c.name = "db01 lease";
  c.amount = 1001;
  c.currency = "EUR";
  c.period = "2026-03";
  c.cost_centre = "CC-1";
  c.cis = {db01.id};  // only the webshop depends on db01 (its shop application runs on it)
  fin.record_cost(fiona, c);
  c.name = "reports analyst";
  c.amount = 500;
  c.cis = {};
  c.services = {reports.id};
  fin.record_cost(fiona, c);
  model::budget b;
  b.service = webshop.id;
  b.period = "2026-03";
  b.amount = 900;
  b.currency = "EUR";
  const auto budget = fin.approve_budget(felix, fin.propose_budget(fiona, b).id);

  const auto r = report::build(snap(), {march});
  REQUIRE(r.capacity.metrics.size() == 1);
  const auto& m = r.capacity.metrics[0];
  CHECK(m.measurements == 4);
  CHECK(*m.peak == Approx(72.0));
  CHECK(*m.slope_per_day == Approx(4.0));
  CHECK(m.crosses_at == parse_iso("2026-03-27T12:00:00Z"));  // 60 + 4·d = 90 at d = 7.5
  CHECK(r.capacity.crossing == std::vector<std::string>{disk.id.key()});
  CHECK(r.costs.period == "2026-03");
  REQUIRE(r.costs.services.size() == 2);
  const auto& shop_cost = r.costs.services[0];
  CHECK(shop_cost.service == webshop.id.key());
  CHECK(shop_cost.apportioned == 1001);
  CHECK(shop_cost.budget == budget.id.key());
  CHECK(shop_cost.variance == -101);
  CHECK(shop_cost.over_budget);
  CHECK(r.costs.services[1].direct == 500);
  CHECK_FALSE(r.costs.services[1].budgeted);
  CHECK(r.costs.over_budget == std::vector<std::string>{webshop.id.key()});
  CHECK(shop_cost.apportioned_by == "even (default, policy revision 0)");

  const auto doc = json::parse(report::to_json(r));
  CHECK(doc.at("costs").at("services").at(0).at("total") == 1001);
  CHECK(doc.at("capacity").at("metrics").at(0).at("crosses_at") == "2026-03-27T12:00:00Z");
  const auto html = report::to_html(r);
  CHECK(check_cells(html, doc) > 60 + 7 + 2 * 5);  // the capacity row's 7 figures, 5 per cost row
  CHECK(html.find("<h2>Costs against budget</h2>") != std::string::npos);
  const auto md = report::to_markdown(r);
  CHECK(md.find("## Capacity") != std::string::npos);
  CHECK(md.find("| OVER |") != std::string::npos);
  // A service's scope shows only its costs; db01's metric belongs to no component of reports.
  const auto scoped = report::build(snap(), {march, "service:" + reports.id.key()});
  CHECK(scoped.capacity.metrics.empty());
  REQUIRE(scoped.costs.services.size() == 1);
  CHECK(scoped.costs.services[0].total == 500);
  // A report over more than a year has no accounting period.
  const period long_run{parse_iso("2025-06-01T00:00:00Z"), parse_iso("2026-04-01T00:00:00Z")};
  CHECK(report::build(snap(), {long_run}).costs.period.empty());
  // The stored apportionment rule in force: by weight, the webshop's share goes to the report.
  model::apportionment_policy rule;
  rule.rules = {{"2026-03", "", model::apportionment_method::weights, {{webshop.id, 1}}}};
  fin.set_apportionment(fiona, rule);
  const auto weighted = report::build(snap(), {march});
  CHECK(weighted.costs.services[0].apportioned == 1001);
  CHECK(weighted.costs.services[0].apportioned_by == "weights from 2026-03 (policy revision 1)");
  CHECK(json::parse(report::to_json(weighted)).at("costs").at("services").at(0).at("apportioned_by") ==
        "weights from 2026-03 (policy revision 1)");
  rule = *fin.apportionment(fiona);
  rule.rules[0].weights = {{reports.id, 1}};  // nothing of db01 for the webshop: reported, not dropped
  fin.set_apportionment(fiona, rule);
  CHECK(report::build(snap(), {march}).costs.unallocated.at("EUR") == 1001);
}
