// The WAL checkpoint policy on real files, without timing: a long-lived reader pins the WAL (it
// grows past every bound while the reader lives, and a checkpoint cannot finish); once the reader
// is gone the automatic checkpoint and journal_size_limit keep the "-wal" file under its bound,
// commit after commit; a truncate checkpoint on demand empties it. Also VACUUM and the URI.
#include <catch2/catch.hpp>

#include <filesystem>

#include "itsm/storage/registry.hpp"
#include "itsm/storage/sqlite.hpp"
#include "support.hpp"
#include "support/errors.hpp"

using namespace itsm;
using namespace itsm::storage;

namespace {

constexpr std::int64_t limit = 256 << 10;  // journal_size_limit of these tests

std::unique_ptr<backend> open_store(const std::string& path, std::int64_t journal_limit) {
  sqlite_options o;
  o.wal_autocheckpoint_pages = 16;  // ~64 KiB: well under `limit`, with a commit on top
  o.journal_size_limit_bytes = journal_limit;
  auto be = make_sqlite_backend(path, o);
  be->register_schema(sqlite_test::ci_schema());
  return be;
}

// One commit of 8 CIs of ~1 KiB each (a few pages of WAL), replacing the previous round's.
void write_round(backend& be, int round) {
  auto tx = be.begin(tx_mode::read_write);
  for (int i = 0; i < 8; ++i) {
    record r;
    r.id = "CI-" + std::to_string(i);
    if (auto old = tx->get("ci", r.id)) r.revision = old->revision;
    r.values = {value(std::string(1000, char('a' + round % 26))), value("live"), value(std::int64_t{round}), value{}};
    tx->put("ci", r);
  }
  tx->commit();
}

std::uintmax_t wal_size(const std::string& path) {
  std::error_code ec;
  const auto n = std::filesystem::file_size(path + "-wal", ec);
  return ec ? 0 : n;
}

}  // namespace

TEST_CASE("sqlite WAL: bounded once a long-lived reader is gone; truncate on demand empties it", "[sqlite][wal]") {
  const auto path = sqlite_test::fresh_path("wal_bound");
  auto be = open_store(path, limit);
  write_round(*be, 0);

  auto reader = be->begin(tx_mode::read_only);  // pins its snapshot, as a long report would
  const auto seen = reader->get("ci", "CI-0");
  for (int round = 1; round <= 100; ++round) write_round(*be, round);
  // Pinned: the WAL grew past the bound and no checkpoint can finish while the reader lives.
  CHECK(wal_size(path) > std::uintmax_t(limit) * 2);
  const auto pinned = sqlite_checkpoint(*be, wal_checkpoint_mode::passive);
  CHECK_FALSE(pinned.complete);
  CHECK(pinned.copied_frames < pinned.wal_frames);
  CHECK(reader->get("ci", "CI-0") == seen);  // and the reader still sees its snapshot
  reader.reset();

  // The first commits after the reader restart the WAL; from then on it stays under the bound.
  write_round(*be, 101);
  write_round(*be, 102);
  std::uintmax_t high = 0;
  for (int round = 103; round <= 200; ++round) {
    write_round(*be, round);
    high = std::max(high, wal_size(path));
  }
  CHECK(high <= std::uintmax_t(limit));
  CHECK(high > 0);

  const auto t = sqlite_checkpoint(*be, wal_checkpoint_mode::truncate);
  CHECK(t.complete);
  CHECK(t.wal_frames == 0);
  CHECK(t.wal_bytes == 0);
  CHECK(wal_size(path) == 0);
  CHECK(sqlite_integrity_check(*be).empty());
  auto tx = be->begin(tx_mode::read_only);
  CHECK(tx->get("ci", "CI-7")->values[2] == value(std::int64_t{200}));
}

TEST_CASE("sqlite WAL: without journal_size_limit the file keeps its high-water mark", "[sqlite][wal]") {
  // The control for the test above: the bound comes from the policy, not from the workload.
  const auto path = sqlite_test::fresh_path("wal_unbounded");
  auto be = open_store(path, -1);
  write_round(*be, 0);
  {
    auto reader = be->begin(tx_mode::read_only);
    reader->get("ci", "CI-0");
    for (int round = 1; round <= 100; ++round) write_round(*be, round);
  }
  const auto high_water = wal_size(path);
  CHECK(high_water > std::uintmax_t(limit) * 2);
  for (int round = 101; round <= 200; ++round) write_round(*be, round);
  CHECK(wal_size(path) >= high_water);  // reused from the start, never shrunk
  CHECK(sqlite_checkpoint(*be, wal_checkpoint_mode::truncate).wal_bytes == 0);
}

TEST_CASE("sqlite vacuum: free pages are given back, the data stays", "[sqlite][vacuum]") {
  const auto path = sqlite_test::fresh_path("vacuum");
  auto be = open_store(path, limit);
  {
    auto tx = be->begin(tx_mode::read_write);
    for (int i = 0; i < 400; ++i) {
      record r;
      r.id = "CI-" + std::to_string(i);
      r.values = {value(std::string(2000, 'x')), value("live"), value(std::int64_t{i}), value{}};
      tx->put("ci", r);
    }
    tx->commit();
  }
  {
    auto tx = be->begin(tx_mode::read_write);
    for (int i = 0; i < 390; ++i) tx->erase("ci", "CI-" + std::to_string(i), 1);
    tx->commit();
  }
  sqlite_checkpoint(*be, wal_checkpoint_mode::truncate);
  const auto size_before = std::filesystem::file_size(path);
  const auto r = sqlite_vacuum(*be);
  CHECK(r.pages_after < r.pages_before / 4);
  CHECK(std::filesystem::file_size(path) < size_before / 4);
  CHECK(sqlite_integrity_check(*be).empty());
  auto tx = be->begin(tx_mode::read_only);
  CHECK(tx->get("ci", "CI-395")->values[2] == value(std::int64_t{395}));
  CHECK_FALSE(tx->get("ci", "CI-5"));
}

TEST_CASE("sqlite vacuum waits for the backend's writer", "[sqlite][vacuum]") {
  sqlite_options o;
  o.busy_timeout_ms = 0;  // refuse at once rather than wait
  auto be = make_sqlite_backend(sqlite_test::fresh_path("vacuum_writer"), o);
  auto writer = be->begin(tx_mode::read_write);
  CHECK(itsm::test::code_of([&] { sqlite_vacuum(*be); }) == errc::unavailable);
  writer.reset();
  CHECK_NOTHROW(sqlite_vacuum(*be));
}

TEST_CASE("sqlite URI: checkpoint policy settings", "[sqlite][wal]") {
  register_sqlite();
  const auto path = sqlite_test::fresh_path("wal_uri");
  CHECK_NOTHROW(open("sqlite:" + path + "?wal_autocheckpoint=0&journal_size_limit=-1"));
  CHECK_NOTHROW(open("sqlite:" + path + "?wal_autocheckpoint=500&journal_size_limit=1048576"));
  CHECK(itsm::test::code_of([&] { open("sqlite:" + path + "?wal_autocheckpoint=-1"); }) == errc::invalid_argument);
  CHECK(itsm::test::code_of([&] { open("sqlite:" + path + "?journal_size_limit=-2"); }) == errc::invalid_argument);
  CHECK(itsm::test::code_of([&] { open("sqlite:" + path + "?journal_size_limit=big"); }) == errc::invalid_argument);
}
