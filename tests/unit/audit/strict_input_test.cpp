// Hostile input to the audit layer: only canonical checkpoints parse, append refuses text that
// is not UTF-8, and the changes codec raises itsm::error only (R-9.1-trace).
#include <catch2/catch.hpp>

#include "audit_fixture.hpp"
#include "support/errors.hpp"

using namespace itsm;
using namespace itsm::audit;
using itsm::test::code_of;

TEST_CASE("R-9.1-trace: only the canonical checkpoint line parses", "[audit]") {
  const auto log = audit::test::clean_chain(3);
  const auto head = log.back().hash;
  REQUIRE(parse_checkpoint("itsm-audit-checkpoint seq=3 head=" + head) == checkpoint{3, head});
  for (const std::string& line : std::vector<std::string>{
           "itsm-audit-checkpoint seq=-0 head=-", "itsm-audit-checkpoint seq=00 head=-",
        "itsm-audit-checkpoint seq=+0 head=-", "itsm-audit-checkpoint seq= 0 head=-",
        "itsm-audit-checkpoint seq=03 head=" + head, "itsm-audit-checkpoint seq=+3 head=" + head,
        "itsm-audit-checkpoint seq=3  head=" + head, " itsm-audit-checkpoint seq=3 head=" + head,
        "itsm-audit-checkpoint seq=99999999999999999999 head=" + head}) {
    INFO(line);
    CHECK(code_of([&] { (void)parse_checkpoint(line); }) == errc::invalid_argument);
  }
}

TEST_CASE("R-9.1-trace: append refuses text fields that are not valid UTF-8 and writes nothing", "[audit]") {
  std::vector<storage::audit_record> log;
  audit::test::vector_tx tx(log);
  for (auto field : {&entry_input::actor, &entry_input::action, &entry_input::kind, &entry_input::object_id,
                     &entry_input::changes, &entry_input::reason, &entry_input::reference}) {
    auto e = audit::test::sample_input(0);
    e.*field += "\xFF";
    CHECK(code_of([&] { append(tx, e); }) == errc::invalid_argument);
  }
  CHECK(log.empty());
}

TEST_CASE("R-9.1-trace: decoding a doctored changes document raises corrupt, never a JSON exception", "[audit]") {
  for (const std::string& doc : std::vector<std::string>{"{\"a\":[1,2", "{\"a\":[\"\xFF\",1]}", "[1,2]", "{\"a\":[{},1]}",
                                "{\"a\":[1e999,1]}", "{\"a\":[18446744073709551615,1]}"}) {
    INFO(doc);
    CHECK(code_of([&] { (void)decode_changes(doc); }) == errc::corrupt);
  }
}
