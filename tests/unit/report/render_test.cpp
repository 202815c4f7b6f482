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
