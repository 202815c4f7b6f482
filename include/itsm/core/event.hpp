// Domain events delivered after a commit (step 7 of the write path), and the sink hook an
// embedding product implements to turn them into mail, chat or webhooks.
// Thread-safety: publish() may be called from any thread that commits; sinks must cope.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <mutex>
#include <string>
#include <vector>

#include "itsm/core/export.hpp"
#include "itsm/core/time.hpp"

namespace itsm {

struct ITSM_API event {
  std::string type;       // e.g. "ci.created", "incident.resolved", "operation.denied"
  std::string kind;       // record kind the event is about
  std::string object_id;  // "CI-7"
  std::int64_t revision = 0;
  timestamp at;
  std::string actor;
  std::map<std::string, std::string> details;  // event-specific facts (e.g. "rule": "R-9.1-unique")
};

class ITSM_API event_sink {
 public:
  virtual ~event_sink() = default;
  // Called after commit, oldest event first, at least once (docs/operations.md): events are
  // stored with the change they describe and delivered from there. An exception thrown here
  // never undoes the commit: the event stays stored and is delivered again later (with back-off).
  virtual void publish(const event& e) = 0;
};

// What a delivery of stored events did (sms::deliver_events).
struct ITSM_API delivery_status {
  std::int64_t delivered = 0;   // events handed to the sink by this call
  std::int64_t pending = 0;     // events stored and not yet delivered after it
  std::int64_t failures = 0;    // consecutive failures of the sink (0: healthy)
  std::string last_error{};     // the sink's last failure, while failures > 0
  std::optional<timestamp> retry_at{};  // when commits try again on their own after a failure
};

// Keeps every event in memory: handy for tests and examples. publish() may run on several
// committing threads at once (as the sink contract requires); read `events` once they are done.
class ITSM_API recording_sink final : public event_sink {
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
