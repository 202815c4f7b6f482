#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>

#include "itsm/core/error.hpp"
#include "itsm/graph/dot.hpp"
#include "unit/graph/graph_fixture.hpp"

using namespace graph_test;
using itsm::graph::dot_options;
using itsm::graph::to_dot;

namespace {

struct parsed_dot {
  std::string header;
  std::map<std::string, std::string> nodes;  // id → attribute text
  std::vector<std::tuple<std::string, std::string, std::string>> edges;  // from, to, attributes
  int open_braces = 0, close_braces = 0;
};

// A rough reader for the subset to_dot writes: one statement per line.
parsed_dot parse(const std::string& text) {
  parsed_dot p;
  std::istringstream in(text);
  std::string line;
  const std::regex node_re(R"re(^\s*"((?:[^"\\]|\\.)*)" \[(.*)\];$)re");
  const std::regex edge_re(R"re(^\s*"((?:[^"\\]|\\.)*)" -> "((?:[^"\\]|\\.)*)" \[(.*)\];$)re");
  std::getline(in, p.header);
  for (char c : text) {
    p.open_braces += c == '{';
    p.close_braces += c == '}';
  }
  std::smatch m;
  while (std::getline(in, line)) {
    if (std::regex_match(line, m, edge_re)) {
      p.edges.emplace_back(m[1], m[2], m[3]);
    } else if (std::regex_match(line, m, node_re)) {
      p.nodes.emplace(m[1], m[2]);
    }
  }
  return p;
}

bool has_edge(const parsed_dot& p, const std::string& from, const std::string& to,
              const std::string& kind) {
  return std::any_of(p.edges.begin(), p.edges.end(), [&](const auto& e) {
    return std::get<0>(e) == from && std::get<1>(e) == to &&
           std::get<2>(e).find("label=\"" + kind + "\"") != std::string::npos;
  });
}

}  // namespace

TEST_CASE("DOT: a radius-1 neighbourhood holds the centre, its neighbours and their links",
          "[graph][dot]") {
  const auto g = shop_builder().build();
  const auto p = parse(to_dot(g, 21));
  CHECK(p.header == "digraph \"cmdb\" {");
  CHECK(p.open_braces == 1);
  CHECK(p.close_braces == 1);
  CHECK(p.nodes.size() == 4);
  for (auto id : {"21", "11", "12", "30"}) CHECK(p.nodes.count(id) == 1);
  REQUIRE(p.edges.size() == 3);
  CHECK(has_edge(p, "11", "21", "runs_on"));
  CHECK(has_edge(p, "12", "21", "runs_on"));
  CHECK(has_edge(p, "21", "30", "hosted_on"));
  CHECK(p.nodes.at("21").find(R"(label="hv1\nhypervisor")") != std::string::npos);
  CHECK(p.nodes.at("21").find("peripheries=2") != std::string::npos);  // the centre
  CHECK(p.nodes.at("11").find("peripheries=2") == std::string::npos);
}

TEST_CASE("DOT: radius and kind filters bound the map", "[graph][dot]") {
  const auto g = shop_builder().build();
  dot_options o;
  o.radius = 2;
  auto p = parse(to_dot(g, 21, o));
  CHECK(p.nodes.size() == 6);  // + web-cluster 10, hv2 22
  CHECK(p.edges.size() == 6);
  CHECK(has_edge(p, "11", "10", "member_of"));
  CHECK(has_edge(p, "22", "30", "hosted_on"));
  CHECK(p.nodes.at("10").find("2 of 3") != std::string::npos);
  CHECK(p.nodes.at("10").find("doubleoctagon") != std::string::npos);

  o.kinds = {"runs_on"};
  p = parse(to_dot(g, 21, o));
  CHECK(p.nodes.size() == 3);
  CHECK(p.edges.size() == 2);
  o.radius = 0;
  p = parse(to_dot(g, 21, o));
  CHECK(p.nodes.size() == 1);
  CHECK(p.edges.empty());

  o.radius = 10;
  o.kinds.clear();
  p = parse(to_dot(g, 40, o));
  CHECK(p.nodes.size() == 10);  // everything is connected to the runbook through the database
  CHECK(p.edges.size() == 12);
}

TEST_CASE("DOT: styles per CI type and relationship kind; overrides and highlights",
          "[graph][dot]") {
  const auto g = shop_builder().build();
  dot_options o;
  o.radius = 1;
  auto p = parse(to_dot(g, 1, o));
  CHECK(p.nodes.at("1").find("shape=ellipse") != std::string::npos);    // service
  CHECK(p.nodes.at("5").find("shape=cylinder") != std::string::npos);   // database
  const auto uses = std::find_if(p.edges.begin(), p.edges.end(),
                                 [](const auto& e) { return std::get<1>(e) == "5"; });
  REQUIRE(uses != p.edges.end());
  CHECK(std::get<2>(*uses).find("style=solid") != std::string::npos);

  o.type_styles["database"] = "shape=note, fillcolor=pink";
  o.kind_styles["uses"] = "color=blue";
  o.highlight = {5};
  p = parse(to_dot(g, 1, o));
  CHECK(p.nodes.at("5").find("shape=note, fillcolor=pink") != std::string::npos);
  CHECK(p.nodes.at("5").find("penwidth=2.5") != std::string::npos);
  CHECK(p.nodes.at("1").find("penwidth=2.5") == std::string::npos);
  CHECK(has_edge(p, "1", "5", "uses"));
  const auto blue = std::find_if(p.edges.begin(), p.edges.end(),
                                 [](const auto& e) { return std::get<1>(e) == "5"; });
  CHECK(std::get<2>(*blue).find("color=blue") != std::string::npos);

  // An unknown type gets a palette colour that depends only on the type name.
  p = parse(to_dot(g, 40, o));
  CHECK(p.nodes.at("40").find("fillcolor=\"#") != std::string::npos);
  CHECK(parse(to_dot(g, 40, o)).nodes.at("40") == p.nodes.at("40"));
}

TEST_CASE("DOT: names are escaped; unknown centre and kinds are errors", "[graph][dot]") {
  itsm::graph::builder b;
  b.add_node(ci(1, "app", "say \"hi\" \\ bye"));
  b.add_node(ci(2, "host", "line1\nline2"));
  b.add_edge(rel(1, "runs_on", 2));
  const auto g = b.build();
  const auto text = to_dot(g, 1);
  const auto p = parse(text);
  REQUIRE(p.nodes.size() == 2);
  CHECK(p.nodes.at("1").find(R"(label="say \"hi\" \\ bye\napp")") != std::string::npos);
  CHECK(p.nodes.at("2").find(R"(label="line1\nline2\nhost")") != std::string::npos);
  CHECK(p.edges.size() == 1);
  CHECK_THROWS_AS(to_dot(g, 3), itsm::error);
  dot_options o;
  o.kinds = {"bogus"};
  CHECK_THROWS_AS(to_dot(g, 1, o), itsm::error);

  // When Graphviz is installed, it must accept the output.
  if (std::system("command -v dot >/dev/null 2>&1") == 0) {
    const std::string path = std::string(ITSM_TEST_TMPDIR) + "/graph_dot_test.dot";
    std::ofstream(path) << to_dot(shop_builder().build(), 21, dot_options{3, {}, {}, {}, {1}});
    CHECK(std::system(("dot -Tsvg " + path + " -o " + path + ".svg").c_str()) == 0);
  }
}
