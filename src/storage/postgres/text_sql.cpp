// The search columns of a kind (text_sql.hpp): lexemes from storage::tokenize, candidates by the
// GIN index, BM25 from the candidates' own text and the collection's counts.
#include "text_sql.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "../spi/bm25.hpp"

namespace itsm::detail::pg {

namespace {

using storage::record;
using storage::text_hit;
using storage::text_query;
using itsm::detail::bm25;
using itsm::detail::text_counts;

constexpr std::size_t max_lexeme = 1000;  // PostgreSQL allows 2,047 bytes

// A token as a lexeme PostgreSQL stores whatever the database's encoding: ASCII tokens as they
// are, others as '~' and their bytes in hex ('~' is no token byte, so the two never meet). A
// longer one is cut, and marked: a search checks each candidate's own text, and counts the
// documents holding such a term from their text too, so a cut token changes no hit and no score.
std::string lexeme(std::string_view token) {
  constexpr char hex[] = "0123456789abcdef";
  std::string out;
  if (std::all_of(token.begin(), token.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; })) {
    out.assign(token.data(), token.size());
  } else {
    out.push_back('~');
    for (const unsigned char c : token) {
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 15]);
    }
  }
  if (out.size() > max_lexeme) {
    out.resize(max_lexeme);
    out += '~';
  }
  return out;
}

std::string quoted(std::string_view lex) { return fmt::format("'{}'", lex); }  // lexemes hold no quote

bool is_document(const schema& s, const record& r) {
  if (s.text_only_when) {
    const auto& v = r.values[*s.field_index(s.text_only_when->field)];
    if (v.is_null() || v.as_text() != s.text_only_when->equals) return false;
  }
  for (const auto& f : s.text_fields) {
    const auto& v = r.values[*s.field_index(f)];
    if (!v.is_null() && !v.as_text().empty()) return true;
  }
  return false;
}

// The fields the search columns are computed from: the text fields and the filter's field.
std::vector<std::size_t> text_inputs(const schema& s) {
  std::vector<std::size_t> out;
  for (const auto& f : s.text_fields) out.push_back(*s.field_index(f));
  if (s.text_only_when) out.push_back(*s.field_index(s.text_only_when->field));
  return out;
}

std::string index_name(const schema& s) { return quote(s.kind.substr(0, 50) + ":_itsm_text"); }

}  // namespace

void bind_text(params& p, const schema& s, const record& r) {
  if (!is_document(s, r)) {
    p.add_null(oid::text);
    p.add_null(oid::int8);
    return;
  }
  std::set<std::string> lexemes;
  std::int64_t length = 0;
  for (const auto& f : s.text_fields) {
    const auto& v = r.values[*s.field_index(f)];
    if (v.is_null()) continue;
    for (const auto& t : storage::tokenize(v.as_text())) {
      lexemes.insert(lexeme(t));
      ++length;
    }
  }
  std::string tsv;
  for (const auto& l : lexemes) {
    if (!tsv.empty()) tsv += ' ';
    tsv += quoted(l);
  }
  p.add_text(tsv);
  p.add_int(length);
}

bool text_input_changed(const schema& s, const std::vector<bool>& changed) {
  if (s.text_fields.empty()) return false;
  for (const auto i : text_inputs(s))
    if (changed[i]) return true;
  return false;
}

void create_text_index(connection& c, const std::string& ns, const schema& s) {
  const auto table = ns + "." + quote(s.kind);
  c.exec_script("add search columns",
                fmt::format("ALTER TABLE {0} ADD COLUMN IF NOT EXISTS \"_itsm_text\" tsvector, "
                            "ADD COLUMN IF NOT EXISTS \"_itsm_length\" bigint; "
                            "CREATE INDEX IF NOT EXISTS {1} ON {0} USING gin (\"_itsm_text\")",
                            table, index_name(s)));
  // Every row again, in id order, a batch at a time (the connection runs one statement at once).
  const auto inputs = text_inputs(s);
  std::string cols;
  for (const auto i : inputs) cols += ", " + quote(s.fields[i].name);
  const auto select = fmt::format("SELECT \"id\"{} FROM {} WHERE \"id\" > $1 ORDER BY \"id\" LIMIT 500", cols, table);
  const auto update = fmt::format(
      "UPDATE {} SET \"_itsm_text\" = $2::text::tsvector, \"_itsm_length\" = $3 WHERE \"id\" = $1", table);
  std::string after;
  for (;;) {
    params p;
    p.add_bytes(after);
    const auto r = c.exec("reindex text", select, p);
    for (int row = 0; row < r.rows(); ++row) {
      record rec;
      rec.id = r.bytes(row, 0);
      rec.values.resize(s.fields.size());
      for (std::size_t j = 0; j < inputs.size(); ++j)
        rec.values[inputs[j]] = r.read(row, static_cast<int>(j) + 1, value_type::text);
      params u;
      u.add_bytes(rec.id);
      bind_text(u, s, rec);
      c.exec("reindex text", update, u);
      after = rec.id;
    }
    if (r.rows() < 500) return;
  }
}

namespace {
// The documents matching `tsquery`, each with its id and its text fields (columns 1…).
result documents_with(connection& c, const kind_info& k, const std::string& tsquery) {
  std::string cols;
  for (const auto& f : k.s.text_fields) cols += ", " + quote(f);
  params p;
  p.add_text(tsquery);
  return c.exec("search", fmt::format("SELECT \"id\"{} FROM {} WHERE \"_itsm_text\" @@ $1::text::tsquery", cols, k.table), p);
}

text_counts count_row(const bm25& rank, const result& r, int row, std::size_t text_fields) {
  auto counted = rank.fresh_counts();
  for (std::size_t j = 0; j < text_fields; ++j)
    if (!r.is_null(row, static_cast<int>(j) + 1)) rank.count(r.bytes(row, static_cast<int>(j) + 1), counted);
  return counted;
}

// How many documents hold `term` whose lexeme was cut: those sharing the cut one, checked.
std::uint64_t exact_count(connection& c, const kind_info& k, const std::string& term) {
  const bm25 one({term});
  const auto r = documents_with(c, k, quoted(lexeme(term)));
  std::uint64_t n = 0;
  for (int row = 0; row < r.rows(); ++row) n += count_row(one, r, row, k.s.text_fields.size()).has_every_term();
  return n;
}
}  // namespace

std::vector<text_hit> search_text(connection& c, const kind_info& k, const text_query& q) {
  storage::check_text_query(q, k.s);
  // The collection: documents, their tokens, and per term the documents holding it.
  std::string counts, all;
  params terms;
  for (std::size_t i = 0; i < q.terms.size(); ++i) {
    terms.add_text(quoted(lexeme(q.terms[i])));
    counts += fmt::format(", count(*) FILTER (WHERE \"_itsm_text\" @@ ${}::text::tsquery)", i + 1);
    if (!all.empty()) all += " & ";
    all += quoted(lexeme(q.terms[i]));
  }
  const auto stats = c.exec("search", fmt::format("SELECT count(*), coalesce(sum(\"_itsm_length\"), 0)::bigint{} "
                                                  "FROM {} WHERE \"_itsm_length\" IS NOT NULL",
                                                  counts, k.table),
                            terms);
  std::vector<std::uint64_t> with_term;
  for (std::size_t i = 0; i < q.terms.size(); ++i)
    with_term.push_back(lexeme(q.terms[i]).size() > max_lexeme ? exact_count(c, k, q.terms[i])
                                                               : static_cast<std::uint64_t>(stats.int8(0, static_cast<int>(i) + 2)));
  bm25 rank(q.terms);
  rank.set_collection(static_cast<std::uint64_t>(stats.int8(0, 0)), static_cast<std::uint64_t>(stats.int8(0, 1)), with_term);

  // The candidates: documents whose lexemes hold every term, ranked from their own text.
  const auto r = documents_with(c, k, all);
  std::vector<text_hit> hits;
  for (int row = 0; row < r.rows(); ++row) {
    const auto counted = count_row(rank, r, row, k.s.text_fields.size());
    if (counted.has_every_term()) hits.push_back({std::string(r.bytes(row, 0)), rank.score(counted)});
  }
  rank_and_page(hits, q);
  return hits;
}

}  // namespace itsm::detail::pg
