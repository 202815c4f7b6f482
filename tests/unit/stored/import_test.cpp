// Bulk import on a durable store (a SQLite file; a PostgreSQL schema): a JSON batch and a feed
// under source precedence survive a reopen, a refused batch writes nothing, and the records verify.
#include <catch2/catch.hpp>

#include "itsm/core/clock.hpp"
#include "itsm/process/sms.hpp"
#include "support/errors.hpp"
#include "unit/stored/store.hpp"

using namespace itsm;

namespace {

const actor root{"root", {std::string(roles::admin)}};
const actor carla{"carla", {std::string(roles::configuration_manager)}};

sms open_at(const std::string& path) {
  return sms(stored_test::open(path),
             sms_options{std::make_shared<manual_clock>(parse_iso("2026-03-02T08:00:00Z")), nullptr, nullptr, {}});
}

import_source json(std::string cis, std::string rels = {}) {
  import_source s;
  s.cis_json = std::move(cis);
  s.relationships_json = std::move(rels);
  return s;
}

}  // namespace

TEST_CASE("R-9.1-access R-9.1-unique: JSON import and source precedence on a durable store", "[stored][import]") {
  const auto path = stored_test::fresh("import");
  {
    auto system = open_at(path);
    auto& conf = system.configuration();
    conf.define_type(root, {"host", 0, "", "a server", {{"ip", value_type::text, false}}, {"hosted_on"}});
    system.policies().set_attribute_sources(root, {{"host", "ip", "discovery"}});
    const auto plan = conf.import_csv(
        carla, json(R"([{"type":"host","name":"h1","owner":"ops","ip":"10.0.0.9"},{"type":"host","name":"h2"}])",
                    R"([{"source_type":"host","source":"h1","kind":"hosted_on","target_type":"host","target":"H2"}])"));
    CHECK(plan.applied);
    CHECK(plan.writes() == 3);
    CHECK(plan.cis[0].skipped.size() == 1);  // ip belongs to discovery
    // A refused batch (row 1 names an unknown type) writes nothing, also on a file.
    const auto seq = system.checkpoint().seq;
    auto e = test::error_of([&] {
      conf.import_csv(carla, json(R"([{"type":"host","name":"h3"},{"type":"router","name":"r1"}])"));
    });
    CHECK(e.violates("R-9.1-types"));
    CHECK_FALSE(conf.find_by_name(root, "host", "h3").has_value());
    CHECK(system.checkpoint().seq == seq + 1);  // only the refusal
  }
  auto system = open_at(path);
  auto& conf = system.configuration();
  import_options discovery;
  discovery.source = "discovery";
  const auto feed = conf.import_csv(carla, {"type,name,owner,ip\nhost,h1,bot,10.0.0.1\n"}, discovery);
  CHECK(feed.cis.at(0).action == import_action::update);
  const auto h1 = conf.find_by_name(root, "host", "h1").value();
  CHECK(h1.owner == "bot");  // owner has no owner: any source writes it
  CHECK(h1.attributes.at("ip") == value("10.0.0.1"));
  CHECK(conf.import_csv(carla, {"type,name,owner,ip\nhost,h1,bot,10.0.0.1\n"}, discovery).writes() == 0);
  CHECK(system.verify().ok());
}
