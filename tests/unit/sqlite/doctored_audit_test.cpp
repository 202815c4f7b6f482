// A stored audit entry the adapter cannot decode (its time edited into something that is not
// ISO 8601) is a verification failure at that entry, not an exception (R-9.1-trace).
#include <SQLiteCpp/Database.h>

#include <catch2/catch.hpp>

#include "itsm/audit/trail.hpp"
#include "itsm/storage/sqlite.hpp"
#include "support.hpp"

using namespace itsm;
using namespace itsm::storage;
using namespace sqlite_test;

namespace {
void append_entries(backend& be, int n) {
  auto tx = be.begin(tx_mode::read_write);
  for (int i = 0; i < n; ++i) {
    audit::entry_input e;
    e.at = parse_iso("2026-03-01T08:00:00Z") + seconds(i);
    e.actor = "alice";
    e.action = "create";
    e.kind = "ci";
    e.object_id = "CI-" + std::to_string(i + 1);
    e.revision = 1;
    e.outcome = "applied";
    e.changes = "{}";
    audit::append(*tx, e);
  }
  tx->commit();
}
}  // namespace

TEST_CASE("R-9.1-trace: verify reports a stored audit time that is not ISO 8601 as a broken trail",
          "[sqlite][audit]") {
  const auto path = fresh_path("doctored-time");
  append_entries(*make_sqlite_backend(path), 5);
  for (const auto& [seq, garbage] : {std::pair{3, "yesterday"}, {5, "9999-12-31T53:59:59Z"}}) {
    {
      SQLite::Database db(path, SQLite::OPEN_READWRITE);
      SQLite::Statement st(db, "UPDATE \"_itsm_audit\" SET \"at\" = ?1 WHERE \"seq\" = ?2");
      st.bind(1, garbage);
      st.bind(2, seq);
      REQUIRE(st.exec() == 1);
    }
    auto be = make_sqlite_backend(path);
    for (std::size_t page : {std::size_t{1000}, std::size_t{2}}) {
      audit::verify_result r;
      REQUIRE_NOTHROW(r = audit::verify(*be, {}, page));
      CHECK_FALSE(r.ok);
      CHECK(r.first_bad_seq == 3);  // the first doctored entry, also once the head is doctored too
      CHECK(r.entries == 2);
      CHECK(r.problem.find("cannot be read") != std::string::npos);
    }
  }
}
