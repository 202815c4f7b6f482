// A store written before CI identity ignored case (configuration_item schema version 2, no
// name_key) still refuses a case-variant duplicate of its CIs after the upgrade to version 3
// (R-9.1-unique): rows without name_key are compared by their name.
#include <catch2/catch.hpp>

#include <memory>

#include "itsm/core/clock.hpp"
#include "itsm/model/configuration_item.hpp"
#include "itsm/process/sms.hpp"
#include "itsm/storage/sqlite.hpp"
#include "support.hpp"
#include "support/errors.hpp"

using namespace itsm;
using model::configuration_item;

namespace {

// configuration_item as version 2 stored it: every field but those appended later (name_key in
// version 3, cost_centre in version 4).
storage::schema version_2() {
  const auto& k = configuration_item::def();
  storage::schema s;
  s.kind = k.name();
  s.version = 2;
  for (const auto& f : k.fields())
    if (f.name != "name_key" && f.name != "cost_centre") s.fields.push_back({f.name, f.type, f.nullable});
  for (const auto& ix : k.indexes())
    if (ix.name != "by_identity_key") s.indexes.push_back({ix.name, ix.fields});
  return s;
}

}  // namespace

TEST_CASE("R-9.1-unique: CIs stored before name_key existed still count as duplicates after upgrade", "[sqlite]") {
  REQUIRE(configuration_item::def().version() == 4);
  const auto& fields = configuration_item::def().fields();
  REQUIRE(fields[fields.size() - 2].name == "name_key");
  REQUIRE(fields.back().name == "cost_centre");
  const auto path = sqlite_test::fresh_path("ci_identity_upgrade");
  {
    auto store = storage::make_sqlite_backend(path);
    store->register_schema(version_2());
    configuration_item old;
    old.id = ci_id(100);
    old.type = "server";
    old.name = "DB-01";
    old.status = model::ci_status::live;
    auto values = configuration_item::def().encode(old);
    values.resize(values.size() - 2);  // no name_key, no cost_centre in version 2
    auto tx = store->begin(storage::tx_mode::read_write);
    tx->put("configuration_item", storage::record{"CI-100", 0, values});
    tx->commit();
  }
  const actor carla{"carla", {std::string(roles::configuration_manager)}};
  sms system(storage::make_sqlite_backend(path), sms_options{std::make_shared<system_clock>(), nullptr, nullptr, {}});
  auto& conf = system.configuration();
  conf.define_type(carla, model::ci_type{"server", 0, "", "A server", {}, {}});
  configuration_item dup;
  dup.type = "server";
  dup.name = "db-01";
  dup.status = model::ci_status::live;
  const auto e = itsm::test::error_of([&] { conf.create(carla, dup); });
  CHECK(e.violates("R-9.1-unique"));
  CHECK(e.violations().at(0).message.find("CI-100") != std::string::npos);
  CHECK(conf.find_by_name(carla, "server", " db-01")->id == ci_id(100));
  dup.name = "db-02";
  CHECK(conf.create(carla, dup).id.key() == "CI-1");  // the raw row used no counter
}
