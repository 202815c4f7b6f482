// SLA deadline benchmark (issue 4): Mon-Fri 08:00-12:00 + 13:00-17:00, Europe/Berlin, German
// public holidays 2024-2026 (bench/data/sla-calendar-berlin.json). Random start instants in
// 2024-2025; business durations 4 h, 16 h, 160 h; and 16 h with 3 pauses per ticket.
// Only the deadline loop is timed (the calendar is built before), in thread CPU time.
// In-run reference: a plain interval walker over the same UTC working intervals. It finds the
// start's interval by binary search, then walks interval by interval, subtracting each
// interval's length (no prefix sums). Every deadline of both must agree.
//   bench_sla [--quick] [--dump FILE]   full: 100,000 starts; quick: 5,000
//   --dump writes "start_us deadline_4h_us deadline_16h_us deadline_160h_us" per start, the
//   input of bench/sla_pandas_peer.py (pandas' CustomBusinessHour on the same starts).
#include <nlohmann/json.hpp>

#include <algorithm>
#include <ctime>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "itsm/calendar/business_calendar.hpp"
#include "itsm/calendar/sla_clock.hpp"

namespace ic = itsm::calendar;

namespace {

constexpr std::int64_t us_per_hour = 3'600'000'000;

struct ticket {
  std::int64_t start;
  std::int64_t pause[3], resume[3];
};

// The reference: walk the working intervals from the start.
struct interval_walker {
  std::vector<std::int64_t> open, close;

  // First instant t >= from where `left` µs of business time have elapsed in [from, t), walking
  // no further than `limit`; returns -1 (and the remainder in `left`) if the limit comes first.
  std::int64_t walk(std::int64_t from, std::int64_t& left, std::int64_t limit) const {
    if (left == 0) return from;
    auto i = static_cast<std::size_t>(std::upper_bound(close.begin(), close.end(), from) - close.begin());
    for (; i < open.size() && open[i] < limit; ++i) {
      const std::int64_t a = std::max(open[i], from), z = std::min(close[i], limit);
      if (z - a >= left) return a + left;
      left -= z - a;
    }
    return -1;
  }

  std::int64_t deadline(std::int64_t start, std::int64_t d) const {
    return walk(start, d, INT64_MAX);
  }

  // Running segments are [start, p0), [r0, p1), [r1, p2), [r2, ∞).
  std::int64_t deadline_with_pauses(const ticket& t, std::int64_t d) const {
    std::int64_t from = t.start;
    for (int k = 0; k < 3; ++k) {
      const std::int64_t at = walk(from, d, t.pause[k]);
      if (at >= 0) return at;
      from = t.resume[k];
    }
    return walk(from, d, INT64_MAX);
  }
};

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    std::fprintf(stderr, "cannot read %s\n", path.c_str());
    std::exit(2);
  }
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The calling thread's CPU time in seconds: on a shared machine this leaves out the time the
// thread spends descheduled, which wall-clock time would charge to the code under test.
double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// Runs `body` (one pass over all n items) until at least `min_seconds` of CPU time have been
// spent; returns items per CPU second.
template <class F>
double rate(std::size_t n, double min_seconds, F&& body) {
  std::size_t passes = 0;
  const double t0 = thread_cpu_seconds();
  double secs = 0;
  do {
    body();
    ++passes;
    secs = thread_cpu_seconds() - t0;
  } while (secs < min_seconds);
  return static_cast<double>(n * passes) / secs;
}

volatile std::int64_t sink;

}  // namespace

int main(int argc, char** argv) {
  bool quick = false;
  const char* dump_path = nullptr;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--quick") == 0) {
      quick = true;
    } else if (std::strcmp(argv[i], "--dump") == 0 && i + 1 < argc) {
      dump_path = argv[++i];
    } else {
      std::fprintf(stderr, "usage: bench_sla [--quick] [--dump FILE]\n");
      return 2;
    }
  }
  const std::size_t n = quick ? 5'000 : 100'000;
  const double min_seconds = quick ? 0.05 : 0.5;

  auto j = nlohmann::json::parse(read_file(ITSM_BENCH_DATA "/sla-calendar-berlin.json"));
  j.erase("duration_hours");  // the benchmark's parameter, not part of the calendar
  const ic::business_calendar cal(ic::calendar_from_json(j.dump()));
  const auto horizon_from = itsm::parse_iso("2023-12-01T00:00:00Z");
  const auto horizon_to = itsm::parse_iso("2027-01-01T00:00:00Z");
  cal.prepare(horizon_from, horizon_to);

  interval_walker ref;
  for (const auto& iv : cal.working_intervals(horizon_from, horizon_to)) {
    ref.open.push_back(itsm::to_unix_micros(iv.start));
    ref.close.push_back(itsm::to_unix_micros(iv.end));
  }

  std::mt19937_64 rng(20240101);
  const std::int64_t lo = itsm::to_unix_micros(itsm::parse_iso("2024-01-01T00:00:00Z"));
  const std::int64_t hi = itsm::to_unix_micros(itsm::parse_iso("2026-01-01T00:00:00Z"));
  std::uniform_int_distribution<std::int64_t> instant(lo, hi - 1), gap(0, 8 * us_per_hour),
      pause_len(us_per_hour, 48 * us_per_hour);
  std::vector<ticket> tickets(n);
  std::vector<std::int64_t> starts(n);
  std::vector<itsm::timestamp> start_ts(n);
  for (std::size_t i = 0; i < n; ++i) {
    auto& t = tickets[i];
    t.start = starts[i] = instant(rng);
    start_ts[i] = itsm::from_unix_micros(t.start);
    std::int64_t at = t.start;
    for (int k = 0; k < 3; ++k) {
      t.pause[k] = at += gap(rng);
      t.resume[k] = at += pause_len(rng);
    }
  }

  std::vector<std::int64_t> got(n), want(n);
  std::vector<std::vector<std::int64_t>> dumped;
  bool all_ok = true;
  for (const int h : {4, 16, 160}) {
    const std::int64_t d = h * us_per_hour;
    const double per_s = rate(n, min_seconds, [&] {
      for (std::size_t i = 0; i < n; ++i) got[i] = cal.deadline_us(starts[i], d);
    });
    const itsm::duration dd = itsm::hours(h);
    std::int64_t acc = 0;
    const double ts_per_s = rate(n, min_seconds, [&] {
      for (std::size_t i = 0; i < n; ++i) acc += (cal.deadline(start_ts[i], dd) - start_ts[i]).ticks();
    });
    sink = acc;
    const double ref_per_s = rate(n, min_seconds / 2, [&] {
      for (std::size_t i = 0; i < n; ++i) want[i] = ref.deadline(starts[i], d);
    });
    std::size_t agree = 0;
    for (std::size_t i = 0; i < n; ++i) agree += got[i] == want[i];
    all_ok = all_ok && agree == n;
    if (dump_path) dumped.push_back(got);
    std::printf("BENCH sla.deadline hours=%d n=%zu per_s=%.0f timestamp_api_per_s=%.0f ref_per_s=%.0f "
                "ratio=%.1f agree=%zu/%zu clock=thread_cpu\n",
                h, n, per_s, ts_per_s, ref_per_s, per_s / ref_per_s, agree, n);
  }

  // 16 h with 3 pauses per ticket, against the walker that skips the paused windows:
  // (a) calendar primitives: one prefix-sum lookup per boundary, then one deadline;
  // (b) the full SLA clock, evaluate() over the ticket's event log (phase, paused time, …).
  {
    const std::int64_t d = 16 * us_per_hour;
    const double ref_per_s = rate(n, min_seconds / 2, [&] {
      for (std::size_t i = 0; i < n; ++i) want[i] = ref.deadline_with_pauses(tickets[i], d);
    });
    const auto report = [&](const char* name, const char* api, double per_s) {
      std::size_t agree = 0;
      for (std::size_t i = 0; i < n; ++i) agree += got[i] == want[i];
      all_ok = all_ok && agree == n;
      std::printf("BENCH %s hours=16 pauses=3 api=%s n=%zu per_s=%.0f ref_per_s=%.0f ratio=%.1f "
                  "agree=%zu/%zu clock=thread_cpu\n",
                  name, api, n, per_s, ref_per_s, per_s / ref_per_s, agree, n);
    };

    const double lean_per_s = rate(n, min_seconds, [&] {
      for (std::size_t i = 0; i < n; ++i) {
        const auto& t = tickets[i];
        std::int64_t left = d, from = t.start, pos = cal.business_offset_us(from), at = -1;
        for (int k = 0; k < 3 && at < 0; ++k) {
          const std::int64_t ran = cal.business_offset_us(t.pause[k]) - pos;
          if (ran >= left) {
            at = cal.deadline_us(from, left);
          } else {
            left -= ran;
            from = t.resume[k];
            pos = cal.business_offset_us(from);
          }
        }
        got[i] = at >= 0 ? at : cal.deadline_us(from, left);
      }
    });
    report("sla.deadline", "offsets", lean_per_s);

    ic::sla_target target;
    target.goal = itsm::hours(16);
    target.escalation_percent.clear();  // deadline only, like the reference
    std::vector<std::vector<ic::sla_event>> logs(n);
    for (std::size_t i = 0; i < n; ++i) {
      const auto& t = tickets[i];
      logs[i].push_back({ic::sla_event_kind::start, itsm::from_unix_micros(t.start), {}});
      for (int k = 0; k < 3; ++k) {
        logs[i].push_back({ic::sla_event_kind::pause, itsm::from_unix_micros(t.pause[k]), "waiting"});
        logs[i].push_back({ic::sla_event_kind::resume, itsm::from_unix_micros(t.resume[k]), {}});
      }
    }
    const double clock_per_s = rate(n, min_seconds, [&] {
      for (std::size_t i = 0; i < n; ++i) {
        const auto s = ic::evaluate(logs[i], target, cal, logs[i].back().at);
        got[i] = s.deadline ? itsm::to_unix_micros(*s.deadline) : -1;
      }
    });
    report("sla.clock", "evaluate", clock_per_s);
  }
  if (dump_path) {
    std::FILE* f = std::fopen(dump_path, "w");
    if (!f) {
      std::fprintf(stderr, "cannot write %s\n", dump_path);
      return 2;
    }
    for (std::size_t i = 0; i < n; ++i)
      std::fprintf(f, "%lld %lld %lld %lld\n", static_cast<long long>(starts[i]),
                   static_cast<long long>(dumped[0][i]), static_cast<long long>(dumped[1][i]),
                   static_cast<long long>(dumped[2][i]));
    std::fclose(f);
  }
  if (!all_ok) {
    std::fprintf(stderr, "sla bench: deadlines disagree with the reference\n");
    return 1;
  }
  return 0;
}
