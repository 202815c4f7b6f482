// Domain events published after a commit (step 7 of the write path), and the sink hook an
// embedding product implements to turn them into mail, chat or webhooks.
// Thread-safety: publish() may be called from any thread that commits; sinks must cope.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "itsm/core/time.hpp"

namespace itsm {

struct event {
  std::string type;       // e.g. "ci.created", "incident.resolved", "operation.denied"
  std::string kind;       // record kind the event is about
  std::string object_id;  // "CI-7"
  std::int64_t revision = 0;
  timestamp at;
  std::string actor;
  std::map<std::string, std::string> details;  // event-specific facts (e.g. "rule": "R-9.1-unique")
};

class event_sink {
 public:
  virtual ~event_sink() = default;
  // Called after commit; an exception thrown here is swallowed and never undoes the commit.
  virtual void publish(const event& e) = 0;
};

// Keeps every event in memory: handy for tests and examples. publish() may run on several
// committing threads at once (as the sink contract requires); read `events` once they are done.
class recording_sink final : public event_sink {
 public:
  void publish(const event& e) override {
    const std::lock_guard lock(mu_);
    events.push_back(e);
  }
  std::vector<event> events;

 private:
  std::mutex mu_;
};

}  // namespace itsm
