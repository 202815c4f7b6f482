// Shared by the benchmark programs: a wall-clock stopwatch and a small, portable PRNG whose
// stream the Python peer scripts reproduce (bench/impact_networkx_peer.py).
#pragma once

#include <sqlite3.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace itsm::bench {

inline double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// Raw SQLite reference programs: any result but OK / DONE / ROW ends the benchmark.
inline void sqlite_check(int rc, sqlite3* db, const char* program, const char* what) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
    std::fprintf(stderr, "%s: %s: %s\n", program, what, sqlite3_errmsg(db));
    std::exit(1);
  }
}

struct splitmix64 {
  std::uint64_t state;
  std::uint64_t next() {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  std::uint64_t below(std::uint64_t n) { return next() % n; }
};

}  // namespace itsm::bench
