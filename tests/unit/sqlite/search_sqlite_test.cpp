// The SQLite adapter's FTS5 tables on real files: they follow their kind through VACUUM (which
// may renumber rowids), through reopening the file, and from the format-2 layout.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Transaction.h>

#include <catch2/catch.hpp>

#include <algorithm>

#include "itsm/storage/sqlite.hpp"
#include "itsm/storage/sqlite_maintenance.hpp"
#include "support.hpp"

using namespace itsm;
using namespace itsm::storage;

namespace {

schema doc_schema() {
  schema s;
  s.kind = "doc";
  s.fields = {{"title", value_type::text, false}};
  s.text_fields = {"title"};
  return s;
}

std::vector<std::string> found(backend& be, const std::string& word) {
  std::vector<std::string> out;
  for (const auto& h : be.begin(tx_mode::read_only)->search(text_query{"doc", {word}, 0, 0})) out.push_back(h.id);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("sqlite search: the FTS5 table follows its kind through VACUUM and reopening", "[sqlite][search]") {
  const auto path = sqlite_test::fresh_path("search-vacuum");
  std::vector<std::string> want;
  {
    auto be = make_sqlite_backend(path);
    be->register_schema(doc_schema());
    auto tx = be->begin(tx_mode::read_write);
    for (int i = 0; i < 300; ++i)
      tx->put("doc", record{"D-" + std::to_string(1000 + i), 0, {value("common word" + std::to_string(i))}});
    tx->commit();
    tx = be->begin(tx_mode::read_write);
    for (int i = 0; i < 250; i += 2) tx->erase("doc", "D-" + std::to_string(1000 + i), 1);  // gaps in the rowids
    tx->commit();
    sqlite_vacuum(*be);
    // Writes after VACUUM must touch the right FTS rows.
    tx = be->begin(tx_mode::read_write);
    tx->put("doc", record{"D-1299", 1, {value("fresh")}});
    tx->erase("doc", "D-1251", 1);
    tx->commit();
    for (int i = 0; i < 299; ++i)
      if ((i >= 250 || i % 2 == 1) && i != 251) want.push_back("D-" + std::to_string(1000 + i));
    std::sort(want.begin(), want.end());
    CHECK(found(*be, "common") == want);
    CHECK(found(*be, "fresh") == std::vector<std::string>{"D-1299"});
    CHECK(found(*be, "word251").empty());
    CHECK(sqlite_integrity_check(*be).empty());
  }
  auto be = make_sqlite_backend(path);
  be->register_schema(doc_schema());
  CHECK(found(*be, "common") == want);
}

TEST_CASE("sqlite search: a format-2 file's FTS5 tables are rebuilt as external content on open",
          "[sqlite][search][format]") {
  const auto path = sqlite_test::fresh_path("search-format2");
  {
    auto be = make_sqlite_backend(path);
    be->register_schema(doc_schema());
    auto tx = be->begin(tx_mode::read_write);
    for (int i = 0; i < 20; ++i) tx->put("doc", record{"D-" + std::to_string(100 + i), 0, {value("old text" + std::to_string(i))}});
    tx->commit();
  }
  {  // What format 2 wrote: an FTS5 table with its own copy of the texts, and its triggers.
    SQLite::Database db(path, SQLite::OPEN_READWRITE);
    SQLite::Transaction t(db);
    for (const char* sql : {"DROP TRIGGER \"_fts_doc_ai\"", "DROP TRIGGER \"_fts_doc_ad\"", "DROP TRIGGER \"_fts_doc_au\"",
                            "DROP TABLE \"_fts_doc\"",
                            "CREATE VIRTUAL TABLE \"_fts_doc\" USING fts5(\"title\", tokenize = 'unicode61')",
                            "CREATE TRIGGER \"_fts_doc_ai\" AFTER INSERT ON \"doc\" BEGIN INSERT INTO \"_fts_doc\" "
                            "(rowid, \"title\") VALUES (new.rowid, new.\"title\"); END",
                            "CREATE TRIGGER \"_fts_doc_ad\" AFTER DELETE ON \"doc\" BEGIN DELETE FROM \"_fts_doc\" "
                            "WHERE rowid = old.rowid; END",
                            "INSERT INTO \"_fts_doc\" (rowid, \"title\") SELECT rowid, \"title\" FROM \"doc\"",
                            "UPDATE _itsm_meta SET value = '2' WHERE key = 'format_version'", "PRAGMA user_version = 2"})
      db.exec(sql);
    t.commit();
  }
  auto be = make_sqlite_backend(path);
  {
    SQLite::Database db(path, SQLite::OPEN_READONLY);
    CHECK(db.execAndGet("SELECT value FROM _itsm_meta WHERE key = 'format_version'").getString() ==
          std::to_string(sqlite_format_version));
    CHECK(db.execAndGet("PRAGMA user_version").getInt() == sqlite_format_version);
    CHECK(db.execAndGet("SELECT sql FROM sqlite_master WHERE name = '_fts_doc'").getString().find("content = 'doc'") !=
          std::string::npos);
    CHECK(db.execAndGet("SELECT count(*) FROM sqlite_master WHERE name = '_fts_doc_content'").getInt() == 0);
  }
  be->register_schema(doc_schema());
  CHECK(found(*be, "old").size() == 20);
  auto tx = be->begin(tx_mode::read_write);
  tx->put("doc", record{"D-105", 1, {value("new words")}});  // re-indexed through the update trigger
  tx->erase("doc", "D-106", 1);
  tx->commit();
  CHECK(found(*be, "old").size() == 18);
  CHECK(found(*be, "new") == std::vector<std::string>{"D-105"});
  CHECK(found(*be, "text5").empty());
  CHECK(sqlite_integrity_check(*be).empty());
}
