#include <catch2/catch.hpp>

#include "storage_test_helpers.hpp"

using namespace itsm_test;

namespace {
audit_record entry(std::int64_t seq, std::string kind, std::string object, std::string action = "update") {
  audit_record e;
  e.seq = seq;
  e.at = from_unix_micros(seq * 1'000'000);
  e.actor = "alice";
  e.action = std::move(action);
  e.kind = std::move(kind);
  e.object_id = std::move(object);
  e.revision = seq;
  e.outcome = "applied";
  e.hash = "h" + std::to_string(seq);
  return e;
}
std::vector<std::int64_t> seqs(const std::vector<audit_record>& es) {
  std::vector<std::int64_t> out;
  for (const auto& e : es) out.push_back(e.seq);
  return out;
}
using sv = std::vector<std::int64_t>;
}  // namespace

TEST_CASE("memory audit: append enforces the next sequence number", "[storage][memory][audit]") {
  auto db = fresh_backend();
  auto tx = db->begin(tx_mode::read_write);
  CHECK_FALSE(tx->last_audit());
  CHECK(error_of([&] { tx->append_audit(entry(0, "ticket", "T-1")); }) == errc::conflict);
  CHECK(error_of([&] { tx->append_audit(entry(2, "ticket", "T-1")); }) == errc::conflict);
  tx->append_audit(entry(1, "ticket", "T-1", "create"));
  tx->append_audit(entry(2, "ticket", "T-1"));
  CHECK(error_of([&] { tx->append_audit(entry(2, "ticket", "T-1")); }) == errc::conflict);
  REQUIRE(tx->last_audit());
  CHECK(*tx->last_audit() == entry(2, "ticket", "T-1"));
  CHECK(db->begin(tx_mode::read_only)->last_audit() == std::nullopt);
  tx->commit();

  auto ro = db->begin(tx_mode::read_only);
  CHECK(error_of([&] { ro->append_audit(entry(3, "ticket", "T-1")); }) == errc::unsupported);
  CHECK(ro->last_audit()->seq == 2);
  const auto all = ro->scan_audit(audit_query{});
  REQUIRE(all.size() == 2);
  CHECK(all[0] == entry(1, "ticket", "T-1", "create"));

  auto tx2 = db->begin(tx_mode::read_write);
  CHECK(error_of([&] { tx2->append_audit(entry(1, "ticket", "T-9")); }) == errc::conflict);
  tx2->append_audit(entry(3, "ticket", "T-9"));
  CHECK(tx2->last_audit()->seq == 3);
}

TEST_CASE("memory audit: scans filter by kind, object and sequence range", "[storage][memory][audit]") {
  auto db = fresh_backend();
  {
    auto tx = db->begin(tx_mode::read_write);
    const char* objs[] = {"T-1", "T-2", "CI-1", "T-1", "CI-1", "T-1", "T-2", "T-1"};
    for (int i = 0; i < 8; ++i) {
      const std::string o = objs[i];
      tx->append_audit(entry(i + 1, o[0] == 'T' ? "ticket" : "ci", o));
    }
    tx->commit();
  }
  auto tx = db->begin(tx_mode::read_write);
  tx->append_audit(entry(9, "ticket", "T-1"));
  tx->append_audit(entry(10, "ci", "T-1"));  // same object id, other kind

  auto q = [](std::string kind, std::string obj, std::int64_t from = 1, std::int64_t to = 0, std::size_t limit = 0) {
    audit_query a;
    a.kind = std::move(kind);
    a.object_id = std::move(obj);
    a.from_seq = from;
    a.to_seq = to;
    a.limit = limit;
    return a;
  };
  CHECK(seqs(tx->scan_audit(q("", ""))) == sv{1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
  CHECK(seqs(tx->scan_audit(q("ticket", "T-1"))) == sv{1, 4, 6, 8, 9});
  CHECK(seqs(tx->scan_audit(q("ci", "T-1"))) == sv{10});
  CHECK(seqs(tx->scan_audit(q("ci", ""))) == sv{3, 5, 10});
  CHECK(seqs(tx->scan_audit(q("ticket", "T-1", 4, 8))) == sv{4, 6, 8});
  CHECK(seqs(tx->scan_audit(q("ticket", "T-1", 5, 0, 2))) == sv{6, 8});
  CHECK(seqs(tx->scan_audit(q("ticket", "", 7))) == sv{7, 8, 9});
  CHECK(seqs(tx->scan_audit(q("", "", 3, 5))) == sv{3, 4, 5});
  CHECK(seqs(tx->scan_audit(q("", "", 8, 0, 2))) == sv{8, 9});
  CHECK(seqs(tx->scan_audit(q("", "", 6, 3))).empty());
  CHECK(seqs(tx->scan_audit(q("", "", -5, 2))) == sv{1, 2});
  CHECK(seqs(tx->scan_audit(q("ticket", "T-404"))).empty());
  CHECK(error_of([&] { tx->scan_audit(q("", "T-1")); }) == errc::invalid_argument);

  // Other transactions see only the committed part.
  auto ro = db->begin(tx_mode::read_only);
  CHECK(seqs(ro->scan_audit(q("ticket", "T-1"))) == sv{1, 4, 6, 8});
  CHECK(error_of([&] { ro->scan_audit(q("", "T-1")); }) == errc::invalid_argument);
  tx->commit();
  CHECK(seqs(ro->scan_audit(q("ticket", "T-1"))) == sv{1, 4, 6, 8, 9});
  CHECK(ro->last_audit()->seq == 10);
}

TEST_CASE("memory audit: entries are committed together with the data", "[storage][memory][audit]") {
  auto db = fresh_backend();
  {
    auto tx = db->begin(tx_mode::read_write);
    tx->put("ticket", ticket("T-1", "new"));
    tx->append_audit(entry(1, "ticket", "T-1", "create"));
    // dropped: neither record nor audit entry remain
  }
  auto tx = db->begin(tx_mode::read_write);
  CHECK_FALSE(tx->last_audit());
  CHECK_FALSE(tx->get("ticket", "T-1"));
  tx->put("ticket", ticket("T-1", "new"));
  tx->append_audit(entry(1, "ticket", "T-1", "create"));
  tx->commit();
  auto ro = db->begin(tx_mode::read_only);
  CHECK(ro->get("ticket", "T-1").has_value());
  CHECK(ro->last_audit()->action == "create");
}
