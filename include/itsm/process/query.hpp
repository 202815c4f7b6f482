// Typed, authorized, paged queries over the records a product lists (docs/queries.md):
//
//   auto q = itsm::query<model::incident>()
//                .where(field("state").in({incident_state::recorded, incident_state::assigned}) &&
//                       field("assignment_group").eq("network") && field("priority").le(2))
//                .order_by("opened_at")
//                .limit(50);
//   auto first = sms.queries().find(carla, q);                         // page<incident>
//   auto next = sms.queries().find(carla, q.after(first.next_cursor));
//   auto n = sms.queries().count(carla, q);
//
// Filters name indexed fields (or "id"); sorting is on an indexed field with ties broken by id;
// paging is by keyset (a cursor carries the last row's position), so a page never repeats or
// skips a record while others insert. The caller's read scope (authorizer) is applied inside
// the store: pages and counts only ever contain what the caller may see.
// Thread-safety: filter, query and page are values; query_service is safe from many threads.
#pragma once

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "itsm/core/actor.hpp"
#include "itsm/core/export.hpp"
#include "itsm/core/value.hpp"
#include "itsm/model/change.hpp"
#include "itsm/model/codec.hpp"
#include "itsm/model/configuration_item.hpp"
#include "itsm/model/customer.hpp"
#include "itsm/model/incident.hpp"
#include "itsm/model/problem.hpp"
#include "itsm/model/service.hpp"

namespace itsm {

namespace detail {
struct context;
struct filter_node;
struct filter_access;
}  // namespace detail

// A condition on a kind's records: comparisons of one field, combined with && and ||. Which
// kind it applies to is decided when a query runs: a field the kind does not have, a field no
// index covers, or a value of the wrong type is then errc::invalid_argument naming the field.
class ITSM_API filter {
 public:
  // Holds for every record.
  filter();

  friend ITSM_API filter operator&&(const filter& a, const filter& b);
  friend ITSM_API filter operator||(const filter& a, const filter& b);

 private:
  friend struct detail::filter_access;
  explicit filter(std::shared_ptr<const detail::filter_node> n) : node_(std::move(n)) {}
  std::shared_ptr<const detail::filter_node> node_;
};

// A field of the queried kind ("state", "opened_at", …, or "id") and the comparisons on it.
// Null semantics are SQL's: comparisons never hold for a null field; is_null tests for it.
class ITSM_API field {
 public:
  explicit field(std::string name) : name_(std::move(name)) {}

  filter eq(value v) const;
  filter ne(value v) const;  // not equal, and not null
  filter lt(value v) const;
  filter le(value v) const;
  filter gt(value v) const;
  filter ge(value v) const;
  filter between(value low, value high) const;  // low <= field <= high
  filter in(std::vector<value> vs) const;       // REQUIRES: !vs.empty() (else invalid_argument)
  filter starts_with(std::string prefix) const;  // text fields: bytewise prefix
  filter is_null() const;
  filter is_not_null() const;

  // Enum fields compare by the enum's stored name: field("state").eq(incident_state::pending).
  template <class E>
    requires std::is_enum_v<E>
  filter eq(E e) const {
    return eq(value(model::enum_to_string(e)));
  }
  template <class E>
    requires std::is_enum_v<E>
  filter ne(E e) const {
    return ne(value(model::enum_to_string(e)));
  }
  template <class E>
    requires std::is_enum_v<E>
  filter in(std::initializer_list<E> es) const {
    std::vector<value> vs;
    for (E e : es) vs.emplace_back(model::enum_to_string(e));
    return in(std::move(vs));
  }

 private:
  std::string name_;
};

enum class sort_order { ascending, descending };

// The kinds a product lists; query_service accepts these.
template <class T>
concept queryable = std::same_as<T, model::incident> || std::same_as<T, model::service_request> ||
                    std::same_as<T, model::problem> || std::same_as<T, model::known_error> ||
                    std::same_as<T, model::rfc> || std::same_as<T, model::release> ||
                    std::same_as<T, model::configuration_item> || std::same_as<T, model::service> ||
                    std::same_as<T, model::customer>;

// What a query asks, whatever its kind.
struct ITSM_API query_spec {
  filter where{};
  std::string order_by = "id";          // Default: "id"; else an indexed field (ties by id)
  sort_order order = sort_order::ascending;
  std::size_t limit = 50;               // Default: 50; 1 … 1000
  std::string cursor{};                 // Default: "" = the first page
};

template <queryable T>
class query {
 public:
  // ANDs `f` with what the query already filters on.
  query& where(const filter& f) {
    spec_.where = spec_.where && f;
    return *this;
  }
  query& order_by(std::string field, sort_order o = sort_order::ascending) {
    spec_.order_by = std::move(field);
    spec_.order = o;
    return *this;
  }
  query& limit(std::size_t n) {
    spec_.limit = n;
    return *this;
  }
  // The page after the one that returned `cursor` (page::next_cursor). A copy, so one query
  // object can serve every page.
  query after(std::string cursor) const {
    query q = *this;
    q.spec_.cursor = std::move(cursor);
    return q;
  }
  const query_spec& spec() const noexcept { return spec_; }

 private:
  query_spec spec_{};
};

template <class T>
struct page {
  std::vector<T> items;
  std::string next_cursor;  // "" when this is the last page
};

// The kinds full-text search covers (their text fields: docs/queries.md).
template <class T>
concept searchable = std::same_as<T, model::incident> || std::same_as<T, model::service_request> ||
                     std::same_as<T, model::problem> || std::same_as<T, model::known_error>;

// Reached through sms::queries().
class ITSM_API query_service {
 public:
  explicit query_service(std::shared_ptr<detail::context> ctx) : ctx_(std::move(ctx)) {}

  // One page of the records of T matching q that `who` may see, in q's order.
  // Errors: permission_denied (who may not read the kind; audited); invalid_argument naming the
  // problem (unknown or unindexed field, value of the wrong type, limit out of range, a cursor
  // that is malformed, altered or from another query); unsupported (the store cannot page:
  // storage::capabilities::paged_queries). Nothing is written except a denial's audit entry.
  template <queryable T>
  page<T> find(const actor& who, const query<T>& q) const;

  // How many records of T match q and are visible to `who` (q's limit and cursor are ignored).
  // Errors: as find.
  template <queryable T>
  std::uint64_t count(const actor& who, const query<T>& q) const;

  // Full-text search: one page of the records of T whose text holds every word of `text`
  // (words as storage::tokenize splits them; case-insensitive), best match first (BM25), that
  // `who` may see. Tickets also match through their notes (docs/queries.md). `text` is never
  // read as query syntax. `cursor` is a previous page's next_cursor for the same text.
  // Errors: permission_denied (who may not read the kind; audited); invalid_argument (no words,
  // more than 16 words, text over 1000 bytes, limit not within 1 … 1000, a bad cursor);
  // unsupported (the store has no text search: storage::capabilities::text_search).
  template <searchable T>
  page<T> search(const actor& who, std::string_view text, std::size_t limit = 20,
                 std::string_view cursor = {}) const;

 private:
  std::shared_ptr<detail::context> ctx_;
};

// Named, documented sets (docs/queries.md), as filters to combine with others.
namespace sets {
// Tickets not yet finished: incidents neither resolved nor closed; requests neither
// fulfilled, closed nor cancelled; problems neither resolved nor closed.
template <class T>
  requires std::same_as<T, model::incident> || std::same_as<T, model::service_request> ||
           std::same_as<T, model::problem>
ITSM_API filter open();
// Open tickets someone is working on now: open and not pending (the SLA clock runs).
template <class T>
  requires std::same_as<T, model::incident> || std::same_as<T, model::service_request> ||
           std::same_as<T, model::problem>
ITSM_API filter active();
// Open tickets with no assignee (incidents and problems: requests are assigned to groups).
template <class T>
  requires std::same_as<T, model::incident> || std::same_as<T, model::problem>
ITSM_API filter unassigned();
}  // namespace sets

}  // namespace itsm
