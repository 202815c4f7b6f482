// BM25 ranking shared by the adapters that rank search hits themselves (memory, PostgreSQL): the
// formula of SQLite FTS5's bm25() (docs/queries.md), the text fields of a record as one document.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "itsm/storage/query.hpp"

namespace itsm::detail {

// One record's counts: how often each query term occurs, and how many tokens it has in all.
struct text_counts {
  std::vector<std::uint32_t> freq;  // per term of the query, in its order
  std::size_t length = 0;
  bool has_every_term() const;
};

class bm25 {
 public:
  explicit bm25(const std::vector<std::string>& terms);

  // Adds the tokens of one text field of a record to `c` (sized by fresh_counts()).
  void count(std::string_view text, text_counts& c) const;
  text_counts fresh_counts() const { return text_counts{std::vector<std::uint32_t>(terms_, 0), 0}; }

  // The collection: `docs` documents of `tokens` tokens in all, `with_term[i]` of them holding
  // term i. Set before score().
  void set_collection(std::uint64_t docs, std::uint64_t tokens, const std::vector<std::uint64_t>& with_term);
  double score(const text_counts& c) const;

 private:
  std::size_t terms_;
  std::unordered_map<std::string, std::size_t> term_at_;
  std::vector<double> idf_;
  double avgdl_ = 0;
};

// Sorts hits by storage::ranks_before and keeps the page q.offset, q.limit asks for.
void rank_and_page(std::vector<storage::text_hit>& hits, const storage::text_query& q);

}  // namespace itsm::detail
