// Nothing lost between commit and delivery (R-8.1-inform): a child process commits an incident
// and is killed with SIGKILL while its sink receives the event; the next sms opened on the store
// delivers that event. Quick mode: 5 kills; ITSM_OUTBOX_KILLS=200 for more.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>

#include "itsm/process/sms.hpp"
#include "unit/stored/store.hpp"

using namespace itsm;

namespace {

const actor desk{"dave", {std::string(roles::service_desk)}};
const actor admin{"root", {std::string(roles::admin)}};

// Dies the moment the incident's own event reaches it: after the commit, before any delivery.
struct dying_sink final : event_sink {
  void publish(const event& e) override {
    if (e.type == "incident.recorded") ::kill(::getpid(), SIGKILL);
  }
};

int kills() {
  const char* n = std::getenv("ITSM_OUTBOX_KILLS");
  return n ? std::max(1, std::atoi(n)) : 5;
}

}  // namespace

TEST_CASE("R-8.1-inform R-9.1-trace: an event committed before a kill -9 is delivered after the restart",
          "[stored][events][crash]") {
  const auto path = stored_test::fresh("outbox_crash");
  std::vector<std::string> delivered;
  const int rounds = kills();
  for (int n = 1; n <= rounds; ++n) {
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      try {
        sms child(stored_test::open(path), sms_options{nullptr, nullptr, std::make_shared<dying_sink>(), {}});
        child.incidents().record(desk, {.title = "outage " + std::to_string(n), .description = "d"});
      } catch (...) {
        ::_exit(3);
      }
      ::_exit(2);  // the sink never saw the event: the test fails below
    }
    int status = 0;
    REQUIRE(::waitpid(pid, &status, 0) == pid);
    REQUIRE(WIFSIGNALED(status));
    REQUIRE(WTERMSIG(status) == SIGKILL);

    auto sink = std::make_shared<recording_sink>();
    sms parent(stored_test::open(path), sms_options{nullptr, nullptr, sink, {}});
    for (const auto& e : sink->events)
      if (e.type == "incident.recorded") delivered.push_back(e.object_id);
    CHECK(parent.deliver_events(admin).pending == 0);  // and records how far delivery got
    CHECK(parent.incidents().find(admin, incident_id(n)));
  }
  for (int n = 1; n <= rounds; ++n) {
    INFO("INC-" << n);
    CHECK(std::count(delivered.begin(), delivered.end(), "INC-" + std::to_string(n)) == 1);
  }
  sms last(stored_test::open(path), {});
  CHECK(last.verify().ok());
}
