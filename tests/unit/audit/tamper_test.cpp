// The tamper matrix (R-9.1-trace): every kind of tampering with a stored trail is detected by
// verify(), with or without a checkpoint as documented in docs/audit.md.
#include <catch2/catch.hpp>

#include <algorithm>

#include "audit_fixture.hpp"
#include "itsm/audit/changes.hpp"

using namespace itsm;
using namespace itsm::audit;
using itsm::audit::test::clean_chain;
using itsm::audit::test::rehash_from;
using itsm::storage::audit_record;

namespace {

constexpr int n = 50;

checkpoint head_of(const std::vector<audit_record>& log) {
  return log.empty() ? checkpoint{} : checkpoint{log.back().seq, log.back().hash};
}

void flip_byte(std::string& s, std::size_t salt) {
  if (s.empty()) {
    s.push_back('x');
    return;
  }
  s[salt % s.size()] = static_cast<char>(s[salt % s.size()] ^ 0x01);
}

struct field_edit {
  const char* name;
  std::function<void(audit_record&, std::size_t)> edit;
};

const std::vector<field_edit>& field_edits() {
  static const std::vector<field_edit> edits = {
      {"seq", [](audit_record& e, std::size_t) { e.seq ^= 1; }},
      {"at", [](audit_record& e, std::size_t) { e.at += boost::posix_time::microseconds(1); }},
      {"actor", [](audit_record& e, std::size_t k) { flip_byte(e.actor, k); }},
      {"action", [](audit_record& e, std::size_t k) { flip_byte(e.action, k); }},
      {"kind", [](audit_record& e, std::size_t k) { flip_byte(e.kind, k); }},
      {"object_id", [](audit_record& e, std::size_t k) { flip_byte(e.object_id, k); }},
      {"revision", [](audit_record& e, std::size_t) { e.revision ^= 1; }},
      {"outcome", [](audit_record& e, std::size_t k) { flip_byte(e.outcome, k); }},
      {"changes", [](audit_record& e, std::size_t k) { flip_byte(e.changes, k); }},
      {"reason", [](audit_record& e, std::size_t k) { flip_byte(e.reason, k); }},
      {"reference", [](audit_record& e, std::size_t k) { flip_byte(e.reference, k); }},
      {"prev_hash", [](audit_record& e, std::size_t k) { flip_byte(e.prev_hash, k); }},
      {"hash", [](audit_record& e, std::size_t k) { flip_byte(e.hash, k); }},
      {"record_hash", [](audit_record& e, std::size_t k) { flip_byte(e.record_hash, k); }},
  };
  return edits;
}

void require_detected_at(const verify_result& r, std::int64_t seq) {
  INFO("problem: " << r.problem);
  REQUIRE_FALSE(r.ok);
  REQUIRE(r.first_bad_seq == seq);
  REQUIRE_FALSE(r.problem.empty());
}

}  // namespace

TEST_CASE("R-9.1-trace: a clean trail verifies with its entry count and head hash", "[audit]") {
  const auto log = clean_chain(n);
  const auto r = verify(log);
  REQUIRE(r.ok);
  REQUIRE(r.entries == n);
  REQUIRE(r.head_hash == log.back().hash);
  REQUIRE(r.first_bad_seq == 0);
  REQUIRE(r.problem.empty());

  SECTION("with a checkpoint of its head") { REQUIRE(verify(log, head_of(log)).ok); }
  SECTION("with an older checkpoint") {
    REQUIRE(verify(log, checkpoint{20, log[19].hash}).ok);
    REQUIRE(to_checkpoint(verify(log, checkpoint{20, log[19].hash})) == head_of(log));
  }
  SECTION("the empty trail") {
    const auto e = verify(std::vector<audit_record>{});
    REQUIRE(e.ok);
    REQUIRE(e.entries == 0);
    REQUIRE(e.head_hash.empty());
    REQUIRE(verify(std::vector<audit_record>{}, checkpoint{}).ok);
  }
}

TEST_CASE("R-9.1-trace: editing one byte of any field of any entry is detected", "[audit]") {
  const auto log = clean_chain(n);
  const bool with_cp = GENERATE(false, true);
  int cases = 0;
  for (const auto& fe : field_edits()) {
    for (std::size_t i = 0; i < log.size(); ++i) {
      auto t = log;
      fe.edit(t[i], i * 7 + 3);
      REQUIRE(t[i] != log[i]);
      INFO("field " << fe.name << " of entry " << i + 1 << (with_cp ? " (checkpoint)" : ""));
      const auto r = with_cp ? verify(t, head_of(log)) : verify(t);
      require_detected_at(r, static_cast<std::int64_t>(i) + 1);
      REQUIRE(r.entries == static_cast<std::int64_t>(i));
      ++cases;
    }
  }
  REQUIRE(cases == 14 * n);
}

TEST_CASE("R-9.1-trace: a deleted entry is detected", "[audit]") {
  auto log = clean_chain(n);
  SECTION("in the middle") {
    log.erase(log.begin() + 24);  // seq 25
    require_detected_at(verify(log), 25);
  }
  SECTION("the first") {
    log.erase(log.begin());
    require_detected_at(verify(log), 1);
  }
  SECTION("the only entry of a one-entry trail: needs the checkpoint") {
    auto one = clean_chain(1);
    const auto cp = head_of(one);
    one.clear();
    REQUIRE(verify(one).ok);
    require_detected_at(verify(one, cp), 1);
  }
}

TEST_CASE("R-9.1-trace: a deleted range is detected", "[audit]") {
  auto log = clean_chain(n);
  log.erase(log.begin() + 9, log.begin() + 20);  // seq 10..20
  const auto r = verify(log);
  require_detected_at(r, 10);
  REQUIRE(r.entries == 9);
  REQUIRE(r.head_hash == log[8].hash);
}

TEST_CASE("R-9.1-trace: reordered entries are detected", "[audit]") {
  auto log = clean_chain(n);
  SECTION("two neighbours") {
    std::swap(log[9], log[10]);  // seq 10 and 11
    require_detected_at(verify(log), 10);
  }
  SECTION("two far apart") {
    std::swap(log[4], log[29]);
    require_detected_at(verify(log), 5);
  }
  SECTION("two swapped and renumbered to look gapless") {
    std::swap(log[9], log[10]);
    std::swap(log[9].seq, log[10].seq);
    require_detected_at(verify(log), 10);
  }
}

TEST_CASE("R-9.1-trace: an inserted entry is detected", "[audit]") {
  auto log = clean_chain(n);
  SECTION("a copy of an existing entry") {
    log.insert(log.begin() + 10, log[9]);  // seq 10 twice
    require_detected_at(verify(log), 11);
  }
  SECTION("a forged entry linked correctly to its predecessor") {
    // The forger computes a valid entry 11 after entry 10; the chain breaks at the genuine 11,
    // which now sits at position 12.
    audit_record forged = log[10];
    forged.actor = "mallory";
    forged.prev_hash = log[9].hash;
    forged.hash = compute_hash(forged);
    log.insert(log.begin() + 10, forged);
    require_detected_at(verify(log), 12);
  }
  SECTION("a forged entry in front of the trail") {
    audit_record forged = log[0];
    forged.reason = "backdated";
    forged.hash = compute_hash(forged);
    log.insert(log.begin(), forged);
    require_detected_at(verify(log), 2);
  }
}

TEST_CASE("R-9.1-trace: a truncated tail is undetectable without a checkpoint, detected with one",
          "[audit]") {
  auto log = clean_chain(n);
  const auto cp = head_of(log);
  log.resize(45);
  SECTION("without a checkpoint the shorter trail is a valid trail (documented limitation)") {
    const auto r = verify(log);
    REQUIRE(r.ok);
    REQUIRE(r.entries == 45);
  }
  SECTION("with the checkpoint it is detected") {
    const auto r = verify(log, cp);
    require_detected_at(r, 46);
    REQUIRE(r.entries == 45);
    REQUIRE(r.problem.find("truncated") != std::string::npos);
  }
}

TEST_CASE("R-9.1-trace: a wholesale re-hashed trail is detected only with a checkpoint",
          "[audit]") {
  auto log = clean_chain(n);
  const auto cp = head_of(log);
  const auto older_cp = checkpoint{30, log[29].hash};
  log[19].actor = "mallory";  // the edit ...
  rehash_from(log, 19);       // ... covered up by recomputing every later hash
  SECTION("without a checkpoint the recomputed chain is consistent (documented limitation)") {
    REQUIRE(verify(log).ok);
  }
  SECTION("with the head checkpoint it is detected at the checkpoint") {
    const auto r = verify(log, cp);
    require_detected_at(r, n);
    REQUIRE(r.problem.find("checkpoint") != std::string::npos);
  }
  SECTION("an older checkpoint covering the edit detects it too") {
    require_detected_at(verify(log, older_cp), 30);
  }
  SECTION("a checkpoint older than the edit cannot see it (documented limitation)") {
    auto fresh = clean_chain(n);
    const auto early = checkpoint{10, fresh[9].hash};
    fresh[19].actor = "mallory";
    rehash_from(fresh, 19);
    REQUIRE(verify(fresh, early).ok);
  }
  SECTION("re-hashing from the very first entry is detected too") {
    auto all = clean_chain(n);
    all[0].actor = "mallory";
    rehash_from(all, 0);
    REQUIRE(verify(all).ok);
    require_detected_at(verify(all, cp), n);
  }
}

TEST_CASE("R-9.1-trace: sequence gaps are detected even when the hashes were recomputed",
          "[audit]") {
  auto log = clean_chain(n);
  for (std::size_t i = 25; i < log.size(); ++i) ++log[i].seq;  // 1..25, 27..51
  rehash_from(log, 25);
  const auto r = verify(log);
  require_detected_at(r, 26);
  REQUIRE(r.problem.find("gap") != std::string::npos);

  SECTION("a trail that does not start at 1") {
    auto late = clean_chain(3);
    for (auto& e : late) e.seq += 4;
    rehash_from(late, 0);
    require_detected_at(verify(late), 1);
  }
}

TEST_CASE("R-9.1-trace: a checkpoint that does not match the trail fails verification",
          "[audit]") {
  const auto log = clean_chain(n);
  SECTION("wrong head hash") {
    auto cp = head_of(log);
    cp.head_hash[0] = cp.head_hash[0] == 'a' ? 'b' : 'a';
    require_detected_at(verify(log, cp), n);
  }
  SECTION("a checkpoint beyond the trail") {
    require_detected_at(verify(log, checkpoint{n + 3, log.back().hash}), n + 1);
  }
  SECTION("malformed checkpoints are caller errors") {
    REQUIRE_THROWS_AS(verify(log, checkpoint{-1, ""}), itsm::error);
    REQUIRE_THROWS_AS(verify(log, checkpoint{0, "ab"}), itsm::error);
    REQUIRE_THROWS_AS(verify(log, checkpoint{3, ""}), itsm::error);
  }
}

TEST_CASE("R-4.3-records: a redacted entry verifies; a tampered redaction is reported at its entry", "[audit]") {
  auto log = clean_chain(n);
  const auto original = log[9].changes;
  test::vector_tx tx(log);
  REQUIRE(redact(tx, log[9]));  // what a disposal does
  REQUIRE(log[9].changes == redaction_marker(original));
  REQUIRE_FALSE(redact(tx, log[9]));  // already redacted: nothing to do
  REQUIRE(decode_changes(log[9].changes).empty());  // histories read it as "no values"
  REQUIRE(verify(log, head_of(log)).ok);
  SECTION("changes replaced by the marker of other changes") {
    log[19].changes = redaction_marker("{}");
    require_detected_at(verify(log), 20);
    REQUIRE(verify(log).problem.find("redaction marker does not match") != std::string::npos);
  }
  SECTION("changes replaced by anything but a marker") {
    log[19].changes = R"({"redacted":"by hand"})";
    require_detected_at(verify(log), 20);
  }
  SECTION("a redacted entry cannot be redacted again or passed off as legacy") {
    log[9].changes = log[9].changes.substr(0, log[9].changes.size() - 2) + "0\"}";  // one hex digit changed
    require_detected_at(verify(log), 10);
  }
}

TEST_CASE("R-4.3-records: entries written before format v3 still verify and refuse redaction", "[audit]") {
  auto log = clean_chain(5);
  for (std::size_t i = 0; i < log.size(); ++i) {  // a trail as an older itsm wrote it
    log[i].prev_hash = i == 0 ? std::string() : log[i - 1].hash;
    log[i].hash = compute_hash(log[i], entry_format::legacy);
  }
  REQUIRE(verify(log, head_of(log)).ok);
  test::vector_tx tx(log);
  const auto before = log;
  try {
    redact(tx, log[2]);  // its hash covers the text: redaction would break the chain
    FAIL("a legacy entry was redacted");
  } catch (const itsm::error& e) {
    REQUIRE(e.code() == errc::invalid_argument);
  }
  REQUIRE(log == before);
  auto redacted = log;
  redacted[2].changes = redaction_marker(redacted[2].changes);
  require_detected_at(verify(redacted), 3);
}
