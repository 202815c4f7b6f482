// bench/run query [--quick]
// Typed queries (sms::queries) on 1,000,000 incidents (--quick: 50,000) of the real incident kind,
// from a fixed-seed generator, through the whole process layer: authorization, the store query,
// decoding into model::incident, cursors. The reference is the same query written by hand against
// the raw SQLite C API on the same file (so the same indexes), reading every column of each row.
//   page1  state IN (recorded, assigned, in_progress) AND assignment_group = G AND priority <= 2
//          ORDER BY opened_at, id LIMIT 50 (G cycles over the teams)
//   page2  the same query's next page via its cursor / a (opened_at, id) > (?, ?) keyset
//   count  count of the same filter
//   search full-text search of two words (cycling over word pairs), top 20 by BM25, against
//          the same MATCH ORDER BY rank LIMIT 20 on the store's FTS5 table, every column read
// The memory adapter's figures for the same queries are printed beside them (no reference).
// Prints BENCH query.<adapter>.<query> p50_us=… p99_us=… ref_p50_us=… ref_p99_us=… ratio_p99=…
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "bench_common.hpp"
#include "itsm/process/sms.hpp"
#include "itsm/storage/memory.hpp"
#include "itsm/storage/sqlite.hpp"

namespace {

using namespace itsm;
using clk = std::chrono::steady_clock;
using model::incident;
using model::incident_state;

const char* const teams[] = {"network", "database", "service-desk", "storage", "unix",
                             "windows", "identity", "mail", "erp", "web"};
constexpr int team_count = 10;

// Weighted like a real desk: most incidents are closed.
incident_state pick_state(bench::splitmix64& r) {
  const auto p = r.below(100);
  if (p < 70) return incident_state::closed;
  if (p < 80) return incident_state::resolved;
  if (p < 86) return incident_state::in_progress;
  if (p < 91) return incident_state::assigned;
  if (p < 96) return incident_state::recorded;
  return incident_state::pending;
}

// Words of titles and descriptions; a search asks for two of them.
const char* const words[] = {"mail",    "queue",   "relay",   "printer", "offline", "vpn",    "tunnel",  "drops",
                             "disk",    "full",    "password", "reset",  "login",   "slow",   "timeout", "server",
                             "backup",  "failed",  "certificate", "expired", "network", "switch", "port", "down",
                             "database", "lock",   "deadlock", "report", "payroll", "error", "crash", "update"};
constexpr std::size_t word_count = sizeof(words) / sizeof(words[0]);

std::string some_words(bench::splitmix64& r, int n) {
  std::string out;
  for (int k = 0; k < n; ++k) out += std::string(k ? " " : "") + words[r.below(word_count)];
  return out;
}

std::string search_text(int i) {
  const auto k = static_cast<std::size_t>(i) % word_count;
  return std::string(words[k]) + " " + words[(k * 7 + 3) % word_count];
}

incident make(std::size_t i, bench::splitmix64& r, timestamp base) {
  incident inc;
  inc.id = incident_id::parse("INC-" + std::to_string(i + 1));
  bench::splitmix64 w{i * 31 + 7};  // apart from r, so the other fields stay as they were
  inc.title = "incident " + std::to_string(i) + " " + some_words(w, 3);
  inc.description = some_words(w, 8);
  inc.state = pick_state(r);
  inc.impact = 1 + static_cast<int>(r.below(3));
  inc.urgency = 1 + static_cast<int>(r.below(3));
  inc.priority = 1 + static_cast<int>(r.below(5));
  inc.category = "software";
  inc.assignment_group = teams[r.below(team_count)];
  inc.assignee = r.below(4) == 0 ? "" : "agent-" + std::to_string(r.below(200));
  inc.caller = "caller-" + std::to_string(r.below(5000));
  inc.opened_at = base + boost::posix_time::seconds(static_cast<long>(r.below(365L * 24 * 3600)));
  return inc;
}

void load(storage::backend& be, std::size_t n) {
  bench::splitmix64 r{12};
  const auto base = parse_iso("2025-01-01T00:00:00Z");
  const auto& def = incident::def();
  constexpr std::size_t batch = 50'000;
  for (std::size_t done = 0; done < n;) {
    auto tx = be.begin(storage::tx_mode::read_write);
    for (std::size_t k = 0; k < batch && done < n; ++k, ++done) {
      const auto inc = make(done, r, base);
      tx->put("incident", storage::record{def.key(inc), 0, def.encode(inc)});
    }
    tx->commit();
  }
}

struct stats {
  double p50 = 0, p99 = 0;
};
stats summarize(std::vector<double> us) {
  std::sort(us.begin(), us.end());
  auto at = [&](double q) { return us[std::min(us.size() - 1, static_cast<std::size_t>(q * us.size()))]; };
  return {at(0.50), at(0.99)};
}

// Times `f` (one run = one call) `runs` times after `warm` untimed calls; microseconds.
stats time_it(int warm, int runs, const std::function<void(int)>& f) {
  for (int i = 0; i < warm; ++i) f(i);
  std::vector<double> us;
  us.reserve(static_cast<std::size_t>(runs));
  for (int i = 0; i < runs; ++i) {
    const auto t0 = clk::now();
    f(i);
    us.push_back(bench::seconds_since(t0) * 1e6);
  }
  return summarize(std::move(us));
}

query<incident> page_query(int i) {
  return query<incident>()
      .where(field("state").in({incident_state::recorded, incident_state::assigned, incident_state::in_progress}) &&
             field("assignment_group").eq(teams[i % team_count]) && field("priority").le(2))
      .order_by("opened_at")
      .limit(50);
}

// ---- the reference: raw SQLite C API -------------------------------------------------------------

class reference {
 public:
  explicit reference(const std::string& path) {
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) fail("open");
    const std::string filter =
        " FROM incident WHERE state IN ('recorded', 'assigned', 'in_progress') AND assignment_group = ?1 "
        "AND priority <= 2";
    prepare(page1_, "SELECT *" + filter + " ORDER BY opened_at, id LIMIT 51");
    prepare(page2_, "SELECT *" + filter + " AND (opened_at, id) > (?2, ?3) ORDER BY opened_at, id LIMIT 51");
    prepare(count_, "SELECT count(*)" + filter);
  }
  ~reference() {
    for (auto* st : {page1_, page2_, count_, search_}) sqlite3_finalize(st);
    sqlite3_close(db_);
  }
  reference(const reference&) = delete;
  reference& operator=(const reference&) = delete;

  // One page as rows of column texts (every column read, as a product would). Page 1 of a team
  // keeps its last row's (opened_at, id); page 2 starts after it.
  std::size_t page(int i, bool next) {
    sqlite3_stmt* st = next ? page2_ : page1_;
    auto& at = anchors_[static_cast<std::size_t>(i % team_count)];
    sqlite3_reset(st);
    sqlite3_bind_text(st, 1, teams[i % team_count], -1, SQLITE_STATIC);
    if (next) {
      sqlite3_bind_text(st, 2, at.opened.c_str(), -1, SQLITE_STATIC);
      sqlite3_bind_text(st, 3, at.id.c_str(), -1, SQLITE_STATIC);
    }
    rows_.clear();
    const int cols = sqlite3_column_count(st);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
      std::vector<std::string> row;
      row.reserve(static_cast<std::size_t>(cols));
      for (int c = 0; c < cols; ++c) {
        const auto* t = sqlite3_column_text(st, c);
        row.emplace_back(t ? reinterpret_cast<const char*>(t) : "", static_cast<std::size_t>(sqlite3_column_bytes(st, c)));
      }
      rows_.push_back(std::move(row));
    }
    if (rc != SQLITE_DONE) fail("step");
    if (rows_.size() > 50) rows_.resize(50);
    if (!next && !rows_.empty()) {
      at.id = rows_.back()[0];
      at.opened = rows_.back()[static_cast<std::size_t>(opened_col(st))];
    }
    return rows_.size();

  }
  // The hand-written FTS5 query: MATCH on the two words, ORDER BY rank, every column read.
  std::size_t search(int i) {
    if (!search_)
      prepare(search_, "SELECT k.* FROM \"_fts_incident\" JOIN \"incident\" AS k ON k.rowid = \"_fts_incident\".rowid "
                       "WHERE \"_fts_incident\" MATCH ?1 ORDER BY rank LIMIT 20");
    sqlite3_reset(search_);
    const auto text = search_text(i);
    sqlite3_bind_text(search_, 1, text.c_str(), -1, SQLITE_TRANSIENT);
    std::size_t rows = 0;
    std::vector<std::string> row;
    int rc;
    while ((rc = sqlite3_step(search_)) == SQLITE_ROW) {
      row.clear();
      for (int c = 0; c < sqlite3_column_count(search_); ++c) {
        const auto* t = sqlite3_column_text(search_, c);
        row.emplace_back(t ? reinterpret_cast<const char*>(t) : "", static_cast<std::size_t>(sqlite3_column_bytes(search_, c)));
      }
      ++rows;
    }
    if (rc != SQLITE_DONE) fail("search");
    return rows;
  }

  std::int64_t count(int i) {
    sqlite3_reset(count_);
    sqlite3_bind_text(count_, 1, teams[i % team_count], -1, SQLITE_STATIC);
    if (sqlite3_step(count_) != SQLITE_ROW) fail("count");
    return sqlite3_column_int64(count_, 0);
  }

 private:
  static int opened_col(sqlite3_stmt* st) {
    for (int c = 0; c < sqlite3_column_count(st); ++c)
      if (std::strcmp(sqlite3_column_name(st, c), "opened_at") == 0) return c;
    return 0;
  }
  void prepare(sqlite3_stmt*& st, const std::string& sql) {
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) fail(sql.c_str());
  }
  [[noreturn]] void fail(const char* what) {
    std::fprintf(stderr, "reference: %s: %s\n", what, sqlite3_errmsg(db_));
    std::exit(1);
  }
  sqlite3* db_ = nullptr;
  sqlite3_stmt* page1_ = nullptr;
  sqlite3_stmt* page2_ = nullptr;
  sqlite3_stmt* count_ = nullptr;
  sqlite3_stmt* search_ = nullptr;
  std::vector<std::vector<std::string>> rows_;
  struct anchor {
    std::string opened, id;
  };
  std::vector<anchor> anchors_ = std::vector<anchor>(team_count);
};

// ---- itsm ------------------------------------------------------------------------------------------

struct itsm_side {
  explicit itsm_side(std::shared_ptr<storage::backend> be) : system(std::move(be)) {}
  sms system;
  actor staff{"dave", {std::string(roles::service_desk)}};
  std::vector<std::string> cursors = std::vector<std::string>(team_count);

  std::size_t page(int i, bool next) {
    const auto q = page_query(i);
    auto& c = cursors[static_cast<std::size_t>(i % team_count)];
    const auto p = system.queries().find(staff, next ? q.after(c) : q);
    if (!next) c = p.next_cursor;
    return p.items.size();
  }
  std::uint64_t count(int i) { return system.queries().count(staff, page_query(i)); }
  std::size_t search(int i) { return system.queries().search<incident>(staff, search_text(i), 20).items.size(); }
};

void report(const char* adapter, const char* what, std::size_t n, const stats& s, const stats* ref) {
  if (ref)
    std::printf("BENCH query.%s.%s incidents=%zu p50_us=%.0f p99_us=%.0f ref_p50_us=%.0f ref_p99_us=%.0f "
                "ratio_p99=%.2f\n",
                adapter, what, n, s.p50, s.p99, ref->p50, ref->p99, s.p99 / ref->p99);
  else
    std::printf("BENCH query.%s.%s incidents=%zu p50_us=%.0f p99_us=%.0f\n", adapter, what, n, s.p50, s.p99);
}

}  // namespace

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  bool quick = false;
  for (int i = 1; i < argc; ++i) quick = quick || std::strcmp(argv[i], "--quick") == 0;
  const std::size_t n = quick ? 50'000 : 1'000'000;
  const int runs = quick ? 200 : 1000;
  const int warm = 20;
  try {
    const auto dir = std::filesystem::temp_directory_path() / ("itsm-query-bench-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const auto path = (dir / "store.db").string();
    {
      std::shared_ptr<storage::backend> be = storage::make_sqlite_backend(path);
      itsm_side side(be);
      auto t0 = clk::now();
      load(*be, n);
      std::printf("BENCH query.sqlite.load incidents=%zu seconds=%.1f\n", n, bench::seconds_since(t0));
      reference ref(path);
      // Both sides must agree before they are timed.
      for (int i = 0; i < team_count; ++i) {
        if (side.page(i, false) != ref.page(i, false) || side.page(i, true) != ref.page(i, true) ||
            side.count(i) != static_cast<std::uint64_t>(ref.count(i))) {
          std::fprintf(stderr, "itsm and the reference disagree on team %s\n", teams[i]);
          return 1;
        }
      }
      const auto r1 = time_it(warm, runs, [&](int i) { ref.page(i, false); });
      const auto s1 = time_it(warm, runs, [&](int i) { side.page(i, false); });
      report("sqlite", "page1", n, s1, &r1);
      for (int i = 0; i < team_count; ++i) ref.page(i, false);
      const auto r2 = time_it(warm, runs, [&](int i) { ref.page(i, true); });
      const auto s2 = time_it(warm, runs, [&](int i) { side.page(i, true); });
      report("sqlite", "page2", n, s2, &r2);
      const auto rc = time_it(warm, runs, [&](int i) { ref.count(i); });
      const auto sc = time_it(warm, runs, [&](int i) { side.count(i); });
      report("sqlite", "count", n, sc, &rc);
      for (int i = 0; i < static_cast<int>(word_count); ++i)
        if (side.search(i) != ref.search(i)) {
          std::fprintf(stderr, "itsm and the reference disagree on the search '%s'\n", search_text(i).c_str());
          return 1;
        }
      const auto rs = time_it(warm, runs, [&](int i) { ref.search(i); });
      const auto ss = time_it(warm, runs, [&](int i) { side.search(i); });
      report("sqlite", "search", n, ss, &rs);
    }
    std::filesystem::remove_all(dir);
    {
      std::shared_ptr<storage::backend> be = storage::make_memory_backend();
      itsm_side side(be);
      auto t0 = clk::now();
      load(*be, n);
      std::printf("BENCH query.memory.load incidents=%zu seconds=%.1f\n", n, bench::seconds_since(t0));
      for (int i = 0; i < team_count; ++i) side.page(i, false);
      report("memory", "page1", n, time_it(warm, runs, [&](int i) { side.page(i, false); }), nullptr);
      report("memory", "page2", n, time_it(warm, runs, [&](int i) { side.page(i, true); }), nullptr);
      report("memory", "count", n, time_it(warm, runs, [&](int i) { side.count(i); }), nullptr);
      // An exact BM25 over every incident per search (no index): a few runs only.
      report("memory", "search", n, time_it(2, quick ? 10 : 5, [&](int i) { side.search(i); }), nullptr);
    }
  } catch (const itsm::error& e) {
    std::fprintf(stderr, "query bench: %s\n", e.what());
    return 1;
  }
  return 0;
}
