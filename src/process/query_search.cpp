// query_service::search: the caller's words tokenised here (never passed on as query syntax),
// the store's ranked hits filtered by the caller's read scope, offset pages (docs/queries.md).
#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "detail/context.hpp"
#include "detail/records.hpp"
#include "itsm/core/error.hpp"
#include "itsm/core/text.hpp"
#include "itsm/process/query.hpp"
#include "itsm/process/ticket_log.hpp"
#include "query_cursor.hpp"
#include "reads.hpp"

namespace itsm {

namespace {

constexpr std::size_t max_text = 1000;   // bytes
constexpr std::size_t max_terms = 16;
constexpr std::size_t max_limit = 1000;

std::vector<std::string> terms_of(const std::string& kind, std::string_view text) {
  if (text.size() > max_text)
    throw_error(errc::invalid_argument, fmt::format("search of {}: the text is {} bytes, over {}", kind, text.size(), max_text));
  require_utf8(text, fmt::format("search of {}: the text", kind));  // else its bytes would be matched as words
  std::vector<std::string> terms;
  for (auto& t : storage::tokenize(text))
    if (std::find(terms.begin(), terms.end(), t) == terms.end()) terms.push_back(std::move(t));
  if (terms.empty()) throw_error(errc::invalid_argument, fmt::format("search of {}: the text has no words", kind));
  if (terms.size() > max_terms)
    throw_error(errc::invalid_argument, fmt::format("search of {}: {} words, over {}", kind, terms.size(), max_terms));
  return terms;
}

// Ids of the store's hits in rank order, fetched in chunks as they are consumed.
class hit_stream {
 public:
  hit_stream(storage::transaction& tx, storage::text_query q, std::size_t chunk) : tx_(tx), q_(std::move(q)) {
    q_.limit = chunk;
  }
  // The next hit's id, or false when there is none.
  bool next(std::string& id) {
    if (at_ == buf_.size()) {
      if (done_) return false;
      buf_ = tx_.search(q_);
      at_ = 0;
      q_.offset += buf_.size();
      done_ = buf_.size() < q_.limit;
      if (buf_.empty()) return false;
    }
    id = std::move(buf_[at_++].id);
    return true;
  }

 private:
  storage::transaction& tx_;
  storage::text_query q_;
  std::vector<storage::text_hit> buf_;
  std::size_t at_ = 0;
  bool done_ = false;
};

}  // namespace

template <searchable T>
page<T> query_service::search(const actor& who, std::string_view text, std::size_t limit, std::string_view cursor) const {
  const auto& ctx = *ctx_;
  const std::string kind = T::def().name();
  if (!ctx.store->caps().text_search)
    throw_error(errc::unsupported, fmt::format("search of {}: this storage adapter has no full-text search "
                                               "(storage::capabilities::text_search)",
                                               kind));
  const auto terms = terms_of(kind, text);
  if (limit == 0 || limit > max_limit)
    throw_error(errc::invalid_argument, fmt::format("search of {}: limit {} is not within 1 … {}", kind, limit, max_limit));
  std::string canonical = "search\n" + kind;
  for (const auto& t : terms) canonical += "\n" + t;
  const auto fp = detail::fingerprint(canonical);
  std::size_t skip = 0;  // visible hits before this page
  if (!cursor.empty()) {
    const auto at = detail::decode_cursor(cursor, fp, value_type::integer, false);
    if (at.order_value.as_int() < 0)
      throw_error(errc::invalid_argument, fmt::format("search of {}: the cursor is malformed or was altered", kind));
    skip = static_cast<std::size_t>(at.order_value.as_int());
  }

  detail::reader r(ctx, who, kind);  // the kind-level question (a denial is audited)
  read_scope scope;  // per_record unless the authorizer answers (a failing hook then denies per hit)
  try {
    scope = ctx.auth->scope_of_reads(who, kind);
  } catch (...) {
  }
  // Every hit visible: no need to ask about each. The store skips the earlier pages' hits only
  // when there is no second tier (which must know every first-tier ticket); otherwise each hit
  // is counted here.
  constexpr bool has_notes = std::same_as<T, model::incident> || std::same_as<T, model::service_request>;
  const bool all = scope.on == read_scope::basis::every_record;
  const bool store_skips = all && !has_notes;
  storage::text_query q{kind, terms, 0, store_skips ? skip : 0};
  // The page plus one when every hit is visible; larger chunks when some may be hidden.
  const std::size_t chunk = all ? limit + 1 : std::max<std::size_t>(limit + 1, 64);
  std::size_t seen = store_skips ? skip : 0;  // visible hits passed so far
  page<T> out;
  bool more = false;
  std::set<std::string> listed;  // tickets met in this call, so that a note never lists one twice
  // Takes a candidate in rank order; false once the page (plus one, to know of more) is full.
  auto take = [&](const storage::record& rec) {
    auto obj = detail::from_record<T>(rec);
    if (!all && !r.sees(obj, &rec)) return true;
    if (seen++ < skip) return true;
    if (out.items.size() == limit) {
      more = true;
      return false;
    }
    out.items.push_back(std::move(obj));
    return true;
  };
  bool open = true;
  {
    hit_stream hits(r.tx(), q, chunk);
    std::string id;
    while (open && hits.next(id)) {
      auto rec = r.tx().get(kind, id);
      if (!rec) continue;
      if constexpr (has_notes) listed.insert(id);  // hidden ones too: never listed through a note
      open = take(*rec);
    }
  }
  if constexpr (has_notes) {
    // Second tier: tickets found only through one of their notes (a note holding every word),
    // in the notes' rank order, after every ticket found by its own text.
    const std::string prefix = std::string(T::def().id_prefix()) + "-";
    hit_stream notes(r.tx(), storage::text_query{"ticket_event", terms, 0, 0}, chunk);
    std::string id;
    while (open && notes.next(id)) {
      const auto ev = detail::load<ticket_event>(r.tx(), id);
      if (!ev || ev->type != "note" || ev->ticket.rfind(prefix, 0) != 0 || !listed.insert(ev->ticket).second) continue;
      auto rec = r.tx().get(kind, ev->ticket);
      if (!rec) continue;
      open = take(*rec);
    }
  }
  if (more) out.next_cursor = detail::encode_cursor(fp, storage::keyset{value(static_cast<std::int64_t>(skip + limit)), "+"});
  return out;
}

template page<model::incident> query_service::search(const actor&, std::string_view, std::size_t, std::string_view) const;
template page<model::service_request> query_service::search(const actor&, std::string_view, std::size_t, std::string_view) const;
template page<model::problem> query_service::search(const actor&, std::string_view, std::size_t, std::string_view) const;
template page<model::known_error> query_service::search(const actor&, std::string_view, std::size_t, std::string_view) const;

}  // namespace itsm
