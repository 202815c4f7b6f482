// Several processes opening one file that does not exist yet, all at once: the first creates
// the store, the others wait for it (busy timeout) instead of failing with "database is locked".
#include <catch2/catch.hpp>
#include <iostream>
#include <vector>

#include "itsm/audit/trail.hpp"
#include "itsm/storage/sqlite.hpp"
#include "support.hpp"

using namespace itsm;
using namespace itsm::storage;
using namespace sqlite_test;

TEST_CASE("sqlite: processes opening one new file at the same moment all succeed", "[sqlite][concurrency]") {
  constexpr int processes = 6;
  constexpr int rounds = 5;  // each on a fresh file: every round races the creation again
  for (int round = 0; round < rounds; ++round) {
    const auto path = fresh_path("open-race-" + std::to_string(round));
    const auto codes = run_processes_at_once(processes, [&](int p) {
      try {
        auto be = make_sqlite_backend(path);
        (void)be->begin(tx_mode::read_only)->last_audit();
        return 0;
      } catch (const std::exception& e) {
        std::cerr << "round " << round << ", process " << p << ": " << e.what() << "\n";
        return 3;
      }
    });
    INFO("round " << round);
    CHECK(codes == std::vector<int>(processes, 0));
    auto be = make_sqlite_backend(path);  // one valid, empty store
    CHECK(audit::verify(*be).ok);
  }
}
