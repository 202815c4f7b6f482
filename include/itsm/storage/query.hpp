// The scan predicate: a conjunction of comparisons on fields (or on the pseudo-field "id"), each
// `any_of` group adding one disjunction, plus ordering, a keyset position and a limit. Small on
// purpose: SQL adapters compile it to bound parameters, the memory adapter plans it against its
// indexes. Thread-safety: plain value types.
#pragma once

#include <compare>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "itsm/core/export.hpp"
#include "itsm/core/value.hpp"

namespace itsm::storage {

struct schema;

enum class cmp { eq, ne, lt, le, gt, ge, in };

struct ITSM_API condition {
  std::string field;             // a schema field or "id"
  cmp op = cmp::eq;
  value operand;                 // unused for cmp::in
  std::vector<value> operands;   // for cmp::in only
};

// A disjunction: at least one of the alternatives (each a conjunction) must hold. No
// alternatives = nothing matches.
struct ITSM_API any_of {
  std::vector<std::vector<condition>> alternatives;
};

// A keyset position: the (order_by value, id) of the last record of the previous page. A scan
// with `after` returns only the records strictly after it in the scan's order, so paging stays
// stable while other writers insert. `order_value` is null or of the order field's type (text
// for "id", where it must equal `id`).
struct ITSM_API keyset {
  value order_value;
  std::string id;
};

struct ITSM_API query {
  std::string kind;
  std::vector<condition> where;  // all must hold; empty = every record of the kind
  std::string order_by = "id";   // Default: "id"; or a schema field (ties broken by id)
  bool descending = false;       // Default: ascending
  std::size_t limit = 0;         // Default: 0 = no limit
  // Added with paged_queries, last so that aggregate initialisation of older code still works:
  std::vector<any_of> any;       // each must hold too (AND of ORs). Default: none
  std::optional<keyset> after;   // Default: none (from the first record in order)

  // Fluent helpers: q.where_eq("state", "open").where_le("priority", 2)
  query& where_eq(std::string f, value v);
  query& where_ne(std::string f, value v);
  query& where_lt(std::string f, value v);
  query& where_le(std::string f, value v);
  query& where_gt(std::string f, value v);
  query& where_ge(std::string f, value v);
  query& where_in(std::string f, std::vector<value> vs);
};

// Null semantics follow SQL: a comparison with null (on either side) is false, except that
// cmp::eq / cmp::ne against a null operand test for null / not null.
ITSM_API bool matches(const condition& c, const value& field_value);

// Where a record sorts against another in a scan's order: the order field's value (null first;
// NaN and not-a-date-time after every other value of their type, equal to each other), then
// the id bytewise. Ascending order; a descending scan is the exact reverse.
ITSM_API std::strong_ordering scan_order(const value& a, std::string_view a_id, const value& b, std::string_view b_id);

// Does the record (id, values in the order of `s`'s fields) satisfy q's where, any and after?
// A reference for adapters that filter in memory. REQUIRES: q.kind is `s`'s kind and every
// field named in q exists in `s` (see check_query).
ITSM_API bool matches(const query& q, const schema& s, std::string_view id, const std::vector<value>& values);

// q.after as a disjunction of plain conditions (e.g. ascending on f after (v, id0): f > v, or
// f = v and id > id0), for adapters that cannot seek. REQUIRES: q.after. NaN and
// not-a-date-time order values are not supported.
ITSM_API any_of after_as_any_of(const query& q);

// The checks every adapter's scan and count make before reading: invalid_argument naming the
// field for an unknown field (in where, any or order_by), cmp::in without operands, or an
// `after` whose order value is neither null nor of the order field's type.
ITSM_API void check_query(const query& q, const schema& s);

// ---- full-text search (capabilities::text_search) ----------------------------------------------

// Records of `kind` whose text fields (schema::text_fields) hold every term, best first.
struct ITSM_API text_query {
  std::string kind;
  std::vector<std::string> terms;  // REQUIRES: non-empty, each a token of storage::tokenize
  std::size_t limit = 20;          // Default: 20; 0 = no limit
  std::size_t offset = 0;          // Default: 0; hits skipped before the first returned
};

// One hit: the record's id and its relevance (higher is better; BM25, docs/queries.md).
struct ITSM_API text_hit {
  std::string id;
  double score = 0;
};

// Splits text into search tokens as SQLite FTS5's unicode61 tokenizer does for ASCII: runs of
// letters and digits, ASCII letters folded to lower case. Bytes of multi-byte UTF-8 characters
// count as token characters and are kept as they are (not folded).
ITSM_API std::vector<std::string> tokenize(std::string_view text);

// The checks every adapter's search makes: invalid_argument for no terms, a term given twice,
// a term that tokenize() would not return as one token, or a schema without text fields.
ITSM_API void check_text_query(const text_query& q, const schema& s);

// The hits' order: score descending, then id bytewise.
ITSM_API bool ranks_before(const text_hit& a, const text_hit& b);

}  // namespace itsm::storage
