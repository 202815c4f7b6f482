// What a storage adapter knows about the data: record kinds with typed fields and indexes, and
// records (id + revision + one value per field, in schema order). Adapters never see domain types.
// Thread-safety: plain value types.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "itsm/core/export.hpp"
#include "itsm/core/value.hpp"

namespace itsm::storage {

struct ITSM_API field_def {
  std::string name;          // [a-z][a-z0-9_]*, not "id" or "revision"
  value_type type = value_type::text;  // never value_type::null
  bool nullable = true;      // Default: true (a null value is allowed)

  bool operator==(const field_def&) const = default;
};

// An index over one or more fields, in order. Adapters use it to answer scans whose equality
// conditions cover a prefix of the fields (and a range on the next one) without a full scan.
struct ITSM_API index_def {
  std::string name;                 // unique within the schema
  std::vector<std::string> fields;  // REQUIRES: non-empty, each a field of the schema

  bool operator==(const index_def&) const = default;
};

// Narrows full-text search to the records whose `field` (a text field of the schema) holds
// exactly `equals`, e.g. only the notes of a ticket log: the others are not documents.
struct ITSM_API text_filter {
  std::string field;
  std::string equals;

  bool operator==(const text_filter&) const = default;
};

struct ITSM_API schema {
  std::string kind;                 // [a-z][a-z0-9_]*, unique within a backend
  int version = 1;                  // Default: 1; bumped when fields change
  std::vector<field_def> fields;
  std::vector<index_def> indexes;
  // Text fields a full-text search (capabilities::text_search) looks in. Default: none. Adapters
  // without the capability store the list and ignore it.
  std::vector<std::string> text_fields;
  // Which records are searched (schema::text_fields must be set). Default: every record with some
  // text. A record whose text fields are all empty or null is never a document.
  std::optional<text_filter> text_only_when;

  // Position of a field, or nullopt.
  std::optional<std::size_t> field_index(std::string_view name) const;
  // Throws itsm::error(invalid_argument) naming the first problem (bad names, duplicates,
  // null types, indexes on unknown fields, text_fields naming
  // unknown, non-text or repeated fields, a text_only_when without text fields or naming a field
  // that is not of type text).
  void validate() const;

  // Same kind, version, fields, indexes, text fields and text filter, in order: what "an identical schema" means in
  // backend::register_schema.
  bool operator==(const schema&) const = default;
};

struct ITSM_API record {
  std::string id;              // the object's key, e.g. "CI-7"; unique within its kind
  std::int64_t revision = 0;   // 0 = never stored; each successful put adds 1
  std::vector<value> values;   // one per schema field, in schema order

  bool operator==(const record&) const = default;
};

// Throws itsm::error(invalid_argument) when `r` does not fit `s`: wrong number of values, a value
// of the wrong type, a null in a non-nullable field, an empty id.
ITSM_API void check_record(const schema& s, const record& r);

}  // namespace itsm::storage
