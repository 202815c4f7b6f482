// bench/run verify [--quick]
// audit::verify_records (every row of every kind checked against the audit trail) on a store of
// 1,000,000 records (--quick: 30,000) written through the write path: incidents, each with its
// two ticket events, recorded in batches of 20,000.
//   verify.sqlite: against a plain full read of the same file with the raw SQLite C API — every
//     column of every row of the tables verification reads (each kind's table and _itsm_audit),
//     sqlite3_prepare/step, NOMUTEX like the library's connections, same default pragmas and
//     page cache size. Each side runs twice,
//     alternating, on the same warm file; the second (warm) figure counts. Also printed: the
//     reference restricted to the record tables (records_only_s), for scale.
//   verify.memory: the memory adapter, against a plain walk of the same data through the SPI
//     (for_each over every kind reading every value, for_each_audit over the trail), also run
//     twice.
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "bench_common.hpp"
#include "itsm/audit/records.hpp"
#include "itsm/process/sms.hpp"
#include "itsm/storage/memory.hpp"
#include "itsm/storage/sqlite.hpp"

namespace fs = std::filesystem;
using namespace itsm;
using itsm::bench::seconds_since;

namespace {

void check(int rc, sqlite3* db, const char* what) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
    std::fprintf(stderr, "verify: %s: %s\n", what, sqlite3_errmsg(db));
    std::exit(1);
  }
}

// Writes `incidents` incidents through the write path, `batch` per transaction.
void fill(sms& system, std::size_t incidents) {
  const actor desk{"desk", {std::string(roles::service_desk)}};
  const char* groups[] = {"network", "desktop", "database", "apps", "security"};
  bench::splitmix64 rng{42};
  const std::size_t batch = 20'000;
  for (std::size_t done = 0; done < incidents;) {
    std::vector<model::incident> work(std::min(batch, incidents - done));
    for (auto& d : work) {
      d.title = "incident " + std::to_string(done++) + ": user reports a problem with their workstation";
      d.impact = 1 + static_cast<int>(rng.below(3));
      d.urgency = 1 + static_cast<int>(rng.below(3));
      d.category = groups[rng.below(5)];
      d.assignment_group = groups[rng.below(5)];
      d.caller = "user" + std::to_string(rng.below(5000));
    }
    system.incidents().record_batch(desk, std::move(work));
  }
}

sms make_sms(std::shared_ptr<storage::backend> store) {
  auto clk = std::make_shared<manual_clock>(parse_iso("2026-03-02T08:00:00Z"));
  return sms(std::move(store), sms_options{clk, std::make_shared<allow_all>(), nullptr, {}});
}

// The reference: every column of every row of `tables`, read with the raw C API.
std::size_t raw_read(const fs::path& file, const std::vector<std::string>& tables, std::uint64_t& sink) {
  sqlite3* db = nullptr;
  // NOMUTEX, as the library's own connections: no per-call mutex on either side.
  check(sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr), db, "open");
  check(sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr), db, "begin");
  std::size_t rows = 0;
  for (const auto& t : tables) {
    sqlite3_stmt* st = nullptr;
    check(sqlite3_prepare_v2(db, ("SELECT * FROM \"" + t + "\"").c_str(), -1, &st, nullptr), db, "prepare");
    const int n = sqlite3_column_count(st);
    while (sqlite3_step(st) == SQLITE_ROW) {
      ++rows;
      for (int c = 0; c < n; ++c) {
        switch (sqlite3_column_type(st, c)) {
          case SQLITE_INTEGER: sink += static_cast<std::uint64_t>(sqlite3_column_int64(st, c)); break;
          case SQLITE_FLOAT: sink += static_cast<std::uint64_t>(sqlite3_column_double(st, c)); break;
          case SQLITE_NULL: ++sink; break;
          default: {
            const auto* p = sqlite3_column_text(st, c);
            const int len = sqlite3_column_bytes(st, c);
            sink += static_cast<std::uint64_t>(len) + (len > 0 ? p[len - 1] : 0);
          }
        }
      }
    }
    sqlite3_finalize(st);
  }
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  return rows;
}

// Reads a value the cheapest way that still looks at its content.
std::uint64_t touch(const value& v) {
  switch (v.type()) {
    case value_type::null: return 1;
    case value_type::boolean: return v.as_bool();
    case value_type::integer: return static_cast<std::uint64_t>(v.as_int());
    case value_type::real: return static_cast<std::uint64_t>(v.as_real());
    case value_type::text: return v.as_text().size() + (v.as_text().empty() ? 0 : static_cast<unsigned char>(v.as_text().back()));
    case value_type::time: return static_cast<std::uint64_t>(v.as_time().time_of_day().ticks());
  }
  return 0;
}

audit::record_verification verify_or_die(storage::backend& store) {
  auto r = audit::verify_records(store);
  if (!r.ok) {
    std::fprintf(stderr, "verify: the clean store did not verify (%zu findings)\n", r.findings.size());
    std::exit(1);
  }
  return r;
}

void bench_sqlite(const fs::path& dir, std::size_t incidents) {
  const auto file = dir / "verify.db";
  {
    auto system = make_sms(storage::make_sqlite_backend(file.string()));
    fill(system, incidents);
  }
  auto store = storage::make_sqlite_backend(file.string());
  auto kinds = store->kinds();
  auto all = kinds;
  all.push_back("_itsm_audit");
  double verify_s = 0, ref_s = 0, records_only_s = 0;
  std::uint64_t sink = 0;
  std::size_t ref_rows = 0;
  audit::record_verification r;
  for (int round = 0; round < 2; ++round) {  // round 0 warms the OS cache for both sides
    auto t0 = std::chrono::steady_clock::now();
    r = verify_or_die(*store);
    verify_s = seconds_since(t0);
    t0 = std::chrono::steady_clock::now();
    ref_rows = raw_read(file, all, sink);
    ref_s = seconds_since(t0);
    t0 = std::chrono::steady_clock::now();
    raw_read(file, kinds, sink);
    records_only_s = seconds_since(t0);
  }
  std::printf("BENCH verify.sqlite records=%lld entries=%lld rows_read=%zu verify_s=%.3f reference_s=%.3f "
              "ratio=%.3f records_only_s=%.3f ns_per_record=%.0f (sink %llu)\n",
              static_cast<long long>(r.records), static_cast<long long>(r.entries), ref_rows, verify_s, ref_s,
              ref_s / verify_s, records_only_s, 1e9 * verify_s / static_cast<double>(r.records),
              static_cast<unsigned long long>(sink % 10));
}

void bench_memory(std::size_t incidents) {
  std::shared_ptr<storage::backend> store = storage::make_memory_backend();
  {
    auto system = make_sms(store);
    fill(system, incidents);
  }
  double verify_s = 0, ref_s = 0;
  std::uint64_t sink = 0;
  audit::record_verification r;
  for (int round = 0; round < 2; ++round) {
    auto t0 = std::chrono::steady_clock::now();
    r = verify_or_die(*store);
    verify_s = seconds_since(t0);
    t0 = std::chrono::steady_clock::now();
    auto tx = store->begin(storage::tx_mode::read_only);
    for (const auto& kind : store->kinds())
      tx->for_each(kind, [&](std::string_view id, std::int64_t rev, const std::vector<value>& values) {
        sink += id.size() + static_cast<std::uint64_t>(rev);
        for (const auto& v : values) sink += touch(v);  // every value, as the SQLite reference
        return true;
      });
    tx->for_each_audit({}, [&](const storage::audit_record& e) {
      sink += static_cast<std::uint64_t>(e.seq + e.revision) + e.kind.size() + e.object_id.size() + e.outcome.size() +
              e.record_hash.size();
      return true;
    });
    ref_s = seconds_since(t0);
  }
  std::printf("BENCH verify.memory records=%lld entries=%lld verify_s=%.3f reference_s=%.3f ratio=%.3f "
              "ns_per_record=%.0f (sink %llu)\n",
              static_cast<long long>(r.records), static_cast<long long>(r.entries), verify_s, ref_s, ref_s / verify_s,
              1e9 * verify_s / static_cast<double>(r.records), static_cast<unsigned long long>(sink % 10));
}

}  // namespace

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  bool quick = false;
  for (int i = 1; i < argc; ++i) quick = quick || std::strcmp(argv[i], "--quick") == 0;
  // Each incident is three records (the incident and two ticket events), each with its entry.
  const std::size_t incidents = quick ? 10'000 : 333'334;
  const fs::path dir = fs::temp_directory_path() / ("itsm-verify-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  bench_sqlite(dir, incidents);
  bench_memory(incidents);
  fs::remove_all(dir);
  return 0;
}
