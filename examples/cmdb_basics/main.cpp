// cmdb_basics: registers CI types, builds a small CMDB for two services, updates a CI twice,
// prints its version history and verifies the audit trail.
//   cmdb_basics [--db URI]     (default memory:; e.g. --db sqlite:cmdb.db once itsm::sqlite is linked)
#include <fmt/format.h>

#include <cstring>
#include <iostream>

#include "itsm/model/service.hpp"
#include "itsm/process/sms.hpp"
#include "itsm/storage/memory.hpp"

using namespace itsm;
using model::ci_status;
using model::ci_type;
using model::configuration_item;

namespace {

configuration_item make(std::string type, std::string name, model::attribute_map attrs,
                        std::vector<service_id> services) {
  configuration_item ci;
  ci.type = std::move(type);
  ci.name = std::move(name);
  ci.status = ci_status::live;
  ci.attributes = std::move(attrs);
  ci.services = std::move(services);
  return ci;
}

}  // namespace

int main(int argc, char** argv) {
  std::string uri = "memory:";
  for (int i = 1; i + 1 < argc; ++i)
    if (std::strcmp(argv[i], "--db") == 0) uri = argv[i + 1];

  try {
    auto clk = std::make_shared<manual_clock>(parse_iso("2026-03-02T08:00:00Z"));
    auto events = std::make_shared<recording_sink>();
    sms system = sms::open(uri, sms_options{clk, nullptr, events, {}});
    auto& cmdb = system.configuration();
    const actor carla{"carla", {std::string(roles::configuration_manager)}};

    // 1. The documented CI types (R-9.1-types).
    cmdb.define_type(carla, ci_type{"server", 0, "", "A physical or virtual server",
                                    {{"cpus", value_type::integer, true}, {"ram_gb", value_type::integer, false}},
                                    {"part_of", "connects_to"}});
    cmdb.define_type(carla, ci_type{"database", 0, "", "A database instance",
                                    {{"engine", value_type::text, true}}, {"runs_on", "depends_on"}});
    cmdb.define_type(carla, ci_type{"application", 0, "", "Deployed application software",
                                    {{"url", value_type::text, false}}, {"runs_on", "depends_on", "uses"}});

    // 2. Two services in the catalogue (R-6.1-catalogue), added by the service level manager.
    const actor sonja{"sonja", {std::string(roles::service_level_manager)}};
    model::service shop_svc, mail_svc;
    shop_svc.name = "Web shop";
    shop_svc.description = "Customer-facing online shop";
    shop_svc.critical = true;
    shop_svc.status = model::service_status::live;
    shop_svc = system.service_level().add_service(sonja, shop_svc);
    mail_svc.name = "Mail";
    mail_svc.description = "Staff e-mail";
    mail_svc.status = model::service_status::live;
    mail_svc = system.service_level().add_service(sonja, mail_svc);

    // 3. A small CMDB: two hosts, a database, two applications.
    auto host1 = cmdb.create(carla, make("server", "host-01", {{"cpus", value(16)}, {"ram_gb", value(64)}}, {shop_svc.id}));
    auto host2 = cmdb.create(carla, make("server", "host-02", {{"cpus", value(8)}}, {mail_svc.id}));
    auto db = cmdb.create(carla, make("database", "shop-db", {{"engine", value("PostgreSQL 15")}}, {shop_svc.id}));
    auto shop = cmdb.create(carla, make("application", "shop-frontend", {{"url", value("https://shop.example")}}, {shop_svc.id}));
    auto mail = cmdb.create(carla, make("application", "mail-server", {}, {mail_svc.id}));
    cmdb.relate(carla, db.id, "runs_on", host1.id);
    cmdb.relate(carla, shop.id, "runs_on", host1.id);
    cmdb.relate(carla, shop.id, "depends_on", db.id);
    cmdb.relate(carla, mail.id, "runs_on", host2.id);

    // 4. Update host-01 twice: each write is a new version (R-9.1-versions).
    clk->advance(hours(26));
    host1.attributes["ram_gb"] = value(128);
    host1 = cmdb.update(carla, host1, {"memory upgrade", "RFC-1"});
    clk->advance(hours(3));
    host1.location = "Berlin DC2";
    host1.version = "rack 14";
    host1 = cmdb.update(carla, host1, {"moved to the new data centre", "RFC-2"});

    // A refused write and a denied write: nothing changes, both are audited.
    try {
      cmdb.create(carla, make("server", "host-01", {{"cpus", value(4)}}, {}));
    } catch (const error& e) {
      fmt::print("refused as expected: {}\n", e.what());
    }
    try {
      const actor intern{"ivan", {std::string(roles::viewer)}};
      auto copy = host2;
      copy.location = "my desk";
      cmdb.update(intern, copy);
    } catch (const error& e) {
      fmt::print("denied as expected:  {}\n", e.what());
    }

    fmt::print("\nCMDB ({}): {} CIs, {} relationships\n", uri, cmdb.list(carla).size(), cmdb.all_relationships(carla).size());
    for (const auto& r : cmdb.all_relationships(carla)) {
      fmt::print("  {} {} --{}--> {} {}\n", r.source.key(), cmdb.find(carla, r.source)->name, r.kind,
                 r.target.key(), cmdb.find(carla, r.target)->name);
    }

    fmt::print("\nVersion history of {} ({}):\n", host1.id.key(), host1.name);
    for (const auto& v : cmdb.history(carla, host1.id)) {
      fmt::print("  #{:<3} {} {} rev {} {} by {} {}{}\n", v.seq, to_iso(v.at), v.object_id, v.revision, v.action, v.actor,
                 v.reason.empty() ? "" : "— " + v.reason, v.reference.empty() ? "" : " [" + v.reference + "]");
      if (v.kind != "configuration_item") continue;
      for (const auto& c : v.changes) {
        if (c.before.is_null() && c.after.to_display().empty()) continue;  // empty on create
        fmt::print("        {}: {} -> {}\n", c.field, c.before.to_display(), c.after.to_display());
      }
    }

    const auto check = system.verify_audit();
    fmt::print("\nAudit trail: {} entries, {}; head {}\n", check.entries, check.ok ? "chain verified" : "BROKEN: " + check.problem,
               check.head_hash);
    fmt::print("Events published: {}\n", events->events.size());
    return check.ok ? 0 : 1;
  } catch (const std::exception& e) {
    std::cerr << "cmdb_basics: " << e.what() << "\n";
    return 1;
  }
}
