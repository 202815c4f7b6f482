#include "outbox.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <nlohmann/json.hpp>

#include "detail/context.hpp"

namespace itsm::detail {

namespace {

constexpr std::size_t batch = 256;
constexpr const char* cursor_id = "sink";

// Row ids are zero-padded positions, so the store's id order is delivery order.
std::string position_id(std::int64_t n) { return fmt::format("{:019}", n); }

// A row key that is no position was not written by the outbox: corrupt, not a std exception.
std::int64_t position_of(const std::string& id) {
  std::int64_t n = 0;
  const auto [end, ec] = std::from_chars(id.data(), id.data() + id.size(), n);
  if (ec != std::errc() || end != id.data() + id.size() || n <= 0)
    throw_error(errc::corrupt, fmt::format("outbox row '{}' is not a delivery position", id));
  return n;
}

std::int64_t stored_cursor(storage::transaction& tx) {
  auto c = tx.get(outbox_cursor_kind, cursor_id);
  return c && !c->values.empty() && c->values[0].type() == value_type::integer ? c->values[0].as_int() : 0;
}

std::string details_text(const std::map<std::string, std::string>& details) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [k, v] : details) j[k] = v;
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::map<std::string, std::string> details_of(const std::string& text) {
  std::map<std::string, std::string> out;
  const auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_object())
    for (const auto& [k, v] : j.items())
      if (v.is_string()) out[k] = v.get<std::string>();
  return out;
}

event event_of(const storage::record& r) {
  // fields: audit_seq, type, kind, object_id, revision, at, actor, details
  const auto& v = r.values;
  event e{v.at(1).as_text(), v.at(2).as_text(), v.at(3).as_text(), v.at(4).as_int(), v.at(5).as_time(),
          v.at(6).as_text(), details_of(v.at(7).as_text())};
  return e;
}

duration backoff(std::int64_t failures) {
  const std::int64_t secs = failures >= 9 ? 300 : std::min<std::int64_t>(300, std::int64_t(1) << (failures - 1));
  return seconds(secs);
}

}  // namespace

storage::schema outbox_schema() {
  storage::schema s;
  s.kind = outbox_kind;
  s.fields = {{"audit_seq", value_type::integer, false}, {"type", value_type::text, false},
              {"kind", value_type::text, false},      {"object_id", value_type::text, false},
              {"object_revision", value_type::integer, false}, {"at", value_type::time, false},
              {"actor", value_type::text, false},     {"details", value_type::text, false}};
  return s;
}

storage::schema outbox_cursor_schema() {
  storage::schema s;
  s.kind = outbox_cursor_kind;
  s.fields = {{"delivered", value_type::integer, false}};
  return s;
}

void outbox::stage(storage::transaction& tx, const std::vector<event>& events) {
  if (!enabled()) return;
  // How far delivery got rides on this transaction; the rows delivered go with it.
  const auto mine = delivered_.load();
  if (mine > 0) {
    auto cur = tx.get(outbox_cursor_kind, cursor_id);
    const auto stored = cur ? stored_cursor(tx) : 0;
    if (mine > stored) {
      tx.put(outbox_cursor_kind, storage::record{cursor_id, cur ? cur->revision : 0, {value(mine)}});
      storage::query q;
      q.kind = outbox_kind;
      q.where_le("id", value(position_id(mine)));
      for (const auto& r : tx.scan(q)) tx.erase(outbox_kind, r.id, r.revision);
    }
  }
  if (events.empty()) return;
  // Positions continue after the newest stored event, or after the cursor once all are delivered
  // (no counter row: a refused operation's event must not touch the id counters).
  storage::query newest;
  newest.kind = outbox_kind;
  newest.descending = true;
  newest.limit = 1;
  const auto top = tx.scan(newest);
  std::int64_t next = std::max(top.empty() ? 0 : position_of(top.front().id), stored_cursor(tx)) + 1;
  const auto last = tx.head_of_audit();
  const std::int64_t audit_seq = last ? last->seq : 0;
  for (const auto& e : events)
    tx.put(outbox_kind, storage::record{position_id(next++), 0,
                                        {value(audit_seq), value(e.type), value(e.kind), value(e.object_id),
                                         value(e.revision), value(e.at), value(e.actor),
                                         value(details_text(e.details))}});
}

std::int64_t outbox::deliver_pending(storage::backend& store, timestamp now) {
  std::int64_t count = 0;
  for (;;) {
    std::vector<storage::record> rows;
    {
      // Read, then let go of the snapshot before the sink runs (it may write through the sms).
      auto tx = store.begin(storage::tx_mode::read_only);
      delivered_ = std::max(delivered_.load(), stored_cursor(*tx));  // another process may be ahead
      storage::query q;
      q.kind = outbox_kind;
      q.where_gt("id", value(position_id(delivered_)));
      q.limit = batch;
      rows = tx->scan(q);
    }
    for (const auto& r : rows) {
      try {
        sink_->publish(event_of(r));
      } catch (const std::exception& x) {
        last_error_ = x.what();
      } catch (...) {
        last_error_ = "the event sink failed";
      }
      if (!last_error_.empty()) {
        ++failures_;
        retry_at_ = now + backoff(failures_);
        return count;
      }
      delivered_ = position_of(r.id);
      ++count;
    }
    if (rows.size() < batch) break;
  }
  failures_ = 0;
  retry_at_.reset();
  return count;
}

std::int64_t outbox::count_pending(storage::backend& store) {
  auto tx = store.begin(storage::tx_mode::read_only);
  storage::query q;
  q.kind = outbox_kind;
  q.where_gt("id", value(position_id(std::max(delivered_.load(), stored_cursor(*tx)))));
  return static_cast<std::int64_t>(tx->count(q));  // counted by the store, no row loaded
}

delivery_state outbox::deliver(storage::backend& store, timestamp now, bool force) {
  delivery_state out;
  if (!enabled()) return out;
  more_ = true;
  // Whoever holds the lock delivers for everyone: a commit that finds it taken leaves `more_`
  // set, and the holder scans again before it lets go.
  while (more_.load()) {
    std::unique_lock lock(m_, std::defer_lock);
    if (force) lock.lock();
    else if (!lock.try_lock()) break;
    if (delivering_) break;  // a sink writing through the sms: the outer delivery picks it up
    delivering_ = true;
    try {
      while (more_.exchange(false)) {
        if (!force && retry_at_ && now < *retry_at_) break;
        last_error_.clear();
        out.delivered += deliver_pending(store, now);
        if (failures_ > 0) break;
      }
    } catch (...) {
      // The store failed while reading the outbox: the events stay stored for the next try.
      ++failures_;
      last_error_ = "reading the outbox failed";
      retry_at_ = now + backoff(failures_);
    }
    delivering_ = false;
    out.failures = failures_;
    out.last_error = failures_ ? last_error_ : std::string();
    out.retry_at = retry_at_;
    if (failures_ > 0 || force) break;
  }
  if (force) {
    try {
      // An explicit delivery also records how far it got (commits otherwise carry it).
      auto tx = store.begin(storage::tx_mode::read_write);
      stage(*tx, {});
      tx->commit();
      out.pending = count_pending(store);
    } catch (...) {
      out.pending = -1;
    }
  }
  return out;
}

}  // namespace itsm::detail
