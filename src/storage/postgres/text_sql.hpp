// Full-text search on PostgreSQL for kinds with schema::text_fields. Each such table has two
// columns the adapter keeps in step on every insert and update (inside the writing transaction,
// so a rollback undoes them too): "_itsm_text", a tsvector of the record's distinct
// storage::tokenize tokens (GIN-indexed), and "_itsm_length", its number of tokens. Both are
// null for a record that is no document (no text, or outside schema::text_only_when). Search
// finds candidates through the index and ranks them with the SPI's BM25 (spi/bm25.hpp), so
// hits and scores are the memory adapter's (docs/storage-postgresql.md).
#pragma once

#include <string>
#include <vector>

#include "detail.hpp"

namespace itsm::detail::pg {

// The two search values of `r` (a tsvector as text, a bigint; nulls when no document).
void bind_text(params& p, const schema& s, const storage::record& r);
// True when a field the search values come from (a text field, the filter's field) changed.
bool text_input_changed(const schema& s, const std::vector<bool>& changed);
// Adds the search columns and their index to the kind's table (idempotent) and recomputes
// them for every stored row: for a new kind, or when text_fields or text_only_when changed.
void create_text_index(connection& c, const std::string& ns, const schema& s);
std::vector<storage::text_hit> search_text(connection& c, const kind_info& k, const storage::text_query& q);

}  // namespace itsm::detail::pg
