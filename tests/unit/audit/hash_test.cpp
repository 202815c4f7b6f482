// The canonical encoding and hash of an audit entry (R-9.1-trace): exact layout, independence of
// fields, and append() through a minimal transaction.
#include <catch2/catch.hpp>

#include "audit_fixture.hpp"

using namespace itsm;
using namespace itsm::audit;
using itsm::storage::audit_record;

namespace {
audit_record sample() {
  audit_record e;
  e.seq = 7;
  e.at = parse_iso("2026-03-01T08:00:00.000001Z");
  e.actor = "alice";
  e.action = "update";
  e.kind = "ci";
  e.object_id = "CI-7";
  e.revision = 3;
  e.outcome = "applied";
  e.changes = R"({"status":["planned","live"]})";
  e.reason = "upgrade";
  e.reference = "RFC-12";
  e.prev_hash = std::string(64, 'a');
  return e;
}
}  // namespace

TEST_CASE("R-9.1-trace: the canonical encoding (v3) has the documented layout", "[audit]") {
  // Written out by hand from docs/audit.md; the digests were computed independently with
  // `printf … | sha256sum` on these bytes.
  const std::string changes_digest = "ca0407be2212b46ab3f2facc8878bf8081b37ac317aefda7bb88d78bbbf9e8b7";
  const std::string expected = "itsm-audit-v3\n64:" + std::string(64, 'a') +
                               ",1:7,16:1772352000000001,5:alice,6:update,2:ci,4:CI-7,1:3,"
                               "7:applied,64:" + changes_digest + ",7:upgrade,6:RFC-12,0:,";
  auto e = sample();
  REQUIRE(canonical_encoding(e) == expected);
  REQUIRE(compute_hash(e) == "45431b64cca3c6792993d5c828f17fd86dd01891d4a5b7c2bc3ce8d438685408");
  SECTION("the stored hash itself is not part of the encoding") {
    e.hash = "anything";
    REQUIRE(canonical_encoding(e) == expected);
  }
  SECTION("R-4.3-records: the redaction marker of the changes encodes alike, anything else does not") {
    REQUIRE(redaction_marker(e.changes) == "{\"redacted\":\"sha256:" + changes_digest + "\"}");
    auto redacted = e;
    redacted.changes = redaction_marker(e.changes);
    REQUIRE(canonical_encoding(redacted) == expected);
    redacted.changes = redaction_marker("{}");
    REQUIRE(compute_hash(redacted) != compute_hash(e));
  }
}

TEST_CASE("R-9.1-trace: legacy entries keep their v1 layout", "[audit]") {
  const std::string expected = "itsm-audit-v1\n64:" + std::string(64, 'a') +
                               ",1:7,16:1772352000000001,5:alice,6:update,2:ci,4:CI-7,1:3,"
                               "7:applied,29:{\"status\":[\"planned\",\"live\"]},7:upgrade,"
                               "6:RFC-12,";
  const auto e = sample();
  REQUIRE(canonical_encoding(e, entry_format::legacy) == expected);
  REQUIRE(compute_hash(e, entry_format::legacy) == "4b427372e43be799e0b2f51b80bc4f9c9317ad8316a966b0d55adf6776e1d8ca");
}

TEST_CASE("R-9.1-trace: a legacy entry with a record hash is encoded as v2 with the hash last", "[audit]") {
  auto e = sample();
  e.record_hash = std::string(64, 'f');
  const std::string v1_fields =
      canonical_encoding(sample(), entry_format::legacy).substr(std::string("itsm-audit-v1\n").size());
  REQUIRE(canonical_encoding(e, entry_format::legacy) ==
          "itsm-audit-v2\n" + v1_fields + "64:" + std::string(64, 'f') + ",");
  auto changed = e;
  changed.record_hash[63] = 'e';
  REQUIRE(compute_hash(changed, entry_format::legacy) != compute_hash(e, entry_format::legacy));
  REQUIRE(compute_hash(e, entry_format::legacy) != compute_hash(sample(), entry_format::legacy));
}

TEST_CASE("R-9.1-trace: the encoding is unambiguous across field boundaries", "[audit]") {
  auto a = sample();
  auto b = sample();
  // Moving bytes from one field to its neighbour keeps the concatenation but not the encoding.
  a.actor = "ali";
  a.action = "ceupdate";
  b.actor = "alice";
  b.action = "update";
  REQUIRE(a.actor + a.action == b.actor + b.action);
  REQUIRE(canonical_encoding(a) != canonical_encoding(b));
  REQUIRE(compute_hash(a) != compute_hash(b));
  // A separator inside a field cannot imitate a field boundary.
  auto c = sample();
  auto d = sample();
  c.reason = "x,6:RFC-12";
  c.reference = "";
  d.reason = "x";
  d.reference = "RFC-12";
  REQUIRE(canonical_encoding(c) != canonical_encoding(d));
}

TEST_CASE("R-9.1-trace: every field of an entry changes its hash", "[audit]") {
  const auto base = sample();
  const auto h = compute_hash(base);
  REQUIRE(h.size() == 64);
  REQUIRE(h.find_first_not_of("0123456789abcdef") == std::string::npos);
  std::vector<audit_record> variants(14, base);
  variants[0].seq = 8;
  variants[1].at += boost::posix_time::microseconds(1);
  variants[2].actor = "alicf";
  variants[3].action = "create";
  variants[4].kind = "cj";
  variants[5].object_id = "CI-8";
  variants[6].revision = 4;
  variants[7].outcome = "denied";
  variants[8].changes = "{}";
  variants[9].reason = "";
  variants[10].reference = "RFC-13";
  variants[11].prev_hash[0] = 'b';
  variants[12].record_hash = std::string(64, 'c');  // gaining a record hash
  variants[13].record_hash = "erased";
  for (std::size_t i = 0; i < variants.size(); ++i) {
    INFO("variant " << i);
    REQUIRE(compute_hash(variants[i]) != h);
  }
}

TEST_CASE("R-9.1-trace: special timestamps encode without throwing and differ", "[audit]") {
  auto a = sample(), b = sample(), c = sample();
  a.at = timestamp(boost::posix_time::not_a_date_time);
  b.at = timestamp(boost::posix_time::pos_infin);
  c.at = timestamp(boost::posix_time::neg_infin);
  REQUIRE(compute_hash(a) != compute_hash(b));
  REQUIRE(compute_hash(b) != compute_hash(c));
  REQUIRE(compute_hash(a) != compute_hash(c));
}

TEST_CASE("R-9.1-trace: append chains entries and validates its input", "[audit]") {
  std::vector<audit_record> log;
  test::vector_tx tx(log);
  const auto first = append(tx, test::sample_input(0));
  REQUIRE(first.seq == 1);
  REQUIRE(first.prev_hash.empty());
  REQUIRE(first.hash == compute_hash(first));
  const auto second = append(tx, test::sample_input(1));
  REQUIRE(second.seq == 2);
  REQUIRE(second.prev_hash == first.hash);
  REQUIRE(log.size() == 2);
  REQUIRE(log[0] == first);
  REQUIRE(log[1] == second);
  REQUIRE(second.actor == test::sample_input(1).actor);
  REQUIRE(second.changes == test::sample_input(1).changes);
  REQUIRE(second.record_hash == test::sample_input(1).record_hash);

  auto bad = test::sample_input(2);
  SECTION("outcome must be applied, denied or refused") {
    bad.outcome = "done";
    REQUIRE_THROWS_AS(append(tx, bad), itsm::error);
  }
  SECTION("the time must be a real instant") {
    bad.at = timestamp();
    REQUIRE_THROWS_AS(append(tx, bad), itsm::error);
  }
  SECTION("the revision must not be negative") {
    bad.revision = -1;
    REQUIRE_THROWS_AS(append(tx, bad), itsm::error);
  }
  SECTION("R-4.3-records: fresh changes cannot pose as a redaction marker") {
    bad.changes = redaction_marker("{}");
    REQUIRE_THROWS_AS(append(tx, bad), itsm::error);
  }
  SECTION("only an applied entry carries a record hash") {
    bad.outcome = "denied";
    bad.revision = 0;
    bad.record_hash = std::string(64, 'a');
    REQUIRE_THROWS_AS(append(tx, bad), itsm::error);
  }
  REQUIRE(log.size() == 2);  // a refused append writes nothing
}

TEST_CASE("R-9.1-trace: checkpoints format and parse as one line", "[audit]") {
  const auto log = test::clean_chain(5);
  const checkpoint cp{5, log.back().hash};
  const auto line = format_checkpoint(cp);
  REQUIRE(line == "itsm-audit-checkpoint seq=5 head=" + log.back().hash);
  REQUIRE(parse_checkpoint(line) == cp);
  REQUIRE(parse_checkpoint(line + "\n") == cp);
  REQUIRE(parse_checkpoint(format_checkpoint(checkpoint{})) == checkpoint{});
  REQUIRE_THROWS_AS(parse_checkpoint("itsm-audit-checkpoint seq=5 head=xyz"), itsm::error);
  REQUIRE_THROWS_AS(parse_checkpoint("itsm-audit-checkpoint seq=-1 head=-"), itsm::error);
  REQUIRE_THROWS_AS(parse_checkpoint("seq=5 head=" + log.back().hash), itsm::error);
  REQUIRE_THROWS_AS(parse_checkpoint(line.substr(0, line.size() - 1)), itsm::error);
  REQUIRE_THROWS_AS(to_checkpoint(verify_result{false, 0, "", 1, "broken"}), itsm::error);
}
