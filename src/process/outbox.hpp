// The durable event outbox (docs/operations.md, "Event delivery"). Events are stored in the
// transaction of the change they describe, then handed to the sink after commit, oldest first,
// at least once: a crash between commit and delivery, or a failing sink, leaves them stored,
// and the next delivery (the next commit, sms::deliver_events, or opening an sms) resumes.
// How far delivery got is a cursor row written in a later transaction, so a restart may
// deliver again what was delivered just before a crash, never less.
// Not stable API (itsm::detail). Thread-safety: all members may be called from any thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "itsm/core/event.hpp"
#include "itsm/storage/backend.hpp"
#include "itsm/storage/schema.hpp"

namespace itsm::detail {

inline constexpr const char* outbox_kind = "itsm_outbox";
inline constexpr const char* outbox_cursor_kind = "itsm_outbox_cursor";
storage::schema outbox_schema();
storage::schema outbox_cursor_schema();

struct delivery_state {
  std::int64_t delivered = 0;  // events handed to the sink by the call that returns this
  std::int64_t pending = 0;    // stored events not yet delivered
  std::int64_t failures = 0;   // consecutive failures of the sink
  std::string last_error{};
  std::optional<timestamp> retry_at{};
};

class outbox {
 public:
  explicit outbox(std::shared_ptr<event_sink> sink) : sink_(std::move(sink)) {}
  bool enabled() const noexcept { return sink_ != nullptr; }

  // In a writing transaction, after its audit entries: stores `events` (positions continue
  // the stored ones) and persists how far delivery has got.
  void stage(storage::transaction& tx, const std::vector<event>& events);
  // After a commit: delivers what is pending unless a failure's back-off is still running
  // (`force` ignores it). Never throws: a sink failure is counted and delivery retried later.
  delivery_state deliver(storage::backend& store, timestamp now, bool force);

 private:
  std::int64_t deliver_pending(storage::backend& store, timestamp now);
  std::int64_t count_pending(storage::backend& store);

  std::shared_ptr<event_sink> sink_;
  std::recursive_mutex m_;
  bool delivering_ = false;     // a sink that writes through the sms re-enters: it must not re-deliver
  std::atomic<std::int64_t> delivered_{0};  // highest position handed to the sink (or the stored cursor)
  std::atomic<bool> more_{false};          // a commit since the last scan
  std::int64_t failures_ = 0;
  std::string last_error_;
  std::optional<timestamp> retry_at_;
};

}  // namespace itsm::detail
