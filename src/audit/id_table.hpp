// A flat hash table from object id to a small value, for verify_records: open addressing with
// linear probing over (64-bit hash, index) slots, values in one vector in insertion order. Only
// inserts and lookups (no erase). Several times faster than std::unordered_map at a million ids:
// no node per id, one probe per lookup, ids of up to 15 bytes stored inline.
// Not thread-safe; not stable API (src/ only).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace itsm::audit::detail {

template <class V>
class id_table {
 public:
  // The value stored for `id`; inserted value-initialised (second = true) when absent.
  std::pair<V*, bool> try_emplace(std::string_view id) {
    if ((items_.size() + 1) * 2 > slots_.size()) grow();
    const std::uint64_t h = hash(id);
    for (std::size_t i = h & mask_;; i = (i + 1) & mask_) {
      slot& s = slots_[i];
      if (s.index == 0) {
        items_.emplace_back(std::string(id), V{});
        s = slot{h, static_cast<std::uint32_t>(items_.size())};
        return {&items_.back().second, true};
      }
      if (s.hash == h && items_[s.index - 1].first == id) return {&items_[s.index - 1].second, false};
    }
  }

  // The value stored for `id`, or null.
  V* find(std::string_view id) {
    if (slots_.empty()) return nullptr;
    const std::uint64_t h = hash(id);
    for (std::size_t i = h & mask_;; i = (i + 1) & mask_) {
      const slot& s = slots_[i];
      if (s.index == 0) return nullptr;
      if (s.hash == h && items_[s.index - 1].first == id) return &items_[s.index - 1].second;
    }
  }

  // Every (id, value) pair, in insertion order.
  const std::vector<std::pair<std::string, V>>& items() const noexcept { return items_; }

 private:
  struct slot {
    std::uint64_t hash = 0;
    std::uint32_t index = 0;  // 1-based position in items_; 0 = empty
  };

  static std::uint64_t hash(std::string_view id) noexcept { return std::hash<std::string_view>{}(id); }

  void grow() {
    const std::size_t n = slots_.empty() ? 1024 : slots_.size() * 2;
    std::vector<slot> next(n);
    mask_ = n - 1;
    for (const slot& s : slots_) {
      if (s.index == 0) continue;
      std::size_t i = s.hash & mask_;
      while (next[i].index != 0) i = (i + 1) & mask_;
      next[i] = s;
    }
    slots_ = std::move(next);
  }

  std::vector<slot> slots_;
  std::size_t mask_ = 0;
  std::vector<std::pair<std::string, V>> items_;
};

}  // namespace itsm::audit::detail
