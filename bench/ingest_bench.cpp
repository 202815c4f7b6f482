// bench/run ingest [--quick]
// Ingest of incidents through the whole write path (rules, authorization, audit hash chain, ticket
// log) into SQLite, against the same rows written through the raw SQLite C API in the same run:
//   1. bulk: all incidents in one transaction (incident_management::record_batch);
//   2. autocommit: one operation per transaction (incident_management::record).
// The reference copies exactly the rows the library wrote (read back from the library's file,
// every table it touched, same DDL and pragmas) into a fresh file with prepared statements, and
// recomputes a SHA-256 chain over the audit rows, so it does the same storage and hashing work
// without the library's rules, encoding and bookkeeping. Also prints the memory adapter's rate.
#include <openssl/evp.h>
#include <sqlite3.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "bench_common.hpp"
#include "incident_drafts.hpp"
#include "raw_replay.hpp"
#include "itsm/process/sms.hpp"
#include "itsm/storage/memory.hpp"
#include "itsm/storage/sqlite.hpp"

namespace fs = std::filesystem;
using namespace itsm;

namespace {

using itsm::bench::seconds_since;
using namespace itsm::bench::replay;
using itsm::bench::incident_drafts;


sms open_library(const fs::path& file, std::shared_ptr<manual_clock> clk) {
  std::shared_ptr<storage::backend> store = storage::make_sqlite_backend(file.string());
  return sms(store, sms_options{clk, std::make_shared<allow_all>(), nullptr, {}});
}

struct run_result {
  double lib_s = 0, raw_s = 0;
  std::size_t rows = 0;
};

run_result compare(const fs::path& dir, const std::string& tag, std::size_t n, bool autocommit) {
  const auto lib_file = dir / (tag + "-lib.db"), raw_file = dir / (tag + "-raw.db");
  auto clk = std::make_shared<manual_clock>(parse_iso("2026-03-02T08:00:00Z"));
  const actor desk{"desk", {std::string(roles::service_desk)}};
  auto work = incident_drafts(n, 42);
  run_result res;
  {
    auto system = open_library(lib_file, clk);
    const auto t0 = std::chrono::steady_clock::now();
    if (autocommit) {
      for (auto& d : work) system.incidents().record(desk, std::move(d));
    } else {
      system.incidents().record_batch(desk, std::move(work));
    }
    res.lib_s = seconds_since(t0);
  }
  // The rows the library wrote (its own schema/metadata rows excluded: they exist before ingest).
  std::string ddl;
  auto tables = library_rows(lib_file, ddl);
  sqlite3* raw = open_raw(raw_file, ddl);
  const auto t0 = std::chrono::steady_clock::now();
  res.rows = insert_rows(raw, tables, autocommit ? n : 1);
  res.raw_s = seconds_since(t0);
  sqlite3_close(raw);
  free_rows(tables);
  return res;
}

}  // namespace

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // one BENCH line at a time, even into a pipe
  bool quick = false;
  for (int i = 1; i < argc; ++i) quick = quick || std::strcmp(argv[i], "--quick") == 0;
  const std::size_t bulk_n = quick ? 20'000 : 1'000'000;
  const std::size_t auto_n = quick ? 500 : 10'000;
  storage::register_sqlite();
  const fs::path dir = fs::temp_directory_path() / ("itsm-ingest-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);

  {
    const auto r = compare(dir, "bulk", bulk_n, false);
    std::printf("BENCH ingest.sqlite mode=one_transaction incidents=%zu rows=%zu rows_per_s=%.0f raw_rows_per_s=%.0f "
                "incidents_per_s=%.0f ratio=%.3f\n",
                bulk_n, r.rows, r.rows / r.lib_s, r.rows / r.raw_s, bulk_n / r.lib_s, r.raw_s / r.lib_s);
  }
  {
    const auto r = compare(dir, "auto", auto_n, true);
    std::printf("BENCH ingest.sqlite_autocommit mode=transaction_per_incident incidents=%zu rows=%zu rows_per_s=%.0f "
                "raw_rows_per_s=%.0f incidents_per_s=%.0f ratio=%.3f\n",
                auto_n, r.rows, r.rows / r.lib_s, r.rows / r.raw_s, auto_n / r.lib_s, r.raw_s / r.lib_s);
  }
  {
    auto clk = std::make_shared<manual_clock>(parse_iso("2026-03-02T08:00:00Z"));
    sms system(storage::make_memory_backend(), sms_options{clk, std::make_shared<allow_all>(), nullptr, {}});
    const actor desk{"desk", {std::string(roles::service_desk)}};
    auto work = incident_drafts(bulk_n, 42);
    const auto t0 = std::chrono::steady_clock::now();
    system.incidents().record_batch(desk, std::move(work));
    const double s = seconds_since(t0);
    std::printf("BENCH ingest.memory mode=one_transaction incidents=%zu incidents_per_s=%.0f\n", bulk_n, bulk_n / s);
  }
  fs::remove_all(dir);
  return 0;
}
