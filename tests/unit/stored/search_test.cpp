// Full-text search through the process layer on a durable store (store.hpp): incidents recorded
// and worked through the write path are found, ranked and paged exactly as on the memory store
// given the same operations (the same BM25 over the same tokens, docs/queries.md).
#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <vector>

#include "itsm/core/clock.hpp"
#include "itsm/process/query.hpp"
#include "itsm/process/sms.hpp"
#include "itsm/storage/memory.hpp"
#include "unit/stored/store.hpp"

using namespace itsm;
using model::incident;

namespace {

const actor desk{"dave", {std::string(roles::service_desk)}};

sms open_on(std::shared_ptr<storage::backend> store) {
  return sms(std::move(store), sms_options{std::make_shared<manual_clock>(parse_iso("2026-03-02T08:00:00Z")), nullptr,
                                           nullptr, {}});
}

// Twenty incidents, a few words shared unevenly; every fourth worked to resolution.
void work(sms& system) {
  const std::vector<std::string> words = {"mail queue stuck", "printer offline", "mail relay slow",
                                          "VPN drops: mail still works", "Überweisung fehlgeschlagen"};
  for (int i = 0; i < 20; ++i) {
    model::incident draft;
    draft.title = words[static_cast<std::size_t>(i) % words.size()] + " #" + std::to_string(i);
    draft.description = i % 3 == 0 ? "mail mail mail, queue of " + std::to_string(i * 7) : "reported by phone";
    draft.impact = 1 + i % 3;
    draft.urgency = 2;
    draft.caller = "carl";
    const auto id = system.incidents().record(desk, draft).id;
    if (i % 4 != 0) continue;
    system.incidents().assign(desk, id, "messaging", "dana");
    system.incidents().start_work(desk, id);
    system.incidents().resolve(desk, id, "restarted the mail queue");
  }
}

// Every hit of `text`, page by page (`limit` per page), in rank order.
std::vector<std::string> pages(const sms& system, std::string_view text, std::size_t limit) {
  std::vector<std::string> out;
  auto p = system.queries().search<incident>(desk, text, limit);
  for (int guard = 0; guard < 100; ++guard) {
    for (const auto& i : p.items) out.push_back(i.id.key());
    if (p.next_cursor.empty()) break;
    p = system.queries().search<incident>(desk, text, limit, p.next_cursor);
  }
  return out;
}

}  // namespace

TEST_CASE("R-4.3-records: search on a durable store finds and ranks as on the memory store", "[stored][search]") {
  auto durable = open_on(stored_test::open(stored_test::fresh("search")));
  auto memory = open_on(storage::make_memory_backend());
  work(durable);
  work(memory);
  for (const auto* text : {"mail", "mail queue", "printer", "Überweisung", "phone", "nothing here", "21"}) {
    INFO(stored_test::engine << " search: " << text);
    const auto want = pages(memory, text, 1000);
    CHECK(pages(durable, text, 1000) == want);
    CHECK(pages(durable, text, 3) == want);
  }
  CHECK(pages(durable, "mail", 1000).size() >= 10);  // not vacuous
  CHECK(pages(durable, "printer", 2).size() == 4);
}
