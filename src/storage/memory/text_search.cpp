// Full-text search of the memory adapter: an exact BM25 over every record the transaction sees
// (its own writes included), computed at query time. No index is kept, so there is nothing to
// keep in step with writes or to roll back; the price is a walk of the kind's text per search,
// which suits the data sets a memory store holds. The formula is FTS5's bm25() (docs/queries.md):
// the text fields of a record count as one document.
#include <algorithm>
#include <mutex>
#include <shared_mutex>

#include "../spi/bm25.hpp"
#include "transaction.hpp"

namespace itsm::storage::detail {

namespace {
struct candidate {
  std::string id;
  itsm::detail::text_counts counts;
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
  itsm::detail::bm25 rank(q.terms);

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
    candidate c{std::string(id), rank.fresh_counts()};
    for (const auto col : cols)
      if (col < vals.size() && !vals[col].is_null()) rank.count(vals[col].as_text(), c.counts);
    ++docs;
    tokens += c.counts.length;
    for (std::size_t i = 0; i < with_term.size(); ++i)
      if (c.counts.freq[i] > 0) ++with_term[i];
    if (c.counts.has_every_term()) found.push_back(std::move(c));
    return true;
  });

  rank.set_collection(docs, tokens, with_term);
  std::vector<text_hit> hits;
  hits.reserve(found.size());
  for (const auto& c : found) hits.push_back({c.id, rank.score(c.counts)});
  itsm::detail::rank_and_page(hits, q);
  return hits;
}

}  // namespace itsm::storage::detail
