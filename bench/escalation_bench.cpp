// Escalation sweeps against open incidents on SQLite (issue 21; docs/events.md, "Escalation").
//   bench/run escalation [--quick]      (full: 100,000 open incidents; quick: 10,000)
// Prints:
//   BENCH escalation.build   — the first sweep, which builds the index of next thresholds
//   BENCH escalation.idle    — sweeps with nothing due (goal ≤ 1 ms at 100k open), beside the
//                              in-run reference: one plain read of the open incidents, the least
//                              a sweep that looks at every open ticket has to do
//   BENCH escalation.writer  — a writer in its own connection adding notes, p99 latency while
//                              another thread sweeps every 10 ms (the clock moves a minute per
//                              sweep, so about 1 % of the open incidents come due each time)
//                              against its p99 without sweeps (goal ratio ≤ 2)
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "bench_common.hpp"
#include "itsm/core/clock.hpp"
#include "itsm/process/sms.hpp"
#include "itsm/storage/sqlite.hpp"

using namespace itsm;
using clk_t = std::chrono::steady_clock;

namespace {

const actor desk{"dave", {std::string(roles::service_desk)}};
const actor im{"irene", {std::string(roles::incident_manager)}};
const actor slm{"sam", {std::string(roles::service_level_manager)}};

double percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[std::min(v.size() - 1, static_cast<std::size_t>(p * (v.size() - 1) + 0.5))];
}

service_id setup(sms& system) {
  model::service s;
  s.name = "Mail";
  s.owner = "olga";
  s.status = model::service_status::live;
  s = system.service_level().add_service(slm, s);
  model::sla sla;
  sla.name = "24x7";
  sla.service = s.id;
  sla.targets = {{1, 15, 240}, {2, 30, 480}, {3, 240, 960}, {4, 240, 2400}, {5, 480, 4800}};  // P3: nothing due while loading
  system.service_level().define_sla(slm, sla);
  return s.id;
}

// Writes `ops` notes on incidents 1..open, timing each; returns the latencies in µs.
std::vector<double> write_notes(sms& writer, int ops, int open) {
  std::vector<double> lat;
  lat.reserve(ops);
  for (int n = 0; n < ops; ++n) {
    const auto t0 = clk_t::now();
    writer.incidents().add_note(desk, incident_id(1 + (n * 7919) % open), "checked " + std::to_string(n));
    lat.push_back(bench::seconds_since(t0) * 1e6);
  }
  return lat;
}

}  // namespace

int main(int argc, char** argv) {
  const bool quick = argc > 1 && std::string(argv[1]) == "--quick";
  const int open = quick ? 10000 : 100000;
  const int chunks = 100;  // incidents are opened a minute apart per chunk
  const int writes = quick ? 1000 : 3000;
  const auto path = (std::filesystem::temp_directory_path() / ("itsm-bench-escalation-" + std::to_string(::getpid()) + ".db")).string();
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
  try {
    auto clock = std::make_shared<manual_clock>(parse_iso("2026-03-02T08:00:00Z"));
    sms system(storage::make_sqlite_backend(path), sms_options{clock, nullptr, nullptr, {}});
    const auto service = setup(system);
    for (int c = 0; c < chunks; ++c) {
      std::vector<model::incident> drafts(open / chunks);
      for (auto& d : drafts) d = {.title = "queue grows", .description = "d", .impact = 2, .urgency = 2, .service = service};
      system.incidents().record_batch(desk, std::move(drafts));
      clock->advance(minutes(1));
    }

    auto t0 = clk_t::now();
    const auto fired_at_build = system.incidents().escalate(im).size();
    std::printf("BENCH escalation.build open=%d secs=%.3f fired=%zu\n", open, bench::seconds_since(t0), fired_at_build);

    std::vector<double> idle, scan;
    for (int n = 0; n < 200; ++n) {
      t0 = clk_t::now();
      const auto fired = system.incidents().escalate(im);
      idle.push_back(bench::seconds_since(t0) * 1e6);
      if (!fired.empty()) throw std::runtime_error("nothing should be due");
    }
    for (int n = 0; n < 5; ++n) {
      t0 = clk_t::now();
      auto tx = system.unaudited_store().begin(storage::tx_mode::read_only);
      storage::query q;
      q.kind = "incident";
      q.where_ne("state", "closed");
      if (tx->scan(q).size() != static_cast<std::size_t>(open)) throw std::runtime_error("open count");
      scan.push_back(bench::seconds_since(t0) * 1e6);
    }
    const double idle_p50 = percentile(idle, 0.5), idle_p99 = percentile(idle, 0.99), ref = percentile(scan, 0.5);
    std::printf("BENCH escalation.idle open=%d sweep_p50_us=%.1f sweep_p99_us=%.1f reference_scan_us=%.0f ratio=%.4f goal_us=1000\n",
                open, idle_p50, idle_p99, ref, idle_p50 / ref);

    // The writer: its own sms and connection on the same file.
    sms writer(storage::make_sqlite_backend(path), sms_options{clock, nullptr, nullptr, {}});
    const auto alone = write_notes(writer, writes, open);
    clock->set(parse_iso("2026-03-02T11:00:00Z"));  // the first chunk's 75 % response threshold
    std::atomic<bool> stop{false};
    std::atomic<long> sweeps{0}, fired{0};
    std::thread sweeper([&] {
      while (!stop.load()) {
        clock->advance(minutes(1));  // thresholds of about one chunk come due per sweep
        fired += static_cast<long>(system.incidents().escalate(im).size());
        ++sweeps;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));  // a sweep every 10 ms
      }
    });
    const auto with = write_notes(writer, writes, open);
    stop = true;
    sweeper.join();
    const double p99_alone = percentile(alone, 0.99), p99_with = percentile(with, 0.99);
    std::printf("BENCH escalation.writer open=%d writes=%d p50_alone_us=%.0f p99_alone_us=%.0f p50_sweeping_us=%.0f "
                "p99_sweeping_us=%.0f sweeps=%ld fired=%ld ratio=%.2f goal=2\n",
                open, writes, percentile(alone, 0.5), p99_alone, percentile(with, 0.5), p99_with, sweeps.load(),
                fired.load(), p99_with / p99_alone);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "escalation bench failed: %s\n", e.what());
    return 1;
  }
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
  return 0;
}
