// The README's "A taste" snippet, as written there: the front door must compile and hold.
#include <catch2/catch.hpp>

#include "itsm/process/sms.hpp"
#include "itsm/storage/memory.hpp"

TEST_CASE("R-9.1-trace: the README's first steps build a CMDB with an audited history", "[process][readme]") {
  itsm::sms system(itsm::storage::make_memory_backend());
  const itsm::actor carla{"carla", {"configuration_manager"}};
  auto& cmdb = system.configuration();

  cmdb.define_type(carla, {.name = "server", .description = "A physical or virtual server",
                           .attributes = {{.name = "cpus", .type = itsm::value_type::integer, .required = true}},
                           .relationship_kinds = {"part_of"}});
  auto ci = cmdb.create(carla, {.type = "server", .name = "db01", .attributes = {{"cpus", itsm::value(16)}}});
  ci.location = "Berlin DC2";
  ci = cmdb.update(carla, ci, {.reason = "moved", .reference = "RFC-12"});
  const auto history = cmdb.history(carla, ci.id);
  REQUIRE(history.size() == 2);
  CHECK(history[1].reference == "RFC-12");
  CHECK(ci.revision == 2);
  CHECK(system.verify_audit().ok);
}
