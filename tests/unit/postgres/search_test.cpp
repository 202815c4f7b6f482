// Full-text search on PostgreSQL ranks as the memory adapter does (the same BM25 over the same
// tokens): hits and scores compared on texts PostgreSQL's own parsers would split otherwise —
// non-ASCII letters, invalid UTF-8, tokens longer than a lexeme, a text filter; and the search
// column has its GIN index.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "itsm/storage/memory.hpp"
#include "support.hpp"

using namespace itsm;
using storage::record;
using storage::text_query;
using storage::tx_mode;

namespace {

storage::schema note_schema() {
  storage::schema s;
  s.kind = "note";
  s.fields = {{"type", value_type::text, false}, {"title", value_type::text, false}, {"body", value_type::text, true}};
  s.text_fields = {"title", "body"};
  s.text_only_when = storage::text_filter{"type", "public"};
  return s;
}

std::vector<record> notes() {
  const std::string long_a(3000, 'a'), long_b = std::string(2999, 'a') + "b";  // one 1,000-byte lexeme
  const std::vector<std::pair<std::string, std::string>> texts = {
      {"Überweisung fehlgeschlagen", "die Überweisung an die Bank ist fehlgeschlagen"},
      {"überweisung", "klein geschrieben: ÜBERWEISUNG bleibt wie es ist"},
      {"bad bytes \xff\xfe here", "more \xff\xfe bytes and mail"},
      {"mail " + long_a, "mail queue"},
      {"mail " + long_b, "queue queue"},
      {"queue_depth>1000 on db-7", "mail-queue alerts (MX)"},
      {"日本語 テキスト mail", ""},
      {"Printer offline", "paper jam"},
  };
  std::vector<record> out;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    const std::string type = i == 7 ? "private" : "public";  // the printer is no document
    out.push_back(record{"N-" + std::to_string(i + 1), 0,
                         {value(type), value(texts[i].first), texts[i].second.empty() ? value{} : value(texts[i].second)}});
  }
  return out;
}

void fill(storage::backend& be) {
  be.register_schema(note_schema());
  auto tx = be.begin(tx_mode::read_write);
  for (const auto& r : notes()) tx->put("note", r);
  tx->commit();
}

}  // namespace

TEST_CASE("postgresql search: the same hits and BM25 scores as the memory adapter", "[postgres][search]") {
  auto pg = pg_test::open_store("search_scores");
  auto mem = storage::make_memory_backend();
  fill(*pg);
  fill(*mem);
  const std::string long_a(3000, 'a'), long_b = std::string(2999, 'a') + "b";
  const std::vector<std::vector<std::string>> searches = {
      {"mail"}, {"queue"}, {"mail", "queue"}, {"Überweisung"}, {"überweisung"}, {"fehlgeschlagen"},
      {"\xff\xfe"}, {"bytes"}, {long_a}, {long_b}, {std::string(1000, 'a')}, {"depth"}, {"7"}, {"日本語"},
      {"printer"}, {"nothing"}};
  auto ptx = pg->begin(tx_mode::read_only);
  auto mtx = mem->begin(tx_mode::read_only);
  for (const auto& terms : searches) {
    INFO("first term: " << terms.front().substr(0, 40) << " (" << terms.front().size() << " bytes)");
    const auto want = mtx->search(text_query{"note", terms, 0, 0});
    const auto got = ptx->search(text_query{"note", terms, 0, 0});
    REQUIRE(got.size() == want.size());
    for (std::size_t i = 0; i < got.size(); ++i) {
      CHECK(got[i].id == want[i].id);
      CHECK(std::abs(got[i].score - want[i].score) < 1e-9);
    }
  }
  // Spot checks that the comparison is not vacuous.
  CHECK(ptx->search(text_query{"note", {long_a}, 0, 0}).size() == 1);
  CHECK(ptx->search(text_query{"note", {"mail"}, 0, 0}).size() == 5);
  CHECK(ptx->search(text_query{"note", {"printer"}, 0, 0}).empty());
}

TEST_CASE("postgresql search: the search column is GIN-indexed and null for non-documents", "[postgres][search]") {
  auto pg = pg_test::open_store("search_index");
  fill(*pg);
  const auto schema = pg_test::schema_for("search_index");
  CHECK(pg_test::raw_sql("SELECT indexdef FROM pg_indexes WHERE schemaname = '" + schema + "' AND indexdef LIKE '%gin%'")
            .find("_itsm_text") != std::string::npos);
  CHECK(pg_test::raw_sql("SELECT count(*) FROM \"" + schema + "\".\"note\" WHERE \"_itsm_text\" IS NULL") == "1");
  CHECK(pg_test::raw_sql("SELECT \"_itsm_length\" FROM \"" + schema + "\".\"note\" WHERE \"id\" = 'N-2'") == "8");  // 1 + 7 tokens
}

TEST_CASE("postgresql put_changed: only the flagged fields are written, the search columns when their text changed",
          "[postgres][search]") {
  auto pg = pg_test::open_store("search_put_changed");
  fill(*pg);
  const auto hits = [&](const std::string& word) {
    std::vector<std::string> ids;
    for (const auto& h : pg->begin(tx_mode::read_only)->search(text_query{"note", {word}, 0, 0})) ids.push_back(h.id);
    return ids;
  };
  const auto stored = [&](const std::string& id) { return *pg->begin(tx_mode::read_only)->get("note", id); };
  {  // rows this transaction has not read: written at once, by the flags
    auto w = pg->begin(tx_mode::read_write);
    auto n8 = stored("N-8");  // private: no document yet
    n8.values[0] = value("public");
    CHECK(w->put_changed("note", n8, {true, false, false}) == 2);
    auto n1 = stored("N-1");
    n1.values[2] = value("zebra");
    CHECK(w->put_changed("note", n1, {false, false, true}) == 2);
    w->commit();
  }
  CHECK(hits("printer") == std::vector<std::string>{"N-8"});  // the filter's field changed
  CHECK(hits("zebra") == std::vector<std::string>{"N-1"});
  CHECK(hits("bank").empty());
  {  // a row read first: the flags of several writes add up, written once at commit
    auto w = pg->begin(tx_mode::read_write);
    auto n2 = *w->get("note", "N-2");
    n2.values[1] = value("giraffe");
    CHECK(w->put_changed("note", n2, {false, true, false}) == 2);
    n2.revision = 2;
    n2.values[0] = value("private");
    CHECK(w->put_changed("note", n2, {true, false, false}) == 3);
    n2.revision = 3;
    n2.values[0] = value("public");
    CHECK(w->put_changed("note", n2, {true, false, false}) == 4);
    CHECK(w->search(text_query{"note", {"giraffe"}, 0, 0}).size() == 1);  // its own writes
    w->commit();
  }
  const auto n2 = stored("N-2");
  CHECK(n2.revision == 4);
  CHECK(n2.values[1].as_text() == "giraffe");
  CHECK(hits("giraffe") == std::vector<std::string>{"N-2"});
  CHECK(hits("klein") == std::vector<std::string>{"N-2"});  // the unflagged body still indexed
}
