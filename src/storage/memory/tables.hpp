// The memory adapter's committed data for one record kind: rows on a Boost.MultiIndex container
// (hashed + ordered by id) and one secondary container per schema index whose entries carry an
// encoded key (key_codec.hpp) and point straight at their row. Not thread-safe by itself: the
// backend guards it with its store lock (shared for reads, exclusive for commits and schemas).
#pragma once

#include <boost/multi_index/hashed_index.hpp>
#include <boost/multi_index/key_extractors.hpp>
#include <boost/multi_index/ordered_index.hpp>
#include <boost/multi_index_container.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "itsm/storage/schema.hpp"
#include "key_codec.hpp"

namespace itsm::storage::detail {

namespace bmi = boost::multi_index;

// The value a row lacks a column for (a shorter row written before the column existed).
inline const value& null_value() {
  static const value v;
  return v;
}

struct row;

struct sv_hash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

// One index entry: the encoded key (fields then id) and the row it belongs to.
struct entry {
  entry(const row* r_, ix_key k) : r(r_), key(std::move(k)) {}
  const row* r;
  ix_key key;
};

struct entry_all_key {
  using result_type = std::string_view;
  std::string_view operator()(const entry& e) const noexcept { return e.key.all(); }
};
struct entry_fields_key {
  using result_type = std::string_view;
  std::string_view operator()(const entry& e) const noexcept { return e.key.fields(); }
};

// Ordered by the whole key (fields, id) for prefix/range walks; hashed by the fields part for
// lookups whose equality conditions cover every field of the index.
using entry_set = bmi::multi_index_container<
    entry, bmi::indexed_by<bmi::ordered_unique<entry_all_key, std::less<std::string_view>>,
                           bmi::hashed_non_unique<entry_fields_key, sv_hash,
                                                  std::equal_to<std::string_view>>>>;
using entry_it = entry_set::iterator;

// A committed record. Only `id` is a key of the row container; the rest may change in place.
struct row {
  row(std::string id_, std::int64_t rev, std::vector<value> vals)
      : id(std::move(id_)), revision(rev), values(std::move(vals)) {}
  std::string id;
  mutable std::int64_t revision;
  mutable std::vector<value> values;
  mutable std::vector<entry_it> pos;  // this row's entry in each secondary index
};

using row_set = bmi::multi_index_container<
    row, bmi::indexed_by<
             bmi::hashed_unique<bmi::member<row, std::string, &row::id>, sv_hash, std::equal_to<>>,
             bmi::ordered_unique<bmi::member<row, std::string, &row::id>, std::less<>>>>;

struct sec_index {
  index_def def;
  std::vector<std::size_t> cols;  // schema positions of def.fields
  entry_set set;
};

// Encodes the fields part of a row's key for `ix`.
std::string encode_fields(const sec_index& ix, const std::vector<value>& values);

class kind_store {
 public:
  explicit kind_store(schema s);

  const schema& sch() const noexcept { return schema_; }
  const row_set& rows() const noexcept { return rows_; }
  const std::vector<std::unique_ptr<sec_index>>& indexes() const noexcept { return indexes_; }
  // True when some stored value of field `col` is NaN / not-a-date-time (see key_codec.hpp).
  bool has_incomparable(std::size_t col) const noexcept { return incomparable_[col] != 0; }

  const row* find(std::string_view id) const;

  // Makes the record `id` hold `next` (nullopt = erase it). `next->values` must fit the schema.
  // Returns what was there before, for undo. Strong guarantee: on exception nothing changed.
  std::optional<record> apply(std::string_view id, std::optional<record> next);

  // Adds records whose ids are not stored (REQUIRES: none is, ids distinct, values fit the
  // schema), one index at a time in key order: a new key that follows the previous one is linked
  // there without a tree descent (ascending ids under a shared prefix, as a bulk load writes).
  // Strong guarantee for the store; the records' values are moved from either way.
  void insert_new(const std::vector<record*>& recs);

  // Grows the hash tables ahead of a large commit. May throw; changes nothing visible.
  void reserve(std::size_t rows);

  // Replaces the schema with an upgraded one (fields appended as nullable; any index set).
  // Strong guarantee.
  void upgrade(schema s);

 private:
  void count_incomparable(const std::vector<value>& vals, int delta) noexcept;
  std::vector<std::unique_ptr<sec_index>> build_indexes(const schema& s) const;

  schema schema_;
  row_set rows_;
  std::vector<std::unique_ptr<sec_index>> indexes_;
  std::vector<std::size_t> incomparable_;
  // Scratch space for apply(): encoded keys of the record being written.
  std::string scratch_;
  std::vector<std::size_t> key_off_;
  std::vector<std::size_t> key_flen_;
};

}  // namespace itsm::storage::detail
