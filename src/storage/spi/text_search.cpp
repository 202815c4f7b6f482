// Tokens and checks shared by every adapter's full-text search (query.hpp).
#include <algorithm>

#include <fmt/format.h>

#include "itsm/core/error.hpp"
#include "itsm/storage/backend.hpp"

namespace itsm::storage {

namespace {
// ASCII letters and digits, and every byte of a multi-byte UTF-8 character (unicode61 treats
// letters of every script as token characters; we do not classify them, so keep them all).
bool token_byte(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}
}  // namespace

std::vector<std::string> tokenize(std::string_view text) {
  std::vector<std::string> out;
  std::string cur;
  for (const unsigned char c : text) {
    if (token_byte(c)) {
      cur += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : static_cast<char>(c);
    } else if (!cur.empty()) {
      out.push_back(std::move(cur));
      cur.clear();
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

void check_text_query(const text_query& q, const schema& s) {
  if (s.text_fields.empty())
    throw_error(errc::invalid_argument, fmt::format("search of {}: the kind declares no text fields", q.kind));
  if (q.terms.empty()) throw_error(errc::invalid_argument, fmt::format("search of {}: no terms", q.kind));
  for (const auto& t : q.terms) {
    if (std::count(q.terms.begin(), q.terms.end(), t) > 1)
      throw_error(errc::invalid_argument, fmt::format("search of {}: term '{}' is given twice", q.kind, t));
    const auto toks = tokenize(t);
    if (toks.size() != 1 || toks.front() != t)
      throw_error(errc::invalid_argument, fmt::format("search of {}: '{}' is not one search token", q.kind, t));
  }
}

bool ranks_before(const text_hit& a, const text_hit& b) {
  if (a.score != b.score) return a.score > b.score;
  return a.id < b.id;
}

std::vector<text_hit> transaction::search(const text_query& q) {
  throw_error(errc::unsupported,
              fmt::format("search of {}: this storage adapter has no full-text search "
                          "(storage::capabilities::text_search)",
                          q.kind));
}

}  // namespace itsm::storage
