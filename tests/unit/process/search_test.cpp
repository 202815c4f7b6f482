// Full-text search through query_service (issue 12): ranked pages, the caller's read scope,
// cursors, and bad input refused as invalid_argument without reaching the store as syntax.
#include <catch2/catch.hpp>

#include <algorithm>

#include "fixture.hpp"
#include "process/detail/records.hpp"
#include "itsm/process/query.hpp"

using namespace itsm;
using itsm::model::incident;
using itsm::test::catch_error;

namespace {

struct search_fx : test::process_fixture {
  model::customer acme, bobco;
  actor alice;

  search_fx() {
    actor slm{"sam", {std::string(roles::service_level_manager)}};
    acme = system.service_level().add_customer(slm, {.name = "ACME", .description = "retail"});
    bobco = system.service_level().add_customer(slm, {.name = "Bob & Co", .description = "payroll"});
    alice = actor{"alice", {std::string(roles::customer)}, acme.id.key()};
    auto tx = store->begin(storage::tx_mode::read_write);
    // INC-1 … INC-30: every third mentions the mail queue; customers alternate.
    for (int i = 1; i <= 30; ++i) {
      incident inc;
      inc.id = incident_id::parse("INC-" + std::to_string(i));
      inc.title = i % 3 == 0 ? "Mail queue stuck on relay " + std::to_string(i) : "Printer " + std::to_string(i);
      inc.description = i == 9 ? "mail mail queue queue" : "reported by phone";
      inc.impact = inc.urgency = 1;
      inc.priority = 1;
      inc.opened_at = parse_iso("2026-03-01T08:00:00Z");
      if (i % 2 == 0) inc.customer = acme.id;
      else if (i % 5 == 0) inc.customer = bobco.id;
      tx->put("incident", detail::to_record(inc));
    }
    tx->commit();
  }

  std::vector<std::string> all_pages(const actor& who, std::string_view text, std::size_t limit) {
    std::vector<std::string> out;
    auto p = system.queries().search<incident>(who, text, limit);
    for (int guard = 0; guard < 100; ++guard) {
      for (const auto& i : p.items) out.push_back(i.id.key());
      if (p.next_cursor.empty()) break;
      p = system.queries().search<incident>(who, text, limit, p.next_cursor);
    }
    return out;
  }
};

std::vector<std::string> sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

}  // namespace

TEST_CASE_METHOD(search_fx, "search finds every incident holding all the words, best first, page by page",
                 "[process][query][search]") {
  const std::vector<std::string> want = {"INC-12", "INC-15", "INC-18", "INC-21", "INC-24", "INC-27", "INC-3",
                                         "INC-30", "INC-6", "INC-9"};
  auto first = system.queries().search<incident>(desk, "MAIL  queue!");
  REQUIRE(first.items.size() == want.size());
  CHECK(first.next_cursor.empty());
  CHECK(first.items.front().id.key() == "INC-9");  // the words twice more in its description
  for (std::size_t limit : {1, 3, 20}) {
    INFO("pages of " << limit);
    const auto got = all_pages(desk, "mail queue", limit);
    CHECK(sorted(got) == want);
    CHECK(got.front() == "INC-9");
  }
  CHECK(system.queries().search<incident>(desk, "mail printer").items.empty());
}

TEST_CASE_METHOD(search_fx, "a customer's search finds only the customer's own incidents, on every page",
                 "[process][query][search]") {
  const std::vector<std::string> want = {"INC-12", "INC-18", "INC-24", "INC-30", "INC-6"};
  for (std::size_t limit : {1, 2, 10}) {
    INFO("pages of " << limit);
    CHECK(sorted(all_pages(alice, "mail queue", limit)) == want);
  }
  // Another word of the same titles: the same records.
  CHECK(sorted(all_pages(alice, "relay", 4)) == want);
}

TEST_CASE_METHOD(search_fx, "search refuses bad input as invalid_argument and never reads it as syntax",
                 "[process][query][search]") {
  const auto before = take();
  for (const std::string& bad : std::vector<std::string>{"", "   ", "!!! --- ***", std::string(1001, 'a')})
    CHECK(catch_error([&] { system.queries().search<incident>(desk, bad); }).code() == errc::invalid_argument);
  CHECK(catch_error([&] {
          system.queries().search<incident>(desk, "a b c d e f g h i j k l m n o p q");
        }).code() == errc::invalid_argument);
  CHECK(catch_error([&] { system.queries().search<incident>(desk, "mail", 0); }).code() == errc::invalid_argument);
  CHECK(catch_error([&] { system.queries().search<incident>(desk, "mail", 1, "garbage"); }).code() ==
        errc::invalid_argument);
  // A cursor belongs to its words.
  const auto p = system.queries().search<incident>(desk, "mail", 2);
  REQUIRE(!p.next_cursor.empty());
  CHECK(catch_error([&] { system.queries().search<incident>(desk, "queue", 2, p.next_cursor); }).code() ==
        errc::invalid_argument);
  // FTS5 syntax in the text is plain words.
  for (const std::string odd : {"mail AND queue", "\"mail", "mail*", "NEAR(mail queue)", "queue:mail", "mail OR x"})
    CHECK_NOTHROW(system.queries().search<incident>(desk, odd));
  CHECK(system.queries().search<incident>(desk, "mail OR printer").items.empty());
  CHECK(take() == before);
}

TEST_CASE_METHOD(search_fx, "known errors are found by symptom and workaround", "[process][query][search]") {
  auto tx = store->begin(storage::tx_mode::read_write);
  model::known_error ke;
  ke.id = known_error_id::parse("KE-1");
  ke.title = "Relay stalls";
  ke.symptom = "Outbound mail waits in the queue";
  ke.workaround = "Restart the postfix service";
  tx->put("known_error", detail::to_record(ke));
  tx->commit();
  const auto hits = system.queries().search<model::known_error>(desk, "postfix restart");
  REQUIRE(hits.items.size() == 1);
  CHECK(hits.items.front().id.key() == "KE-1");
}

TEST_CASE_METHOD(search_fx, "an incident is found through its notes, after those found by their own text, in scope",
                 "[process][query][search]") {
  system.incidents().add_note(desk, incident_id::parse("INC-4"), "Escalated: mail queue full again");  // acme
  system.incidents().add_note(desk, incident_id::parse("INC-5"), "mail queue on bobco relay");         // bobco
  system.incidents().add_note(desk, incident_id::parse("INC-3"), "mail queue drained");  // found by title too
  system.incidents().add_note(desk, incident_id::parse("INC-7"), "only mail here");      // not every word
  const auto got = all_pages(desk, "mail queue", 3);
  REQUIRE(got.size() == 12);
  CHECK(sorted({got.begin(), got.begin() + 10}) ==
        sorted({"INC-12", "INC-15", "INC-18", "INC-21", "INC-24", "INC-27", "INC-3", "INC-30", "INC-6", "INC-9"}));
  CHECK(sorted({got.begin() + 10, got.end()}) == sorted({"INC-4", "INC-5"}));
  // The ticket's visibility decides: alice (acme) finds acme's INC-4 through its note, not bobco's INC-5.
  const auto mine = all_pages(alice, "mail queue", 2);
  CHECK(sorted(mine) == sorted({"INC-12", "INC-18", "INC-24", "INC-30", "INC-4", "INC-6"}));
  CHECK(mine.back() == "INC-4");
  CHECK(system.queries().search<incident>(desk, "escalated").items.size() == 1);
}
