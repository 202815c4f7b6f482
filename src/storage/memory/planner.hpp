// Answers a scan for the memory adapter: validates the query, picks an access path (id lookups,
// a secondary index prefix/range, an id range, or a full scan), filters the remaining conditions
// with storage::matches(), merges the transaction's own writes, orders and limits.
// Thread-safety: the caller holds the store lock (shared) for the whole call.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "itsm/storage/query.hpp"
#include "tables.hpp"

namespace itsm::storage::detail {

// A transaction's pending writes to one kind: id -> new record, or nullopt for an erase.
using overlay = std::unordered_map<std::string, std::optional<record>, sv_hash, std::equal_to<>>;

// REQUIRES: q.kind names `ks`. `pending` may be null (no writes to this kind).
// Errors: invalid_argument (unknown field in a condition or order_by; cmp::in without operands).
std::vector<record> run_scan(const kind_store& ks, const query& q, const overlay* pending);

// How many records run_scan would return with no limit, without copying them. Errors: as run_scan.
std::uint64_t run_count(const kind_store& ks, const query& q, const overlay* pending);

// `vals` padded with nulls to the schema's field count (records written before a schema upgrade).
std::vector<value> padded(const schema& s, const std::vector<value>& vals);

}  // namespace itsm::storage::detail
