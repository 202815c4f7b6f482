// Records verified against the audit trail on a real SQLite file (R-9.1-trace, R-4.3-records):
// SQL run on the file with the raw sqlite3 C API (update, delete, insert, a bumped revision, a
// rewound id counter, an edited record_hash) is reported; a file written by the previous storage format migrates and verifies per the rule in
// docs/audit.md.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <catch2/catch.hpp>
#include <sqlite3.h>

#include <memory>
#include <string>
#include <vector>

#include "itsm/core/clock.hpp"
#include "itsm/model/ci_type.hpp"
#include "itsm/model/configuration_item.hpp"
#include "itsm/process/sms.hpp"
#include "itsm/storage/sqlite.hpp"
#include "support.hpp"
#include "unit/stored/workload.hpp"

using namespace itsm;
using audit::record_problem;

namespace {

using stored_test::workload;
const actor desk{"dave", {std::string(roles::service_desk)}};

sms open_sms(const std::string& path) {
  auto clk = std::make_shared<manual_clock>(parse_iso("2026-03-02T08:00:00Z"));
  return sms(std::shared_ptr<storage::backend>(storage::make_sqlite_backend(path)), sms_options{clk, nullptr, nullptr, {}});
}

// Runs SQL on the file through the raw SQLite C API, as a user with the sqlite3 shell would.
void raw_sql(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK);
  sqlite3_busy_timeout(db, 5000);
  char* err = nullptr;
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
  INFO("sql: " << sql << " — " << (err ? err : "ok"));
  sqlite3_free(err);
  sqlite3_close(db);
  REQUIRE(rc == SQLITE_OK);
}

std::vector<std::pair<std::string, record_problem>> problems(const audit::record_verification& r) {
  std::vector<std::pair<std::string, record_problem>> out;
  for (const auto& f : r.findings) out.emplace_back(f.kind + "/" + f.id, f.problem);
  return out;
}
using problem_list = std::vector<std::pair<std::string, record_problem>>;

}  // namespace

TEST_CASE("R-9.1-trace R-4.3-records: SQL run on the file outside the write path is reported", "[sqlite][verify]") {
  const auto path = sqlite_test::fresh_path("verify-raw-sql");
  auto system = open_sms(path);
  const auto incidents = workload(system);
  const std::string inc = incidents[1];
  SECTION("an UPDATE of a field") {
    raw_sql(path, "UPDATE incident SET priority = 5 WHERE id = '" + inc + "'");
    const auto r = system.verify_records();
    CHECK(problems(r) == problem_list{{"incident/" + inc, record_problem::content_changed}});
    CHECK(system.verify_audit().ok);  // the chain alone does not see it
    CHECK_FALSE(system.verify().ok());
  }
  SECTION("a DELETE and an INSERT") {
    raw_sql(path, "DELETE FROM incident WHERE id = '" + incidents[0] + "'");
    raw_sql(path, "CREATE TEMP TABLE copy AS SELECT * FROM incident WHERE id = '" + inc +
                      "'; UPDATE copy SET id = 'INC-999'; INSERT INTO incident SELECT * FROM copy;");
    CHECK(problems(system.verify_records()) == problem_list{{"incident/" + incidents[0], record_problem::missing},
                                                            {"incident/INC-999", record_problem::not_in_trail}});
  }
  SECTION("a bumped revision and a rewound id counter") {
    raw_sql(path, "UPDATE configuration_item SET revision = revision + 1 WHERE id = 'CI-2'");
    raw_sql(path, "UPDATE itsm_sequence SET next = 2 WHERE id = 'incident'");
    CHECK(problems(system.verify_records()) == problem_list{{"configuration_item/CI-2", record_problem::wrong_revision},
                                                            {"itsm_sequence/incident", record_problem::sequence_behind}});
  }
  SECTION("an edited record_hash breaks the chain") {
    raw_sql(path, "UPDATE _itsm_audit SET record_hash = '" + std::string(64, '0') +
                      "' WHERE seq = (SELECT max(seq) FROM _itsm_audit WHERE kind = 'incident' AND object_id = '" + inc +
                      "' AND outcome = 'applied')");
    const auto chain = system.verify_audit();
    CHECK_FALSE(chain.ok);
    CHECK(chain.first_bad_seq > 0);
    CHECK(problems(system.verify_records()) == problem_list{{"incident/" + inc, record_problem::content_changed}});
  }
}

TEST_CASE("R-4.3-records: a store of storage format 1 migrates; its records verify by revision until rewritten",
          "[sqlite][verify][migration]") {
  const auto path = sqlite_test::fresh_path("verify-format-1");
  std::vector<std::string> incidents;
  {
    auto system = open_sms(path);
    incidents = workload(system);
  }
  {  // Turn the file into what the previous library wrote: no record_hash column, v1 hashes.
    std::vector<storage::audit_record> trail;
    {
      auto store = storage::make_sqlite_backend(path);
      trail = store->begin(storage::tx_mode::read_only)->scan_audit({});
    }
    SQLite::Database db(path, SQLite::OPEN_READWRITE);
    SQLite::Transaction t(db);
    for (std::size_t i = 0; i < trail.size(); ++i) {
      auto& e = trail[i];
      e.record_hash.clear();
      e.prev_hash = i == 0 ? "" : trail[i - 1].hash;
      e.hash = audit::compute_hash(e);  // without a record_hash: the v1 encoding
      SQLite::Statement u(db, "UPDATE _itsm_audit SET prev_hash = ?, hash = ? WHERE seq = ?");
      u.bind(1, e.prev_hash);
      u.bind(2, e.hash);
      u.bind(3, e.seq);
      u.exec();
    }
    db.exec("ALTER TABLE _itsm_audit DROP COLUMN record_hash");
    db.exec("UPDATE _itsm_meta SET value = '1' WHERE key = 'format_version'");
    db.exec("PRAGMA user_version = 1");
    t.commit();
  }
  auto system = open_sms(path);  // migrates to the current format
  {
    SQLite::Database db(path, SQLite::OPEN_READONLY);
    CHECK(db.execAndGet("SELECT value FROM _itsm_meta WHERE key = 'format_version'").getString() == std::to_string(storage::sqlite_format_version));
    CHECK(db.execAndGet("SELECT count(*) FROM pragma_table_info('_itsm_audit') WHERE name = 'record_hash'").getInt() == 1);
  }
  CHECK(system.verify_audit().ok);
  auto r = system.verify_records();
  CHECK(r.ok);
  CHECK(r.verified == 0);
  CHECK(r.unhashed == r.records - r.sequences);
  const auto before_upgrade = r.unhashed;

  // The rule: a record last written before the upgrade is checked for existence and revision only…
  raw_sql(path, "UPDATE incident SET priority = 5 WHERE id = '" + incidents[0] + "'");
  CHECK(system.verify_records().ok);
  raw_sql(path, "UPDATE incident SET revision = revision + 1 WHERE id = '" + incidents[1] + "'");
  CHECK(problems(system.verify_records()) == problem_list{{"incident/" + incidents[1], record_problem::wrong_revision}});
  raw_sql(path, "UPDATE incident SET revision = revision - 1 WHERE id = '" + incidents[1] + "'");
  // …a strict check lists every one of them…
  audit::record_verify_options strict;
  strict.require_hashes = true;
  CHECK(audit::verify_records(system.unaudited_store(), strict).findings.size() == static_cast<std::size_t>(before_upgrade));
  // …and its next write through the path makes it fully verified.
  system.incidents().assign(desk, incident_id::parse(incidents[2]), "messaging", "erin");
  r = system.verify_records();
  CHECK(r.ok);
  CHECK(r.verified >= 2);  // the incident and its new ticket event
  raw_sql(path, "UPDATE incident SET priority = 5 WHERE id = '" + incidents[2] + "'");
  CHECK(problems(system.verify_records()) == problem_list{{"incident/" + incidents[2], record_problem::content_changed}});
  CHECK(system.verify_audit().ok);
}
