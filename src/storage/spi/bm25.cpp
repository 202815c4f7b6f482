// BM25 as SQLite FTS5 computes it: k1 = 1.2, b = 0.75, idf floored at 1e-6.
#include "bm25.hpp"

#include <algorithm>
#include <cmath>

namespace itsm::detail {

bool text_counts::has_every_term() const {
  return std::all_of(freq.begin(), freq.end(), [](std::uint32_t f) { return f > 0; });
}

bm25::bm25(const std::vector<std::string>& terms) : terms_(terms.size()) {
  for (std::size_t i = 0; i < terms.size(); ++i) term_at_.emplace(terms[i], i);
}

void bm25::count(std::string_view text, text_counts& c) const {
  for (const auto& t : storage::tokenize(text)) {
    ++c.length;
    if (auto it = term_at_.find(t); it != term_at_.end()) ++c.freq[it->second];
  }
}

void bm25::set_collection(std::uint64_t docs, std::uint64_t tokens, const std::vector<std::uint64_t>& with_term) {
  avgdl_ = docs == 0 ? 0 : static_cast<double>(tokens) / static_cast<double>(docs);
  idf_.assign(terms_, 0);
  for (std::size_t i = 0; i < terms_; ++i) {
    const double n = static_cast<double>(with_term[i]);
    idf_[i] = std::max(1e-6, std::log((static_cast<double>(docs) - n + 0.5) / (n + 0.5)));
  }
}

double bm25::score(const text_counts& c) const {
  constexpr double k1 = 1.2, b = 0.75;
  const double norm = k1 * (1 - b + b * (avgdl_ > 0 ? static_cast<double>(c.length) / avgdl_ : 0));
  double s = 0;
  for (std::size_t i = 0; i < terms_; ++i) s += idf_[i] * (c.freq[i] * (k1 + 1)) / (c.freq[i] + norm);
  return s;
}

void rank_and_page(std::vector<storage::text_hit>& hits, const storage::text_query& q) {
  std::sort(hits.begin(), hits.end(), storage::ranks_before);
  if (q.offset >= hits.size()) {
    hits.clear();
    return;
  }
  hits.erase(hits.begin(), hits.begin() + static_cast<std::ptrdiff_t>(q.offset));
  if (q.limit != 0 && hits.size() > q.limit) hits.resize(q.limit);
}

}  // namespace itsm::detail
