// The FTS5 table of a kind with text fields: "_fts_<kind>" indexes the text fields of the kind
// table's rows (external content: the text itself stays in the kind table), and triggers keep it
// in step with every insert, update and delete inside the writing transaction (so a rollback
// undoes both). Search joins it back by rowid.
// Rows without text, or outside the schema's text filter, are left out (docs/queries.md: they
// are not documents for BM25 either).
#include <fmt/format.h>

#include "fts_sql.hpp"

namespace itsm::detail::sqlite {

namespace {
std::string columns(const schema& s, std::string_view prefix) {
  std::string out;
  for (const auto& f : s.text_fields) out += fmt::format(", {}{}", prefix, quote(f));
  return out;
}

// True for a row with some text: a row whose text fields are all empty or null is not a
// document (nothing to find; most ticket-log rows), so it costs the index nothing.
std::string has_text(const schema& s, std::string_view prefix) {
  std::string out;
  for (const auto& f : s.text_fields) out += fmt::format("{}coalesce({}{}, '') <> ''", out.empty() ? "" : " OR ", prefix, quote(f));
  out = "(" + out + ")";
  if (s.text_only_when) {  // the value as an SQL string literal: quotes doubled
    std::string literal = "'";
    for (const char c : s.text_only_when->equals) literal += c == '\'' ? std::string("''") : std::string(1, c);
    out += fmt::format(" AND {}{} = {}'", prefix, quote(s.text_only_when->field), literal);
  }
  return out;
}
}  // namespace

std::string fts_table(std::string_view kind) { return quote("_fts_" + std::string(kind)); }

std::vector<std::string> drop_fts_sql(std::string_view kind) {
  const std::string k(kind);
  return {"DROP TRIGGER IF EXISTS " + quote("_fts_" + k + "_ai"), "DROP TRIGGER IF EXISTS " + quote("_fts_" + k + "_ad"),
          "DROP TRIGGER IF EXISTS " + quote("_fts_" + k + "_au"), "DROP TABLE IF EXISTS " + fts_table(k)};
}

std::vector<std::string> create_fts_sql(const schema& s) {
  if (s.text_fields.empty()) return {};
  const auto t = fts_table(s.kind), kind = quote(s.kind);
  const auto cols = columns(s, ""), news = columns(s, "new."), olds = columns(s, "old.");
  std::string decl;
  for (const auto& f : s.text_fields) decl += (decl.empty() ? "" : ", ") + quote(f);
  std::string watched = decl;  // an update of these columns can change what the index holds
  if (s.text_only_when) watched += ", " + quote(s.text_only_when->field);
  // External content (the kind's own table): FTS5 keeps only the index, not a second copy of
  // every text. A row leaves the index through the 'delete' command with the values it was
  // indexed with, which the triggers below are the only ones to write, so old.* is exactly that.
  const auto forget = fmt::format("INSERT INTO {0} ({0}, rowid{1}) SELECT 'delete', old.rowid{2} WHERE {3};", t,
                                  cols, olds, has_text(s, "old."));
  return {
      fmt::format("CREATE VIRTUAL TABLE {} USING fts5({}, content = {}, content_rowid = 'rowid', tokenize = 'unicode61')",
                  t, decl, fmt::format("'{}'", s.kind)),
      fmt::format("CREATE TRIGGER {} AFTER INSERT ON {} WHEN {} BEGIN INSERT INTO {} (rowid{}) VALUES (new.rowid{}); END",
                  quote("_fts_" + s.kind + "_ai"), kind, has_text(s, "new."), t, cols, news),
      fmt::format("CREATE TRIGGER {} AFTER DELETE ON {} BEGIN {} END", quote("_fts_" + s.kind + "_ad"), kind, forget),
      // Only an UPDATE that sets a text column re-indexes the row (put_changed sets only the
      // changed columns, so a state change leaves the text index alone).
      fmt::format("CREATE TRIGGER {} AFTER UPDATE OF {} ON {} BEGIN {} "
                  "INSERT INTO {} (rowid{}) SELECT new.rowid{} WHERE {}; END",
                  quote("_fts_" + s.kind + "_au"), watched, kind, forget, t, cols, news, has_text(s, "new.")),
      rebuild_fts_sql(s),
  };
}

std::string rebuild_fts_sql(const schema& s) {
  return fmt::format("INSERT INTO {0} ({0}) VALUES ('delete-all'); INSERT INTO {0} (rowid{1}) SELECT rowid{1} FROM {2} WHERE {3}",
                     fts_table(s.kind), columns(s, ""), quote(s.kind), has_text(s, ""));
}

std::vector<schema> searched_schemas(SQLite::Database& db) {
  std::vector<schema> out;
  SQLite::Statement q(db, "SELECT \"definition\" FROM \"_itsm_schema\" ORDER BY \"kind\"");
  while (q.executeStep()) {
    auto s = schema_from_json(q.getColumn(0).getString());
    if (!s.text_fields.empty()) out.push_back(std::move(s));
  }
  return out;
}

std::string search_sql(const schema& s) {
  // ?1 the MATCH expression, ?2 limit (-1 = none), ?3 offset. bm25() is negative: lower is better.
  // The FTS table is named, not aliased: FTS5's MATCH and bm25() want the table's own name.
  return fmt::format("SELECT k.\"id\", -bm25({0}) AS score FROM {0} JOIN {1} AS k ON k.rowid = {0}.rowid "
                     "WHERE {0} MATCH ?1 ORDER BY score DESC, k.\"id\" LIMIT ?2 OFFSET ?3",
                     fts_table(s.kind), quote(s.kind));
}

std::string match_expression(const std::vector<std::string>& terms) {
  // Each term as an FTS5 string: user text never reaches FTS5 as query syntax.
  std::string out;
  for (const auto& t : terms) {
    std::string q = "\"";
    for (const char c : t) q += c == '"' ? std::string("\"\"") : std::string(1, c);
    out += (out.empty() ? "" : " ") + q + "\"";
  }
  return out;
}

}  // namespace itsm::detail::sqlite
