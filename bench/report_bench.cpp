// bench/run report [--quick]
// The full monthly service report and the conformance check on the flagship's store after 12
// simulated months (the example program run twelve times on one SQLite file, default size;
// --quick: two small months). Timed, as the flagship does it: the read snapshot of the last
// month's end (sms::reports().snapshot), the report (report::build), the store's verification
// (sms::verify(): the chain and every record), the conformance check, and the three renderings.
//   report.full: against the plain scan of the same records with the raw SQLite C API — every
//     column of every row of the tables the snapshot reads and of the audit trail, one
//     transaction, NOMUTEX like the library's connections, same pragmas — plus a second plain scan
//     of every table for what verification reads. Each side runs twice, alternating, on the same
//     warm file; the second (warm) figure counts. Goal: total_s <= 2 (issue 14).
#include <sqlite3.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "bench_common.hpp"
#include "itsm/process/sms.hpp"
#include "itsm/report/conformance.hpp"
#include "itsm/report/render.hpp"
#include "itsm/storage/sqlite.hpp"

namespace fs = std::filesystem;
using namespace itsm;
using itsm::bench::seconds_since;

namespace {

// Every column of every row of `tables`, read with the raw C API in one transaction.
std::size_t raw_read(const fs::path& file, const std::vector<std::string>& tables, std::uint64_t& sink) {
  sqlite3* db = nullptr;
  auto ok = [&](int rc, const char* what) { bench::sqlite_check(rc, db, "report", what); };
  ok(sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr), "open");
  ok(sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr), "begin");
  std::size_t rows = 0;
  for (const auto& t : tables) {
    sqlite3_stmt* st = nullptr;
    ok(sqlite3_prepare_v2(db, ("SELECT * FROM \"" + t + "\"").c_str(), -1, &st, nullptr), "prepare");
    const int n = sqlite3_column_count(st);
    while (sqlite3_step(st) == SQLITE_ROW) {
      ++rows;
      for (int c = 0; c < n; ++c) {
        if (sqlite3_column_type(st, c) == SQLITE_INTEGER) sink += static_cast<std::uint64_t>(sqlite3_column_int64(st, c));
        else sink += static_cast<std::uint64_t>(sqlite3_column_bytes(st, c));
      }
    }
    sqlite3_finalize(st);
  }
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  return rows;
}

struct timings {
  double snapshot = 0, build = 0, verify = 0, conformance = 0, render = 0;
  double total() const { return snapshot + build + verify + conformance + render; }
};

}  // namespace

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  bool quick = false;
  for (int i = 1; i < argc; ++i) quick = quick || std::strcmp(argv[i], "--quick") == 0;
  const std::string flagship = ITSM_FLAGSHIP;
  if (flagship.empty()) {
    std::fprintf(stderr, "report: needs the examples (ITSM_BUILD_EXAMPLES=ON) for the flagship's store\n");
    return 1;
  }
  const int months = quick ? 2 : 12;
  const fs::path dir = fs::temp_directory_path() / ("itsm-report-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const auto file = dir / "flagship.db";
  const auto t_fill = std::chrono::steady_clock::now();
  for (int m = 0; m < months; ++m) {
    const auto cmd = flagship + (quick ? " --small" : "") + " --db sqlite:" + file.string() + " > /dev/null";
    if (std::system(cmd.c_str()) != 0) {
      std::fprintf(stderr, "report: the flagship failed on month %d\n", m + 1);
      return 1;
    }
  }
  const double fill_s = seconds_since(t_fill);

  std::shared_ptr<storage::backend> store = storage::make_sqlite_backend(file.string());
  const auto head = store->begin(storage::tx_mode::read_only)->last_audit().value();
  // The last simulated month: the calendar month of the last audit entry.
  auto month_start = [](timestamp t) { return parse_iso(to_iso(t).substr(0, 7) + "-01T00:00:00Z"); };
  const auto start = month_start(head.at);
  const period month{start, month_start(start + hours(24 * 32))};
  sms system(store);
  const actor auditor{"audrey", {std::string(roles::auditor)}};

  std::vector<std::string> read_by_snapshot{"customer", "service", "sla", "configuration_item", "relationship",
                                            "incident", "service_request", "problem", "known_error", "rfc", "release",
                                            "baseline", "approval", "investigation", "acceptance_test",
                                            "post_incident_review", "ticket_event", "report_definition",
                                            "requirement_exclusion", "_itsm_audit"};
  auto every_table = store->kinds();
  every_table.push_back("_itsm_audit");
  timings lib;
  double ref_s = 0, ref_verify_s = 0;
  std::size_t ref_rows = 0, records = 0;
  std::uint64_t sink = 0;
  bool conforms = false;
  for (int round = 0; round < 2; ++round) {  // round 0 warms the OS cache for both sides
    auto t0 = std::chrono::steady_clock::now();
    const auto snap = system.reports().snapshot(auditor, month.end);
    lib.snapshot = seconds_since(t0);
    t0 = std::chrono::steady_clock::now();
    const auto r = report::build(snap, {month});
    lib.build = seconds_since(t0);
    t0 = std::chrono::steady_clock::now();
    const auto verified = system.verify();
    lib.verify = seconds_since(t0);
    t0 = std::chrono::steady_clock::now();
    const auto st = report::check_conformance(snap, month, verified);
    lib.conformance = seconds_since(t0);
    t0 = std::chrono::steady_clock::now();
    sink += report::to_html(r, &st).size() + report::to_json(r).size() + report::to_json(st).size();
    lib.render = seconds_since(t0);
    conforms = st.conforms();
    records = static_cast<std::size_t>(verified.records.records);
    t0 = std::chrono::steady_clock::now();
    ref_rows = raw_read(file, read_by_snapshot, sink);
    ref_s = seconds_since(t0);
    t0 = std::chrono::steady_clock::now();
    raw_read(file, every_table, sink);
    ref_verify_s = seconds_since(t0);
  }
  const double reference = ref_s + ref_verify_s;
  std::printf("BENCH report.full months=%d records=%zu entries=%lld file_mb=%.1f snapshot_s=%.3f build_s=%.3f "
              "verify_s=%.3f conformance_s=%.3f render_s=%.3f total_s=%.3f reference_s=%.3f ratio=%.2f "
              "reference_rows=%zu goal_s=2 within_goal=%s conforms=%s fill_s=%.1f (sink %llu)\n",
              months, records, static_cast<long long>(head.seq),
              static_cast<double>(fs::file_size(file)) / 1e6, lib.snapshot, lib.build, lib.verify, lib.conformance,
              lib.render, lib.total(), reference, lib.total() / reference, ref_rows, lib.total() <= 2 ? "yes" : "no",
              conforms ? "yes" : "no", fill_s, static_cast<unsigned long long>(sink % 10));
  std::printf("BENCH report.snapshot snapshot_s=%.3f reference_s=%.3f ratio=%.2f\n", lib.snapshot, ref_s,
              lib.snapshot / ref_s);
  fs::remove_all(dir);
  return 0;
}
