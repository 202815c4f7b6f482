// Full-text search of the memory adapter: an exact BM25 over every record the transaction sees
// (its own writes included), computed at query time. No index is kept, so there is nothing to
// keep in step with writes or to roll back; the price is a walk of the kind's text per search,
// which suits the data sets a memory store holds. The formula is FTS5's bm25() (docs/queries.md):
// the text fields of a record count as one document.
#include <algorithm>
#include <cmath>
#include <mutex>
#include <shared_mutex>
#include <unordered_map>

#include "transaction.hpp"

namespace itsm::storage::detail {

namespace {
struct candidate {
  std::string id;
  std::vector<std::uint32_t> freq;  // per term
  std::size_t length = 0;           // tokens in the record's text fields
};
}  // namespace

std::vector<text_hit> memory_transaction::search(const text_query& q) {
  check_open();
  schema s;
  {
    std::shared_lock lock(st_->mu);
    s = st_->kind(q.kind).sch();
  }
  check_text_query(q, s);
  std::vector<std::size_t> cols;
  for (const auto& f : s.text_fields) cols.push_back(*s.field_index(f));
  std::optional<std::size_t> filter_col;
  if (s.text_only_when) filter_col = s.field_index(s.text_only_when->field);
  std::unordered_map<std::string_view, std::size_t> term_at;
  for (std::size_t i = 0; i < q.terms.size(); ++i) term_at.emplace(q.terms[i], i);

  std::uint64_t docs = 0, tokens = 0;
  std::vector<std::uint64_t> with_term(q.terms.size(), 0);
  std::vector<candidate> found;
  for_each(q.kind, [&](std::string_view id, std::int64_t, const std::vector<value>& vals) {
    // A record whose text fields are all empty or null is no document (as on SQLite, where it
    // is not indexed): it counts neither in the number of documents nor in their mean length.
    if (std::none_of(cols.begin(), cols.end(), [&](std::size_t col) {
          return col < vals.size() && !vals[col].is_null() && !vals[col].as_text().empty();
        }))
      return true;
    if (filter_col && (vals[*filter_col].is_null() || vals[*filter_col].as_text() != s.text_only_when->equals))
      return true;  // outside the schema's text filter
    candidate c{std::string(id), std::vector<std::uint32_t>(q.terms.size(), 0), 0};
    for (const auto col : cols) {
      if (col >= vals.size() || vals[col].is_null()) continue;
      for (const auto& t : tokenize(vals[col].as_text())) {
        ++c.length;
        if (auto it = term_at.find(t); it != term_at.end()) ++c.freq[it->second];
      }
    }
    ++docs;
    tokens += c.length;
    bool all = true;
    for (std::size_t i = 0; i < c.freq.size(); ++i) {
      if (c.freq[i] > 0) ++with_term[i];
      else all = false;
    }
    if (all) found.push_back(std::move(c));
    return true;
  });

  constexpr double k1 = 1.2, b = 0.75;
  const double avgdl = docs == 0 ? 0 : static_cast<double>(tokens) / static_cast<double>(docs);
  std::vector<double> idf(q.terms.size());
  for (std::size_t i = 0; i < idf.size(); ++i) {
    const double n = static_cast<double>(with_term[i]);
    idf[i] = std::max(1e-6, std::log((static_cast<double>(docs) - n + 0.5) / (n + 0.5)));
  }
  std::vector<text_hit> hits;
  hits.reserve(found.size());
  for (const auto& c : found) {
    double score = 0;
    const double norm = k1 * (1 - b + b * (avgdl > 0 ? static_cast<double>(c.length) / avgdl : 0));
    for (std::size_t i = 0; i < idf.size(); ++i)
      score += idf[i] * (c.freq[i] * (k1 + 1)) / (c.freq[i] + norm);
    hits.push_back({c.id, score});
  }
  std::sort(hits.begin(), hits.end(), ranks_before);
  if (q.offset >= hits.size()) return {};
  hits.erase(hits.begin(), hits.begin() + static_cast<std::ptrdiff_t>(q.offset));
  if (q.limit != 0 && hits.size() > q.limit) hits.resize(q.limit);
  return hits;
}

}  // namespace itsm::storage::detail
