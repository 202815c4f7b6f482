// A flat hash table from (tag, object id) to a small value, for verify_records: open addressing
// with linear probing over (64-bit hash, index) slots, items in one vector in insertion order.
// Only inserts and lookups (no erase). Several times faster than std::unordered_map at a million
// ids: no node per id, one probe per lookup, ids of up to 15 bytes stored inline, and reserve()
// sizes it once. Not thread-safe; not stable API (src/ only).
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
  struct item {
    std::string id;
    std::uint32_t tag = 0;  // e.g. which kind the id belongs to
    V value{};
  };

  // Room for `n` items without rehashing.
  void reserve(std::size_t n) {
    items_.reserve(n);
    std::size_t slots = 1024;
    while (slots < 2 * n) slots *= 2;
    if (slots > slots_.size()) rehash(slots);
  }

  // The value stored for (tag, id); inserted value-initialised (second = true) when absent.
  std::pair<V*, bool> try_emplace(std::uint32_t tag, std::string_view id) {
    if ((items_.size() + 1) * 2 > slots_.size()) rehash(slots_.empty() ? 1024 : slots_.size() * 2);
    const std::uint64_t h = hash(tag, id);
    for (std::size_t i = h & mask_;; i = (i + 1) & mask_) {
      slot& s = slots_[i];
      if (s.index == 0) {
        items_.push_back(item{std::string(id), tag, V{}});
        s = slot{h, static_cast<std::uint32_t>(items_.size())};
        return {&items_.back().value, true};
      }
      if (s.hash == h && matches(items_[s.index - 1], tag, id)) return {&items_[s.index - 1].value, false};
    }
  }

  // The value stored for (tag, id), or null.
  V* find(std::uint32_t tag, std::string_view id) {
    if (slots_.empty()) return nullptr;
    const std::uint64_t h = hash(tag, id);
    for (std::size_t i = h & mask_;; i = (i + 1) & mask_) {
      const slot& s = slots_[i];
      if (s.index == 0) return nullptr;
      if (s.hash == h && matches(items_[s.index - 1], tag, id)) return &items_[s.index - 1].value;
    }
  }

  // Every item, in insertion order.
  const std::vector<item>& items() const noexcept { return items_; }

 private:
  struct slot {
    std::uint64_t hash = 0;
    std::uint32_t index = 0;  // 1-based position in items_; 0 = empty
  };

  static std::uint64_t hash(std::uint32_t tag, std::string_view id) noexcept {
    return std::hash<std::string_view>{}(id) ^ (std::uint64_t{tag} * 0x9E3779B97F4A7C15ull);
  }
  static bool matches(const item& it, std::uint32_t tag, std::string_view id) noexcept {
    return it.tag == tag && it.id == id;
  }

  void rehash(std::size_t n) {
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
  std::vector<item> items_;
};

}  // namespace itsm::audit::detail
