// service_provider_month: a month in the life of a small IT service provider, simulated on a
// manual clock over a SQLite file, then reported and checked. See docs/flagship-example.md.
//   service_provider_month [--db URI] [--seed N] [--small] [--fresh]
//     --db URI   store to use (default sqlite:service_provider_month.db; memory: works too, and
//                postgresql://host/db[?itsm_schema=NAME] when built with itsm::postgres)
//     --seed N   seed of the workload (default 42); the same seed gives the same month
//     --small    a small month (about 70 CIs, 50 incidents, 30 requests): the test suite's size
//     --fresh    delete the SQLite file first (otherwise a second run continues with the next month)
//     --expect-month YYYY-MM   fail unless this run simulates that month (used by the test suite)
// Exits 0 when every check holds, 1 when one fails, 2 on bad arguments.
#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>

#include "checks.hpp"
#include "itsm/report/render.hpp"
#include "itsm/storage/registry.hpp"
#ifdef ITSM_HAVE_POSTGRES
#include "itsm/storage/postgres.hpp"
#endif
#include "itsm/storage/sqlite.hpp"
#include "report.hpp"
#include "scenario.hpp"

using namespace itsm;

namespace {

struct options {
  std::string uri = "sqlite:service_provider_month.db";
  std::uint64_t seed = 42;
  bool small = false;
  bool fresh = false;
  std::string expect_month;  // "" = any
};

void usage() {
  std::cerr << "usage: service_provider_month [--db URI] [--seed N] [--small] [--fresh] [--expect-month YYYY-MM]\n";
}

bool parse(int argc, char** argv, options& o) {
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--small") {
      o.small = true;
    } else if (a == "--fresh") {
      o.fresh = true;
    } else if ((a == "--db" || a == "--seed" || a == "--expect-month") && i + 1 < argc) {
      const std::string v = argv[++i];
      if (a == "--db") {
        o.uri = v;
      } else if (a == "--expect-month") {
        o.expect_month = v;
      } else {
        try {
          o.seed = std::stoull(v);
        } catch (const std::exception&) {
          return false;
        }
      }
    } else {
      return false;
    }
  }
  return true;
}

// The file behind a "sqlite:<path>[?settings]" URI ("" for anything else).
std::string sqlite_path(const std::string& uri) {
  if (uri.rfind("sqlite:", 0) != 0) return {};
  auto path = uri.substr(7);
  path = path.substr(0, path.find('?'));
  return path == ":memory:" ? std::string() : path;
}

}  // namespace

int main(int argc, char** argv) {
  options opt;
  if (!parse(argc, argv, opt)) {
    usage();
    return 2;
  }
  const auto started = std::chrono::steady_clock::now();
  try {
    storage::register_sqlite();
#ifdef ITSM_HAVE_POSTGRES
    storage::register_postgres();  // --db postgresql://host/db[?itsm_schema=NAME]
#endif
    if (opt.fresh)
      if (const auto path = sqlite_path(opt.uri); !path.empty())
        for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
    std::shared_ptr<storage::backend> store(storage::open(opt.uri));
    auto clk = std::make_shared<manual_clock>(parse_iso("2000-01-01T00:00:00Z"));
    const auto size = opt.small ? spm::small_sizes() : spm::default_sizes();

    // Set-up: the catalogue and the CMDB (created on the first run, reused afterwards).
    spm::world w;
    std::string previous;  // the last month the store held, if any
    spm::month m;
    {
      std::optional<storage::audit_record> last;
      {
        auto tx = store->begin(storage::tx_mode::read_only);
        last = tx->last_audit();
      }
      // A store with data continues with the month after its last entry; an empty one starts
      // with the first month.
      m = spm::month_at(last ? spm::month_at(last->at).end : parse_iso(spm::first_month));
      if (last) previous = spm::month_at(last->at).label;
      clk->set(m.start);
      // The policies seed a new store; an existing store keeps (and enforces) its own.
      sms_options setup;
      setup.time_source = clk;
      setup.relationship_kinds = spm::relationship_kinds();
      setup.tickets = spm::make_ticket_policy();
      sms bootstrap(store, setup);
      spm::ensure_world(bootstrap, w, size);
    }

    // The month. Its change policy names the catalogue's services and the month's dates, so it
    // is stored now, through the write path, as the policy's next revision.
    auto events = std::make_shared<recording_sink>();
    sms_options o;
    o.time_source = clk;
    o.events = events;
    sms system(store, o);
    system.policies().set_changes(w.who.ada, spm::make_change_policy(w, m.start, m.end),
                                  {"change calendar of " + m.label, ""});
    const auto story = spm::run_month(system, *clk, w, m, size, opt.seed);
    const auto simulated = std::chrono::steady_clock::now();

    // The library's service report and conformance statement, from one snapshot at the month's end.
    const auto month_report = spm::make_report(system, w, m, story);
    fmt::print("itsm - a month in the life of a service provider\nstore {}  |  month {}  |  seed {}  |  size {}{}\n\n",
               opt.uri, m.label, opt.seed, opt.small ? "small" : "default",
               previous.empty() ? "" : "  |  continues after " + previous);
    fmt::print("{}", report::to_markdown(month_report.report));
    if (const auto path = sqlite_path(opt.uri); !path.empty()) {
      const auto html = std::filesystem::path(path).replace_extension(".html");
      std::ofstream(html) << report::to_html(month_report.report, &month_report.statement);
      fmt::print("\nThe report as one HTML page (charts included): {}\n", html.string());
    }
    auto checks = spm::run_checks(system, w, m, story, month_report.sla);

    fmt::print("\n== Audit trail {}\n", std::string(77, '='));
    const auto audit = system.verify_audit();
    fmt::print("  {} entries, {}\n  head hash {}\n", audit.entries,
               audit.ok ? "hash chain verified" : "BROKEN at entry " + std::to_string(audit.first_bad_seq) + ": " +
                                                      audit.problem,
               audit.head_hash);
    if (audit.ok) fmt::print("  checkpoint to keep outside the store: {}\n", audit::format_checkpoint(audit::to_checkpoint(audit)));
    checks.push_back({"the audit chain verifies", audit.ok, fmt::format("{} entries", audit.entries)});
    // Every stored row equals the state its audit trail says it has (nothing bypassed the path).
    const auto rows = system.verify_records();
    fmt::print("  {} records checked against the trail: {} verified, {} id counters, {} findings\n", rows.records,
               rows.verified, rows.sequences, rows.findings.size());
    checks.push_back({"every stored record equals its audit trail", rows.ok,
                      fmt::format("{} records, {} findings", rows.records, rows.findings.size())});
    const auto& statement = month_report.statement;
    checks.push_back({"the statement of conformance finds no nonconformity", statement.conforms(),
                      fmt::format("{} requirements checked, {} without a check yet", statement.results.size(),
                                  statement.unchecked.size())});
    if (!opt.expect_month.empty())
      checks.push_back({"the run simulated the expected month", m.label == opt.expect_month,
                        fmt::format("{} (expected {})", m.label, opt.expect_month)});

    fmt::print("\n== Checks {}\n", std::string(83, '='));
    bool ok = true;
    for (const auto& c : checks) {
      fmt::print("  [{}] {} - {}\n", c.ok ? "ok" : "FAILED", c.name, c.detail);
      ok = ok && c.ok;
    }
    const auto done = std::chrono::steady_clock::now();
    const auto secs = [](auto d) { return std::chrono::duration<double>(d).count(); };
    fmt::print("\n{} workflow steps simulated in {:.2f} s, report and checks {:.2f} s; store {}\n", story.steps,
               secs(simulated - started), secs(done - simulated), opt.uri);
    fmt::print("report and conformance check over {} records and {} audit entries: {:.2f} s\n", month_report.records,
               month_report.report.audit_head, month_report.seconds);
    fmt::print("\n{}", report::to_markdown(month_report.statement));
    if (!ok) fmt::print("SOME CHECKS FAILED\n");
    return ok ? 0 : 1;
  } catch (const std::exception& e) {
    std::cerr << "service_provider_month: " << e.what() << "\n";
    return 1;
  }
}
