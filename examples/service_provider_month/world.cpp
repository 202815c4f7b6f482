#include "world.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <tuple>

#include "itsm/graph/builder.hpp"

namespace spm {

using namespace itsm;
namespace cal = itsm::calendar;

const actor* people::owner(const std::string& name) const {
  for (const auto& o : owners)
    if (o.name == name) return &o;
  return nullptr;
}

sizes default_sizes() { return {}; }
sizes small_sizes() { return {20, 4, 8, 40, 30, true}; }

const model::configuration_item& world::ci(const std::string& name) const {
  auto it = cis.find(name);
  if (it == cis.end()) throw_error(errc::not_found, "the CMDB has no CI named " + name);
  return it->second;
}

std::size_t world::index_of(service_id id) const {
  for (std::size_t i = 0; i < services.size(); ++i)
    if (services[i].record.id == id) return i;
  return services.size();
}

std::vector<cal::holiday_rule> berlin_holidays() {
  using h = cal::holiday_rule;
  return {h::annual(1, 1, "New Year's Day"),       h::annual(3, 8, "International Women's Day"),
          h::easter_relative(-2, "Good Friday"),   h::easter_relative(1, "Easter Monday"),
          h::annual(5, 1, "Labour Day"),           h::easter_relative(39, "Ascension Day"),
          h::easter_relative(50, "Whit Monday"),   h::annual(10, 3, "German Unity Day"),
          h::annual(12, 25, "Christmas Day"),      h::annual(12, 26, "Boxing Day")};
}

namespace {

cal::calendar_definition office(int from_hour, int to_hour, int days) {
  cal::calendar_definition d;
  d.time_zone = "Europe/Berlin";
  for (int i = 0; i < days; ++i) d.week[static_cast<std::size_t>(i)] = {{hours(from_hour), hours(to_hour)}};
  d.holidays = berlin_holidays();
  return d;
}

}  // namespace

std::vector<service_setup> catalogue_definition() {
  std::vector<service_setup> out(4);
  auto& s = out[shop];
  s.name = "Online Shop";
  s.description = "The customer-facing web shop: catalogue, checkout and payments";
  s.owner = "olivia";
  s.customer = "Retail division";
  s.critical = true;
  s.hours_label = "24x7";
  s.hours = cal::calendar_definition::always_open();
  s.availability_target = 99.9;
  s.targets = {{1, 15, 240}, {2, 30, 480}, {3, 60, 1440}, {4, 240, 4320}, {5, 480, 10080}};
  s.maintenance = {{2, 60, 300}, {4, 60, 300}};  // Tue and Thu 01:00-05:00 UTC

  auto& e = out[email];
  e.name = "Email & Calendar";
  e.description = "Mail, calendars and shared mailboxes for all staff";
  e.owner = "owen";
  e.customer = "All staff";
  e.hours_label = "Mon-Sat 07-20 Berlin";
  e.hours = office(7, 20, 6);
  e.availability_target = 99.5;
  e.targets = {{1, 15, 240}, {2, 30, 480}, {3, 60, 1200}, {4, 240, 2400}, {5, 480, 4800}};
  e.maintenance = {{3, 19 * 60, 23 * 60}};  // Wed 19:00-23:00 UTC

  auto& p = out[payroll];
  p.name = "Payroll";
  p.description = "Monthly payroll run, payslips and HR reports";
  p.owner = "oscar";
  p.customer = "HR and Finance";
  p.hours_label = "Mon-Fri 08-17 Berlin";
  p.hours = office(8, 17, 5);
  p.availability_target = 99.0;
  p.targets = {{1, 30, 240}, {2, 60, 540}, {3, 120, 1080}, {4, 240, 2160}, {5, 480, 4320}};
  p.maintenance = {{6, 5 * 60, 11 * 60}};  // Sat 05:00-11:00 UTC

  auto& w = out[workplace];
  w.name = "Workplace IT";
  w.description = "Laptops, accounts, VPN, file shares and printing";
  w.owner = "wanda";
  w.customer = "All staff";
  w.hours_label = "Mon-Fri 08-18 Berlin";
  w.hours = office(8, 18, 5);
  w.availability_target = 98.5;
  w.targets = {{1, 30, 480}, {2, 60, 960}, {3, 240, 1620}, {4, 480, 2700}, {5, 960, 5400}};
  return out;
}

std::vector<model::relationship_kind> relationship_kinds() {
  // The library's defaults (member_of a k-of-n quorum), except that this provider records network
  // links and "uses" for documentation only: its impact runs through runs_on, hosted_on and depends_on.
  auto kinds = model::default_relationship_kinds();
  for (auto& k : kinds)
    if (k.name == "connects_to" || k.name == "uses") k.impact = model::propagation::none;
  return kinds;
}

ticket_policy make_ticket_policy() {
  ticket_policy p;
  p.request_targets["access"] = {60, 480};
  p.request_targets["information"] = {60, 240};
  p.request_targets["software"] = {240, 1440};
  p.request_targets["hardware"] = {480, 4800};
  p.request_targets["standard_change"] = {60, 540};
  return p;
}

change_policy make_change_policy(const world& w, timestamp month_start, timestamp month_end) {
  change_policy p;
  p.controlled_ci_types = {"hardware", "vm", "application", "database"};
  p.standard_models = {{"add-user-to-group", "add an account to a directory group", {}, "remove the account again"},
                       {"os-security-patch", "monthly OS security patches on a VM", {"vm"}, "revert the VM snapshot"}};
  // The month-end close: no changes in the last two days of the month.
  p.calendar.freezes = {{"month-end close", {month_end - hours(48), month_end}}};
  (void)month_start;
  for (const auto& s : w.services)
    if (!s.setup.maintenance.empty()) p.calendar.maintenance[s.record.id.number()] = s.setup.maintenance;
  return p;
}

namespace {

struct ci_spec {
  std::string type, name;
  std::vector<svc> services;
  model::attribute_map attributes;
  std::string version, location, description;
  std::vector<std::pair<std::string, std::string>> relations;  // (kind, target name)
};

std::vector<model::ci_type> type_definitions() {
  using model::attribute_def;
  return {
      {"hardware", 0, "", "Physical equipment with a serial number", {{"serial", value_type::text, false}}, {}},
      {"rack", 0, "hardware", "A rack in the data centre", {{"row", value_type::text, false}}, {}},
      {"network_device", 0, "hardware", "A switch or router", {{"ports", value_type::integer, false}}, {"connects_to"}},
      {"storage_array", 0, "hardware", "A SAN storage array",
       {{"capacity_tb", value_type::integer, true}, {"controller_firmware", value_type::text, false}},
       {"connects_to"}},
      {"hypervisor", 0, "hardware", "A virtualisation host",
       {{"cpus", value_type::integer, true}, {"ram_gb", value_type::integer, true}, {"firmware", value_type::text, false}},
       {"hosted_on", "depends_on", "connects_to"}},
      {"laptop", 0, "hardware", "A staff laptop",
       {{"model", value_type::text, true}, {"assigned_to", value_type::text, false}}, {"depends_on"}},
      {"printer", 0, "hardware", "A network printer", {{"floor", value_type::text, false}}, {"connects_to"}},
      {"vm", 0, "", "A virtual machine", {{"vcpus", value_type::integer, true}, {"os", value_type::text, true}},
       {"runs_on", "member_of", "depends_on"}},
      {"cluster", 0, "", "A redundancy group: the service needs required_members of its members",
       {{"required_members", value_type::integer, true}}, {"depends_on"}},
      {"application", 0, "", "Deployed application software", {{"language", value_type::text, false}},
       {"runs_on", "depends_on", "uses"}},
      {"database", 0, "", "A database instance", {{"engine", value_type::text, true}}, {"runs_on", "depends_on"}},
  };
}

std::vector<ci_spec> cmdb_definition(const sizes& size) {
  std::vector<ci_spec> out;
  for (const char* r : {"rack-a", "rack-b", "rack-c"})
    out.push_back({"rack", r, {}, {{"row", value(std::string("R") + r[5])}}, "", "Berlin DC1", "42U server rack", {}});
  for (const char* s : {"sw-core-1", "sw-core-2"})
    out.push_back({"network_device", s, {}, {{"ports", value(48)}}, "NX 9.3", "Berlin DC1", "core switch", {}});
  out.push_back({"storage_array", "san-01", {}, {{"capacity_tb", value(200)}, {"controller_firmware", value("7.1.4")}},
                 "", "Berlin DC1", "shared SAN for all hypervisors", {{"connects_to", "sw-core-1"}}});
  for (int h = 1; h <= 8; ++h) {
    const auto name = fmt::format("hv-{:02}", h);
    const std::string rack = h <= 3 ? "rack-a" : h <= 6 ? "rack-b" : "rack-c";
    out.push_back({"hypervisor", name, {}, {{"cpus", value(64)}, {"ram_gb", value(512)}, {"firmware", value("2.3")}},
                   "ESXi 8.0", "Berlin DC1", "virtualisation host",
                   {{"hosted_on", rack}, {"depends_on", "san-01"}, {"connects_to", "sw-core-1"}, {"connects_to", "sw-core-2"}}});
  }
  auto vm = [&](std::string name, std::string host, std::vector<svc> services, int vcpus, std::string os,
                std::string description) {
    out.push_back({"vm", std::move(name), std::move(services), {{"vcpus", value(vcpus)}, {"os", value(std::move(os))}},
                   "", "Berlin DC1", std::move(description), {{"runs_on", std::move(host)}}});
  };
  vm("web-01", "hv-01", {shop}, 8, "Debian 12", "shop web node");
  vm("web-02", "hv-02", {shop}, 8, "Debian 12", "shop web node");
  vm("web-03", "hv-03", {shop}, 8, "Debian 12", "shop web node");
  vm("shop-app-01", "hv-04", {shop}, 16, "Debian 12", "checkout application server");
  vm("shop-db-01", "hv-05", {shop}, 16, "Debian 12", "shop database server");
  vm("mx-01", "hv-01", {email}, 4, "Debian 12", "mail gateway");
  vm("mail-01", "hv-06", {email}, 16, "Windows Server 2022", "mail store");
  vm("payroll-app-01", "hv-04", {payroll}, 8, "Windows Server 2022", "payroll application server");
  vm("payroll-db-01", "hv-07", {payroll}, 8, "Debian 12", "payroll database server");
  vm("dc-01", "hv-05", {workplace}, 4, "Windows Server 2022", "domain controller");
  vm("dc-02", "hv-08", {workplace}, 4, "Windows Server 2022", "domain controller");
  vm("files-01", "hv-06", {workplace}, 8, "Windows Server 2022", "file server");
  vm("vpn-01", "hv-03", {workplace}, 4, "Debian 12", "VPN concentrator");
  for (int i = 1; i <= size.spare_vms; ++i)
    vm(fmt::format("vm-{:03}", i), fmt::format("hv-{:02}", 1 + (i - 1) % 8), {}, 4, "Debian 12", "build and test server");
  out.push_back({"cluster", "web-pool", {shop}, {{"required_members", value(2)}}, "", "Berlin DC1", "shop web nodes: 2 of 3 needed", {}});
  out.push_back({"cluster", "dc-pool", {workplace}, {{"required_members", value(1)}}, "", "Berlin DC1", "domain controllers: 1 of 2 needed", {}});
  // Cluster memberships are recorded on the members (member --member_of--> cluster).
  for (auto& c : out) {
    if (c.name == "web-01" || c.name == "web-02" || c.name == "web-03") c.relations.push_back({"member_of", "web-pool"});
    if (c.name == "dc-01" || c.name == "dc-02") c.relations.push_back({"member_of", "dc-pool"});
  }
  auto app = [&](std::string type, std::string name, std::vector<svc> services, std::string version,
                 std::string description, std::vector<std::pair<std::string, std::string>> rel) {
    model::attribute_map attrs;
    if (type == "database") attrs["engine"] = value(std::string(description.substr(0, description.find(' '))));
    out.push_back({std::move(type), std::move(name), std::move(services), std::move(attrs), std::move(version), "",
                   std::move(description), std::move(rel)});
  };
  app("database", "shop-db", {shop}, "15.6", "PostgreSQL shop database", {{"runs_on", "shop-db-01"}});
  app("application", "payment-gateway", {shop}, "2026.4", "external payment service provider (SaaS)", {});
  out.back().location = "the provider's cloud (SaaS)";
  app("application", "shop-checkout", {shop}, "5.2.0", "checkout and order service",
      {{"runs_on", "shop-app-01"}, {"depends_on", "shop-db"}, {"depends_on", "payment-gateway"}});
  app("application", "shop-frontend", {shop}, "5.2.0", "web front end",
      {{"runs_on", "web-pool"}, {"depends_on", "shop-checkout"}});
  app("application", "directory", {workplace}, "2022", "Active Directory domain", {{"runs_on", "dc-pool"}});
  app("application", "mail-gateway", {email}, "3.4.1", "SMTP gateway (MTA)", {{"runs_on", "mx-01"}, {"depends_on", "directory"}});
  app("application", "mailstore", {email}, "2019 CU14", "mailbox and calendar store",
      {{"runs_on", "mail-01"}, {"depends_on", "directory"}});
  app("database", "payroll-db", {payroll}, "14.11", "PostgreSQL payroll database", {{"runs_on", "payroll-db-01"}});
  app("application", "payroll-app", {payroll}, "11.2", "payroll suite",
      {{"runs_on", "payroll-app-01"}, {"depends_on", "payroll-db"}, {"depends_on", "directory"}});
  app("application", "file-service", {workplace}, "2022", "departmental file shares",
      {{"runs_on", "files-01"}, {"depends_on", "directory"}});
  app("application", "vpn-gateway", {workplace}, "7.0.3", "remote access VPN",
      {{"runs_on", "vpn-01"}, {"depends_on", "directory"}});
  const std::vector<std::string> models{"ThinkPad T14", "ThinkPad X1", "Latitude 7440", "EliteBook 840"};
  for (int i = 1; i <= size.laptops; ++i)
    out.push_back({"laptop", fmt::format("lt-{:04}", i), {workplace},
                   {{"model", value(models[static_cast<std::size_t>(i) % models.size()])},
                    {"assigned_to", value(fmt::format("user{:04}", i))}},
                   "", "Berlin office", "staff laptop", {{"depends_on", "directory"}}});
  for (int i = 1; i <= size.printers; ++i)
    out.push_back({"printer", fmt::format("pr-{:02}", i), {workplace}, {{"floor", value(std::to_string(1 + i % 4))}},
                   "", "Berlin office", "floor printer", {{"connects_to", i % 2 ? "sw-core-1" : "sw-core-2"}}});
  return out;
}

}  // namespace

void ensure_world(sms& system, world& w, const sizes& size) {
  auto& slm = system.service_level();
  auto& conf = system.configuration();
  const auto& who = w.who;

  // 1. The service catalogue and one SLA per service, on the service's business calendar.
  const auto defs = catalogue_definition();
  const auto existing = slm.services(who.audrey);
  w.services.clear();
  for (const auto& d : defs) {
    model::service rec;
    bool found = false;
    for (const auto& s : existing)
      if (s.name == d.name) rec = s, found = true;
    if (!found) {
      rec.name = d.name;
      rec.description = d.description;
      rec.owner = d.owner;
      rec.customer = d.customer;
      rec.critical = d.critical;
      rec.status = model::service_status::live;
      rec = slm.add_service(who.sonja, rec, {"service catalogue set-up", ""});
    }
    auto slas = slm.slas_of(who.audrey, rec.id);
    model::sla sla;
    if (slas.empty()) {
      sla.name = d.name + " SLA";
      sla.service = rec.id;
      sla.calendar = cal::calendar_to_json(d.hours);
      sla.availability_target = d.availability_target;
      sla.targets = d.targets;
      sla.pause_states = {"customer"};  // waiting on the customer stops the resolution clock
      sla.workload_limits = "up to 400 incidents and 300 requests a month";
      sla.exceptions = "planned maintenance inside the agreed maintenance windows";
      sla = slm.define_sla(who.sonja, sla, {"agreed with " + d.customer, ""});
    } else {
      sla = slas.front();
    }
    w.services.push_back({d, rec, sla, cal::business_calendar(cal::calendar_from_json(sla.calendar))});
  }
  // Catalogue dependencies: mail and payroll sign in through the directory of Workplace IT.
  for (auto s : {email, payroll}) {
    auto rec = w.services[s].record;
    if (rec.depends_on.empty()) {
      rec.depends_on = {w.services[workplace].record.id};
      w.services[s].record = slm.update_service(who.sonja, rec, {"signs in through the directory", ""});
    }
  }

  // 2. CI types (parents first).
  for (const auto& t : type_definitions())
    if (!conf.find_type(who.audrey, t.name)) conf.define_type(who.carla, t, {"CMDB set-up", ""});
  w.types = conf.types(who.audrey).size();

  // 3. CIs and relationships the store does not hold yet.
  w.cis.clear();
  for (auto& ci : conf.list(who.audrey))
    if (ci.status != model::ci_status::retired) w.cis[ci.name] = ci;
  const auto specs = cmdb_definition(size);
  for (const auto& s : specs) {
    if (w.cis.count(s.name)) continue;
    model::configuration_item ci;
    ci.type = s.type;
    ci.name = s.name;
    ci.description = s.description;
    ci.status = model::ci_status::live;
    ci.version = s.version;
    ci.location = s.location;
    ci.attributes = s.attributes;
    for (auto i : s.services) ci.services.push_back(w.services[i].record.id);
    ci.owner = s.services.empty() ? "infrastructure" : w.services[s.services.front()].setup.owner;
    w.cis[s.name] = conf.create(who.carla, ci, {"CMDB set-up", ""});
  }
  std::set<std::tuple<std::int64_t, std::string, std::int64_t>> have;
  for (const auto& r : conf.all_relationships(who.audrey)) have.insert({r.source.number(), r.kind, r.target.number()});
  for (const auto& s : specs)
    for (const auto& [kind, target] : s.relations) {
      const auto from = w.ci(s.name).id, to = w.ci(target).id;
      if (have.insert({from.number(), kind, to.number()}).second) conf.relate(who.carla, from, kind, to);
    }
  w.relationships = have.size();
  w.laptops.clear();
  w.printers.clear();
  w.clusters = 0;
  for (const auto& [name, ci] : w.cis) {
    if (ci.type == "laptop") w.laptops.push_back(name);
    if (ci.type == "printer") w.printers.push_back(name);
    if (ci.type == "cluster") ++w.clusters;
  }

  // 4. The monthly service report, documented as a stored definition (R-6.2-define).
  const auto reports = system.reports().definitions(who.audrey);
  if (std::none_of(reports.begin(), reports.end(), [](const auto& d) { return d.name == monthly_report; })) {
    model::report_definition d;
    d.name = monthly_report;
    d.purpose = "service levels, availability, workload, trends and significant events of the month, with the "
                "statement of conformance to ISO/IEC 20000-1";
    d.audience = "customers' service review, service owners, top management";
    d.frequency = model::report_frequency::monthly;
    d.data_sources = {"incident", "service_request", "problem", "known_error", "rfc", "release", "sla", "audit"};
    system.reports().define(who.sonja, d, {"the monthly service review", ""});
  }
}

graph::graph build_graph(sms& system, const world& w) {
  // The store's one kind table (the stored policy), as the library's live graph uses it.
  graph::builder b(graph::kind_table::of(system.policies().relationship_kinds(w.who.audrey)));
  for (const auto& [name, ci] : w.cis) {
    graph::node n{ci.id.number(), ci.type, ci.name, false, true, 0};
    if (ci.type == "cluster") {
      auto it = ci.attributes.find("required_members");
      if (it != ci.attributes.end()) n.required_members = static_cast<std::uint32_t>(it->second.as_int());
    }
    b.add_node(n);
  }
  for (const auto& s : w.services)
    b.add_node({service_node(s.record.id), "service", s.record.name, true, true, 0});
  for (const auto& r : system.configuration().all_relationships(w.who.audrey))
    b.add_edge({r.source.number(), r.target.number(), r.kind, r.id.number()});
  // A service needs its applications: service --depends_on--> application.
  for (const auto& [name, ci] : w.cis) {
    if (ci.type != "application") continue;
    for (const auto& s : ci.services)
      if (w.index_of(s) < w.services.size())
        b.add_edge({service_node(s), ci.id.number(), "depends_on", 0});
  }
  // Dependencies between services run through their CIs (mail-gateway depends_on directory), so
  // the catalogue's service-to-service dependencies add no edges here.
  return b.build();
}

}  // namespace spm
