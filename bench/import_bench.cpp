// bench/run import [--quick]
// CMDB import from CSV into SQLite through the write path (configuration().import_csv: parse,
// identify, rules, authorization, audit hash chain) in one batch, against a hand-written raw
// SQLite importer in the same run: it splits the same CSV text and inserts exactly the rows the
// library wrote (every table, same DDL and indexes, audit rows with a recomputed SHA-256 chain)
// through prepared statements (bench/raw_replay.hpp). Then:
//   - the unchanged second run of the same files (must write nothing; time against the first);
//   - the live CMDB graph after interleaved writes: per round, one CI or relationship write, a
//     snapshot (the graph's update cost per committed write) and one impact query (p99), against
//     building the graph from the store per question (what impact_of did before the live graph).
// Full: 100k CIs + 150k relationships, 1,000 rounds. --quick: 5k + 7.5k, 100 rounds.
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <numeric>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "bench_common.hpp"
#include "itsm/graph/builder.hpp"
#include "itsm/process/sms.hpp"
#include "itsm/storage/sqlite.hpp"
#include "raw_replay.hpp"

namespace fs = std::filesystem;
using namespace itsm;
using itsm::bench::seconds_since;
using namespace itsm::bench::replay;

namespace {

const actor carla{"carla", {std::string(roles::configuration_manager)}};

// n CIs: a quarter hosts, the rest applications; each application runs on a host and depends on
// another application: 1.5 relationships per CI.
struct files {
  std::string cis, relationships;
};
files generate(std::size_t n) {
  files f;
  const std::size_t hosts = n / 4, apps = n - hosts;
  f.cis = "type,name,status,cpus,port\n";
  f.relationships = "source_type,source,kind,target_type,target\n";
  char line[160];
  for (std::size_t h = 0; h < hosts; ++h) {
    std::snprintf(line, sizeof line, "host,host-%07zu,live,%zu,\n", h, 2 + h % 62);
    f.cis += line;
  }
  itsm::bench::splitmix64 rng{42};
  for (std::size_t a = 0; a < apps; ++a) {
    std::snprintf(line, sizeof line, "application,app-%07zu,live,,%zu\n", a, 1024 + a % 60000);
    f.cis += line;
    std::snprintf(line, sizeof line, "application,app-%07zu,runs_on,host,host-%07zu\n", a, rng.below(hosts));
    f.relationships += line;
    std::snprintf(line, sizeof line, "application,app-%07zu,depends_on,application,app-%07zu\n", a,
                  (a + 1 + rng.below(apps - 1)) % apps);
    f.relationships += line;
  }
  return f;
}

// The reference importer's reading of a file: every field of every row split out.
std::size_t split_csv(const std::string& text, std::vector<std::string>& fields) {
  fields.clear();
  std::size_t rows = 0, from = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == ',' || text[i] == '\n') {
      fields.emplace_back(text, from, i - from);
      from = i + 1;
      rows += text[i] == '\n';
    }
  }
  return rows;
}

sms open_library(const fs::path& file) {
  return sms(storage::make_sqlite_backend(file.string()), sms_options{nullptr, std::make_shared<allow_all>(), nullptr, {}});
}

void define_types(sms& system) {
  auto& conf = system.configuration();
  conf.define_type(carla, {"host", 0, "", "a server", {{"cpus", value_type::integer, true, 1, 1024}}, {}});
  conf.define_type(carla, {"application", 0, "", "software", {{"port", value_type::integer, false, 1, 65535}},
                           {"runs_on", "depends_on"}});
}

std::int64_t audit_seq(const fs::path& file) {
  auto store = storage::make_sqlite_backend(file.string());
  auto tx = store->begin(storage::tx_mode::read_only);
  const auto last = tx->last_audit();
  return last ? last->seq : 0;
}

// Process CPU time: steadier than the wall clock on a shared machine.
double cpu_since(std::clock_t c0) { return static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC; }

double percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

// What impact_of did before the live graph: read the CMDB from the store and build per question.
graph::graph graph_from_store(sms& system, const actor& who) {
  graph::builder b(graph::kind_table::of(system.policies().relationship_kinds(who)));
  for (const auto& ci : system.configuration().list(who)) b.put_node({ci.id.number(), ci.type, ci.name, false, true, 0});
  for (const auto& r : system.configuration().all_relationships(who))
    if (b.kinds().find(r.kind)) b.add_edge({r.source.number(), r.target.number(), r.kind, r.id.number()});
  return b.build();
}

}  // namespace

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  bool quick = false;
  for (int i = 1; i < argc; ++i) quick = quick || std::strcmp(argv[i], "--quick") == 0;
  const std::size_t n = quick ? 5'000 : 100'000;
  const std::size_t rounds = quick ? 100 : 1'000;
  const fs::path dir = fs::temp_directory_path() / ("itsm-import-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const auto lib_file = dir / "lib.db", raw_file = dir / "raw.db";
  const auto input = generate(n);

  double first_s = 0, second_s = 0, first_cpu = 0, raw_cpu = 0;
  std::size_t written = 0, rewritten = 0;
  std::int64_t seq_after_first = 0;
  {
    auto system = open_library(lib_file);
    define_types(system);
    auto t0 = std::chrono::steady_clock::now();
    const auto c0 = std::clock();
    const auto plan = system.configuration().import_csv(carla, {input.cis, input.relationships});
    first_s = seconds_since(t0);
    first_cpu = cpu_since(c0);
    written = plan.writes();
    if (!plan.refusals.empty()) {
      std::fprintf(stderr, "import: refused %s row %zu: %s\n", plan.refusals[0].file.c_str(), plan.refusals[0].row,
                   plan.refusals[0].why.message.c_str());
      return 1;
    }
  }
  seq_after_first = audit_seq(lib_file);
  {
    auto system = open_library(lib_file);
    auto t0 = std::chrono::steady_clock::now();
    const auto plan = system.configuration().import_csv(carla, {input.cis, input.relationships});
    second_s = seconds_since(t0);
    rewritten = plan.writes();
  }
  const bool wrote_nothing = rewritten == 0 && audit_seq(lib_file) == seq_after_first;

  // The reference: split the same CSV, insert the rows the library wrote (those of the import
  // itself: the types and policies were there before).
  std::string ddl;
  auto tables = library_rows(lib_file, ddl);
  sqlite3* raw = open_raw(raw_file, ddl);
  auto t0 = std::chrono::steady_clock::now();
  const auto c0 = std::clock();
  std::vector<std::string> fields;
  std::size_t csv_rows = split_csv(input.cis, fields);
  csv_rows += split_csv(input.relationships, fields);
  const std::size_t rows = insert_rows(raw, tables, 1);
  const double raw_s = seconds_since(t0);
  raw_cpu = cpu_since(c0);
  sqlite3_close(raw);
  free_rows(tables);
  std::printf("BENCH import.csv cis=%zu relationships=%zu records_written=%zu rows=%zu csv_rows=%zu first_s=%.3f "
              "raw_s=%.3f records_per_s=%.0f raw_records_per_s=%.0f ratio=%.3f cpu_s=%.3f raw_cpu_s=%.3f cpu_ratio=%.3f\n",
              n, (n - n / 4) * 2, written, rows, csv_rows,
              first_s, raw_s, written / first_s, written / raw_s, raw_s / first_s, first_cpu, raw_cpu, raw_cpu / first_cpu);
  std::printf("BENCH import.unchanged records=%zu first_s=%.3f second_s=%.3f second_over_first=%.3f writes=%zu "
              "wrote_nothing=%s\n",
              written, first_s, second_s, second_s / first_s, rewritten, wrote_nothing ? "yes" : "no");

  // The live graph after interleaved writes.
  {
    auto system = open_library(lib_file);
    auto& conf = system.configuration();
    const auto hosts = conf.list(carla, "host");
    const auto apps = conf.list(carla, "application");
    itsm::bench::splitmix64 rng{7};
    std::vector<double> snapshot_us, impact_us;
    (void)conf.graph(carla);  // the first snapshot builds from the store
    for (std::size_t r = 0; r < rounds; ++r) {
      if (r % 2 == 0) {
        auto ci = conf.find(carla, hosts[rng.below(hosts.size())].id).value();
        ci.attributes["cpus"] = value(static_cast<std::int64_t>(2 + rng.below(60)));
        conf.update(carla, ci);
      } else {
        const auto& a = apps[rng.below(apps.size())];
        conf.relate(carla, a.id, "runs_on", hosts[rng.below(hosts.size())].id);
      }
      auto s0 = std::chrono::steady_clock::now();
      const auto g = conf.graph(carla);
      snapshot_us.push_back(seconds_since(s0) * 1e6);
      const graph::node_key failed[] = {hosts[rng.below(hosts.size())].id.number()};
      s0 = std::chrono::steady_clock::now();
      const auto hit = g.impact(failed);
      impact_us.push_back(seconds_since(s0) * 1e6);
      if (hit.impacted.size() > g.node_count()) return 1;  // keeps the query
    }
    std::vector<double> rebuild_us;
    for (std::size_t r = 0; r < std::min<std::size_t>(rounds, 5); ++r) {
      const auto s0 = std::chrono::steady_clock::now();
      const auto g = graph_from_store(system, carla);
      const graph::node_key failed[] = {hosts[rng.below(hosts.size())].id.number()};
      (void)g.impact(failed);
      rebuild_us.push_back(seconds_since(s0) * 1e6);
    }
    const double p99 = percentile(impact_us, 0.99);
    const double snap_mean = std::accumulate(snapshot_us.begin(), snapshot_us.end(), 0.0) / snapshot_us.size();
    const double ref = percentile(rebuild_us, 0.5);
    std::printf("BENCH import.live_graph cis=%zu rounds=%zu impact_p99_us=%.1f impact_p50_us=%.1f "
                "update_per_write_us=%.0f ref=rebuild_from_store_per_query ref_p50_us=%.0f ratio=%.1f\n",
                n, rounds, p99, percentile(impact_us, 0.5), snap_mean, ref, ref / (snap_mean + p99));
  }
  fs::remove_all(dir);
  return 0;
}
