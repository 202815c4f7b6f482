// Probes of the query API and of records retention the way a careless caller or an attacker
// would call them: text that is not UTF-8, forged cursors, instants and periods that are no
// period, keys that name nothing. Every bad call ends in an itsm::error, and nothing but the
// call's own audit entry is written.
#include <catch2/catch.hpp>

#include <limits>
#include <string>

#include "fixture.hpp"
#include "itsm/process/query.hpp"
#include "process/query_cursor.hpp"
#include "records_scenarios.hpp"
#include "store_state.hpp"

using namespace itsm;
using itsm::model::incident;
using itsm::test::catch_error;
using itsm::test::state_of;

namespace {

// f fails with an itsm::error of `code` and writes at most one audit entry of `outcome` ("" = none).
template <class F>
itsm::error only_audited(storage::backend& store, errc code, F&& f, const std::string& outcome = "") {
  const auto before = state_of(store);
  auto e = catch_error(std::forward<F>(f));
  INFO(e.what());
  CHECK(e.code() == code);
  auto after = state_of(store);
  if (outcome.empty()) {
    CHECK(after == before);
  } else {
    CHECK(after.audit_seq == before.audit_seq + 1);
    CHECK(store.begin(storage::tx_mode::read_only)->last_audit()->outcome == outcome);
    after.audit_seq = before.audit_seq;
    CHECK(after.records == before.records);
  }
  return e;
}

struct desk_world : test::process_fixture {
  desk_world() {
    for (const char* title : {"mail queue stuck", "printer jam", "mail relay down"})
      system.incidents().record(desk, {.title = title, .description = "reported by phone", .impact = 2, .urgency = 2});
  }
};

}  // namespace

TEST_CASE_METHOD(desk_world, "search words and filter texts that are not UTF-8 are refused, not matched as bytes",
                 "[process][query][probe]") {
  auto& q = system.queries();
  only_audited(*store, errc::invalid_argument, [&] { q.search<incident>(desk, "mail \xff\xfe"); });
  only_audited(*store, errc::invalid_argument, [&] { q.search<incident>(desk, "caf\xc3"); });
  only_audited(*store, errc::invalid_argument,
               [&] { q.find(desk, query<incident>().where(field("assignment_group").eq("net\xc3"))); });
  only_audited(*store, errc::invalid_argument,
               [&] { q.count(desk, query<incident>().where(field("assignment_group").in({value("a"), value("\xff")}))); });
  only_audited(*store, errc::invalid_argument,
               [&] { q.count(desk, query<incident>().where(field("assignment_group").starts_with("\xe2\x82"))); });
  // Instants that are none: no stored time is special (kind_def::encode).
  for (const timestamp t : {timestamp(), timestamp(boost::posix_time::pos_infin)})
    only_audited(*store, errc::invalid_argument, [&] { q.count(desk, query<incident>().where(field("opened_at").lt(t))); });
  // A NUL byte separates words like a space; a prefix ending in DEL is valid (its bound is internal).
  CHECK(q.search<incident>(desk, std::string("mail\0queue", 10)).items.size() == 1);
  CHECK(q.count(desk, query<incident>().where(field("assignment_group").starts_with("a\x7f"))) == 0);
  CHECK(q.search<incident>(desk, "mail").items.size() == 2);
}

TEST_CASE_METHOD(desk_world, "a forged search cursor far past the end gives an empty page, a negative one is refused",
                 "[process][query][probe]") {
  auto& q = system.queries();
  const auto fp = detail::fingerprint("search\nincident\nmail");
  const auto far = detail::encode_cursor(fp, {value(std::numeric_limits<std::int64_t>::max()), "+"});
  const auto page = q.search<incident>(desk, "mail", 1, far);
  CHECK(page.items.empty());
  CHECK(page.next_cursor.empty());
  CHECK(q.search<incident>(desk, "mail", 1).next_cursor != "");  // the forged one had the right shape
  const auto negative = detail::encode_cursor(fp, {value(std::int64_t{-1}), "+"});
  only_audited(*store, errc::invalid_argument, [&] { q.search<incident>(desk, "mail", 1, negative); });
}

TEST_CASE("R-4.3-records: due and disposals refuse an instant or period that is none, and write nothing",
          "[process][records][probe]") {
  test::records_world w;
  w.rec.define_rule(w.quinn, w.two_years());
  w.training("pat");
  const auto t = parse_iso("2030-01-01T00:00:00Z");
  REQUIRE(w.rec.due(w.quinn, t).size() == 1);
  for (const timestamp bad : {timestamp(), timestamp(boost::posix_time::pos_infin), timestamp(boost::posix_time::neg_infin)})
    only_audited(*w.store, errc::invalid_argument, [&] { w.rec.due(w.quinn, bad); });
  only_audited(*w.store, errc::invalid_argument, [&] { w.rec.disposals(w.quinn, t, parse_iso("2026-01-01T00:00:00Z")); });
  only_audited(*w.store, errc::invalid_argument, [&] { w.rec.disposals(w.quinn, timestamp(), t); });
  CHECK(w.rec.disposals(w.quinn, parse_iso("2026-01-01T00:00:00Z"), t).empty());
}

TEST_CASE("R-4.3-records: disposal, holds and rules with keys that name nothing, or text that is not UTF-8",
          "[process][records][probe]") {
  test::records_world w;
  const auto rule = w.rec.define_rule(w.quinn, w.two_years());
  const auto trn = w.training("pat");
  w.clk->set(parse_iso("2029-01-01T00:00:00Z"));
  // Keys that name nothing: not_found, nothing written.
  for (const auto& [kind, id] : std::vector<std::pair<std::string, std::string>>{
           {"", ""}, {"training_record", ""}, {"training_record", "TRN-"}, {"training_record", "TRN-0"},
           {"training_record", "TRN-99999999999999999999"}, {"no_such_kind", "X-1"}, {"\xff", "\xfe"},
           {"retention_rule", rule.id.key()}, {"training_record", trn.id.key() + std::string(1, '\0')}})
    only_audited(*w.store, errc::not_found, [&, kind = kind, id = id] { w.rec.dispose(w.quinn, kind, id); });
  // A caller without the grant is denied whatever it names, and only the denial is written.
  only_audited(*w.store, errc::permission_denied, [&] { w.rec.dispose(w.vic, "\xff", "\xfe"); }, "denied");
  // A rule for a kind named in bytes that are not UTF-8: refused by its R- id.
  auto bad_rule = w.two_years();
  bad_rule.kind = "training\xff";
  CHECK(only_audited(*w.store, errc::rule_violation, [&] { w.rec.define_rule(w.quinn, bad_rule); }, "refused")
            .violates("R-4.3-records"));
  bad_rule = w.two_years();
  bad_rule.kind = "incident";  // a kind with no rule yet: the rules pass, the text does not
  bad_rule.from_field = "opened_at";
  bad_rule.description = "kept \xc3";
  only_audited(*w.store, errc::invalid_argument, [&] { w.rec.define_rule(w.quinn, bad_rule); });
  // A hold on nothing is refused; one whose reason is not UTF-8 writes nothing.
  model::legal_hold hold;
  hold.kind = "training_record";
  hold.object_id = "TRN-42\xff";
  hold.reason = "litigation";
  CHECK(only_audited(*w.store, errc::rule_violation, [&] { w.rec.place_hold(w.quinn, hold); }, "refused")
            .violates("R-4.3-records"));
  hold.object_id = trn.id.key();
  hold.reason = std::string("litigation \xff");
  only_audited(*w.store, errc::invalid_argument, [&] { w.rec.place_hold(w.quinn, hold); });
  // A customer's user reads none of it.
  const actor alice{"alice", {std::string(roles::customer)}, "CUS-1"};
  only_audited(*w.store, errc::permission_denied, [&] { w.rec.rules(alice); }, "denied");
  only_audited(*w.store, errc::permission_denied, [&] { w.rec.due(alice, w.clk->now()); }, "denied");
  // Nothing above disposed of the training.
  CHECK(w.rec.dispose(w.quinn, "training_record", trn.id.key()).object_id == trn.id.key());
}

TEST_CASE("R-4.3-records R-9.1-access: the records due are only those the caller may see", "[process][records][probe]") {
  // Lets everyone do everything but read TRN-2 (as an authorizer scoping records by customer would).
  struct hides_one final : authorizer {
    decision authorize(const access_request& r) const override {
      return r.kind == "training_record" && r.object_id == "TRN-2" ? decision::deny("not yours") : decision::allow();
    }
  };
  test::records_world w(storage::make_memory_backend(), std::make_shared<hides_one>());
  w.rec.define_rule(w.quinn, w.two_years());
  w.training("pat");
  w.training("sam");
  const auto due = w.rec.due(w.quinn, parse_iso("2030-01-01T00:00:00Z"));
  REQUIRE(due.size() == 1);
  CHECK(due.front().id == "TRN-1");
}

TEST_CASE_METHOD(desk_world, "a ticket document nested 100,000 deep is refused, not a stack overflow",
                 "[process][probe]") {
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  const std::string head = R"({"schema":"itsm.export/1","kind":"incident",)";
  for (const auto& doc : {head + R"("ticket":)" + deep + "}", head + R"("ticket":{"fields":{"title":)" + deep + "}}}",
                          head + R"("ticket":{"fields":{"title":"t"}},"log":)" + deep + "}",
                          head + R"("ticket":{"fields":{"title":"t"}},"comments":[{"fields":{"text":)" + deep + "}}]}"})
    only_audited(*store, errc::invalid_argument, [&] { system.tickets().import_ticket(admin, doc); });
}
