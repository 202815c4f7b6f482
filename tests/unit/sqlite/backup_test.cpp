// The online backup on real files: a copy taken while another thread keeps committing through
// the write path passes integrity_check, the audit chain and the record check, and holds exactly
// the state of the moment it started; bad targets are refused with nothing written.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <thread>

#include "itsm/audit/records.hpp"
#include "itsm/audit/trail.hpp"
#include "itsm/core/clock.hpp"
#include "itsm/process/sms.hpp"
#include "itsm/storage/memory.hpp"
#include "itsm/storage/sqlite.hpp"
#include "support.hpp"
#include "support/errors.hpp"

using namespace itsm;
using namespace itsm::storage;
namespace fs = std::filesystem;

namespace {

const actor desk{"dave", {std::string(roles::service_desk)}};

sms open_sms(const std::string& path) {
  auto clk = std::make_shared<manual_clock>(parse_iso("2026-03-02T08:00:00Z"));
  return sms(std::shared_ptr<backend>(make_sqlite_backend(path)), sms_options{clk, nullptr, nullptr, {}});
}

void record_incident(sms& system, int i) {
  model::incident draft;
  draft.title = "printer offline on floor " + std::to_string(i) + std::string(200, '.');
  draft.impact = 2;
  draft.urgency = 2;
  draft.caller = "carl";
  system.incidents().record(desk, draft);
}

std::size_t incidents_in(backend& store) {
  auto tx = store.begin(tx_mode::read_only);
  std::size_t n = 0;
  tx->for_each("incident", [&](auto, auto, auto&) { return ++n, true; });
  return n;
}

std::int64_t last_seq(backend& store) {
  auto tx = store.begin(tx_mode::read_only);
  const auto e = tx->last_audit();
  return e ? e->seq : 0;
}

// Files in the test directory whose names start with `prefix` (leftover temporary copies).
std::size_t files_starting(const std::string& prefix) {
  std::size_t n = 0;
  for (const auto& e : fs::directory_iterator(sqlite_test::run_dir()))
    if (e.path().filename().string().rfind(prefix, 0) == 0) ++n;
  return n;
}

}  // namespace

TEST_CASE("sqlite backup: a copy taken while another thread commits is consistent and verifies", "[sqlite][backup]") {
  const auto path = sqlite_test::fresh_path("backup_live");
  const auto copy = sqlite_test::fresh_path("backup_live_copy");
  auto system = open_sms(path);
  for (int i = 0; i < 150; ++i) record_incident(system, i);
  const std::size_t before = incidents_in(system.unaudited_store());
  const std::int64_t seq_before = last_seq(system.unaudited_store());

  // The writer commits until told to stop; the backup's progress callback waits (rendezvous)
  // until it has seen two commits made after the backup started, so writes surely overlap it.
  std::mutex mu;
  std::condition_variable cv;
  int commits = 0;
  std::atomic<bool> stop{false};
  std::thread writer([&] {
    for (int i = 1000; !stop; ++i) {
      record_incident(system, i);
      {
        std::lock_guard lock(mu);
        ++commits;
      }
      cv.notify_all();
    }
  });
  int steps = 0;
  bool overlapped = false;
  sqlite_backup_options o;
  o.pages_per_step = 4;
  std::optional<sqlite_backup_result> r;
  try {
    int at_start = -1;
    o.progress = [&](std::int64_t copied, std::int64_t total) {
      ++steps;
      std::unique_lock lock(mu);
      if (at_start < 0) at_start = commits;
      // A blocked writer would never get there: the generous limit only ends a failing run.
      if (!overlapped) overlapped = cv.wait_for(lock, std::chrono::seconds(60), [&] { return commits >= at_start + 2; });
      return copied <= total;
    };
    r = sqlite_backup(system.unaudited_store(), copy, o);
  } catch (...) {
    stop = true;
    writer.join();
    throw;
  }
  stop = true;
  writer.join();

  REQUIRE(r);
  CHECK(overlapped);
  CHECK(steps >= 2);
  CHECK(r->pages > 8);
  CHECK(r->bytes == fs::file_size(copy));
  CHECK(last_seq(system.unaudited_store()) > r->audit_seq);  // the store moved on meanwhile
  CHECK(r->audit_seq >= seq_before);

  auto copied = make_sqlite_backend(copy);
  CHECK(sqlite_integrity_check(*copied).empty());
  const auto chain = audit::verify(*copied);
  CHECK(chain.ok);
  CHECK(chain.entries == r->audit_seq);
  const auto rows = audit::verify_records(*copied);
  CHECK(rows.ok);
  CHECK(rows.through_seq == r->audit_seq);
  CHECK(incidents_in(*copied) >= before);
  CHECK(incidents_in(*copied) < incidents_in(system.unaudited_store()));
  CHECK(files_starting(".backup_live_copy.db.backup-") == 0);
  // The live store is untouched by the backup.
  CHECK(system.verify().ok());
}

TEST_CASE("sqlite backup: bad targets are refused and nothing is written", "[sqlite][backup]") {
  const auto path = sqlite_test::fresh_path("backup_refuse");
  auto system = open_sms(path);
  record_incident(system, 1);
  auto& store = system.unaudited_store();

  SECTION("an existing file without overwrite") {
    const auto target = sqlite_test::fresh_path("backup_refuse_existing");
    sqlite_test::write_file(target, "precious");
    const auto e = itsm::test::error_of([&] { sqlite_backup(store, target); });
    CHECK(e.code() == errc::already_exists);
    CHECK(sqlite_test::read_file(target) == "precious");
  }
  SECTION("an existing file with overwrite is replaced by a whole copy") {
    const auto target = sqlite_test::fresh_path("backup_refuse_overwrite");
    sqlite_test::write_file(target, "old");
    sqlite_backup_options o;
    o.overwrite = true;
    const auto r = sqlite_backup(store, target, o);
    CHECK(r.audit_seq == last_seq(store));
    auto copy = make_sqlite_backend(target);
    CHECK(incidents_in(*copy) == 1);
  }
  SECTION("overwrite refuses a target with a WAL beside it (a store may be open there)") {
    const auto target = sqlite_test::fresh_path("backup_refuse_wal");
    sqlite_test::write_file(target, "old");
    sqlite_test::write_file(target + "-wal", "frames");
    sqlite_backup_options o;
    o.overwrite = true;
    CHECK(itsm::test::code_of([&] { sqlite_backup(store, target, o); }) == errc::unavailable);
    CHECK(sqlite_test::read_file(target) == "old");
  }
  SECTION("a leftover WAL where no file is") {
    const auto target = sqlite_test::fresh_path("backup_refuse_stale_wal");
    sqlite_test::write_file(target + "-wal", "frames");
    CHECK(itsm::test::code_of([&] { sqlite_backup(store, target); }) == errc::unavailable);
    CHECK_FALSE(fs::exists(target));
  }
  SECTION("the store's own file, even with overwrite") {
    sqlite_backup_options o;
    o.overwrite = true;
    CHECK(itsm::test::code_of([&] { sqlite_backup(store, path, o); }) == errc::invalid_argument);
    CHECK(system.verify().ok());
  }
  SECTION("a directory, an empty path, a missing directory") {
    CHECK(itsm::test::code_of([&] { sqlite_backup(store, sqlite_test::run_dir().string()); }) ==
          errc::invalid_argument);
    CHECK(itsm::test::code_of([&] { sqlite_backup(store, ""); }) == errc::invalid_argument);
    const auto missing = (sqlite_test::run_dir() / "no-such-dir" / "copy.db").string();
    CHECK(itsm::test::code_of([&] { sqlite_backup(store, missing); }) == errc::unavailable);
    CHECK_FALSE(fs::exists(sqlite_test::run_dir() / "no-such-dir"));
  }
  SECTION("cancelled by the progress callback: no target, no temporary file") {
    const auto target = sqlite_test::fresh_path("backup_refuse_cancel");
    sqlite_backup_options o;
    o.pages_per_step = 1;
    o.progress = [](std::int64_t, std::int64_t) { return false; };
    CHECK(itsm::test::code_of([&] { sqlite_backup(store, target, o); }) == errc::unavailable);
    CHECK_FALSE(fs::exists(target));
    CHECK(files_starting(".backup_refuse_cancel.db.backup-") == 0);
  }
  SECTION("another adapter's backend") {
    auto mem = make_memory_backend();
    CHECK(itsm::test::code_of([&] { sqlite_backup(*mem, sqlite_test::fresh_path("backup_refuse_mem")); }) ==
          errc::invalid_argument);
    CHECK(itsm::test::code_of([&] { sqlite_checkpoint(*mem); }) == errc::invalid_argument);
  }
}
