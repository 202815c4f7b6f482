// The SQLite adapter's FTS5 tables on real files: they follow their kind through VACUUM (which
// may renumber rowids) and through reopening the file.
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
