// sms::verify_records on the memory adapter (R-9.1-trace, R-4.3-records): a raw put through
// system.unaudited_store() — a write that skips rules, authorization and audit — is reported.
#include <catch2/catch.hpp>

#include "fixture.hpp"
#include "itsm/model/incident.hpp"

using namespace itsm;
using audit::record_problem;

namespace {

struct desk_fixture : test::process_fixture {
  incident_id record(std::string title) {
    model::incident draft;
    draft.title = std::move(title);
    draft.impact = 2;
    draft.urgency = 2;
    draft.caller = "carl";
    return system.incidents().record(desk, draft).id;
  }
};

}  // namespace

TEST_CASE_METHOD(desk_fixture, "R-9.1-trace R-4.3-records: a raw put through system.unaudited_store() is reported", "[process][verify]") {
  const auto a = record("printer jam");
  const auto b = record("mail delayed");
  system.incidents().assign(desk, b, "messaging", "dana");
  REQUIRE(system.verify_records().ok);

  SECTION("an existing incident rewritten") {
    auto tx = store->begin(storage::tx_mode::read_write);
    auto r = tx->get("incident", a.key()).value();
    r.values[store->find_schema("incident")->field_index("priority").value()] = value(std::int64_t{1});
    tx->put("incident", r);
    tx->commit();
    const auto v = system.verify_records();
    REQUIRE(v.findings.size() == 1);
    CHECK(v.findings[0].kind == "incident");
    CHECK(v.findings[0].id == a.key());
    CHECK(v.findings[0].problem == record_problem::wrong_revision);  // a put bumps the revision
    CHECK(system.verify_audit().ok);
  }
  SECTION("an incident created beside the write path") {
    auto tx = store->begin(storage::tx_mode::read_write);
    auto r = tx->get("incident", b.key()).value();
    r.id = "INC-77";
    r.revision = 0;
    tx->put("incident", r);
    tx->commit();
    const auto v = system.verify_records();
    REQUIRE(v.findings.size() == 1);
    CHECK(v.findings[0].id == "INC-77");
    CHECK(v.findings[0].problem == record_problem::not_in_trail);
  }
}

TEST_CASE_METHOD(desk_fixture, "R-9.1-trace: verify(who) is authorized like a read of the audit trail, a denial audited",
                 "[process][verify]") {
  record("printer jam");
  const auto v = system.verify(reader);
  CHECK(v.ok());
  CHECK(v.records.verified > 0);

  const auto before = system.verify_audit().entries;
  const actor outsider{"otto", {std::string(roles::customer)}, "CUS-1"};
  CHECK_THROWS_MATCHES(system.verify(outsider), itsm::error,
                       Catch::Matchers::Predicate<itsm::error>(
                           [](const itsm::error& e) { return e.code() == errc::permission_denied; }, "permission_denied"));
  const auto trail = store->begin(storage::tx_mode::read_only)->scan_audit({});
  REQUIRE(static_cast<std::int64_t>(trail.size()) == before + 1);
  CHECK(trail.back().actor == "otto");
  CHECK(trail.back().outcome == "denied");
  CHECK(trail.back().kind == "audit");
}
