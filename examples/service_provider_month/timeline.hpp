// The simulation's agenda: actions at instants on the manual clock, run in time order (equal
// instants in the order they were scheduled). An action may schedule further actions.
// Thread-safety: single-threaded.
#pragma once

#include <cstdint>
#include <functional>
#include <queue>
#include <vector>

#include "itsm/core/clock.hpp"

namespace spm {

class timeline {
 public:
  using action = std::function<void()>;

  void at(itsm::timestamp t, action a) { queue_.push({t, next_++, std::move(a)}); }

  // Runs every action due before `until`, moving the clock forward to each action's instant
  // (an action scheduled in the past runs at the clock's now). Actions at or after `until` are
  // dropped: the month is over. Returns how many ran.
  std::size_t run(itsm::manual_clock& clk, itsm::timestamp until) {
    std::size_t n = 0;
    while (!queue_.empty()) {
      auto item = queue_.top();
      queue_.pop();
      if (item.when >= until) continue;
      if (item.when > clk.now()) clk.set(item.when);
      item.what();
      ++n;
    }
    return n;
  }

 private:
  struct item {
    itsm::timestamp when;
    std::uint64_t order;
    action what;
  };
  struct later {
    bool operator()(const item& a, const item& b) const {
      return a.when != b.when ? a.when > b.when : a.order > b.order;
    }
  };
  std::priority_queue<item, std::vector<item>, later> queue_;
  std::uint64_t next_ = 0;
};

}  // namespace spm
