// itsm types add | list, services add | list, impact CI-n, map SERVICE: the CMDB and the service
// catalogue, and questions asked of the live CMDB graph.
#include <iostream>

#include <fmt/format.h>

#include "cli.hpp"
#include "itsm/graph/dot.hpp"

namespace itsm::cli {
namespace {

struct type_args {
  std::string name, parent, description;
  std::vector<std::string> attributes;  // "name:type[:required]"
  std::vector<std::string> kinds;
};

model::attribute_def parse_attribute(const std::string& text) {
  const auto fail = [&] {
    return error(errc::invalid_argument,
                 fmt::format("--attribute '{}': use NAME:TYPE[:required], TYPE one of text, integer, real, boolean, time", text));
  };
  const auto first = text.find(':');
  if (first == std::string::npos || first == 0) throw fail();
  const auto second = text.find(':', first + 1);
  const std::string type = text.substr(first + 1, second == std::string::npos ? std::string::npos : second - first - 1);
  const std::string flag = second == std::string::npos ? "" : text.substr(second + 1);
  if (!flag.empty() && flag != "required") throw fail();
  model::attribute_def def{.name = text.substr(0, first), .required = flag == "required"};
  for (auto t : {value_type::text, value_type::integer, value_type::real, value_type::boolean, value_type::time})
    if (to_string(t) == type) {
      def.type = t;
      return def;
    }
  throw fail();
}

void add_type(session& s, const type_args& a) {
  const actor who = s.who();
  sms system = s.open();
  model::ci_type t{.name = a.name, .parent = a.parent, .description = a.description, .relationship_kinds = a.kinds};
  for (const auto& text : a.attributes) t.attributes.push_back(parse_attribute(text));
  t = system.configuration().define_type(who, t);
  std::cout << fmt::format("defined type {} (revision {})\n", t.name, t.revision);
}

void list_types(session& s) {
  const actor who = s.who();
  sms system = s.open();
  std::vector<std::vector<std::string>> rows{{"TYPE", "PARENT", "ATTRIBUTES", "RELATIONSHIP KINDS"}};
  for (const auto& t : system.configuration().types(who)) {
    std::vector<std::string> attrs;
    for (const auto& d : t.attributes) attrs.push_back(fmt::format("{}:{}{}", d.name, to_string(d.type), d.required ? "!" : ""));
    rows.push_back({t.name, t.parent.empty() ? "-" : t.parent, fmt::format("{}", fmt::join(attrs, " ")),
                    fmt::format("{}", fmt::join(t.relationship_kinds, " "))});
  }
  print_table(rows);
}

struct service_args {
  std::string name, description, owner;
  bool critical = false;
};

void add_service(session& s, const service_args& a) {
  const actor who = s.who();
  sms system = s.open();
  model::service svc{.name = a.name, .description = a.description, .owner = a.owner, .critical = a.critical,
                     .status = model::service_status::live};
  svc = system.service_level().add_service(who, svc);
  std::cout << fmt::format("added service {} ({})\n", svc.id.key(), svc.name);
}

void list_services(session& s) {
  const actor who = s.who();
  sms system = s.open();
  std::vector<std::vector<std::string>> rows{{"ID", "STATUS", "NAME"}};
  for (const auto& svc : system.service_level().services(who))
    rows.push_back({svc.id.key(), std::string(model::enum_to_string(svc.status)), svc.name});
  print_table(rows);
}

// A graph node's readable key: CIs are keyed by their number, services by minus theirs.
std::string key_of(graph::node_key k) { return k < 0 ? service_id(-k).key() : ci_id(k).key(); }

// A map's root: "SVC-n", a service's name, or "CI-n".
graph::node_key root_of(sms& system, const actor& who, const std::string& text) {
  if (text.starts_with("CI-")) return ci_id::parse(text).number();
  if (text.starts_with("SVC-")) return -service_id::parse(text).number();
  for (const auto& svc : system.service_level().services(who))
    if (svc.name == text) return -svc.id.number();
  throw error(errc::not_found, fmt::format("no service '{}' (give SVC-n, a service name or CI-n)", text));
}

void impact(session& s, const std::string& ci) {
  const actor who = s.who();
  sms system = s.open();
  const auto g = system.configuration().graph(who);
  const graph::node_key failed = ci_id::parse(ci).number();
  const auto r = g.impact({failed});
  std::cout << fmt::format("if {} fails, {} CIs and {} services are impacted\n", ci,
                           r.impacted.size() - r.services.size(), r.services.size());
  std::vector<std::vector<std::string>> rows{{"DEPTH", "KEY", "TYPE", "NAME"}};
  for (const auto& hit : r.impacted) {
    const auto info = g.info(hit.key);
    rows.push_back({std::to_string(hit.depth), key_of(hit.key), info.service ? "service" : std::string(info.type),
                    std::string(info.name)});
  }
  if (!r.impacted.empty()) print_table(rows);
}

void map(session& s, const std::string& root, const std::string& format) {
  const actor who = s.who();
  sms system = s.open();
  const auto g = system.configuration().graph(who);
  const std::string dot = graph::dependency_map(g, root_of(system, who, root));
  std::cout << (format == "svg" ? graph::to_svg(dot) : dot);
}

}  // namespace

void add_cmdb_commands(CLI::App& app, session& s) {
  auto* types = app.add_subcommand("types", "CI types: the documented definitions CIs follow");
  types->require_subcommand(1);
  auto* tadd = types->add_subcommand("add", "Define a CI type (or its next version)");
  auto t = std::make_shared<type_args>();
  tadd->add_option("name", t->name, "The type's name, e.g. server")->required();
  tadd->add_option("--parent", t->parent, "A type it inherits attributes and relationship kinds from");
  tadd->add_option("--description", t->description, "What a CI of this type is (its documented definition)")->required();
  tadd->add_option("--attribute", t->attributes, "NAME:TYPE[:required]; repeat for several")->allow_extra_args(false);
  tadd->add_option("--relationship-kind", t->kinds, "A kind a CI of this type may have as source; repeatable")->allow_extra_args(false);
  tadd->callback([&s, t] { add_type(s, *t); });
  types->add_subcommand("list", "The CI types")->callback([&s] { list_types(s); });

  auto* services = app.add_subcommand("services", "The service catalogue");
  services->require_subcommand(1);
  auto* sadd = services->add_subcommand("add", "Add a live service to the catalogue");
  auto v = std::make_shared<service_args>();
  sadd->add_option("name", v->name, "The service's name, unique in the catalogue")->required();
  sadd->add_option("--description", v->description, "What it offers");
  sadd->add_option("--owner", v->owner, "The service owner");
  sadd->add_flag("--critical", v->critical, "A critical service (feeds the major-incident definition)");
  sadd->callback([&s, v] { add_service(s, *v); });
  services->add_subcommand("list", "The services")->callback([&s] { list_services(s); });

  auto* imp = app.add_subcommand("impact", "What is impacted when a CI fails (k-of-n groups honoured)");
  auto ci = std::make_shared<std::string>();
  imp->add_option("ci", *ci, "The failing CI (CI-n)")->required();
  imp->callback([&s, ci] { impact(s, *ci); });

  auto* m = app.add_subcommand("map", "The dependency map of a service or CI as Graphviz DOT (or SVG) on stdout");
  auto root = std::make_shared<std::string>();
  auto format = std::make_shared<std::string>("dot");
  m->add_option("root", *root, "SVC-n, a service name, or CI-n")->required();
  m->add_option("--format", *format, "dot, or svg (needs Graphviz's dot)")->check(CLI::IsMember({"dot", "svg"}));
  m->callback([&s, root, format] { map(s, *root, *format); });
}

}  // namespace itsm::cli
