// An escalation sweep with nothing due takes no write lock (R-8.1-inform): while another
// connection holds the file's write lock, the sweep finishes at once. Had it opened a write
// transaction it would wait for the busy timeout and fail with "database is locked".
#include <SQLiteCpp/Database.h>

#include <catch2/catch.hpp>

#include "itsm/core/clock.hpp"
#include "itsm/process/sms.hpp"
#include "itsm/storage/sqlite.hpp"
#include "support.hpp"

using namespace itsm;

TEST_CASE("R-8.1-inform: a sweep with nothing due runs while another connection holds the write lock",
          "[sqlite][incident][sla]") {
  const auto path = sqlite_test::fresh_path("escalation_lock");
  auto clk = std::make_shared<manual_clock>(parse_iso("2026-03-02T08:00:00Z"));
  sms system(storage::make_sqlite_backend(path), sms_options{clk, nullptr, nullptr, {}});
  const actor slm{"sam", {std::string(roles::service_level_manager)}};
  const actor desk{"dave", {std::string(roles::service_desk)}};
  const actor im{"irene", {std::string(roles::incident_manager)}};
  model::service s;
  s.name = "Mail";
  s.owner = "olga";
  s.status = model::service_status::live;
  s = system.service_level().add_service(slm, s);
  model::sla sla;
  sla.name = "standard";
  sla.service = s.id;
  sla.targets = {{1, 15, 120}, {2, 30, 240}, {3, 60, 960}, {4, 240, 2400}, {5, 480, 4800}};
  system.service_level().define_sla(slm, sla);
  for (int n = 0; n < 20; ++n)
    system.incidents().record(desk, {.title = "queue " + std::to_string(n), .description = "d", .service = s.id});
  CHECK(system.incidents().escalate(im).empty());  // builds the index

  SQLite::Database other(path, SQLite::OPEN_READWRITE);
  other.exec("BEGIN IMMEDIATE");  // the write lock, held until the end of the test
  CHECK(system.incidents().escalate(im).empty());
  CHECK(system.incidents().next_escalation(im));
  other.exec("ROLLBACK");
}
