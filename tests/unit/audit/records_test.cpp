// Records verified against the audit trail (R-9.1-trace, R-4.3-records): the record encoding and
// verify_records over a memory store written by hand (the write path is tested in process/ and
// sqlite/).
#include <catch2/catch.hpp>

#include "itsm/audit/records.hpp"
#include "itsm/audit/trail.hpp"
#include "itsm/core/error.hpp"
#include "itsm/storage/memory.hpp"

using namespace itsm;
using namespace itsm::audit;
using storage::record;
using storage::tx_mode;

namespace {

storage::schema asset_schema() {
  storage::schema s;
  s.kind = "asset";
  s.fields = {{"name", value_type::text, false}, {"size", value_type::integer, true}};
  return s;
}

// A store with two assets written as the write path does: put, then an applied entry carrying
// the record hash.
struct hand_store {
  std::shared_ptr<storage::backend> be = storage::make_memory_backend();
  hand_store() {
    be->register_schema(asset_schema());
    write({"A-1", 0, {value("laptop"), value(3)}});
    write({"A-2", 0, {value("phone"), value{}}});
  }
  // Puts `r` (r.revision = the expected revision) and audits it; `hash` overrides the record hash.
  std::int64_t write(record r, std::optional<std::string> hash = {}) {
    auto tx = be->begin(tx_mode::read_write);
    const auto rev = tx->put("asset", r);
    append(*tx, entry(r.id, rev, hash ? *hash : record_hash("asset", r.id, rev, r.values)));
    tx->commit();
    return rev;
  }
  entry_input entry(const std::string& id, std::int64_t rev, std::string hash) const {
    entry_input e;
    e.at = parse_iso("2026-03-01T08:00:00Z");
    e.actor = "alice";
    e.action = "update";
    e.kind = "asset";
    e.object_id = id;
    e.revision = rev;
    e.outcome = "applied";
    e.changes = "{}";
    e.record_hash = std::move(hash);
    return e;
  }
  // A write that bypasses the trail.
  void raw_put(const record& r) {
    auto tx = be->begin(tx_mode::read_write);
    tx->put("asset", r);
    tx->commit();
  }
};

std::vector<std::pair<std::string, record_problem>> problems(const record_verification& r) {
  std::vector<std::pair<std::string, record_problem>> out;
  for (const auto& f : r.findings) out.emplace_back(f.kind + "/" + f.id, f.problem);
  return out;
}

}  // namespace

TEST_CASE("R-9.1-trace: a record encodes kind, id, revision and typed values unambiguously", "[audit][records]") {
  const std::vector<value> vals = {value("a,b"), value(std::int64_t{-7}), value(true), value(0.5), value{},
                                   value(parse_iso("1970-01-01T00:00:01.000002Z"))};
  CHECK(record_encoding("asset", "A-1", 3, vals) ==
        "itsm-record-v1\nk5:asset,d3:A-1,r1:3,s3:a,b,i2:-7,b1:1,f3:0.5,n0:,t7:1000002,");
  const auto h = record_hash("asset", "A-1", 3, vals);
  CHECK(h.size() == 64);
  CHECK(h.find_first_not_of("0123456789abcdef") == std::string::npos);
  // Same bytes, other types or boundaries: other hashes.
  CHECK(record_hash("k", "1", 1, {value(1)}) != record_hash("k", "1", 1, {value(true)}));
  CHECK(record_hash("k", "1", 1, {value(1)}) != record_hash("k", "1", 1, {value("1")}));
  CHECK(record_hash("k", "1", 1, {value("ab"), value("c")}) != record_hash("k", "1", 1, {value("a"), value("bc")}));
  CHECK(record_hash("k", "1", 1, {value(1)}) != record_hash("k", "1", 2, {value(1)}));
  CHECK(record_hash("ka", "1", 1, {}) != record_hash("k", "a1", 1, {}));
  // Trailing nulls (fields appended by a schema upgrade) do not count; -0 is 0.
  CHECK(record_hash("k", "1", 1, {value(1)}) == record_hash("k", "1", 1, {value(1), value{}, value{}}));
  CHECK(record_hash("k", "1", 1, {value{}, value(1)}) != record_hash("k", "1", 1, {value(1)}));
  CHECK(record_hash("k", "1", 1, {value(-0.0)}) == record_hash("k", "1", 1, {value(0.0)}));
}

TEST_CASE("R-4.3-records: records written with their hash verify", "[audit][records]") {
  hand_store s;
  s.write({"A-1", 1, {value("laptop"), value(4)}});
  const auto r = verify_records(*s.be);
  CHECK(r.ok);
  CHECK(r.findings.empty());
  CHECK(r.records == 2);
  CHECK(r.verified == 2);
  CHECK(r.entries == 3);
  CHECK(r.through_seq == 3);
}

TEST_CASE("R-4.3-records: writes outside the trail are reported by kind, id and problem", "[audit][records]") {
  hand_store s;
  SECTION("content changed with the right revision") {
    auto tx = s.be->begin(tx_mode::read_write);
    tx->erase("asset", "A-1", 1);
    tx->put("asset", record{"A-1", 0, {value("laptop"), value(99)}});  // back at revision 1
    tx->commit();
    CHECK(problems(verify_records(*s.be)) ==
          decltype(problems({})){{"asset/A-1", record_problem::content_changed}});
  }
  SECTION("a raw update bumps the revision") {
    s.raw_put({"A-2", 1, {value("phone"), value(1)}});
    CHECK(problems(verify_records(*s.be)) == decltype(problems({})){{"asset/A-2", record_problem::wrong_revision}});
  }
  SECTION("a row inserted and a row deleted") {
    s.raw_put({"A-9", 0, {value("ghost"), value{}}});
    auto tx = s.be->begin(tx_mode::read_write);
    tx->erase("asset", "A-1", 1);
    tx->commit();
    const auto r = verify_records(*s.be);
    CHECK_FALSE(r.ok);
    CHECK(problems(r) == decltype(problems({})){{"asset/A-1", record_problem::missing},
                                                {"asset/A-9", record_problem::not_in_trail}});
  }
  SECTION("objects of a kind the store does not have are missing") {
    auto tx = s.be->begin(tx_mode::read_write);
    auto e = s.entry("G-1", 1, std::string(64, 'a'));
    e.kind = "gone";
    append(*tx, e);
    tx->commit();
    const auto r = verify_records(*s.be);
    CHECK(problems(r) == decltype(problems({})){{"gone/G-1", record_problem::missing}});
    CHECK(r.findings[0].detail.find("not registered") != std::string::npos);
  }
  SECTION("a kind no entry mentions is covered too") {
    storage::schema other = asset_schema();
    other.kind = "other";
    s.be->register_schema(other);
    auto tx = s.be->begin(tx_mode::read_write);
    tx->put("other", record{"O-1", 0, {value("x"), value{}}});
    tx->commit();
    CHECK(problems(verify_records(*s.be)) == decltype(problems({})){{"other/O-1", record_problem::not_in_trail}});
  }
}

TEST_CASE("R-4.3-records: erased records, malformed hashes and unhashed entries", "[audit][records]") {
  hand_store s;
  SECTION("an erase marked in the trail verifies; the row coming back does not") {
    auto tx = s.be->begin(tx_mode::read_write);
    tx->erase("asset", "A-2", 1);
    append(*tx, s.entry("A-2", 2, std::string(erased_record_hash)));
    tx->commit();
    CHECK(verify_records(*s.be).ok);
    s.raw_put({"A-2", 0, {value("phone"), value{}}});
    CHECK(problems(verify_records(*s.be)) == decltype(problems({})){{"asset/A-2", record_problem::not_in_trail}});
  }
  SECTION("a malformed record hash in the trail") {
    s.write({"A-1", 1, {value("laptop"), value(5)}}, std::string(64, 'X'));
    CHECK(problems(verify_records(*s.be)) == decltype(problems({})){{"asset/A-1", record_problem::content_changed}});
  }
  SECTION("entries without a hash check the revision only, unless hashes are required") {
    s.write({"A-1", 1, {value("laptop"), value(5)}}, std::string());
    auto r = verify_records(*s.be);
    CHECK(r.ok);
    CHECK(r.unhashed == 1);
    CHECK(r.verified == 1);
    record_verify_options strict;
    strict.require_hashes = true;
    CHECK(problems(verify_records(*s.be, strict)) ==
          decltype(problems({})){{"asset/A-1", record_problem::not_hashed}});
  }
}

TEST_CASE("R-4.3-records: id counters are checked against the ids the trail knows", "[audit][records]") {
  hand_store s;
  storage::schema seq;
  seq.kind = "itsm_sequence";
  seq.fields = {{"next", value_type::integer, false}};
  s.be->register_schema(seq);
  auto counter = [&](std::int64_t expected_rev, std::int64_t next) {
    auto tx = s.be->begin(tx_mode::read_write);
    tx->put("itsm_sequence", record{"asset", expected_rev, {value(next)}});
    tx->commit();
  };
  counter(0, 3);  // handed out
  auto r = verify_records(*s.be);
  CHECK(r.ok);
  CHECK(r.sequences == 1);
  counter(1, 2);  // would hand out A-2 again
  r = verify_records(*s.be);
  CHECK(problems(r) == decltype(problems({})){{"itsm_sequence/asset", record_problem::sequence_behind}});
}
