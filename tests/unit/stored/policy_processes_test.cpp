// Policies live in the store, not in process memory: a policy change made by one process
// is enforced by another process that opened the same store earlier with default options, from its
// next operation on (R-9.2-policy, R-9.2-record). The processes rendezvous through pipes.
#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <iostream>
#include <memory>

#include "itsm/core/clock.hpp"
#include "itsm/process/sms.hpp"
#include "unit/stored/store.hpp"

using namespace itsm;

namespace {

const actor carla{"carla", {std::string(roles::configuration_manager)}};
const actor ada{"ada", {std::string(roles::admin)}};

sms open_default(const std::string& path) {
  return sms(stored_test::open(path), sms_options{std::make_shared<system_clock>(), nullptr, nullptr, {}});
}

void send(int fd) {
  const char c = 'x';
  if (::write(fd, &c, 1) != 1) throw std::runtime_error("pipe write failed");
}
void wait_for(int fd) {
  char c;
  if (::read(fd, &c, 1) != 1) throw std::runtime_error("pipe closed early");
}

// The second process: opens the store with default options and updates the CI (allowed: nothing is
// controlled yet), signals, waits for the policy change, then tries again without an RFC.
// Exit 0: the second update was refused citing R-9.2-record.
int second_process(const std::string& path, ci_id id, int ready, int go) {
  try {
    auto system = open_default(path);
    auto ci = system.configuration().find(carla, id).value();
    ci.location = "rack 1";
    ci = system.configuration().update(carla, ci);
    send(ready);
    wait_for(go);
    ci.location = "rack 2";
    try {
      system.configuration().update(carla, ci);
    } catch (const error& e) {
      return e.violates("R-9.2-record") ? 0 : 2;
    }
    return 1;  // accepted: the other process's rule was not enforced
  } catch (const std::exception& e) {
    std::cerr << "second process: " << e.what() << "\n";
    return 3;
  }
}

}  // namespace

TEST_CASE("R-9.2-policy: a policy changed by one process is enforced by another process on the same store",
          "[stored][policy]") {
  const auto path = stored_test::fresh("policy_processes");
  ci_id db;
  {
    auto first = open_default(path);
    first.configuration().define_type(carla, model::ci_type{"database", 0, "", "a database", {}, {}});
    model::configuration_item ci;
    ci.type = "database";
    ci.name = "db01";
    db = first.configuration().create(carla, ci).id;
  }
  int ready[2], go[2];
  REQUIRE(::pipe(ready) == 0);
  REQUIRE(::pipe(go) == 0);
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    ::close(ready[0]);
    ::close(go[1]);
    ::_exit(second_process(path, db, ready[1], go[0]));
  }
  ::close(ready[1]);
  ::close(go[0]);
  wait_for(ready[0]);  // the other process has its sms open and has written once
  {
    auto first = open_default(path);
    change_policy p = first.policies().changes(ada);
    p.controlled_ci_types = {"database"};
    CHECK(first.policies().set_changes(ada, p, {"databases under change control", ""}) == 2);
  }
  send(go[1]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  ::close(ready[0]);
  ::close(go[1]);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);

  // A third opening with default options enforces the stored rule too, and the refused update
  // changed nothing.
  auto third = open_default(path);
  auto ci = third.configuration().find(carla, db).value();
  CHECK(ci.location == "rack 1");
  ci.location = "rack 3";
  try {
    third.configuration().update(carla, ci);
    FAIL("an update of a controlled CI without an RFC was accepted");
  } catch (const error& e) {
    CHECK(e.violates("R-9.2-record"));
  }
  CHECK(third.verify_audit().ok);
}
