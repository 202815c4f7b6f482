// itsm::query_service: typed queries checked against the kind's schema, the caller's read scope
// pushed into the store query, keyset pages and counts (docs/queries.md).
#include <fmt/format.h>

#include "detail/context.hpp"
#include "detail/write_scope.hpp"
#include "itsm/core/error.hpp"
#include "itsm/process/query.hpp"
#include "query_cursor.hpp"
#include "query_filter.hpp"
#include "record_customer.hpp"
#include "reads.hpp"

namespace itsm {

using detail::customer_field;
using detail::customer_of;

namespace {

constexpr std::size_t max_limit = 1000;

// A query checked and lowered for the store, before the caller's scope is added.
struct planned {
  storage::query q;
  std::uint64_t fp = 0;
  std::size_t limit = 0;
};

planned plan(const detail::context& ctx, const std::string& kind, const query_spec& spec, bool paged) {
  if (!ctx.store->caps().paged_queries)
    throw_error(errc::unsupported, fmt::format("query of {}: this storage adapter does not page "
                                               "(storage::capabilities::paged_queries)",
                                               kind));
  const auto& s = ctx.schema(kind);
  planned p;
  p.q.kind = kind;
  detail::lower_filter(spec.where, s, p.q);
  if (spec.order_by != "id" && !s.field_index(spec.order_by))
    throw_error(errc::invalid_argument, fmt::format("query of {}: unknown field '{}' to order by", kind, spec.order_by));
  if (!detail::is_indexed(s, spec.order_by))
    throw_error(errc::invalid_argument,
                fmt::format("query of {}: field '{}' is not indexed, so it cannot be ordered by", kind, spec.order_by));
  p.q.order_by = spec.order_by;
  p.q.descending = spec.order == sort_order::descending;
  p.fp = detail::fingerprint(detail::canonical_text(p.q));
  if (!paged) return p;
  if (spec.limit == 0 || spec.limit > max_limit)
    throw_error(errc::invalid_argument, fmt::format("query of {}: limit {} is not within 1 … {}", kind, spec.limit, max_limit));
  p.limit = spec.limit;
  if (!spec.cursor.empty()) {
    const auto t = spec.order_by == "id" ? value_type::text : s.fields[*s.field_index(spec.order_by)].type;
    p.q.after = detail::decode_cursor(spec.cursor, p.fp, t, spec.order_by == "id");
  }
  return p;
}

// Narrows q to what the scope lets the caller see. Returns false when nothing can be visible.
bool apply_scope(const read_scope& scope, const storage::schema& s, storage::query& q) {
  if (scope.on != read_scope::basis::customer) return true;
  const auto f = customer_field(s);
  if (f.empty()) return scope.shared_too;  // no record of the kind has a customer
  if (f == "id" || !scope.shared_too) {
    q.where.push_back(storage::condition{f, storage::cmp::eq, value(scope.customer), {}});
    return true;
  }
  q.any.push_back(storage::any_of{{{storage::condition{f, storage::cmp::eq, value(scope.customer), {}}},
                                   {storage::condition{f, storage::cmp::eq, value{}, {}}},
                                   {storage::condition{f, storage::cmp::eq, value(""), {}}}}});
  return true;
}

read_scope scope_for(const detail::context& ctx, const actor& who, const std::string& kind) {
  try {
    return ctx.auth->scope_of_reads(who, kind);
  } catch (...) {
    return read_scope::per_record();  // each record is then asked about, and a failing hook denies
  }
}

storage::keyset position(const storage::schema& s, const storage::query& q, const storage::record& r) {
  if (q.order_by == "id") return {value(r.id), r.id};
  return {r.values[*s.field_index(q.order_by)], r.id};
}

struct found {
  std::vector<storage::record> rows;
  std::string next_cursor;
};

found run_find(const detail::context& ctx, const actor& who, const std::string& kind, const query_spec& spec) {
  auto p = plan(ctx, kind, spec, true);
  const auto& s = ctx.schema(kind);
  detail::reader r(ctx, who, kind);  // the kind-level question (a denial is audited)
  const auto scope = scope_for(ctx, who, kind);
  found out;
  if (!apply_scope(scope, s, p.q)) return out;
  auto& q = p.q;
  if (scope.on != read_scope::basis::per_record) {
    q.limit = p.limit + 1;
    out.rows = r.tx().scan(q);
  } else {
    // Ask about each record; fetch further chunks until the page (plus one) is full.
    q.limit = std::max<std::size_t>(p.limit + 1, 64);
    for (;;) {
      const auto chunk = r.tx().scan(q);
      for (const auto& rec : chunk) {
        if (detail::ask_authorizer(ctx, access_request{who, "read", kind, rec.id, "", customer_of(s, rec), &rec}).allowed)
          out.rows.push_back(rec);
        if (out.rows.size() > p.limit) break;
      }
      if (out.rows.size() > p.limit || chunk.size() < q.limit) break;
      q.after = position(s, q, chunk.back());
    }
  }
  if (out.rows.size() > p.limit) {
    out.rows.resize(p.limit);
    out.next_cursor = detail::encode_cursor(p.fp, position(s, q, out.rows.back()));
  }
  return out;
}

std::uint64_t run_count(const detail::context& ctx, const actor& who, const std::string& kind, const query_spec& spec) {
  auto p = plan(ctx, kind, spec, false);
  const auto& s = ctx.schema(kind);
  detail::reader r(ctx, who, kind);
  const auto scope = scope_for(ctx, who, kind);
  if (!apply_scope(scope, s, p.q)) return 0;
  if (scope.on != read_scope::basis::per_record) return r.tx().count(p.q);
  std::uint64_t n = 0;
  auto& q = p.q;
  q.order_by = "id";
  q.descending = false;
  q.limit = 1024;
  for (;;) {
    const auto chunk = r.tx().scan(q);
    for (const auto& rec : chunk)
      if (detail::ask_authorizer(ctx, access_request{who, "read", kind, rec.id, "", customer_of(s, rec), &rec}).allowed) ++n;
    if (chunk.size() < q.limit) return n;
    q.after = position(s, q, chunk.back());
  }
}

}  // namespace

template <queryable T>
page<T> query_service::find(const actor& who, const query<T>& q) const {
  auto f = run_find(*ctx_, who, T::def().name(), q.spec());
  page<T> out;
  out.items.reserve(f.rows.size());
  for (const auto& r : f.rows) out.items.push_back(T::def().decode(r.id, r.revision, r.values));
  out.next_cursor = std::move(f.next_cursor);
  return out;
}

template <queryable T>
std::uint64_t query_service::count(const actor& who, const query<T>& q) const {
  return run_count(*ctx_, who, T::def().name(), q.spec());
}

#define ITSM_QUERYABLE(T)                                                                     \
  template page<T> query_service::find<T>(const actor&, const query<T>&) const;              \
  template std::uint64_t query_service::count<T>(const actor&, const query<T>&) const;
ITSM_QUERYABLE(model::incident)
ITSM_QUERYABLE(model::service_request)
ITSM_QUERYABLE(model::problem)
ITSM_QUERYABLE(model::known_error)
ITSM_QUERYABLE(model::rfc)
ITSM_QUERYABLE(model::release)
ITSM_QUERYABLE(model::configuration_item)
ITSM_QUERYABLE(model::service)
ITSM_QUERYABLE(model::customer)
#undef ITSM_QUERYABLE

}  // namespace itsm
