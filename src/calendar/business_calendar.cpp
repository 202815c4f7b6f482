// The compiled calendar. Time is cut into fixed UTC blocks of 2^45 µs (about 407 days) from
// 1900-01-01Z. A block holds its working intervals (UTC µs, merged, in order) and the running
// sum of business time at each interval's end; the block also knows the business time before it
// (relative to the first block built), so business time between any two instants is a
// difference of two prefix sums and a deadline is one binary search in the block where it falls.
// Blocks are built on demand under a mutex, contiguously outward from the first one, and
// published through atomic pointers; once published they never change.
#include "itsm/calendar/business_calendar.hpp"

#include <date/tz.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <map>
#include <mutex>
#include <unordered_map>

#include "itsm/core/error.hpp"
#include "blocks.hpp"

namespace itsm::calendar {

namespace detail {

namespace {

constexpr std::int64_t us_per_s = 1'000'000;
constexpr std::int64_t us_per_day = 86'400 * us_per_s;

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  const std::int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

int iso_weekday_of_day(std::int64_t day) {  // day 0 = 1970-01-01, a Thursday
  return static_cast<int>(((day % 7 + 7) % 7 + 3) % 7) + 1;
}

int year_of_day(std::int64_t day) {
  const ::date::year_month_day ymd{::date::sys_days{::date::days{day}}};
  return static_cast<int>(ymd.year());
}

std::int64_t day_number(const itsm::calendar::date& d) {
  static const itsm::calendar::date epoch(1970, 1, 1);
  return (d - epoch).days();
}

using day_hours = std::vector<std::pair<std::int64_t, std::int64_t>>;  // µs since local midnight

day_hours to_us(std::vector<daily_interval> hours) {
  std::sort(hours.begin(), hours.end(),
            [](const daily_interval& a, const daily_interval& b) { return a.start < b.start; });
  day_hours out;
  for (const auto& iv : hours) {
    const std::int64_t s = iv.start.total_microseconds(), e = iv.end.total_microseconds();
    if (!out.empty() && out.back().second == s)
      out.back().second = e;
    else
      out.emplace_back(s, e);
  }
  return out;
}

}  // namespace

struct calendar_state {
  explicit calendar_state(calendar_definition d) : def(std::move(d)) {
    def.validate();
    zone = ::date::locate_zone(def.time_zone);
    for (std::size_t i = 0; i < 7; ++i) {
      week[i] = to_us(def.week[i]);
      has_weekly_work = has_weekly_work || !week[i].empty();
    }
    for (const auto& ex : def.exceptions) {
      const auto n = day_number(ex.day);
      exception_hours[n] = to_us(ex.hours);
      if (!ex.hours.empty()) last_exception_work_day = std::max(last_exception_work_day, n);
    }
    any_work = has_weekly_work || last_exception_work_day != no_day;
    for (auto& s : blocks) s.store(nullptr, std::memory_order_relaxed);
  }
  ~calendar_state() {
    for (auto& s : blocks) delete s.load(std::memory_order_relaxed);
  }
  calendar_state(const calendar_state&) = delete;
  calendar_state& operator=(const calendar_state&) = delete;

  static constexpr std::int64_t no_day = INT64_MIN;

  calendar_definition def;
  const ::date::time_zone* zone = nullptr;
  std::array<day_hours, 7> week;
  std::unordered_map<std::int64_t, day_hours> exception_hours;
  bool has_weekly_work = false;
  std::int64_t last_exception_work_day = no_day;
  bool any_work = false;

  std::array<std::atomic<const block*>, block_count> blocks;

  // Guarded by build_mutex.
  std::mutex build_mutex;
  int lo = -1, hi = -1;
  std::map<int, std::vector<std::int64_t>> holiday_days;  // year -> sorted day numbers

  // The last block that can hold working time (calendars without weekly hours end with their
  // last exception day); block_count - 1 otherwise.
  int last_useful_block() const {
    if (has_weekly_work) return block_count - 1;
    if (last_exception_work_day == no_day) return -1;
    const std::int64_t t = (last_exception_work_day + 2) * us_per_day;  // + any zone offset
    if (t >= range_end_us) return block_count - 1;
    return static_cast<int>((t - origin_us) >> block_shift);
  }

  const block* get(int b) {
    const block* p = blocks[static_cast<std::size_t>(b)].load(std::memory_order_acquire);
    return p ? p : build_through(b);
  }

  const block* build_through(int b) {
    std::lock_guard lock(build_mutex);
    if (const block* p = blocks[static_cast<std::size_t>(b)].load(std::memory_order_acquire))
      return p;
    if (lo < 0) {
      publish(b, build(b, 0, true));
      lo = hi = b;
    } else if (b > hi) {
      for (int k = hi + 1; k <= b; ++k) {
        const block* prev = blocks[static_cast<std::size_t>(k - 1)].load(std::memory_order_relaxed);
        publish(k, build(k, prev->base + prev->total, true));
      }
      hi = b;
    } else {
      for (int k = lo - 1; k >= b; --k) {
        const block* next = blocks[static_cast<std::size_t>(k + 1)].load(std::memory_order_relaxed);
        publish(k, build(k, next->base, false));
      }
      lo = b;
    }
    return blocks[static_cast<std::size_t>(b)].load(std::memory_order_relaxed);
  }

  void publish(int b, block* p) {
    blocks[static_cast<std::size_t>(b)].store(p, std::memory_order_release);
  }

  bool is_holiday_day(std::int64_t day) {
    if (def.holidays.empty()) return false;
    const int y = year_of_day(day);
    auto it = holiday_days.find(y);
    if (it == holiday_days.end()) {
      std::vector<std::int64_t> days;
      for (const auto& d : holidays_in(def, y)) days.push_back(day_number(d));
      it = holiday_days.emplace(y, std::move(days)).first;
    }
    return std::binary_search(it->second.begin(), it->second.end(), day);
  }

  const day_hours& hours_of(std::int64_t day) {
    static const day_hours closed;
    if (!exception_hours.empty()) {
      const auto it = exception_hours.find(day);
      if (it != exception_hours.end()) return it->second;
    }
    if (is_holiday_day(day)) return closed;
    return week[static_cast<std::size_t>(iso_weekday_of_day(day) - 1)];
  }

  // Builds block b. base_is_start: `base` is the prefix sum at the block's start; otherwise it is
  // the prefix sum at its end (building backwards).
  block* build(int b, std::int64_t base, bool base_is_start) {
    auto* blk = new block;
    blk->begin = origin_us + (static_cast<std::int64_t>(b) << block_shift);
    blk->end = blk->begin + block_span;
    std::vector<std::int64_t> open, close;
    std::int64_t t = blk->begin;
    while (t < blk->end) {
      const auto info = zone->get_info(::date::sys_seconds{std::chrono::seconds{floor_div(t, us_per_s)}});
      const std::int64_t off = info.offset.count() * us_per_s;
      std::int64_t piece_end = blk->end;
      const std::int64_t info_end_s = info.end.time_since_epoch().count();
      if (info_end_s < blk->end / us_per_s + 1) piece_end = std::min(piece_end, info_end_s * us_per_s);
      // In this piece local time = UTC + off; walk the local days it overlaps.
      const std::int64_t lbeg = t + off, lend = piece_end + off;
      for (std::int64_t day = floor_div(lbeg, us_per_day); day * us_per_day < lend; ++day) {
        for (const auto& [s, e] : hours_of(day)) {
          const std::int64_t a = std::max(day * us_per_day + s, lbeg);
          const std::int64_t z = std::min(day * us_per_day + e, lend);
          if (a >= z) continue;
          if (!close.empty() && close.back() == a - off)
            close.back() = z - off;
          else
            open.push_back(a - off), close.push_back(z - off);
        }
      }
      t = piece_end;
    }
    blk->iv.resize(open.size());
    std::int64_t sum = 0;
    for (std::size_t i = 0; i < open.size(); ++i) {
      sum += close[i] - open[i];
      blk->iv[i] = {open[i], close[i], sum};
    }
    blk->total = sum;
    blk->base = base_is_start ? base : base - sum;
    blk->build_index();
    return blk;
  }
};

void block::build_index() {
  // time_index[k]: first interval whose close > begin + k·2^index_shift.
  const std::size_t n = iv.size();
  time_index.resize(index_slots + 1);
  std::size_t i = 0;
  for (std::size_t k = 0; k <= index_slots; ++k) {
    const std::int64_t t = begin + (static_cast<std::int64_t>(k) << index_shift);
    while (i < n && iv[i].close <= t) ++i;
    time_index[k] = static_cast<std::uint32_t>(i);
  }
  // cum_index[k]: first interval whose cum_end >= k·2^index_shift.
  cum_index.resize(index_slots + 1);
  i = 0;
  for (std::size_t k = 0; k <= index_slots; ++k) {
    const std::int64_t c = static_cast<std::int64_t>(k) << index_shift;
    while (i < n && iv[i].cum_end < c) ++i;
    cum_index[k] = static_cast<std::uint32_t>(i);
  }
}

}  // namespace detail

using detail::block;
using detail::block_count;
using detail::block_shift;
using detail::origin_us;
using detail::range_end_us;

namespace {

int block_of(std::int64_t t) {
  if (t < origin_us || t >= range_end_us)
    throw_error(errc::invalid_argument,
                "instant " + to_iso(from_unix_micros(t)) +
                    " outside the calendar's supported range 1900-01-01T00:00:00Z.." +
                    to_iso(from_unix_micros(range_end_us)));
  return static_cast<int>((t - origin_us) >> block_shift);
}

std::int64_t micros(timestamp t) {
  if (t.is_special()) throw_error(errc::invalid_argument, "calendar query with an invalid timestamp");
  return to_unix_micros(t);
}

[[noreturn]] void no_time_left(const detail::calendar_state& s, std::int64_t start) {
  if (!s.any_work)
    throw_error(errc::invalid_argument,
                "calendar has no working time at all (no weekly hours, no exception hours): "
                "a business deadline never arrives");
  if (!s.has_weekly_work)
    throw_error(errc::invalid_argument,
                "calendar has no working time left after " + to_iso(from_unix_micros(start)) +
                    " to cover the business duration (no weekly hours; last exception day is " +
                    to_iso(from_unix_micros(s.last_exception_work_day * detail::us_per_day)) +
                    ")");
  throw_error(errc::invalid_argument,
              "business duration from " + to_iso(from_unix_micros(start)) +
                  " does not elapse before the end of the supported range");
}

}  // namespace

business_calendar::business_calendar(calendar_definition def)
    : state_(std::make_shared<detail::calendar_state>(std::move(def))) {}

const calendar_definition& business_calendar::definition() const noexcept { return state_->def; }

void business_calendar::prepare(timestamp from, timestamp to) const {
  const std::int64_t a = micros(from), z = micros(to);
  if (z <= a) return;
  const int b0 = block_of(a), b1 = block_of(std::min(z, range_end_us - 1));
  for (int b = b0; b <= b1; ++b) state_->get(b);
}

bool business_calendar::is_open_us(std::int64_t t) const {
  const block* blk = state_->get(block_of(t));
  const std::size_t i = blk->first_closing_after(t);
  return i < blk->size() && blk->iv[i].open <= t;
}

std::int64_t business_calendar::business_time_us(std::int64_t from, std::int64_t to) const {
  if (to < from) return -business_time_us(to, from);
  const block* a = state_->get(block_of(from));
  const block* z = state_->get(block_of(to));
  return (z->base + z->cum_at(to)) - (a->base + a->cum_at(from));
}

std::int64_t business_calendar::business_offset_us(std::int64_t t) const {
  const block* blk = state_->get(block_of(t));
  return blk->base + blk->cum_at(t);
}

std::int64_t business_calendar::deadline_us(std::int64_t start, std::int64_t business) const {
  int b = block_of(start);
  if (business <= 0) {
    if (business < 0) throw_error(errc::invalid_argument, "deadline: negative business duration");
    return start;
  }
  auto& s = *state_;
  if (business >= range_end_us - origin_us) no_time_left(s, start);
  if (!s.any_work) no_time_left(s, start);
  const block* blk = s.get(b);
  std::int64_t target = blk->cum_at(start) + business;
  const int last = s.last_useful_block();
  while (target > blk->total) {
    target -= blk->total;
    if (++b > last) no_time_left(s, start);
    blk = s.get(b);
  }
  return blk->instant_at(target);
}

bool business_calendar::is_open(timestamp t) const { return is_open_us(micros(t)); }

duration business_calendar::business_time(timestamp from, timestamp to) const {
  return boost::posix_time::microseconds(business_time_us(micros(from), micros(to)));
}

timestamp business_calendar::deadline(timestamp start, duration business) const {
  if (business.is_special()) throw_error(errc::invalid_argument, "deadline: invalid duration");
  return from_unix_micros(deadline_us(micros(start), business.total_microseconds()));
}

std::optional<timestamp> business_calendar::next_opening(timestamp t) const {
  const std::int64_t us = micros(t);
  int b = block_of(us);
  auto& s = *state_;
  const int last = s.last_useful_block();
  const block* blk = s.get(b);
  std::size_t i = blk->first_closing_after(us);
  if (i < blk->size()) return from_unix_micros(std::max(blk->iv[i].open, us));
  while (++b <= last) {
    blk = s.get(b);
    if (blk->size()) return from_unix_micros(blk->iv.front().open);
  }
  return std::nullopt;
}

std::vector<utc_interval> business_calendar::working_intervals(timestamp from, timestamp to) const {
  const std::int64_t a = micros(from), z = micros(to);
  std::vector<utc_interval> out;
  if (z <= a) return out;
  std::int64_t last_close = INT64_MIN;
  for (int b = block_of(a), e = block_of(z - 1); b <= e; ++b) {
    const block* blk = state_->get(b);
    for (std::size_t i = blk->first_closing_after(std::max(a, blk->begin)); i < blk->size(); ++i) {
      if (blk->iv[i].open >= z) break;
      const std::int64_t o = std::max(blk->iv[i].open, a), c = std::min(blk->iv[i].close, z);
      if (o == last_close)
        out.back().end = from_unix_micros(c);
      else
        out.push_back({from_unix_micros(o), from_unix_micros(c)});
      last_close = c;
    }
  }
  return out;
}

}  // namespace itsm::calendar
