// Memory adapter benchmark: an incident-like kind with 1,000,000 rows (--quick: 50,000) from a
// fixed-seed generator, queried and updated through the storage SPI, against a plain hand-made
// store (std::unordered_map of structs plus hand-made secondary indexes) in the same run. Both
// sides have the same indexes: composite ordered (state, assignment_group, priority) and ci.
//   q1  state = in_progress AND assignment_group = G AND priority <= 2   (~300 hits at full size),
//       timed cold (after a cache flush) and warm (the same query again at once)
//   q2  ci = C                                                             (~1 hit)
//   upd get + put of one incident's state in a read_write transaction, committed
// Prints BENCH memory.load … and BENCH memory.query … (medians in microseconds).
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "itsm/core/time.hpp"
#include "itsm/storage/memory.hpp"

namespace {

using namespace itsm;
using namespace itsm::storage;
using clk = std::chrono::steady_clock;

// ---- data -------------------------------------------------------------------------------------

struct rng {  // splitmix64: the same sequence on every platform
  std::uint64_t s;
  std::uint64_t next() {
    std::uint64_t z = (s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  std::uint64_t below(std::uint64_t n) { return next() % n; }
};

struct incident {
  std::string id;
  std::string state;
  std::string assignment_group;
  std::int64_t priority = 0;
  std::string ci;
  timestamp opened_at;
  std::string title;
  std::string caller;
  std::string category;
  std::optional<timestamp> resolved_at;

  bool operator==(const incident&) const = default;
};

const char* const kStates[] = {"closed", "resolved", "in_progress", "new", "on_hold", "cancelled"};
const int kStateWeights[] = {70, 10, 8, 5, 4, 3};  // percent
const int kPrioWeights[] = {5, 10, 35, 40, 10};    // priority 1..5, percent
const char* const kTeams[] = {"network", "database", "service-desk", "storage", "unix",
                              "windows", "identity", "mail", "erp", "web"};
const char* const kRegions[] = {"emea", "amer", "apac", "hq"};
const char* const kCategories[] = {"hardware", "software", "network", "access", "inquiry", "database",
                                   "security", "facilities"};
const char* const kTitles[] = {"Email not syncing on mobile device", "VPN connection drops every few minutes",
                               "Cannot log in to the expense portal", "Printer on floor 3 shows paper jam",
                               "Database backup job failed overnight", "Slow response times in the CRM",
                               "Password reset link has expired", "Disk usage above 90 percent on server"};

std::vector<std::string> groups() {
  std::vector<std::string> g;
  for (auto t : kTeams)
    for (auto r : kRegions) g.push_back(std::string(t) + "-" + r);
  return g;  // 40 groups
}

int weighted(rng& r, const int* weights, int n) {
  int x = static_cast<int>(r.below(100));
  for (int i = 0; i < n; ++i) {
    if (x < weights[i]) return i;
    x -= weights[i];
  }
  return n - 1;
}

std::string padded_number(const char* prefix, std::uint64_t n, int width) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%s%0*llu", prefix, width, static_cast<unsigned long long>(n));
  return buf;
}

std::vector<incident> generate(std::size_t n) {
  rng r{20260301};
  const auto gs = groups();
  const timestamp base = parse_iso("2023-01-01T00:00:00Z");
  std::vector<incident> out;
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    incident x;
    x.id = padded_number("INC", i + 1, 7);
    x.state = kStates[weighted(r, kStateWeights, 6)];
    x.assignment_group = gs[r.below(gs.size())];
    x.priority = weighted(r, kPrioWeights, 5) + 1;
    x.ci = padded_number("CI", r.below(10'000'000), 7);
    x.opened_at = base + seconds(static_cast<std::int64_t>(r.below(3 * 365 * 86400)));
    x.title = std::string(kTitles[r.below(8)]) + " #" + std::to_string(r.below(10000));
    x.caller = padded_number("user", r.below(200'000), 6);
    x.category = kCategories[r.below(8)];
    if (x.state == "closed" || x.state == "resolved" || x.state == "cancelled")
      x.resolved_at = x.opened_at + seconds(static_cast<std::int64_t>(600 + r.below(20 * 86400)));
    out.push_back(std::move(x));
  }
  return out;
}

// ---- the library side -------------------------------------------------------------------------

schema incident_schema() {
  schema s;
  s.kind = "incident";
  s.fields = {{"state", value_type::text, false},   {"assignment_group", value_type::text, true},
              {"priority", value_type::integer, true}, {"ci", value_type::text, true},
              {"opened_at", value_type::time, false}, {"title", value_type::text, false},
              {"caller", value_type::text, true},     {"category", value_type::text, true},
              {"resolved_at", value_type::time, true}};
  s.indexes = {{"by_state_group_priority", {"state", "assignment_group", "priority"}}, {"by_ci", {"ci"}}};
  return s;
}

record to_record(const incident& x) {
  return record{x.id, 0,
                {x.state, x.assignment_group, x.priority, x.ci, x.opened_at, x.title, x.caller, x.category,
                 x.resolved_at ? value(*x.resolved_at) : value()}};
}

incident from_record(const record& r) {
  incident x;
  x.id = r.id;
  x.state = r.values[0].as_text();
  x.assignment_group = r.values[1].as_text();
  x.priority = r.values[2].as_int();
  x.ci = r.values[3].as_text();
  x.opened_at = r.values[4].as_time();
  x.title = r.values[5].as_text();
  x.caller = r.values[6].as_text();
  x.category = r.values[7].as_text();
  if (!r.values[8].is_null()) x.resolved_at = r.values[8].as_time();
  return x;
}

std::vector<record> lib_q1(backend& db, const std::string& state, const std::string& group) {
  auto tx = db.begin(tx_mode::read_only);
  query q;
  q.kind = "incident";
  q.where_eq("state", state).where_eq("assignment_group", group).where_le("priority", 2);
  return tx->scan(q);
}

std::vector<record> lib_q2(backend& db, const std::string& ci) {
  auto tx = db.begin(tx_mode::read_only);
  query q;
  q.kind = "incident";
  q.where_eq("ci", ci);
  return tx->scan(q);
}

void lib_update(backend& db, const std::string& id, const std::string& state) {
  auto tx = db.begin(tx_mode::read_write);
  auto r = tx->get("incident", id);
  r->values[0] = state;
  tx->put("incident", *r);
  tx->commit();
}

// ---- the hand-made reference ------------------------------------------------------------------

// The library's indexes, hand-made: an ordered set of (state, group, priority, id) — the
// composite index q1 walks as a prefix plus a priority range — and a hash of ci → ids.
class reference_store {
 public:
  void insert(const incident& x) {
    by_sgp_.emplace(x.state, x.assignment_group, x.priority, x.id);
    by_ci_[x.ci].push_back(x.id);
    rows_.emplace(x.id, x);
  }
  void reserve(std::size_t n) {
    rows_.reserve(n);
    by_ci_.reserve(n);
  }

  // state = S AND group = G AND priority <= 2.
  std::vector<incident> q1(const std::string& state, const std::string& group) const {
    std::vector<incident> out;
    const auto end = by_sgp_.upper_bound(sgp_probe{state, group, 2});
    for (auto it = by_sgp_.lower_bound(sgp_probe{state, group, INT64_MIN}); it != end; ++it)
      out.push_back(rows_.find(std::get<3>(*it))->second);
    return out;
  }

  std::vector<incident> q2(const std::string& ci) const {
    std::vector<incident> out;
    auto it = by_ci_.find(ci);
    if (it == by_ci_.end()) return out;
    for (const auto& id : it->second) out.push_back(rows_.find(id)->second);
    return out;
  }

  void update_state(const std::string& id, const std::string& state) {
    incident& x = rows_.find(id)->second;
    auto node = by_sgp_.extract(sgp{x.state, x.assignment_group, x.priority, x.id});
    x.state = state;
    std::get<0>(node.value()) = state;
    by_sgp_.insert(std::move(node));
  }

 private:
  using sgp = std::tuple<std::string, std::string, std::int64_t, std::string>;
  // A bound of the (state, group, priority) prefix, below (id = "") or above every id.
  struct sgp_probe {
    const std::string& state;
    const std::string& group;
    std::int64_t priority;
  };
  struct sgp_less {
    using is_transparent = void;
    bool operator()(const sgp& a, const sgp& b) const { return a < b; }
    // A probe sorts before all ids of its prefix when its priority is INT64_MIN, after them otherwise.
    bool operator()(const sgp& a, const sgp_probe& p) const {
      return std::tie(std::get<0>(a), std::get<1>(a), std::get<2>(a)) < std::tie(p.state, p.group, p.priority) ||
             (p.priority != INT64_MIN && std::tie(std::get<0>(a), std::get<1>(a), std::get<2>(a)) ==
                                             std::tie(p.state, p.group, p.priority));
    }
    bool operator()(const sgp_probe& p, const sgp& a) const {
      return std::tie(p.state, p.group, p.priority) < std::tie(std::get<0>(a), std::get<1>(a), std::get<2>(a));
    }
  };
  std::unordered_map<std::string, incident> rows_;
  std::set<sgp, sgp_less> by_sgp_;
  std::unordered_map<std::string, std::vector<std::string>> by_ci_;
};

// ---- measuring --------------------------------------------------------------------------------

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

template <class F>
double time_us(F&& f) {
  const auto t0 = clk::now();
  f();
  return std::chrono::duration<double, std::micro>(clk::now() - t0).count();
}

// Reads a buffer larger than the last-level cache so that the next operation starts cold.
std::size_t flush_caches() {
  static std::vector<std::uint64_t> junk(64u << 20 >> 3, 1);
  std::uint64_t sum = 0;
  for (std::size_t i = 0; i < junk.size(); i += 8) sum += junk[i]++;
  return static_cast<std::size_t>(sum & 1);
}

[[noreturn]] void mismatch(const std::string& what) {
  std::fprintf(stderr, "memory_bench: library and reference disagree: %s\n", what.c_str());
  std::exit(1);
}

void same_rows(std::vector<record> lib, std::vector<incident> ref, const std::string& what) {
  std::vector<incident> got;
  for (const auto& r : lib) got.push_back(from_record(r));
  auto by_id = [](const incident& a, const incident& b) { return a.id < b.id; };
  std::sort(got.begin(), got.end(), by_id);
  std::sort(ref.begin(), ref.end(), by_id);
  if (!std::is_sorted(lib.begin(), lib.end(), [](auto& a, auto& b) { return a.id < b.id; }))
    mismatch(what + ": library result not ordered by id");
  if (got != ref) mismatch(what + ": " + std::to_string(got.size()) + " vs " + std::to_string(ref.size()) + " rows");
}

}  // namespace

int main(int argc, char** argv) {
  const bool quick = argc > 1 && std::strcmp(argv[1], "--quick") == 0;
  const std::size_t n = quick ? 50'000 : 1'000'000;
  const auto data = generate(n);
  const auto gs = groups();

  // Load: batches of 10,000 puts per committed transaction; records built outside the timer.
  // Each side loads a fresh store `load_reps` times, the sides taking turns to go first (a
  // single load is at the mercy of whatever else the machine does); medians are reported and
  // the stores of the last repetition serve the queries below.
  constexpr std::size_t batch = 10'000;
  const int load_reps = quick ? 5 : 3;
  std::vector<std::vector<record>> batches;
  for (std::size_t i = 0; i < n; i += batch) {
    auto& rs = batches.emplace_back();
    for (std::size_t j = i; j < std::min(n, i + batch); ++j) rs.push_back(to_record(data[j]));
  }
  std::shared_ptr<backend> db;
  std::optional<reference_store> ref;
  std::vector<double> lib_load, ref_load;
  for (int rep = 0; rep < load_reps; ++rep) {
    auto lib_side = [&] {
      db.reset();  // the previous repetition's store is freed outside the timer
      db = make_memory_backend();
      db->register_schema(incident_schema());
      double us = 0;
      for (const auto& rs : batches)
        us += time_us([&] {
          auto tx = db->begin(tx_mode::read_write);
          for (const auto& r : rs) tx->put("incident", r);
          tx->commit();
        });
      lib_load.push_back(us);
    };
    auto ref_side = [&] {
      ref.reset();
      ref.emplace();
      ref_load.push_back(time_us([&] {
        ref->reserve(n);
        for (const auto& x : data) ref->insert(x);
      }));
    };
    if (rep % 2 == 0) { lib_side(); ref_side(); } else { ref_side(); lib_side(); }
  }
  batches.clear();
  const double lib_load_us = median(lib_load), ref_load_us = median(ref_load);
  std::printf("BENCH memory.load rows_per_s=%.0f ref_rows_per_s=%.0f ratio=%.2f n=%zu reps=%d\n", n / (lib_load_us / 1e6),
              n / (ref_load_us / 1e6), lib_load_us / ref_load_us, n, load_reps);

  // Timed operations run on cold data, as lookups in a large store do: q2 and updates use a
  // different random incident for every repetition; each cold q1 starts after the caches were
  // flushed, and the warm q1 repeats it at once (both sides touch the same ~300 rows).
  const int rounds = quick ? 3 : 5;
  const int per_round = quick ? 2000 : 5000;
  rng pick{42};
  std::vector<std::vector<std::string>> cis(rounds);
  for (auto& round : cis)
    for (int i = 0; i < per_round; ++i) round.push_back(data[pick.below(n)].ci);
  const char* const cycle[] = {"in_progress", "on_hold", "new", "resolved"};

  // Verify before timing (and again after the updates below).
  std::size_t q1_hits = 0, q2_hits = 0;
  for (const auto& g : gs) {
    auto lib = lib_q1(*db, "in_progress", g);
    q1_hits += lib.size();
    same_rows(std::move(lib), ref->q1("in_progress", g), "q1 " + g);
  }
  for (const auto& c : cis[0]) {
    auto lib = lib_q2(*db, c);
    q2_hits += lib.size();
    same_rows(std::move(lib), ref->q2(c), "q2 " + c);
  }

  // Library and reference alternate operation by operation (each going first half of the time),
  // so that other load on the machine hits both alike.
  std::vector<double> q1_lib, q1_ref, q1w_lib, q1w_ref, q2_lib, q2_ref, up_lib, up_ref;
  std::size_t sink = 0;
  auto time_pair = [&](bool lib_first, auto&& lib_op, auto&& ref_op, std::vector<double>& lib_t, std::vector<double>& ref_t,
                  bool cold) {
    for (int side = 0; side < 2; ++side) {
      if (cold) sink += flush_caches();
      if ((side == 0) == lib_first) lib_t.push_back(time_us(lib_op));
      else ref_t.push_back(time_us(ref_op));
    }
  };
  std::size_t op = 0;
  for (int round = 0; round < rounds; ++round) {
    for (const auto& g : gs) {
      const bool lib_first = ++op % 2 == 0;
      auto lib_op = [&] { sink += lib_q1(*db, "in_progress", g).size(); };
      auto ref_op = [&] { sink += ref->q1("in_progress", g).size(); };
      time_pair(lib_first, lib_op, ref_op, q1_lib, q1_ref, true);
      // Warm: each side runs its query again right after running it (the other side's run
      // in between would evict little: ~300 rows each).
      if (lib_first) {
        lib_op();
        q1w_lib.push_back(time_us(lib_op));
        ref_op();
        q1w_ref.push_back(time_us(ref_op));
      } else {
        ref_op();
        q1w_ref.push_back(time_us(ref_op));
        lib_op();
        q1w_lib.push_back(time_us(lib_op));
      }
    }
    for (const auto& c : cis[round])
      time_pair(++op % 2 == 0, [&] { sink += lib_q2(*db, c).size(); }, [&] { sink += ref->q2(c).size(); }, q2_lib,
           q2_ref, false);
    // The same updates on both stores: incident k gets state cycle[(k + round) % 4].
    rng up{1000u + static_cast<unsigned>(round)};
    for (int i = 0; i < per_round; ++i) {
      const std::size_t k = up.below(n);
      const char* st = cycle[(k + round) % 4];
      time_pair(++op % 2 == 0, [&] { lib_update(*db, data[k].id, st); }, [&] { ref->update_state(data[k].id, st); },
           up_lib, up_ref, false);
    }
  }
  for (const auto& g : gs) same_rows(lib_q1(*db, "in_progress", g), ref->q1("in_progress", g), "q1 after updates " + g);
  for (const auto& st : cycle)
    same_rows(lib_q1(*db, st, gs[0]), ref->q1(st, gs[0]), std::string("q1 after updates ") + st);

  const double q1 = median(q1_lib), q1r = median(q1_ref), q1w = median(q1w_lib), q1wr = median(q1w_ref);
  const double q2 = median(q2_lib), q2r = median(q2_ref), u = median(up_lib), ur = median(up_ref);
  std::printf(
      "BENCH memory.query index=state_group_priority q1_cold_us=%.2f q1_cold_ref_us=%.2f q1_cold_ratio=%.2f "
      "q1_warm_us=%.2f q1_warm_ref_us=%.2f q1_warm_ratio=%.2f q1_hits=%.0f q2_us=%.3f q2_ref_us=%.3f "
      "q2_ratio=%.2f q2_hits=%.2f upd_us=%.3f upd_ref_us=%.3f upd_ratio=%.2f n=%zu\n",
      q1, q1r, q1 / q1r, q1w, q1wr, q1w / q1wr, double(q1_hits) / gs.size(), q2, q2r, q2 / q2r,
      double(q2_hits) / cis[0].size(), u, ur, u / ur, n);
  return sink == 0 ? 2 : 0;
}
