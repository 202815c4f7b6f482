// bench/run ops [--quick]
// SQLite operations (docs/operations.md) on a store written through the whole write path:
//   wal     a long-lived reader pins the WAL while incidents are recorded one per commit; after
//           it is released the WAL must stay under journal_size_limit (the run fails otherwise)
//   backup  sqlite_backup of the idle store, against the raw C API's one-step sqlite3_backup in
//           the same run; then a backup while another thread keeps recording, whose copy must
//           pass integrity_check, the audit chain and the record check (the run fails otherwise)
//   maint   checkpoint(truncate), vacuum and integrity_check times
// Prints BENCH ops.wal …, BENCH ops.backup …, BENCH ops.maint ….
#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <thread>

#include "bench_common.hpp"
#include "itsm/process/sms.hpp"
#include "itsm/storage/sqlite.hpp"

namespace fs = std::filesystem;
using namespace itsm;
using itsm::bench::seconds_since;
using clk = std::chrono::steady_clock;

namespace {

[[noreturn]] void fail(const std::string& what) {
  std::fprintf(stderr, "ops: %s\n", what.c_str());
  std::exit(1);
}

std::uintmax_t size_or_zero(const fs::path& p) {
  std::error_code ec;
  const auto n = fs::file_size(p, ec);
  return ec ? 0 : n;
}

const actor desk{"desk", {std::string(roles::service_desk)}};

void record_one(sms& system, std::size_t i) {
  model::incident d;
  d.title = "incident " + std::to_string(i) + ": user reports a problem with their workstation";
  d.impact = 1 + static_cast<int>(i % 3);
  d.urgency = 2;
  d.caller = "user" + std::to_string(i % 5000);
  system.incidents().record(desk, std::move(d));
}

// The reference: the raw C API copying the file in one step.
double raw_backup_s(const fs::path& from, const fs::path& to) {
  sqlite3 *src = nullptr, *dst = nullptr;
  const auto t0 = clk::now();
  if (sqlite3_open_v2(from.c_str(), &src, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK ||
      sqlite3_open_v2(to.c_str(), &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK)
    fail("raw backup: open");
  sqlite3_backup* b = sqlite3_backup_init(dst, "main", src, "main");
  if (!b || sqlite3_backup_step(b, -1) != SQLITE_DONE) fail("raw backup: step");
  sqlite3_backup_finish(b);
  sqlite3_close(dst);
  sqlite3_close(src);
  return seconds_since(t0);
}

}  // namespace

int main(int argc, char** argv) {
  const bool quick = argc > 1 && std::strcmp(argv[1], "--quick") == 0;
  const std::size_t n = quick ? 1'000 : 5'000;  // commits in each of the two wal phases
  const fs::path dir = fs::temp_directory_path() / ("itsm-ops-bench-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const fs::path file = dir / "store.db";

  storage::sqlite_options o;
  o.journal_size_limit_bytes = quick ? (1 << 20) : (16 << 20);
  o.wal_autocheckpoint_pages = quick ? 100 : 1000;
  auto store = std::shared_ptr<storage::backend>(storage::make_sqlite_backend(file.string(), o));
  auto time = std::make_shared<manual_clock>(parse_iso("2026-03-02T08:00:00Z"));
  sms system(store, sms_options{time, std::make_shared<allow_all>(), nullptr, {}});

  // ---- wal: pinned by a reader, then bounded --------------------------------------------------
  std::size_t next = 0;
  std::uintmax_t pinned = 0, bounded = 0;
  {
    auto reader = store->begin(storage::tx_mode::read_only);
    reader->last_audit();
    for (std::size_t i = 0; i < n; ++i) record_one(system, next++);
    pinned = size_or_zero(file.string() + "-wal");
  }
  for (std::size_t i = 0; i < n; ++i) {
    record_one(system, next++);
    if (i >= 2) bounded = std::max(bounded, size_or_zero(file.string() + "-wal"));
  }
  std::printf("BENCH ops.wal pinned_wal_bytes=%ju bounded_wal_max_bytes=%ju limit_bytes=%lld db_bytes=%ju commits=%zu\n",
              pinned, bounded, static_cast<long long>(o.journal_size_limit_bytes), size_or_zero(file), 2 * n);
  if (bounded > static_cast<std::uintmax_t>(o.journal_size_limit_bytes)) fail("the WAL outgrew journal_size_limit");

  // ---- backup: idle against the raw C API, then under writes ----------------------------------
  storage::sqlite_checkpoint(*store, storage::wal_checkpoint_mode::truncate);
  const fs::path lib_copy = dir / "lib-copy.db", raw_copy = dir / "raw-copy.db", live_copy = dir / "live-copy.db";
  auto t0 = clk::now();
  const auto idle = storage::sqlite_backup(*store, lib_copy.string());
  const double lib_s = seconds_since(t0);
  const double raw_s = raw_backup_s(file, raw_copy);

  std::atomic<bool> stop{false};
  std::atomic<std::size_t> during{0};
  std::thread writer([&] {
    for (std::size_t i = 1'000'000; !stop; ++i, ++during) record_one(system, i);
  });
  while (during == 0) std::this_thread::yield();  // the writer is running before the backup starts
  const std::size_t before = during;
  t0 = clk::now();
  storage::sqlite_backup_result live;
  try {
    live = storage::sqlite_backup(*store, live_copy.string());
  } catch (...) {
    stop = true;
    writer.join();
    throw;
  }
  const double live_s = seconds_since(t0);
  stop = true;
  writer.join();
  auto copy = storage::make_sqlite_backend(live_copy.string());
  const bool verified = storage::sqlite_integrity_check(*copy).empty() && audit::verify(*copy).ok &&
                        audit::verify_records(*copy).ok;
  std::printf("BENCH ops.backup backup_ms=%.1f raw_ms=%.1f ratio=%.2f bytes=%ju live_backup_ms=%.1f "
              "commits_during=%zu verified=%d\n",
              lib_s * 1e3, raw_s * 1e3, lib_s / raw_s, idle.bytes, live_s * 1e3, during - before, verified ? 1 : 0);
  if (!verified) fail("the copy taken under writes does not verify");

  // ---- maintenance ------------------------------------------------------------------------------
  t0 = clk::now();
  storage::sqlite_checkpoint(*store, storage::wal_checkpoint_mode::truncate);
  const double ckpt_s = seconds_since(t0);
  t0 = clk::now();
  const auto v = storage::sqlite_vacuum(*store);
  const double vacuum_s = seconds_since(t0);
  t0 = clk::now();
  const bool intact = storage::sqlite_integrity_check(*store).empty();
  const double check_s = seconds_since(t0);
  std::printf("BENCH ops.maint checkpoint_truncate_ms=%.1f vacuum_ms=%.1f vacuum_pages=%lld/%lld "
              "integrity_check_ms=%.1f\n",
              ckpt_s * 1e3, vacuum_s * 1e3, static_cast<long long>(v.pages_after),
              static_cast<long long>(v.pages_before), check_s * 1e3);
  copy.reset();
  std::error_code ec;
  fs::remove_all(dir, ec);
  return intact ? 0 : 1;
}
