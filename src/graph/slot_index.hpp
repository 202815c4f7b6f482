// Not API. An open-addressing hash index from a key (hashed by the caller) to a 32-bit slot of the
// caller's own storage: linear probing, 8-byte entries holding the slot and 32 bits of its hash,
// backward-shift deletion (no tombstones). Equality is asked of the caller only on a hash match.
// Thread-safety: none; a plain value.
#pragma once

#include <cstdint>
#include <vector>

namespace itsm::graph::detail {

class slot_index {
 public:
  static constexpr std::uint32_t none = static_cast<std::uint32_t>(-1);

  std::size_t size() const noexcept { return size_; }

  void reserve(std::size_t n) {
    std::size_t cap = 16;
    while (cap < n + n / 2 + 1) cap *= 2;  // load factor at most 2/3
    if (cap > table_.size()) rehash(cap);
  }

  // The slot whose key `same(slot)` confirms, among entries with hash `h`; `none` if absent.
  template <class Same>
  std::uint32_t find(std::uint64_t h, Same same) const {
    if (table_.empty()) return none;
    const auto tag = static_cast<std::uint32_t>(h);
    for (std::size_t i = tag & mask_;; i = (i + 1) & mask_) {
      const entry& e = table_[i];
      if (e.slot == none) return none;
      if (e.tag == tag && same(e.slot)) return e.slot;
    }
  }

  // REQUIRES: no entry for this key.
  void insert(std::uint64_t h, std::uint32_t slot) {
    if ((size_ + 1) * 3 > table_.size() * 2) rehash(table_.empty() ? 16 : table_.size() * 2);
    place(entry{slot, static_cast<std::uint32_t>(h)});
    ++size_;
  }

  template <class Same>
  bool erase(std::uint64_t h, Same same) {
    if (table_.empty()) return false;
    const auto tag = static_cast<std::uint32_t>(h);
    std::size_t i = tag & mask_;
    for (;; i = (i + 1) & mask_) {
      if (table_[i].slot == none) return false;
      if (table_[i].tag == tag && same(table_[i].slot)) break;
    }
    // Backward shift: pull later entries of the run into the hole when their home allows it.
    for (std::size_t j = (i + 1) & mask_;; j = (j + 1) & mask_) {
      if (table_[j].slot == none) break;
      const std::size_t home = table_[j].tag & mask_;
      if (((j - home) & mask_) >= ((j - i) & mask_)) {
        table_[i] = table_[j];
        i = j;
      }
    }
    table_[i] = entry{};
    --size_;
    return true;
  }

 private:
  struct entry {
    std::uint32_t slot = none;
    std::uint32_t tag = 0;
  };

  void place(entry e) {
    std::size_t i = e.tag & mask_;
    while (table_[i].slot != none) i = (i + 1) & mask_;
    table_[i] = e;
  }

  void rehash(std::size_t cap) {
    std::vector<entry> old(cap);
    old.swap(table_);
    mask_ = cap - 1;
    for (const entry& e : old) {
      if (e.slot != none) place(e);
    }
  }

  std::vector<entry> table_;
  std::size_t mask_ = 0;
  std::size_t size_ = 0;
};

// 64-bit mixing (the splitmix64 finaliser), good enough to spread sequential ids.
inline std::uint64_t mix64(std::uint64_t z) noexcept {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

}  // namespace itsm::graph::detail
