// SQL of the SQLite adapter's full-text search (FTS5), for kinds with schema::text_fields.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "detail.hpp"

namespace itsm::detail::sqlite {

std::string fts_table(std::string_view kind);                 // quoted "_fts_<kind>"
std::vector<std::string> drop_fts_sql(std::string_view kind);  // idempotent
// The table, its triggers and its filling from existing rows; none when s has no text fields.
std::vector<std::string> create_fts_sql(const schema& s);
std::string rebuild_fts_sql(const schema& s);  // refills the table from the kind's rows
std::string search_sql(const schema& s);
// The stored schemas that have text fields (so an FTS5 table), read on `db`.
std::vector<schema> searched_schemas(SQLite::Database& db);
std::string match_expression(const std::vector<std::string>& terms);  // an AND of quoted strings

}  // namespace itsm::detail::sqlite
