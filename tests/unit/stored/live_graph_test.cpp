// The live CMDB graph follows commits made by another process on the same store: it folds in
// the audit entries written since its last snapshot, whoever wrote them (R-9.1-to-change).
#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include "itsm/core/clock.hpp"
#include "itsm/process/sms.hpp"
#include "unit/stored/store.hpp"

using namespace itsm;

namespace {

const actor carla{"carla", {std::string(roles::configuration_manager)}};
const actor audrey{"audrey", {std::string(roles::auditor)}};

sms open_at(const std::string& path) {
  return sms(stored_test::open(path), sms_options{std::make_shared<system_clock>(), nullptr, nullptr, {}});
}

model::configuration_item host(std::string name) {
  model::configuration_item ci;
  ci.type = "host";
  ci.name = std::move(name);
  ci.status = model::ci_status::live;
  return ci;
}

// The other process: adds a host and an application running on it, then exits 0.
int writer(const std::string& path, ci_id app) {
  try {
    auto system = open_at(path);
    auto h = system.configuration().create(carla, host("db-2"));
    system.configuration().relate(carla, app, "runs_on", h.id);
    return 0;
  } catch (...) {
    return 1;
  }
}

}  // namespace

TEST_CASE("R-9.1-to-change: the live graph sees another process's commits on the same store", "[stored][graph]") {
  const auto path = stored_test::fresh("live_graph");
  auto system = open_at(path);
  auto& conf = system.configuration();
  conf.define_type(carla, {"host", 0, "", "a server", {}, {}});
  conf.define_type(carla, {"application", 0, "", "software", {}, {"runs_on"}});
  const auto h1 = conf.create(carla, host("db-1"));
  auto a = host("shop");
  a.type = "application";
  const auto app = conf.create(carla, a);
  conf.relate(carla, app.id, "runs_on", h1.id);
  const auto before = conf.graph(audrey);
  REQUIRE(before.node_count() == 2);

  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) ::_exit(writer(path, app.id));
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);  // the rendezvous: the child has committed
  REQUIRE(WIFEXITED(status));
  REQUIRE(WEXITSTATUS(status) == 0);

  const auto after = conf.graph(audrey);
  CHECK(after.node_count() == 3);
  const auto db2 = conf.find_by_name(audrey, "host", "db-2").value();
  const auto hit = after.impact({db2.id.number()});
  REQUIRE(hit.impacted.size() == 1);
  CHECK(hit.impacted.front().key == app.id.number());
  CHECK(system.changes().impact_of(audrey, {db2.id}).cis == std::vector<ci_id>{app.id});
  CHECK(before.node_count() == 2);  // the earlier snapshot is unchanged
}
