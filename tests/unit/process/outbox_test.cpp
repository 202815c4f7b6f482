// The durable outbox (R-8.1-inform, R-9.1-trace): events are stored with the change they describe
// and reach the sink at least once, in commit order, whatever the sink does.
#include <catch2/catch.hpp>

#include <stdexcept>

#include "fixture.hpp"

using namespace itsm;

namespace {

// A sink that fails while `broken` and can write through the sms it is attached to.
struct flaky_sink final : event_sink {
  bool broken = false;
  int calls = 0;
  std::vector<event> events;
  std::function<void(const event&)> on_event;
  void publish(const event& e) override {
    ++calls;
    if (broken) throw std::runtime_error("mail relay unreachable");
    events.push_back(e);
    if (on_event) on_event(e);
  }
};

struct outbox_fx {
  std::shared_ptr<manual_clock> clk = std::make_shared<manual_clock>(parse_iso("2026-03-02T08:00:00Z"));
  std::shared_ptr<flaky_sink> sink = std::make_shared<flaky_sink>();
  std::shared_ptr<storage::backend> store = storage::make_memory_backend();
  sms system{store, sms_options{clk, nullptr, sink, {}}};
  actor desk{"dave", {std::string(roles::service_desk)}};
  actor admin{"root", {std::string(roles::admin)}};

  model::incident record(const std::string& title) {
    return system.incidents().record(desk, {.title = title, .description = "d"});
  }
  std::vector<std::string> recorded_ids(const std::vector<event>& events) {
    std::vector<std::string> out;
    for (const auto& e : events)
      if (e.type == "incident.recorded") out.push_back(e.object_id);
    return out;
  }
};

}  // namespace

TEST_CASE_METHOD(outbox_fx, "R-8.1-inform: a failing sink loses nothing; delivery resumes in commit order",
                 "[process][events]") {
  record("first");
  sink->broken = true;
  const auto second = record("second");  // commits although the sink fails
  CHECK(system.incidents().find(desk, second.id));
  const int calls = sink->calls;
  record("third");  // within the back-off: the sink is not even asked
  CHECK(sink->calls == calls);
  sink->broken = false;
  const auto status = system.deliver_events(admin);
  CHECK(status.failures == 0);
  CHECK(status.pending == 0);
  CHECK(status.delivered >= 2);
  CHECK(recorded_ids(sink->events) == std::vector<std::string>{"INC-1", "INC-2", "INC-3"});
}

TEST_CASE_METHOD(outbox_fx, "R-8.1-inform: after a failure, the first commit past the back-off delivers the backlog",
                 "[process][events]") {
  sink->broken = true;
  record("a");
  auto status = system.deliver_events(admin);
  CHECK(status.failures == 2);  // the commit's try and this one
  CHECK(status.last_error == "mail relay unreachable");
  REQUIRE(status.retry_at);
  CHECK(status.pending > 0);
  sink->broken = false;
  clk->set(*status.retry_at);
  record("b");
  CHECK(recorded_ids(sink->events) == std::vector<std::string>{"INC-1", "INC-2"});
  CHECK(system.deliver_events(admin).pending == 0);
}

TEST_CASE_METHOD(outbox_fx, "R-8.1-inform: a sink that writes through the sms gets those events too, in order",
                 "[process][events]") {
  sink->on_event = [&](const event& e) {
    if (e.type == "incident.recorded" && e.object_id == "INC-1") record("follow-up of INC-1");
  };
  record("root cause");
  CHECK(recorded_ids(sink->events) == std::vector<std::string>{"INC-1", "INC-2"});
}

TEST_CASE_METHOD(outbox_fx, "R-9.1-trace: a store with undelivered events still verifies; a new sms delivers them",
                 "[process][events]") {
  sink->broken = true;
  record("stored, not delivered");
  CHECK(system.verify().ok());
  auto other = std::make_shared<flaky_sink>();
  sms reopened(store, sms_options{clk, nullptr, other, {}});
  CHECK(recorded_ids(other->events) == std::vector<std::string>{"INC-1"});
  // What the new sms delivered and recorded as delivered is not delivered again.
  reopened.deliver_events(admin);
  auto third = std::make_shared<flaky_sink>();
  sms again(store, sms_options{clk, nullptr, third, {}});
  CHECK(recorded_ids(third->events).empty());
}

TEST_CASE_METHOD(outbox_fx, "R-9.1-access: only an authorized actor triggers delivery; the denial is audited",
                 "[process][events]") {
  const auto e = test::catch_error([&] { system.deliver_events(desk); });
  CHECK(e.code() == errc::permission_denied);
  auto tx = store->begin(storage::tx_mode::read_only);
  const auto last = tx->last_audit().value();
  CHECK(last.outcome == "denied");
  CHECK(last.action == "deliver");
}

TEST_CASE_METHOD(outbox_fx, "R-8.1-inform: refusals reach the sink as events as well", "[process][events]") {
  test::catch_error([&] { system.incidents().record(desk, {.title = "", .description = "no title"}); });
  REQUIRE_FALSE(sink->events.empty());
  CHECK(sink->events.back().type == "operation.refused");
}
