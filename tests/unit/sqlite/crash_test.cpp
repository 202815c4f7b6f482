// Nothing lost: a child process writes CI/incident transactions in a loop and is killed with
// SIGKILL at random moments; after each kill the store must hold exactly the transactions it
// committed — every one the child reported, none half-applied — and an intact audit chain.
//
// Quick mode (default): 60 kills. Full mode: ITSM_CRASH_CYCLES=1000 itsm_tests_sqlite "[crash]"
// prints the counts.
#include <SQLiteCpp/Database.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <random>
#include <thread>

#include "itsm/audit/trail.hpp"
#include "itsm/storage/sqlite.hpp"
#include "support.hpp"

using namespace itsm;
using namespace itsm::storage;
using namespace sqlite_test;

namespace {

const timestamp t0 = parse_iso("2026-03-01T08:00:00Z");

std::string ci_id(std::int64_t n) { return "CI-" + std::to_string(n); }
std::string inc_id(std::int64_t n) { return "INC-" + std::to_string(n); }

audit::entry_input created(const std::string& kind, const std::string& id, std::int64_t n) {
  audit::entry_input e;
  e.at = t0 + boost::posix_time::seconds(n);
  e.actor = "crash-child";
  e.action = "create";
  e.kind = kind;
  e.object_id = id;
  e.revision = 1;
  e.outcome = "applied";
  e.changes = "{\"n\":[null," + std::to_string(n) + "]}";
  return e;
}

// Transaction n: creates CI-n and INC-n, marks CI-(n-1) superseded, sets the counter CI-0's
// version to n, and audits both creations. All of it or none of it must be visible.
void write_transaction(backend& be, std::int64_t n) {
  auto tx = be.begin(tx_mode::read_write);
  auto counter = tx->get("ci", "CI-0");
  if (!counter || counter->values[2].as_int() != n - 1) throw std::runtime_error("counter out of step");
  counter->values[2] = value(n);
  tx->put("ci", *counter);
  if (n > 1) {
    auto prev = tx->get("ci", ci_id(n - 1));
    prev->values[1] = value("superseded");
    tx->put("ci", *prev);
  }
  record ci;
  ci.id = ci_id(n);
  ci.values = {value("server " + std::to_string(n)), value("live"), value(n), value(t0 + boost::posix_time::seconds(n))};
  tx->put("ci", ci);
  record inc;
  inc.id = inc_id(n);
  inc.values = {value("outage " + std::to_string(n)), value(ci.id), value(n % 5), value(n % 7 == 0),
                value(t0 + boost::posix_time::seconds(n)), value(n * 0.5)};
  tx->put("incident", inc);
  audit::append(*tx, created("ci", ci.id, n));
  audit::append(*tx, created("incident", inc.id, n));
  tx->commit();
}

// The child: continues from the stored counter, reports each commit's number on `fd`.
[[noreturn]] void child_loop(const std::string& path, int fd) {
  try {
    auto be = make_sqlite_backend(path);
    be->register_schema(ci_schema());
    be->register_schema(incident_schema());
    std::int64_t n = 0;
    {
      auto r = be->begin(tx_mode::read_only);
      n = r->get("ci", "CI-0")->values[2].as_int();
    }
    for (;;) {
      write_transaction(*be, ++n);
      if (::write(fd, &n, sizeof n) != sizeof n) ::_exit(4);
    }
  } catch (const std::exception& e) {
    std::cerr << "crash child failed: " << e.what() << "\n";
    ::_exit(3);
  }
}

struct cycle_result {
  std::int64_t reported = 0;   // highest transaction number the child reported
  bool exited_early = false;   // the child ended before the kill (a failure)
};

// Kills the child `delay` after its start, or — with after_first_commit — `delay` after it
// reported its first commit (so that most kills land among writes, not during start-up).
cycle_result run_and_kill(const std::string& path, std::chrono::microseconds delay, bool after_first_commit) {
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    ::close(fds[0]);
    child_loop(path, fds[1]);
  }
  ::close(fds[1]);
  cycle_result r;
  if (after_first_commit && ::read(fds[0], &r.reported, sizeof r.reported) != sizeof r.reported) r.reported = 0;
  std::this_thread::sleep_for(delay);
  ::kill(pid, SIGKILL);
  int status = 0;
  ::waitpid(pid, &status, 0);
  r.exited_early = !(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
  std::int64_t n = 0;
  while (::read(fds[0], &n, sizeof n) == sizeof n) r.reported = std::max(r.reported, n);
  ::close(fds[0]);
  return r;
}

std::string integrity_check(const std::string& path) {
  SQLite::Database db(path, SQLite::OPEN_READWRITE);
  return db.execAndGet("PRAGMA integrity_check").getString();
}

}  // namespace

TEST_CASE("sqlite: SIGKILL at random moments loses no committed transaction and shows no partial one",
          "[sqlite][crash]") {
  const char* env = std::getenv("ITSM_CRASH_CYCLES");
  const int cycles = env ? std::max(1, std::atoi(env)) : 60;
  const auto path = fresh_path("crash");
  {
    auto be = make_sqlite_backend(path);
    be->register_schema(ci_schema());
    be->register_schema(incident_schema());
    auto tx = be->begin(tx_mode::read_write);
    record counter;
    counter.id = "CI-0";
    counter.values = {value("counter"), value("live"), value(std::int64_t{0}), value{}};
    tx->put("ci", counter);
    tx->commit();
  }
  std::mt19937 rng(std::random_device{}());
  std::int64_t committed = 0;  // transactions in the store after the previous cycle
  int unreported_commits = 0, kills_before_first_commit = 0;
  for (int cycle = 1; cycle <= cycles; ++cycle) {
    // Odd cycles: 0–25 ms after the start (open, recovery, first writes); even cycles: 0–8 ms
    // after the first commit (among the writes and commits).
    const bool among_writes = cycle % 2 == 0;
    const auto delay = std::chrono::microseconds(rng() % (among_writes ? 8000 : 25000));
    const auto res = run_and_kill(path, delay, among_writes);
    INFO("cycle " << cycle << ", killed " << delay.count() << " us after " << (among_writes ? "the first commit" : "start")
                  << ", child reported up to " << res.reported);
    REQUIRE_FALSE(res.exited_early);
    REQUIRE(integrity_check(path) == "ok");

    auto be = make_sqlite_backend(path);
    auto r = be->begin(tx_mode::read_only);
    const std::int64_t now = r->get("ci", "CI-0")->values[2].as_int();
    INFO("store holds " << now << " transactions, " << committed << " before this cycle");
    // Every reported commit is there; at most one more (committed, killed before reporting).
    REQUIRE(now >= committed);
    REQUIRE(now >= res.reported);
    REQUIRE(now <= std::max(res.reported, committed) + 1);
    if (now > res.reported && now > committed) ++unreported_commits;
    if (now == committed) ++kills_before_first_commit;
    // The new transactions are complete; the next one left no trace.
    for (std::int64_t n = committed + 1; n <= now; ++n) {
      auto ci = r->get("ci", ci_id(n));
      auto inc = r->get("incident", inc_id(n));
      REQUIRE(ci.has_value());
      REQUIRE(inc.has_value());
      CHECK(ci->values[1] == value(n == now ? "live" : "superseded"));
      CHECK(inc->values[1] == value(ci_id(n)));
    }
    CHECK_FALSE(r->get("ci", ci_id(now + 1)).has_value());
    CHECK_FALSE(r->get("incident", inc_id(now + 1)).has_value());
    CHECK(static_cast<std::int64_t>(r->scan(query{"incident", {}, "id", false, 0, {}, {}}).size()) == now);
    CHECK(static_cast<std::int64_t>(r->scan(query{"ci", {}, "id", false, 0, {}, {}}).size()) == now + 1);
    const auto last = r->last_audit();
    CHECK((last ? last->seq : 0) == 2 * now);
    if (now > 0) CHECK(last->object_id == inc_id(now));
    r.reset();
    const auto verified = audit::verify(*be);
    INFO(verified.problem);
    REQUIRE(verified.ok);
    CHECK(verified.entries == 2 * now);
    committed = now;
  }
  CHECK(committed > 0);
  std::cout << "crash test: cycles=" << cycles << " committed_transactions=" << committed
            << " audit_entries=" << 2 * committed << " killed_between_commit_and_report=" << unreported_commits
            << " killed_before_first_commit=" << kills_before_first_commit << " integrity=ok lost=0 partial=0\n";
}
