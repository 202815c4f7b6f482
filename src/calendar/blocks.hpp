// Private: one precomputed block of a business calendar (see business_calendar.cpp).
// Thread-safety: immutable once published.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

namespace itsm::calendar::detail {

constexpr std::int64_t origin_us = -2'208'988'800'000'000;  // 1900-01-01T00:00:00Z
constexpr int block_shift = 45;                             // 2^45 µs ≈ 407 days
constexpr std::int64_t block_span = std::int64_t{1} << block_shift;
constexpr int block_count = 540;                            // up to about 2501
constexpr std::int64_t range_end_us = origin_us + block_count * block_span;
// Both lookup indexes cut the block into 2^11 slots of 2^34 µs (≈ 4.8 h of wall or business
// time), so each lookup narrows the binary search to the few intervals of one slot.
constexpr int index_shift = 34;
constexpr std::size_t index_slots = std::size_t{1} << (block_shift - index_shift);

// One working interval [open, close) and the block's business µs in [begin, close).
// Interleaved so a lookup touches one cache line, not three arrays.
struct span {
  std::int64_t open, close, cum_end;
};

struct block {
  std::int64_t begin = 0, end = 0;  // [begin, end), UTC µs
  std::int64_t base = 0;            // business µs before `begin`, relative to the first block built
  std::int64_t total = 0;           // business µs inside the block
  std::vector<span> iv;             // the working intervals, in order, merged
  std::vector<std::uint32_t> time_index, cum_index;

  void build_index();
  std::size_t size() const { return iv.size(); }

  // First interval with close > t. REQUIRES: begin <= t < end.
  std::size_t first_closing_after(std::int64_t t) const {
    const auto k = static_cast<std::size_t>((t - begin) >> index_shift);
    const span* p = iv.data();
    return static_cast<std::size_t>(
        std::partition_point(p + time_index[k], p + time_index[k + 1],
                             [t](const span& s) { return s.close <= t; }) - p);
  }

  // Business µs in [begin, t). REQUIRES: begin <= t < end.
  std::int64_t cum_at(std::int64_t t) const {
    const std::size_t i = first_closing_after(t);
    std::int64_t r = i ? iv[i - 1].cum_end : 0;
    if (i < iv.size() && iv[i].open < t) r += t - iv[i].open;
    return r;
  }

  // The earliest instant where cum_at reaches `target`. REQUIRES: 0 < target <= total.
  std::int64_t instant_at(std::int64_t target) const {
    const auto k = static_cast<std::size_t>(target >> index_shift);
    const std::size_t n = iv.size();
    const std::size_t hi = k < index_slots ? std::min<std::size_t>(cum_index[k + 1] + 1, n) : n;
    const span* p = iv.data();
    const span* j = std::partition_point(p + cum_index[k], p + hi,
                                         [target](const span& s) { return s.cum_end < target; });
    return j->close - (j->cum_end - target);
  }
};

}  // namespace itsm::calendar::detail
