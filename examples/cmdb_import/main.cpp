// cmdb_import: a vendor's CMDB load and a discovery tool's daily delta, on a real store (issue 13).
//
//   cmdb_import [--db URI] [--hosts N] [--out DIR]
//     (defaults: sqlite:cmdb_import.db, removed at start; 60 hosts; maps written to .)
//
// The path: a generated CSV of racks, hosts, a 2-of-3 web cluster, VMs and applications with their
// relationships → the reconciliation plan of a dry run (nothing written) → the batch applied in
// one transaction → the same file again (nothing to write) → hosts put under change control → a
// discovery delta: a new VM is created, an application updated, and a controlled host's change
// waits as a pending reconciliation item → the webshop's dependency map as DOT and SVG. Each
// check prints ok/FAIL; the program exits 1 when any check failed.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include <fmt/format.h>

#include "itsm/graph/dot.hpp"
#include "itsm/process/sms.hpp"
#include "itsm/storage/registry.hpp"
#include "itsm/storage/sqlite.hpp"

using namespace itsm;

namespace {

const actor auditor{"audrey", {std::string(roles::auditor)}};
const actor carla{"carla", {std::string(roles::configuration_manager)}};
const actor sam{"sam", {std::string(roles::service_level_manager)}};
const actor root{"root", {std::string(roles::admin)}};

int failures = 0;
void check(bool ok, const std::string& what) {
  std::cout << (ok ? "  ok    " : "  FAIL  ") << what << '\n';
  failures += ok ? 0 : 1;
}

void define_types(configuration_management& conf) {
  using model::ci_type;
  conf.define_type(carla, ci_type{"rack", 0, "", "a rack in the data centre", {}, {}});
  conf.define_type(carla, ci_type{"host", 0, "", "a physical server",
                                  {{"cpus", value_type::integer, true, 1, 1024}, {"serial", value_type::text, true}},
                                  {"hosted_on", "member_of"}});
  conf.define_type(carla, ci_type{"cluster", 0, "", "a redundancy group of hosts",
                                  {{"required_members", value_type::integer, true, 1}}, {}});
  conf.define_type(carla, ci_type{"vm", 0, "", "a virtual machine", {{"vcpus", value_type::integer, false, 1, 256}},
                                  {"runs_on"}});
  conf.define_type(carla, ci_type{"application", 0, "", "deployed software", {}, {"runs_on", "depends_on"}});
}

// The vendor's export: racks, hosts, the web cluster, one VM per remaining host, two applications.
struct export_files {
  std::string cis, relationships;
};
export_files vendor_export(int hosts, service_id shop) {
  export_files f;
  f.cis = "type,name,status,cpus,serial,required_members,vcpus,services\n";
  f.relationships = "source_type,source,kind,target_type,target\n";
  for (int r = 1; r <= (hosts + 19) / 20; ++r) f.cis += fmt::format("rack,rack-{:02},live,,,,,\n", r);
  for (int h = 1; h <= hosts; ++h) {
    f.cis += fmt::format("host,host-{:03},live,{},SN-{:05},,,\n", h, 8 << (h % 3), 1000 + h);
    f.relationships += fmt::format("host,host-{:03},hosted_on,rack,rack-{:02}\n", h, 1 + (h - 1) / 20);
  }
  f.cis += "cluster,web-pool,live,,,2,,\n";
  for (int h = 1; h <= 3; ++h) f.relationships += fmt::format("host,host-{:03},member_of,cluster,web-pool\n", h);
  for (int h = 4; h <= hosts; ++h) {
    f.cis += fmt::format("vm,vm-{:03},live,,,,4,\n", h);
    f.relationships += fmt::format("vm,vm-{:03},runs_on,host,host-{:03}\n", h, h);
  }
  f.cis += fmt::format("application,shop-frontend,live,,,,,{}\n", shop.key());
  f.cis += fmt::format("application,shop-orders,live,,,,,{}\n", shop.key());
  f.relationships += "application,shop-frontend,runs_on,cluster,web-pool\n";
  f.relationships += "application,shop-frontend,depends_on,application,shop-orders\n";
  f.relationships += "application,shop-orders,runs_on,vm,vm-004\n";
  return f;
}

void print_plan(const import_plan& p) {
  std::cout << fmt::format("  plan (CIs and relationships): {} creates, {} updates, {} unchanged, {} pending; {} refusals; {} relationship rows\n",
                           p.count(import_action::create), p.count(import_action::update),
                           p.count(import_action::unchanged), p.count(import_action::pending), p.refusals.size(),
                           p.relationships.size());
  for (const auto& c : p.cis)
    if (c.action == import_action::update || c.action == import_action::pending)
      std::cout << fmt::format("    row {:>3}  {:<9} {} {} ({})\n", c.row, to_string(c.action), c.type, c.name,
                               fmt::join(c.changed, ", "));
  for (const auto& c : p.cis)
    for (const auto& why : c.skipped) std::cout << fmt::format("    row {:>3}  skipped   {}\n", c.row, why);
  for (const auto& r : p.refusals)
    std::cout << fmt::format("    {} row {}: [{}] {}\n", r.file, r.row, r.why.rule, r.why.message);
}

}  // namespace

int main(int argc, char** argv) {
  std::string uri = "sqlite:cmdb_import.db", out = ".";
  int hosts = 60;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--db" && i + 1 < argc) uri = argv[++i];
    else if (a == "--out" && i + 1 < argc) out = argv[++i];
    else if (a == "--hosts" && i + 1 < argc) hosts = std::max(4, std::stoi(argv[++i]));
    else {
      std::cerr << "usage: cmdb_import [--db URI] [--hosts N] [--out DIR]\n";
      return 2;
    }
  }
  try {
    storage::register_sqlite();
    if (uri.rfind("sqlite:", 0) == 0 && uri != "sqlite::memory:")
      for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(uri.substr(7) + suffix);
    sms system = sms::open(uri);
    auto& conf = system.configuration();
    define_types(conf);
    model::service webshop;
    webshop.name = "webshop";
    webshop = system.service_level().add_service(sam, webshop);

    std::cout << "1. The vendor's export, planned (dry run) and applied\n";
    const auto files = vendor_export(hosts, webshop.id);
    import_options dry;
    dry.dry_run = true;
    const auto plan = conf.import_csv(carla, {files.cis, files.relationships}, dry);
    print_plan(plan);
    check(plan.refusals.empty() && !plan.applied, "the dry run plans every row and writes nothing");
    check(conf.list(auditor).empty(), "the CMDB is still empty");
    import_options apply;
    apply.write.reason = "initial load from the vendor's CMDB export";
    std::size_t reports = 0;
    apply.progress = [&](const import_progress&) { ++reports; };
    const auto applied = conf.import_csv(carla, {files.cis, files.relationships}, apply);
    check(applied.applied && applied.writes() == plan.writes(), fmt::format("applied in one transaction: {} records", applied.writes()));
    check(reports >= 2, "progress was reported per phase");
    const auto again = conf.import_csv(carla, {files.cis, files.relationships});
    check(again.writes() == 0 && !again.applied, "the same file again writes nothing");

    std::cout << "2. Hosts under change control; the discovery tool's daily delta\n";
    auto policy = system.policies().changes(root);
    policy.controlled_ci_types = {"host"};
    system.policies().set_changes(root, policy);
    const std::string delta =
        "type,name,status,cpus,serial,vcpus\n"
        "host,HOST-001,live,64,SN-01001,\n"     // a controlled host: cpus changed (any case matches)
        "vm,vm-004,live,,,8\n"                   // a VM resized: uncontrolled, updated
        "vm,vm-new,live,,,2\n";                  // a VM the CMDB did not know: created
    import_options feed;
    feed.source = "discovery";
    const auto discovered = conf.import_csv(carla, {delta, {}}, feed);
    print_plan(discovered);
    check(discovered.count(import_action::pending) == 1, "the controlled host's change is pending, not written");
    check(conf.find_by_name(auditor, "host", "host-001")->attributes.at("cpus") != value(std::int64_t{64}),
          "host-001 keeps its recorded cpus until an RFC covers it");
    const auto pending = conf.pending_reconciliations(auditor);
    for (const auto& item : pending)
      std::cout << fmt::format("    {} for {} from {}: {}\n", item.id.key(), item.ci.key(), item.source, item.changes);
    check(pending.size() == 1, "one reconciliation item waits for review");
    check(conf.find_by_name(auditor, "vm", "vm-new").has_value(), "the new VM was created");

    std::cout << "3. Source precedence: discovery owns a VM's vcpus, the CMDB team its owner (a JSON feed)\n";
    system.policies().set_attribute_sources(root, {{"vm", "vcpus", "discovery"}, {"vm", "owner", ""}});
    import_source json_feed;
    json_feed.cis_json = R"([{"type": "vm", "name": "vm-new", "vcpus": 4, "owner": "discovery-bot"}])";
    print_plan(conf.import_csv(carla, json_feed, feed));
    const auto vm = conf.find_by_name(auditor, "vm", "vm-new");
    check(vm->attributes.at("vcpus") == value(std::int64_t{4}), "discovery's vcpus is written");
    check(vm->owner.empty(), "the owner column of discovery's feed is skipped: the CMDB team owns it");

    std::cout << "4. The webshop's dependency map (the live CMDB graph)\n";
    const auto g = conf.graph(auditor);
    const graph::node_key shop_node = -webshop.id.number();
    const auto deps = g.depends_on(shop_node);
    const auto hit = g.impact({conf.find_by_name(auditor, "host", "host-001")->id.number()});
    check(hit.impacted.empty(), "one web host down: the 2-of-3 pool absorbs it, the webshop is not impacted");
    const auto dot = graph::dependency_map(g, shop_node);
    std::filesystem::create_directories(out);
    std::ofstream(out + "/webshop-map.dot") << dot;
    std::cout << fmt::format("    {} CIs in the webshop's tree; {}/webshop-map.dot\n", deps.size(), out);
    check(dot.find("subgraph \"cluster_") != std::string::npos, "the web pool is drawn as a redundancy cluster");
    try {
      std::ofstream(out + "/webshop-map.svg") << graph::to_svg(dot);
      std::cout << fmt::format("    {}/webshop-map.svg (Graphviz)\n", out);
    } catch (const itsm::error& e) {
      if (e.code() != errc::unavailable) throw;
      std::cout << "    no SVG: " << e.what() << '\n';
    }
    check(system.verify().ok(), "the audit trail and every record verify");
  } catch (const itsm::error& e) {
    std::cerr << "error: " << e.what() << '\n';
    return 1;
  }
  std::cout << (failures ? fmt::format("{} checks FAILED\n", failures) : std::string("all checks passed\n"));
  return failures ? 1 : 0;
}
